"""The agreement register: ``hasil/kesepakatan.json`` and ``hasil/kesepakatan.xlsx``
(schema: docs/kesepakatan.md, version 3).

The JSON file is the source for programs (the rounds); the workbook holds the same
content for people. Per OPD it holds a *record*: the list of every version of the OPD's
agreement (version 1 from the auction, then each *Perubahan*), oldest first. Every
version and every record carries ``entry_sha256``, the SHA-256 of itself serialised as
canonical JSON: a version or record edited (or versions reordered) by hand no longer
matches and is reported (LK511), never trusted. Both files are written atomically, and
only when their content changes.

A version-1 file (one entry per OPD, written before amendments existed) is read as
records of one version each; the entries stay byte-for-byte as they were (their seals
too), and the fields they lack take their version-1 meaning (:func:`version_of`).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from .. import __version__
from ..output import atomic
from . import seals
from .. import contract as C
from ..model import Panel, Resolution, Submission, decision_label
from ..output.textfmt import datetime_long, nip_spaced
from ..output.xlsxbulk import BulkSheet, Column, patch, row_open, table_xml
from ..output.xlsxstyle import FIXED_CREATED, WORKBOOK_OPTIONS, Styles, line_height, setup_table_sheet, wrapped_lines

SCHEMA = "lelang-xlsx/kesepakatan"
VERSION = 3
OLD_VERSIONS = (1,)  # read and upgraded in place (with a dated backup in hasil/arsip/)
REASON_AUCTION = "Lelang Kinerja"  # the alasan of version 1
MAX_BYTES = 256 * 1024 * 1024


def canonical(entry: dict) -> bytes:
    body = {k: v for k, v in entry.items() if k != "entry_sha256"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_digest(entry: dict) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def seal(entry: dict) -> dict:
    """The entry with its ``entry_sha256`` (last key)."""
    body = {k: v for k, v in entry.items() if k != "entry_sha256"}
    body["entry_sha256"] = entry_digest(body)
    return body


def _num(v) -> float | int | None:
    if v is None or isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    if not math.isfinite(v):
        return None
    return float(v)


def _year_map(values: dict[int, float | None], years) -> dict[str, float | None]:
    return {str(y): _num(values.get(y)) for y in years}


def _field_value(f: C.Field, value):
    return _num(value) if f.kind == "number" else value


def indicator_record(res: Resolution, years) -> dict:
    """One indicator's record: the form's columns the register shows (contract ``shown_in``),
    what was agreed, then the optional columns that hold a value."""
    ind = res.indicator
    tail = {f.key: _field_value(f, getattr(ind, f.key, None)) for f in C.shown_in(C.INDIKATOR_TAIL_FIELDS, C.REGISTER)}
    return {
        **{f.key: _field_value(f, getattr(ind, f.key)) for f in C.shown_in(C.INDIKATOR_FIELDS, C.REGISTER)},
        "usulan": _year_map(ind.targets, years),
        "tawaran": ({"nilai": _num(res.tawaran_nilai), "tahun": res.tawaran_tahun} if res.has_offer else None),
        "keputusan": res.keputusan if res.has_offer else None,
        "status": res.status,
        "disepakati": {"nilai": _num(res.disepakati_nilai), "tahun": res.disepakati_tahun},
        "target": _year_map(res.tahunan, years),
        "catatan": res.catatan or "",
        # optional columns (version 3: a Tetap target's ± band) only when typed: versions issued before keep their bytes
        **{k: v for k, v in tail.items() if v is not None and v != ""},
    }


@dataclass
class Issue:
    """What an entry records about the files of one issued pact (paths relative to the auction)."""

    formulir: str
    formulir_sha256: str
    penawaran_sha256: str
    pakta: str
    pakta_sha256: str
    diterbitkan: str  # ISO date-time, seconds
    pdf: str = ""
    pdf_sha256: str = ""


@dataclass
class VersionInfo:
    """Which version an issued pact is (kesepakatan.md, "Versions")."""

    versi: int = 1
    berlaku_mulai: int | None = None  # None: the first year of the period
    alasan: str = REASON_AUCTION
    tanggal: str | None = None  # ISO date printed on the pact (None: the panel's setting, not recorded)
    ditandatangani: str | None = None  # ISO date the signed paper came back
    sidik: dict | None = None  # content fingerprints (agreement/content.py)


def build_entry(panel: Panel, sub: Submission, resolutions: list[Resolution], issue: Issue,
                version: VersionInfo | None = None) -> dict:
    """One sealed version entry; indicators in the submission's order."""
    ident = sub.identity
    version = version or VersionInfo()
    order = {ind.kode: i for i, ind in enumerate(sub.indicators)}
    recs = sorted(resolutions, key=lambda r: order.get(r.indicator.kode, len(order)))
    pakta = {"berkas": issue.pakta, "sha256": issue.pakta_sha256}
    if issue.pdf:
        pakta.update(pdf=issue.pdf, pdf_sha256=issue.pdf_sha256)
    entry = {
        "kode_opd": ident.kode_opd,
        "nama_opd": panel.opds.get(ident.kode_opd) or ident.nama_opd,
        "versi": version.versi,
        "berlaku_mulai": version.berlaku_mulai or panel.tahun_awal,
        "alasan": version.alasan,
        "tanggal": version.tanggal,
        "ditandatangani": version.ditandatangani,
        "diterbitkan": issue.diterbitkan,
        "penanda_tangan": {"nama": ident.nama_kepala, "nip": ident.nip_kepala, "pangkat": ident.pangkat,
                           "jabatan": ident.jabatan},
        "formulir": {"berkas": issue.formulir, "sha256": issue.formulir_sha256},
        "penawaran_sha256": issue.penawaran_sha256,
        "pakta": pakta,
        "indikator": [indicator_record(r, panel.years) for r in recs],
    }
    if version.sidik:
        entry["sidik"] = version.sidik
    return seal(entry)


def version_of(entry: dict, awal: int) -> tuple[int, int, str]:
    """(versi, berlaku_mulai, alasan) of a version entry; an entry written before
    amendments existed is version 1 from the first year, from the auction."""
    versi = entry.get("versi", 1)
    mulai = entry.get("berlaku_mulai", awal)
    return versi, mulai, _text(entry.get("alasan", REASON_AUCTION))


def _text(v) -> str:
    return v if isinstance(v, str) else "" if v is None else str(v)


def make_record(kode: str, versions: list[dict], dibuka_ulang: str | None = None) -> dict:
    """An OPD's sealed record: every version (oldest first) and, while the panel has
    reopened the session of an issued agreement, when that was seen."""
    record = {"kode_opd": kode, "versi": list(versions)}
    if dibuka_ulang:
        record["dibuka_ulang"] = dibuka_ulang
    return seal(record)


def latest(record: dict) -> dict:
    return record["versi"][-1]


def in_force(record: dict, year: int, awal: int) -> dict | None:
    """The version in force for ``year``: the latest with ``berlaku_mulai`` <= year."""
    found = None
    for entry in record["versi"]:
        if version_of(entry, awal)[1] <= year:
            found = entry
    return found


@dataclass
class Loaded:
    """The register as found on disk."""

    entries: dict[str, dict] = field(default_factory=dict)  # trusted: Kode OPD -> latest version
    untrusted: dict[str, str] = field(default_factory=dict)  # Kode OPD (or '*') -> what is wrong (Indonesian)
    missing: bool = True
    raw: bytes = b""
    records: dict[str, dict] = field(default_factory=dict)  # trusted: Kode OPD -> record (every version)
    upgraded_from: int | None = None  # the file is an older schema version (upgraded when written)
    awal: int | None = None  # the period the file records
    akhir: int | None = None
    head: dict | None = None  # the file's fields besides "opd" (schema, version, pemda, period, workbook digest)
    as_read: dict[str, dict] = field(default_factory=dict)  # Kode OPD -> record object as parsed (never replaced)


_LAST: tuple | None = None  # (file identity, Loaded): the offer round and the pacts read it in one run


def _copy(done: Loaded) -> Loaded:
    return Loaded(dict(done.entries), dict(done.untrusted), done.missing, done.raw, dict(done.records),
                  done.upgraded_from, done.awal, done.akhir, dict(done.head) if done.head is not None else None,
                  dict(done.as_read))


def load(path: Path, keep: bool = True) -> Loaded:
    """Read ``kesepakatan.json``; records whose hash does not match are set apart. ``keep``:
    kept for the next load of the same file in this process (the auction reads it more than
    once; a round, which builds its own register from it, does not keep 57 MB at 1,000 OPDs)."""
    global _LAST
    try:
        st = path.stat()
    except OSError:
        return Loaded()
    ident = (str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
    if _LAST is not None and _LAST[0] == ident:
        return _copy(_LAST[1])
    out = _load(path)
    if not keep:
        return out
    _LAST = (ident, out)
    return _copy(out)


def _edited(kode) -> str:
    return f"Catatan {str(kode)[:40]} di {C.KESEPAKATAN_JSON} diubah di luar pemroses (entry_sha256 tidak cocok)"


def _load(path: Path) -> Loaded:
    out = Loaded()
    if not path.is_file():
        return out
    out.missing = False
    try:
        st = path.stat()
        if st.st_size > MAX_BYTES:
            raise ValueError("berkas terlalu besar")
        out.raw = path.read_bytes()
        data = json.loads(out.raw.decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError) as exc:
        out.untrusted["*"] = f"{C.KESEPAKATAN_JSON} tidak dapat dibaca ({exc.__class__.__name__})"
        return out
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or version not in (VERSION, *OLD_VERSIONS) \
            or isinstance(version, bool) or not isinstance(data.get("opd"), dict):
        out.untrusted["*"] = f"{C.KESEPAKATAN_JSON} bukan daftar kesepakatan versi {VERSION} yang ditulis pemroses"
        return out
    try:
        out.awal, out.akhir = int(data["periode"]["awal"]), int(data["periode"]["akhir"])
    except (KeyError, TypeError, ValueError):
        pass
    if version != VERSION:
        out.upgraded_from = version
    out.head = {k: v for k, v in data.items() if k != "opd"}
    sealed = version == VERSION and st.st_size == len(out.raw) and seals.known(path, st, out.raw)
    for kode, item in data["opd"].items():
        record = _record(kode, item, version, out.awal or 0, sealed)
        if isinstance(record, str):
            out.untrusted[str(kode)] = record
            continue
        out.records[kode] = record
        out.entries[kode] = latest(record)
    out.as_read = dict(out.records)
    if not sealed and not out.untrusted and version == VERSION:
        seals.remember(path, hashlib.sha256(out.raw).hexdigest())
    return out


def _record(kode, item, version, awal: int, sealed: bool = False) -> dict | str:
    """The trusted record of one OPD, or what is wrong with it (Indonesian). ``sealed``:
    the file's seals are known to be right (:func:`_seals_known`): not computed again.
    Each version is serialised once for both its own seal and the record's (:func:`_sealed`)."""
    if version != VERSION:  # version 1: one entry per OPD, kept exactly as it is
        if not isinstance(item, dict) or item.get("kode_opd") != kode:
            return _edited(kode)
        found = _sealed(item)
        if not found[0]:
            return _edited(kode)
        record = {"kode_opd": kode, "versi": [item]}
        record["entry_sha256"] = _digest(_join(f'"kode_opd":{_dump(kode)}', f'"versi":[{found[1]}]'))
        return record
    if not isinstance(item, dict) or item.get("kode_opd") != kode or not isinstance(item.get("versi"), list) \
            or not item["versi"]:
        return _edited(kode)
    found = [(True, "") if sealed else _sealed(e) for e in item["versi"]]
    if not sealed and item.get("entry_sha256") != _record_digest(item, [text for _, text in found]):
        return _edited(kode)
    previous = None
    for n, entry in enumerate(item["versi"], start=1):
        if not isinstance(entry, dict) or entry.get("kode_opd") != kode or not found[n - 1][0]:
            return _edited(kode)
        versi, mulai, _ = version_of(entry, awal)
        if versi != n or isinstance(mulai, bool) or not isinstance(mulai, int) or \
                (previous is not None and mulai < previous):
            return (f"Versi kesepakatan {str(kode)[:40]} di {C.KESEPAKATAN_JSON} tidak berurutan "
                    f"(versi {str(versi)[:10]} di tempat ke-{n}): disunting di luar pemroses")
        previous = mulai
    return item


def _dump(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _join(*members: str) -> str:
    return "{" + ",".join(m for m in members if m) + "}"


def _around(d: dict, key: str) -> tuple[str, str]:
    """The canonical members of ``d`` whose keys sort before ``key`` and after it (``key`` left out)."""
    return _dump({k: v for k, v in d.items() if k < key})[1:-1], _dump({k: v for k, v in d.items() if k > key})[1:-1]


def _sealed(entry) -> tuple[bool, str]:
    """(whether ``entry``'s seal is right, its canonical text with the seal, as the record's
    seal covers it): the entry serialised once for both."""
    if not isinstance(entry, dict) or "entry_sha256" not in entry:
        return False, _dump(entry)
    lo, hi = _around(entry, "entry_sha256")
    right = entry["entry_sha256"] == _digest(_join(lo, hi))
    return right, _join(lo, f'"entry_sha256":{_dump(entry["entry_sha256"])}', hi)


def _record_digest(item: dict, versions: list[str]) -> str:
    """:func:`entry_digest` of a record whose versions' canonical texts are known."""
    lo, hi = _around({k: v for k, v in item.items() if k != "entry_sha256"}, "versi")
    return _digest(_join(lo, '"versi":[' + ",".join(versions) + "]", hi))


def document(panel: Panel, records: dict[str, dict]) -> dict:
    order = list(panel.opds)
    codes = [c for c in order if c in records] + sorted(c for c in records if c not in panel.opds)
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "tool_version": __version__,
        "pemda": panel.nama_pemda,
        "periode": {"awal": panel.tahun_awal, "akhir": panel.tahun_akhir},
        "opd": {c: records[c] for c in codes},
    }


def serialise(doc: dict) -> bytes:
    """Indented at the top, one line per OPD record (the C encoder: fast for a thousand OPDs)."""
    def dump(v) -> str:
        return json.dumps(v, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))

    head = [f"  {dump(k)}: {dump(v)}" for k, v in doc.items() if k != "opd"]
    entries = [f"    {dump(k)}: {dump(v)}" for k, v in doc["opd"].items()]
    body = ",\n".join(head + ['  "opd": {' + ("\n" + ",\n".join(entries) + "\n  }" if entries else "}")])
    return ("{\n" + body + "\n}\n").encode("utf-8")


XLSX_KEY = "kesepakatan_xlsx_sha256"  # the workbook written with this JSON: a hand edit of it is found


def write(hasil: Path, panel: Panel, records: dict[str, dict], force_xlsx: bool = False,
          loaded: Loaded | None = None) -> str:
    """Write both files when their content changed, a file is missing, or the workbook is
    not the one written with the JSON (edited by hand: written again). Returns '' when
    nothing was written, 'ditulis', or 'xlsx disunting' (the workbook had been edited).
    An older-version file is first copied to ``hasil/arsip/`` (dated): nothing is lost.

    ``loaded``: the register as :func:`load` read it in this run; when every record is
    the very object read there, the file is known to hold this content without reading
    and serialising it again."""
    from ..reading.files import sha256_file

    doc = document(panel, records)
    json_path = hasil / C.KESEPAKATAN_JSON
    xlsx_path = hasil / C.KESEPAKATAN_XLSX
    if _as_loaded(doc, loaded, json_path):
        old, recorded, same_json = doc, loaded.head.get(XLSX_KEY), True
    else:
        old = _recorded(json_path)
        recorded = old.pop(XLSX_KEY, None) if old is not None else None
        same_json = old is not None and serialise(old) == serialise(doc)
    xlsx_sha = sha256_file(xlsx_path) if xlsx_path.is_file() else None
    if same_json and xlsx_sha is not None and xlsx_sha == recorded and not force_xlsx:
        return ""
    edited = same_json and xlsx_sha is not None and recorded is not None and xlsx_sha != recorded
    hasil.mkdir(parents=True, exist_ok=True)
    write_xlsx(xlsx_path, panel, doc)
    doc[XLSX_KEY] = sha256_file(xlsx_path)
    data = serialise(doc)
    if not (json_path.is_file() and json_path.read_bytes() == data):
        backup_older(json_path)
        atomic.write_bytes(json_path, data)
        seals.remember(json_path, hashlib.sha256(data).hexdigest())
    return "xlsx disunting" if edited else "ditulis"


def _as_loaded(doc: dict, loaded: Loaded | None, json_path: Path) -> bool:
    """The document is the file as ``loaded`` read it (same head, the same record objects
    in the same order) and the file has not changed since (its stat as when read)."""
    if loaded is None or loaded.head is None or loaded.untrusted or loaded.upgraded_from is not None:
        return False
    head = {k: v for k, v in loaded.head.items() if k != XLSX_KEY}
    if head != {k: v for k, v in doc.items() if k != "opd"} or list(doc["opd"]) != list(loaded.as_read):
        return False
    if any(doc["opd"][k] is not loaded.as_read[k] for k in doc["opd"]):
        return False
    try:
        st = json_path.stat()
        if _LAST is not None and _LAST[1].raw is loaded.raw:  # read by load(): its stat then
            return _LAST[0] == (str(json_path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
        return st.st_size == len(loaded.raw) and json_path.read_bytes() == loaded.raw
    except OSError:
        return False


def _recorded(json_path: Path) -> dict | None:
    try:
        data = json.loads(json_path.read_bytes().decode("utf-8")) if json_path.is_file() else None
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def backup_older(json_path: Path) -> Path | None:
    """A register of an older schema version, copied to ``hasil/arsip/`` before it is upgraded."""
    from .archive import free_path, stamp

    try:
        raw = json_path.read_bytes()
        old = json.loads(raw.decode("utf-8")).get("version")
    except (OSError, ValueError, UnicodeDecodeError, AttributeError, RecursionError):
        return None
    if old not in OLD_VERSIONS or isinstance(old, bool):
        return None
    dest = free_path(json_path.parent / C.ARSIP_DIR, f"{json_path.stem}-versi{old}-{stamp(None, json_path)}", ".json")
    dest.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(dest, raw)
    return dest


# --------------------------------------------------------------------------- the workbook for people

# sheet Kesepakatan: the form's columns it shows (contract ``shown_in``: REGISTER_SHEET) after the
# OPD, their widths here (another column: 12); then the offer, the yearly targets and the pact
_OPD_COLS = [("Kode OPD", 11), ("Nama OPD", 24)]
_FIELD_WIDTHS = {"kode": 13, "misi": 7, "indikator": 34, "satuan": 11, "polaritas": 9, "tahun_dasar": 8,
                 "nilai_dasar": 10}
_OFFER_COLS = [("Tawaran", 10), ("Tawaran Tahun", 9), ("Keputusan", 13), ("Status", 13),
             (C.PENAWARAN_LABELS["disepakati"], 11), (C.PENAWARAN_LABELS["disepakati_tahun"], 10)]
_YEAR_LABELS = {"Tawaran Tahun", C.PENAWARAN_LABELS["disepakati_tahun"],
                *(f.label for f in C.indikator_fields(range(0)) if f.kind == "year")}
_TAIL_COLS = [("Catatan", 28), ("Pakta", 30), ("Diterbitkan", 26)]
_PACT_COLS = [("Kode OPD", 10), ("Nama OPD", 28), ("Penanda Tangan", 28), ("NIP", 20), ("Jabatan", 30),
              ("Diterbitkan", 26), ("Pakta", 34), ("SHA-256 Pakta", 22), ("Formulir", 24), ("SHA-256 Formulir", 22),
              ("SHA-256 Baris Penawaran", 22), ("Jumlah Indikator", 10)]


_HISTORY_COLS = [("Kode OPD", 10), ("Nama OPD", 28), ("Versi", 7), ("Berlaku Mulai", 9), ("Alasan", 20),
                 ("Tanggal Pakta", 13), ("Penanda Tangan", 28), ("NIP", 20), ("Ditandatangani", 13),
                 ("Diterbitkan", 17), ("Berkas Pakta", 40), ("Status", 22)]
_CHANGE_COLS = [("Kode OPD", 10), ("Nama OPD", 28), ("Kode Indikator", 13), ("Indikator Kinerja", 34), ("Tahun", 7),
                ("Target Lama", 11), ("Target Baru", 11), ("Versi", 7), ("Berlaku Mulai", 9), ("Alasan", 20)]


def history_rows(doc: dict) -> list[list]:
    """Sheet Riwayat: every version of every OPD and whether it is in force."""
    awal = doc["periode"]["awal"]
    rows = []
    for kode, record in doc["opd"].items():
        versions = record["versi"]
        for i, entry in enumerate(versions):
            versi, mulai, alasan = version_of(entry, awal)
            later = version_of(versions[i + 1], awal)[1] if i + 1 < len(versions) else None
            signer = entry.get("penanda_tangan") or {}
            rows.append([kode, entry.get("nama_opd"), versi, mulai, alasan, entry.get("tanggal"), signer.get("nama"),
                         signer.get("nip"), entry.get("ditandatangani"), entry.get("diterbitkan"),
                         (entry.get("pakta") or {}).get("berkas"),
                         "berlaku" if later is None else f"digantikan mulai {later}"])
    return rows


def change_rows(doc: dict) -> list[list]:
    """Sheet Perubahan Target: every yearly target an amendment changed (old -> new)."""
    awal = doc["periode"]["awal"]
    rows = []
    for kode, record in doc["opd"].items():
        versions = record["versi"]
        for old, new in zip(versions, versions[1:]):
            versi, mulai, alasan = version_of(new, awal)
            before = {str(i.get("kode")): i for i in old.get("indikator") or []}
            for item in new.get("indikator") or []:
                prev = (before.get(str(item.get("kode"))) or {}).get("target") or {}
                for year, value in (item.get("target") or {}).items():
                    if prev.get(year) != value:
                        rows.append([kode, new.get("nama_opd"), item.get("kode"), item.get("indikator"), int(year),
                                     prev.get(year), value, versi, mulai, alasan])
    return rows


def _plain_sheet(wb, st, name: str, cols, rows: list[list], title: str) -> None:
    ws = wb.add_worksheet(name)
    for c, (label, width) in enumerate(cols):
        ws.write_string(0, c, label, st.header())
        ws.set_column(c, c, width)
    years = {label for label, _ in cols if label in ("Berlaku Mulai", "Tahun", "Versi")}
    for r, values in enumerate(rows, start=1):
        for c, v in enumerate(values):
            if cols[c][0] in years and isinstance(v, int):
                st.put(ws, r, c, v, valign="top", num_format="0")
            else:
                st.put(ws, r, c, v, valign="top")
    setup_table_sheet(ws, len(rows), len(cols), freeze_cols=1, title=title)


def write_xlsx(path: Path, panel: Panel, doc: dict) -> None:
    years = [int(y) for y in range(doc["periode"]["awal"], doc["periode"]["akhir"] + 1)] if panel.usable else []
    title = f"Daftar Kesepakatan Lelang Kinerja {panel.nama_pemda}".strip()

    def writer(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        wb.set_properties({"title": title, "subject": "Kesepakatan target kinerja per OPD",
                           "created": FIXED_CREATED, "author": "lelang-xlsx"})
        st = Styles(wb)
        ws = wb.add_worksheet("Kesepakatan")
        shown = C.shown_in(C.INDIKATOR_FIELDS + C.INDIKATOR_TAIL_FIELDS, C.REGISTER_SHEET)
        cols = (_OPD_COLS + [(f.label, _FIELD_WIDTHS.get(f.key, 12)) for f in shown] + _OFFER_COLS
                + [(C.target_header(y), 10) for y in years] + _TAIL_COLS)
        for c, (label, width) in enumerate(cols):
            ws.write_string(0, c, label, st.header())
            ws.set_column(c, c, width)
        bulk = BulkSheet(ws, len(cols))  # data rows as raw XML, column by column (the shared writer)
        wrap = [label in ("Nama OPD", "Indikator Kinerja", "Catatan", "Pakta") for label, _ in cols]
        renderers = [Column(st, wrap[c], {"valign": "top", "num_format": "0"} if label in _YEAR_LABELS
                            else {"valign": "top"}) for c, (label, _) in enumerate(cols)]
        tall = [c for c in range(len(cols)) if wrap[c]]  # wrapped columns that set the row height
        opens: list[str] = []
        columns: list[list] = [[] for _ in cols]
        current = {kode: latest(record) for kode, record in doc["opd"].items()}
        for kode, entry in current.items():
            for item in entry.get("indikator", []):
                tawaran = item.get("tawaran") or {}
                disepakati = item.get("disepakati") or {}
                values = [kode, entry.get("nama_opd"), *(item.get(f.key) for f in shown),
                          tawaran.get("nilai"), tawaran.get("tahun"), item.get("keputusan"),
                          decision_label(item.get("status")),
                          disepakati.get("nilai"), disepakati.get("tahun")]
                values += [(item.get("target") or {}).get(str(y)) for y in years]
                values += [item.get("catatan"), (entry.get("pakta") or {}).get("berkas"),
                           datetime_long(entry.get("diterbitkan"))]
                lines = max(wrapped_lines(values[i], cols[i][1] - 1) for i in tall)
                opens.append(row_open(line_height(lines) if lines > 1 else None))
                for column, v in zip(columns, values):
                    column.append(v)
        r = len(opens)
        bulk.add(table_xml(opens, [col.cells(values)[0] for col, values in zip(renderers, columns)]), r)
        setup_table_sheet(ws, r, len(cols), freeze_cols=3, title=title)
        ws2 = wb.add_worksheet("Pakta")
        for c, (label, width) in enumerate(_PACT_COLS):
            ws2.write_string(0, c, label, st.header())
            ws2.set_column(c, c, width)
        for r2, (kode, entry) in enumerate(current.items(), start=1):
            signer = entry.get("penanda_tangan") or {}
            pakta = entry.get("pakta") or {}
            formulir = entry.get("formulir") or {}
            values = [kode, entry.get("nama_opd"), signer.get("nama"), nip_spaced(signer.get("nip")),
                      signer.get("jabatan"), datetime_long(entry.get("diterbitkan")), pakta.get("berkas"), pakta.get("sha256"), formulir.get("berkas"),
                      formulir.get("sha256"), entry.get("penawaran_sha256"), len(entry.get("indikator") or [])]
            for c, v in enumerate(values):
                st.put(ws2, r2, c, v, valign="top")
        setup_table_sheet(ws2, len(doc["opd"]), len(_PACT_COLS), freeze_cols=1, title=title)
        _plain_sheet(wb, st, "Riwayat", _HISTORY_COLS, history_rows(doc), f"{title}: riwayat versi")
        _plain_sheet(wb, st, "Perubahan Target", _CHANGE_COLS, change_rows(doc), f"{title}: target yang diubah")
        wb.close()
        patch(tmp, [bulk])

    atomic.write_with(path, writer)
