"""What a pact says: the fields a template may use and the context of one pact.

Kept apart from the renderer (:mod:`lelang_xlsx.documents.pacts`) so that working out whether a
pact changed (its context) costs no docxtpl or python-docx import.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import contract as C
from ..output import textfmt
from ..output.safetext import neutral
from ..errors import LelangError
from ..model import ACCEPTED, NO_OFFER, REFUSED, Panel, Resolution, Submission
# the fields and their meanings (re-exported here, where they always were)
from .pact_fields import _PERSON_FIELDS, _ROW_FIELDS, FIELDS, pact_fields  # noqa: F401


@dataclass
class _Schema:
    """What a name stands for: an object with known attributes, a list of items, or text."""

    attrs: dict[str, "_Schema"] | None = None
    item: "_Schema | None" = None


def _build_schema(fields: dict[str, str] | None = None) -> dict[str, _Schema]:
    """The field tree of a template's fields (default: the pact's ``FIELDS``)."""
    top = _Schema(attrs={})
    for key in FIELDS if fields is None else fields:
        node = top
        for part in key.split("."):
            is_list = part.endswith("[]")
            name = part[:-2] if is_list else part
            if node.attrs is None:
                node.attrs = {}
            child = node.attrs.setdefault(name, _Schema())
            if is_list:
                child.item = child.item or _Schema()
                node = child.item
            else:
                node = child
    return top.attrs or {}


_TOP = _build_schema()

# --------------------------------------------------------------------------- text

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: object) -> str:
    """A value as text that is legal in XML 1.0: control characters (except tab and
    newline) and lone surrogates removed, CR/LF made a newline. Everything else,
    including ``&<>"'``, emoji, Javanese script and a leading ``=``, is kept literally
    (the renderer escapes it)."""
    text = "" if value is None else str(value)
    if text.isprintable():  # the common case: nothing to remove or convert
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return neutral(_ILLEGAL_XML.sub("", text))  # bidi/zero-width controls too: 'gnp.exe' prints as typed (LK109)


class _Clean(dict):
    """A context already passed through :func:`_sanitise` (not cleaned twice)."""


def _sanitise(obj: Any, seen: dict | None = None) -> Any:
    """``obj`` with every text made legal (:func:`clean_text`), dict keys as text, tuples
    as lists. A dict or list met twice (a pact's rows are both grouped by mission and
    listed plainly) is cleaned once and shared."""
    kind = type(obj)
    if kind is str:  # most values: exact text, already legal
        return obj if obj.isprintable() else clean_text(obj)
    if obj is None or kind is bool or kind is int or kind is float or isinstance(obj, _Clean):
        return obj
    if seen is None:
        seen = {}
    done = seen.get(id(obj))
    if done is not None:
        return done[1]
    if isinstance(obj, dict):
        out: Any = {k if type(k) is str else str(k): _sanitise(v, seen) for k, v in obj.items()}
    elif isinstance(obj, (list, tuple)):
        out = [_sanitise(v, seen) for v in obj]
    elif isinstance(obj, (bool, int, float)):
        return obj
    else:
        return clean_text(obj)
    seen[id(obj)] = (obj, out)  # the source kept alive: its id is not reused while cleaning
    return out


_TITLE_TOKEN = re.compile(r"^[A-Za-z]{1,5}\.$")


def name_capitals(name: str) -> str:
    """Signature-block form of a name: the name in capitals, academic and religious
    titles as written. 'Drs. H. Sutiaji' -> 'Drs. H. SUTIAJI';
    'dr. Husnul Muarif, M.Kes.' -> 'dr. HUSNUL MUARIF, M.Kes.'."""
    name = clean_text(name).strip()
    head, sep, tail = name.partition(",")
    words = [w if _TITLE_TOKEN.match(w) else w.upper() for w in head.split()]
    return " ".join(words) + (sep + tail if sep else "")


def _val_year(value: float | None, year: int | None, tol: float | None = None) -> str:
    if value is None:
        return "–"
    text = _target_text(value, tol)
    return f"{text} ({year})" if year else text


def _year(year: int | None) -> str:
    return str(year) if year else "–"


def _shown(f, value) -> str:
    """A form column as the pact's indicator row prints it (contract ``shown_in`` PACT):
    years and numbers in Indonesian form, a blank as '–'."""
    if f.kind == "year":
        return _year(value)
    if f.kind == "number":
        return textfmt.number(value)
    return value or "–"


# The stamp duty rose from Rp6.000 to Rp10.000 on 1 January 2021 (UU 10/2020).
METERAI_10000_FROM = dt.date(2021, 1, 1)


def meterai_text(panel: Panel, tanggal: dt.date | None = None) -> str:
    """The stamp-duty box text: the panel's own text when given, else by the signing date
    (``tanggal``, default the panel's date)."""
    own = clean_text(panel.meterai).strip()
    if own:
        return own
    when = tanggal or panel.tanggal
    if when is not None and when < METERAI_10000_FROM:
        return "Meterai 6.000"
    return "Meterai 10.000"


@dataclass(frozen=True)
class PactVersionInfo:
    """Which version of an OPD's agreement a pact prints (kesepakatan.md, "Versions").

    ``versi`` 1 is the pact from the auction; 2 prints *Perubahan ke-1*, and so on.
    ``berlaku_mulai``: the first year this version governs; the years before it are
    marked in the yearly table as carried over from the previous version (their values
    are the resolutions' ``tahunan`` as given). ``tanggal``: the date printed (the OPD's
    own Tanggal Pakta); None: the panel's date.
    """

    versi: int = 1
    berlaku_mulai: int | None = None
    alasan: str = ""
    tanggal: dt.date | None = None


def _year_span(years: list[int]) -> str:
    """[2019] -> '2019'; [2019, 2020] -> '2019–2020'; [] -> ''."""
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _version_fields(version: PactVersionInfo, years: list[int]) -> tuple[dict, set[int]]:
    """The ``versi`` context and the years carried over from the previous version."""
    n = max(int(version.versi or 1), 1)
    carried = {y for y in years if n > 1 and version.berlaku_mulai is not None and y < version.berlaku_mulai}
    mulai = version.berlaku_mulai if version.berlaku_mulai is not None else (years[0] if years else None)
    alasan = clean_text(version.alasan).strip() or ("Lelang Kinerja" if n == 1 else "")
    return {
        "nomor": str(n),
        "perubahan": str(n - 1) if n > 1 else "",
        "judul": f"Perubahan ke-{n - 1}" if n > 1 else "",
        "judul_kapital": f"PERUBAHAN KE-{n - 1}" if n > 1 else "",
        "berlaku_mulai": _year(mulai),
        "alasan": alasan,
        "tahun_dibawa": _year_span(sorted(carried)),
    }, carried


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _yearly(res: Resolution, years: list[int], carried: set[int] = frozenset()) -> list[dict[str, str]]:
    """The agreed target of every year (``Resolution.tahunan``; where it has no value for a
    year, the OPD's own target of that year), marked where it differs from the proposal
    and where it was carried over from the previous version (``carried``)."""
    out = []
    tol = _tolerance(res.indicator)
    for y in years:
        own = res.indicator.targets.get(y)
        agreed = res.tahunan.get(y)
        if agreed is None:
            agreed = own
        text = _target_text(agreed, tol)
        differs = not _same(agreed, own)
        out.append({"tahun": str(y), "nilai": text, "usulan": _target_text(own, tol),
                    "berbeda": "ya" if differs else "", "nilai_berbeda": text if differs else "",
                    "nilai_sama": "" if differs else text,
                    "dibawa": "ya" if y in carried else "", "tanda": "*" if y in carried else ""})
    return out


def _tolerance(ind) -> float | None:
    """The tolerance (±) of a ``Tetap`` indicator (the form's ``Toleransi (±)``); None for a
    Naik/Turun indicator (its tolerance is a warning, LK313, and means nothing on the pact)."""
    if (ind.polaritas or "").strip().casefold() != "tetap":
        return None
    tol = getattr(ind, "toleransi", None)
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not math.isfinite(tol) or tol <= 0:
        return None
    return float(tol)


def _target_text(value: float | None, tol: float | None) -> str:
    """A target in Indonesian form, with its tolerance when it has one: '3,5 ± 1'."""
    text = textfmt.number(value)
    return f"{text} ± {textfmt.number(tol)}" if tol is not None and value is not None else text


def _pairs(people: list[dict[str, str]]) -> list[dict[str, dict[str, str]]]:
    """People two by two (left, right); an odd last one gets an empty right side."""
    empty = {k: "" for k in _PERSON_FIELDS}
    return [{"kiri": people[i], "kanan": people[i + 1] if i + 1 < len(people) else dict(empty)}
            for i in range(0, len(people), 2)]


def _witness_rows(people: list[dict[str, str]]) -> list[dict[str, list[dict[str, str]]]]:
    """Witnesses in as few rows as three to a row allows, spread evenly (2: one row of two;
    3: one of three; 4: two of two; 5 or 6: two of three), so that a panel of four or five
    members still fits the first page; the last row is filled with empty cells so that
    the columns line up."""
    if not people:
        return []
    nrows = -(-len(people) // 3)
    per = -(-len(people) // nrows)
    rows = []
    for i in range(0, len(people), per):
        cells = [dict(p) for p in people[i:i + per]]
        cells += [{k: "" for k in _PERSON_FIELDS} for _ in range(per - len(cells))]
        rows.append({"sel": cells})
    return rows


# --------------------------------------------------------------------------- context

def build_context(panel: Panel, submission: Submission, resolutions: list[Resolution], *,
                  version: PactVersionInfo | None = None) -> dict:
    """The values of one pact, all strings in Indonesian form (see ``FIELDS``).

    ``version``: which version of the agreement this pact prints (default: version 1 on
    the panel's date, the pact from the auction).

    Raises ``LelangError`` when an offer of this OPD is still undecided or invalid.
    """
    pending = [r for r in resolutions if not r.decided]
    if pending:
        kodes = ", ".join(r.indicator.kode or "?" for r in pending)
        raise LelangError(
            f"Pakta {submission.identity.kode_opd} belum dapat dibuat: tawaran untuk indikator "
            f"{kodes} belum diputuskan atau tidak valid di penawaran.xlsx.")
    ident = submission.identity
    kode = ident.kode_opd
    nama_opd = panel.opds.get(kode) or ident.nama_opd
    wilayah = re.sub(r"^\s*pemerintah\s+", "", panel.nama_pemda or "", flags=re.I).strip()
    version = version or PactVersionInfo()
    signed = version.tanggal or panel.tanggal
    tanggal = textfmt.date_long(signed) or "…………………"
    tempat = (panel.tempat or "").strip()
    periode = f"{panel.tahun_awal}–{panel.tahun_akhir}" if panel.tahun_awal and panel.tahun_akhir else ""

    years = list(panel.years) or sorted({y for r in resolutions for y in r.indicator.targets})
    versi, carried = _version_fields(version, years)
    misi_grup, baris, counts = _lampiran_rows(panel, submission, resolutions, years, carried)
    sekda_jabatan = f"Sekretaris Daerah {wilayah}".strip() if wilayah else "Sekretaris Daerah"
    saksi, penilai = _people(panel, sekda_jabatan)

    context = {
        "pemda": {"nama": panel.nama_pemda, "nama_kapital": panel.nama_pemda.upper(), "wilayah": wilayah},
        "kepala_daerah": {
            "jabatan": panel.jabatan_kepala_daerah,
            "jabatan_kapital": panel.jabatan_kepala_daerah.upper(),
            "nama": panel.nama_kepala_daerah,
            "nama_kapital": name_capitals(panel.nama_kepala_daerah),
        },
        "sekda": {"nama": panel.nama_sekda, "nama_kapital": name_capitals(panel.nama_sekda),
                  "nip": textfmt.nip_spaced(panel.nip_sekda), "jabatan": sekda_jabatan},
        "periode": {"awal": _year(panel.tahun_awal), "akhir": _year(panel.tahun_akhir), "teks": periode},
        "tempat": tempat,
        "tanggal": tanggal,
        "tempat_tanggal": f"{tempat}, {tanggal}" if tempat else tanggal,
        "meterai": meterai_text(panel, signed),
        "tahun": [str(y) for y in years],
        "kolom_tahun": [{"tahun": str(y), "dibawa": "ya" if y in carried else "", "tanda": "*" if y in carried else ""}
                        for y in years],
        "versi": versi,
        "pernyataan": {"ada_tawaran": "ya" if any(r.has_offer for r in resolutions) else ""},
        "dokumen": {
            "judul": f"Pakta Integritas Kesanggupan Target Kinerja — {nama_opd}" if not versi["judul"] else
                     f"Pakta Integritas Kesanggupan Target Kinerja ({versi['judul']}) — {nama_opd}",
            "subjek": " — ".join(x for x in (f"Lelang Kinerja Periode {periode}" if periode else "Lelang Kinerja",
                                              nama_opd) if x),
            "penerbit": panel.nama_pemda,
            "tanggal_iso": signed.isoformat() if signed else "",
        },
        "opd": {"kode": kode, "nama": nama_opd, "nama_kapital": nama_opd.upper()},
        "kepala": {
            "nama": ident.nama_kepala,
            "nama_kapital": name_capitals(ident.nama_kepala),
            "nip": textfmt.nip_spaced(ident.nip_kepala),
            "nip_polos": re.sub(r"\s+", "", ident.nip_kepala or ""),
            "pangkat": ident.pangkat,
            "jabatan": ident.jabatan,
        },
        "saksi": saksi,
        "saksi_baris": _pairs(saksi),
        "saksi_susun": _witness_rows(saksi),
        "penilai": penilai,
        "misi_grup": misi_grup,
        "baris": baris,
        "jumlah": {"indikator": textfmt.number(len(baris)),
                   **{k: textfmt.number(v) for k, v in counts.items()}},
    }
    return _Clean(_sanitise(context))


def _lampiran_rows(panel: Panel, submission: Submission, resolutions: list[Resolution], years: list[int],
                   carried: set[int]) -> tuple[list[dict], list[dict], dict[str, int]]:
    """The attachment's rows grouped by mission (panel order; rows in the form's order),
    the same rows ungrouped, and the counts of the total line."""
    order = {ind.kode: i for i, ind in enumerate(submission.indicators)}
    indexed = sorted(enumerate(resolutions), key=lambda p: (order.get(p[1].indicator.kode, len(order) + p[0]), p[0]))
    mission_order = {k: i for i, k in enumerate(panel.missions)}
    groups: dict[str, list[Resolution]] = {}
    for _, res in indexed:
        groups.setdefault(res.indicator.misi or "", []).append(res)
    group_keys = sorted(groups, key=lambda k: (mission_order.get(k, len(mission_order)),
                                                list(groups).index(k)))
    misi_grup: list[dict] = []
    baris: list[dict] = []
    counts = {"tawaran": 0, "sanggup": 0, "tidak_sanggup": 0, "tanpa_tawaran": 0}
    for gno, key in enumerate(group_keys, 1):
        rows = []
        for res in groups[key]:
            row = _row(len(baris) + 1, res, years, carried)
            rows.append(row)
            baris.append(row)
            if res.has_offer:
                counts["tawaran"] += 1
            if res.status == ACCEPTED:
                counts["sanggup"] += 1
            elif res.status == REFUSED:
                counts["tidak_sanggup"] += 1
            elif res.status == NO_OFFER:
                counts["tanpa_tawaran"] += 1
        misi_grup.append({
            "no": str(gno),
            "kode": key or "–",
            "uraian": panel.missions.get(key, "(misi tidak terdaftar di panel.xlsx)"),
            "jumlah": str(len(rows)),
            "baris": rows,
        })
    return misi_grup, baris, counts


def _people(panel: Panel, sekda_jabatan: str) -> tuple[list[dict], list[dict]]:
    """The witnesses (the regional secretary, then each panel member) and the panel members."""
    saksi = []
    if panel.nama_sekda:
        saksi.append({"nama": panel.nama_sekda, "nama_kapital": name_capitals(panel.nama_sekda),
                      "nip": textfmt.nip_spaced(panel.nip_sekda), "jabatan": sekda_jabatan})
    penilai = []
    for nama, jabatan in panel.members:
        entry = {"nama": nama, "nama_kapital": name_capitals(nama), "nip": "", "jabatan": jabatan}
        saksi.append(dict(entry))
        penilai.append({k: entry[k] for k in ("nama", "nama_kapital", "jabatan")})
    for i, s in enumerate(saksi, 1):
        s["no"] = str(i)
    for i, p in enumerate(penilai, 1):
        p["no"] = str(i)
    return saksi, penilai


def _row(no: int, res: Resolution, years: list[int], carried: set[int] = frozenset()) -> dict:
    ind = res.indicator
    tol = _tolerance(ind)
    if res.status == ACCEPTED:
        keputusan = ACCEPTED
    elif res.status == REFUSED:
        keputusan = REFUSED
    else:
        keputusan = "Tanpa tawaran"
    auto = ""
    if res.status == REFUSED:
        negotiated = (res.disepakati_nilai, res.disepakati_tahun) != (res.usulan_nilai, res.usulan_tahun)
        auto = ("Tawaran tidak disanggupi; berlaku target hasil negosiasi."
                if negotiated else "Tawaran tidak disanggupi; usulan OPD tetap berlaku.")
    note = (res.catatan or "").strip()
    return {
        "no": str(no),
        **{f.key: _shown(f, getattr(ind, f.key)) for f in C.shown_in(C.INDIKATOR_FIELDS + C.INDIKATOR_TAIL_FIELDS,
                                                                    C.PACT)},
        "dasar": _val_year(ind.nilai_dasar, ind.tahun_dasar),
        "usulan_nilai": _target_text(res.usulan_nilai, tol),
        "usulan_tahun": _year(res.usulan_tahun),
        "usulan": _val_year(res.usulan_nilai, res.usulan_tahun, tol),
        "tawaran_nilai": _target_text(res.tawaran_nilai, tol),
        "tawaran_tahun": _year(res.tawaran_tahun) if res.has_offer else "–",
        "tawaran": _val_year(res.tawaran_nilai, res.tawaran_tahun, tol),
        "keputusan": keputusan,
        "target_nilai": _target_text(res.disepakati_nilai, tol),
        "target_tahun": _year(res.disepakati_tahun),
        "target": _val_year(res.disepakati_nilai, res.disepakati_tahun, tol),
        "catatan": " ".join(x for x in (auto, note) if x),
        "catatan_panel": note,
        "tahunan": _yearly(res, years, carried),
    }


def pact_filename(kode_opd: str, nama_opd: str) -> str:
    """'DINKES', 'Dinas Kesehatan' -> 'DINKES_dinas-kesehatan.docx'."""
    kode = re.sub(r"[^A-Za-z0-9._-]+", "-", clean_text(kode_opd).strip()).strip("-.") or "OPD"
    return f"{kode}_{textfmt.slug(nama_opd)}.docx"


def default_template() -> Path:
    """The stock template: ``<repo>/templates/pakta_integritas.docx``.

    ``lelang_xlsx/templates`` is a link to that folder, so a wheel install carries the
    template inside the package; a source checkout uses the folder directly.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates" / "pakta_integritas.docx", here.parent / "templates" / "pakta_integritas.docx"):
        if candidate.is_file() and zipfile.is_zipfile(candidate):
            return candidate
    raise LelangError("Templat pakta bawaan (templates/pakta_integritas.docx) tidak ditemukan; pasang ulang lelang-xlsx.")


