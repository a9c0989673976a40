"""The lock compares content, not bytes (kesepakatan.md, "The lock compares content").

An issued pact is built from values: the OPD's identity, every indicator field, the
resolved offers and decisions, and the settings the pact prints. :func:`facts` lists those
values, in a canonical form (numbers as numbers, text with surrounding spaces removed),
from a register version entry; the current inputs are turned into the same kind of entry
(:func:`agreement.register.build_entry`) and compared fact by fact (:func:`changes`).
A form opened and saved again, renamed or re-sent as the annotated copy has the same
facts: nothing is locked. A changed value is named with its old and new value and the
cell it came from.

The fingerprints recorded with each version (``sidik``) are SHA-256 digests of these
facts: of the form's, of the offer rows', and of all of them with the printed settings.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import NamedTuple

from .. import contract as C
from ..checking.findings import Pos
from ..output.textfmt import number
from ..reading.tables import show

FORM, OFFER, SETTINGS = "formulir", "baris penawaran", "pengaturan pakta"
_IDENT = (("nama", "nama_kepala"), ("nip", "nip_kepala"), ("pangkat", "pangkat"), ("jabatan", "jabatan"))
_IND = [f for f in C.shown_in(C.INDIKATOR_FIELDS, C.REGISTER) if f.key != "kode"]  # what the register records
_OFFER = (("tawaran", "nilai", "tawaran_nilai"), ("tawaran", "tahun", "tawaran_tahun"),
          ("keputusan", None, "keputusan"), ("disepakati", "nilai", "disepakati"),
          ("disepakati", "tahun", "disepakati_tahun"), ("catatan", None, "catatan"))
_SETTINGS = (("pemda", "Nama Pemerintah Daerah"), ("jabatan_kepala_daerah", "Jabatan Kepala Daerah"),
             ("nama_kepala_daerah", "Nama Kepala Daerah"), ("nama_sekda", "Nama Sekretaris Daerah"),
             ("nip_sekda", "NIP Sekretaris Daerah"), ("tempat", "Tempat Penandatanganan"),
             ("meterai", "Teks Meterai"), ("tim", "Tim Penilai"), ("misi", "Misi"))
MAX_SHOWN = 5
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # as json.dumps(..., ensure_ascii=False, sort_keys=True)


def canon(v: object) -> object:
    """Numbers as numbers (86 == 86.0), text trimmed, blank text as nothing."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, str):
        v = v.strip()
        return v or None
    if isinstance(v, (list, tuple)):
        return [canon(x) for x in v]
    if isinstance(v, dict):
        return {str(k): canon(x) for k, x in v.items()}
    return str(v)


class Fact(NamedTuple):
    """One value a pact is built from: ``part`` (FORM, OFFER, SETTINGS), a label as the
    secretariat reads it (``DINKES-01 Target 2021``), and where it sits: ``(sheet key,
    indicator code, field key)`` for :func:`position`. (A named tuple: an entry has
    about 1,300 of them, made for every pact issued.)"""

    part: str
    label: str
    value: object
    where: tuple


def printed_settings(panel, tanggal: str | None) -> dict:
    """The settings a pact prints, as recorded with each version (``pengaturan``)."""
    return {"pemda": panel.nama_pemda, "jabatan_kepala_daerah": panel.jabatan_kepala_daerah,
            "nama_kepala_daerah": panel.nama_kepala_daerah, "nama_sekda": panel.nama_sekda,
            "nip_sekda": panel.nip_sekda, "tempat": panel.tempat, "meterai": panel.meterai,
            "tanggal": tanggal, "tim": [f"{n} — {j}" for n, j in panel.members],
            "misi": [f"{k}: {u}" for k, u in panel.missions.items()]}


def facts(entry: dict) -> dict[tuple, Fact]:
    """Every value of a version entry the pact is built from, keyed for comparison."""
    out: dict[tuple, Fact] = {}

    def put(part: str, label: str, value, where: tuple) -> None:
        out[(part,) + where] = Fact(part, label, canon(value), where)

    signer = entry.get("penanda_tangan") or {}
    labels = {f.key: f.label for f in C.IDENTITAS_FIELDS}
    for key, field in _IDENT:
        put(FORM, labels[field], signer.get(key), ("identitas", "", field))
    for item in entry.get("indikator") or []:
        kode = str(item.get("kode") or "")
        put(FORM, f"{kode} Indikator", "ada", ("indikator", kode, "kode"))
        for f in _IND:
            put(FORM, f"{kode} {f.label}", item.get(f.key), ("indikator", kode, f.key))
        for f in C.shown_in(C.INDIKATOR_TAIL_FIELDS, C.REGISTER):  # only when typed: older versions never carry them
            if item.get(f.key) is not None:
                put(FORM, f"{kode} {f.label}", item.get(f.key), ("indikator", kode, f.key))
        for year, v in (item.get("usulan") or {}).items():
            put(FORM, f"{kode} {C.target_header(int(year))}", v, ("indikator", kode, f"target_{year}"))
        for key, sub, field in _OFFER:
            v = item.get(key)
            if sub is not None:
                v = (v or {}).get(sub)
            put(OFFER, f"{kode} {C.PENAWARAN_LABELS[field]}", v, ("penawaran", kode, field))
    settings = entry.get("pengaturan")
    if isinstance(settings, dict):
        for key, label in _SETTINGS:
            put(SETTINGS, label, settings.get(key), ("pengaturan", "", key))
    if entry.get("tanggal") is not None:
        put(SETTINGS, "Tanggal Pakta", entry.get("tanggal"), ("status", "", "tanggal_pakta"))
    return out


def fingerprints(entry: dict) -> dict[str, str]:
    """``sidik``: SHA-256 of the form's facts, the offer rows' facts, and all of them."""
    found = facts(entry)
    # The digests are of the JSON of the sorted [key, value] pairs. A key starts with its
    # part, so each part is one run of the sorted list: each run is encoded once, and the
    # list of all the facts is the runs joined (the same text as encoding it whole).
    runs: dict[str, list] = {}
    for k, f in sorted(found.items(), key=lambda kv: kv[0]):
        runs.setdefault(f.part, []).append([list(k), f.value])
    inner = {part: _ENCODER.encode(body)[1:-1] for part, body in runs.items()}

    def digest(*parts: str) -> str:
        text = "[" + ", ".join(inner[p] for p in runs if p in parts) + "]"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    return {"isi": digest(FORM, OFFER, SETTINGS), "formulir": digest(FORM), "penawaran": digest(OFFER)}


@dataclass
class Change:
    fact: Fact  # the new fact (or the old one when the value is gone)
    old: object
    new: object

    def text(self) -> str:
        if not any(self.fact.where):  # not a value: what happened to the form itself
            return self.fact.label
        return f"{self.fact.label}: {_shown(self.old)} → {_shown(self.new)}"


def _shown(v: object) -> str:
    if v is None:
        return "(kosong)"
    if isinstance(v, float):
        return number(v)
    if isinstance(v, list):
        return show("; ".join(str(x) for x in v), 50)
    return show(v, 50)


def changes(old_entry: dict, new_entry: dict) -> list[Change]:
    """What differs between the version as issued and what the inputs hold now, in the
    order of the new entry (identity, then each indicator, then the settings). Settings
    are compared only when the issued version recorded them."""
    old, new = facts(old_entry), facts(new_entry)
    if not isinstance(old_entry.get("pengaturan"), dict):
        new = {k: f for k, f in new.items() if f.where[0] != "pengaturan"}
    if old_entry.get("tanggal") is None:
        new = {k: f for k, f in new.items() if f.where[0] != "status"}
    out = [Change(f, old[k].value if k in old else None, f.value) for k, f in new.items()
           if k not in old or old[k].value != f.value]
    out += [Change(f, f.value, None) for k, f in old.items() if k not in new and f.value is not None]
    return out


def parts_changed(found: list[Change]) -> str:
    """'formulir', 'baris penawaran', 'formulir dan baris penawaran', … for the message."""
    parts = [p for p in (FORM, OFFER, SETTINGS) if any(c.fact.part == p for c in found)]
    return " dan ".join(parts)


def summary(found: list[Change]) -> str:
    """The first five changes, then how many more."""
    shown = "; ".join(c.text() for c in found[:MAX_SHOWN])
    more = len(found) - MAX_SHOWN
    return shown + (f"; dan {more} perubahan lain" if more > 0 else "")


def position(change: Change, sub, penawaran_rows: dict[str, int], status_pos: Pos, panel_file: str) -> Pos:
    """The cell a change came from: in the OPD's form, in penawaran.xlsx, or panel.xlsx."""
    sheet, kode, field = change.fact.where
    if sheet == "identitas" and sub is not None:
        row = sub.identity_rows.get(field)
        return Pos(sub.path, C.SHEET_IDENTITAS, row, 2 if row else None)
    if sheet == "indikator" and sub is not None:
        ind = next((i for i in sub.indicators if i.kode == kode), None)
        cols = sub.columns.get(C.SHEET_INDIKATOR, {})
        if ind is None:
            return Pos(sub.path, C.SHEET_INDIKATOR)
        return Pos(sub.path, C.SHEET_INDIKATOR, ind.row, cols.get(field) or cols.get("kode"))
    if sheet == "penawaran":
        row = penawaran_rows.get(kode)
        col = next((i for i, f in enumerate(C.PENAWARAN_FIELDS, start=1) if f.key == field), None)
        return Pos(C.PENAWARAN_FILE, C.SHEET_PENAWARAN, row, col if row else None)
    if sheet == "status":
        return status_pos
    if sheet == "pengaturan":
        return Pos(panel_file, C.SHEET_PENGATURAN)
    return Pos(sub.path if sub is not None else C.PENAWARAN_FILE)
