"""Read one monitoring workbook into a :class:`Monitoring`.

As tolerant as the auction's reader, whose helpers it reuses (header matching, cell
conversion with LK302–LK304/LK312, LK105, hidden rows and merged cells LK107): blank
rows, stray spaces, numbers typed as text, percent cells, formulas with stored values.
The marker and the year (LK902) are checked here; the rules about meaning are in
:mod:`.checks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import contract as C
from ..checking.findings import Pos
from ..model import Submission
from ..reading.reader import _entry_rows, is_percent_unit, open_into, required_sheets
from ..reading.reader import _identity as read_identity
from ..reading.roundread import Marker, polarity, read_marker, table, year_check
from ..reading.xlsxread import Limits, Sheet
from . import contract as P

MARKER = Marker("LK902", (P.FORM_VERSION,), P.YEAR_LABEL, P.OPD_LABEL, "Berkas ini bukan formulir pemantauan kinerja",
                " (penanda formulir pemantauan tidak ditemukan)", "Formulir pemantauan ini untuk tahun {marked}, bukan {year}")
_SIFAT = {C.norm(s): s for s in P.SIFAT_DATA}


@dataclass(slots=True)
class PlanRow:
    row: int
    kode: str = ""
    indikator: str = ""
    satuan: str = ""
    polaritas: str = ""
    target: float | None = None
    sifat: str = ""  # one of P.SIFAT_DATA, or the text as written
    targets: list = field(default_factory=lambda: [None] * 4)
    rencana: str = ""


@dataclass(slots=True)
class QuarterRow:
    row: int
    kode: str = ""
    indikator: str = ""
    satuan: str = ""
    values: list = field(default_factory=lambda: [None] * 4)
    bukti: list = field(default_factory=lambda: [""] * 4)
    penjelasan: list = field(default_factory=lambda: [""] * 4)


@dataclass
class Monitoring(Submission):
    """A monitoring workbook as read: the auction's Submission (identity, findings, where
    things are) plus the Rencana Aksi and Realisasi Triwulan rows."""

    year: int = 0
    tahun: int | None = None
    marker_kode: str = ""  # the OPD the form was written for (hidden marker)
    plan: list[PlanRow] = field(default_factory=list)
    quarters: list[QuarterRow] = field(default_factory=list)
    is_form: bool = False
    reported: int = 0  # the latest quarter any row reports (set by the checks)


def read_monitoring(path, display: str, year: int, limits: Limits = Limits(), sha256: str = "") -> Monitoring:
    """Never raises for a bad file."""
    sub = Monitoring(path=display, sha256=sha256, year=year)
    pos = Pos(display)
    wb = open_into(sub, path, limits)
    if wb is None:
        return sub
    sub.is_form, sub.marker_kode = read_marker(wb, sub, pos, year, MARKER)
    if not sub.is_form:
        return sub  # another year, or not a monitoring workbook: one finding says so
    sheets = required_sheets(wb, P.REQUIRED_SHEETS, sub, pos)
    if P.SHEET_IDENTITAS in sheets:
        _identity(sheets[P.SHEET_IDENTITAS], sub, pos, year)
    if P.SHEET_RENCANA in sheets:
        sub.plan = _plan(sheets[P.SHEET_RENCANA], sub, pos, year)
    if P.SHEET_REALISASI in sheets:
        sub.quarters = _quarters(sheets[P.SHEET_REALISASI], sub, pos)
    return sub


def _identity(ws: Sheet, sub: Monitoring, pos: Pos, year: int) -> None:
    tahun = year_check(ws, sub, pos, year, "LK902", P.YEAR_LABEL)
    sub.identity = read_identity(ws, sub, pos, P.IDENTITAS_FIELDS, {"year": tahun})


def _plan(ws: Sheet, sub: Monitoring, pos: Pos, year: int) -> list[PlanRow]:
    cols, cr = table(ws, P.rencana_fields(year), sub, pos)
    if cols is None:
        return []
    out = []
    for r in _entry_rows(ws, cols, skip_keys=("no",)):
        row = PlanRow(row=r)
        for key in ("kode", "indikator", "satuan", "polaritas", "sifat", "rencana"):
            setattr(row, key, cr.text(r, cols.get(key)))
        row.polaritas = polarity(row.polaritas)
        row.sifat = _SIFAT.get(C.norm(row.sifat), row.sifat)
        pct = is_percent_unit(row.satuan)
        row.target = cr.number(r, cols["target"], C.target_header(year), pct)
        row.targets = [cr.number(r, cols[f"t{q}"], P.target_tw_header(q), pct) for q in P.QUARTERS]
        out.append(row)
    sub.findings.extend(cr.findings)
    return out


def _quarters(ws: Sheet, sub: Monitoring, pos: Pos) -> list[QuarterRow]:
    cols, cr = table(ws, P.realisasi_fields(), sub, pos)
    if cols is None:
        return []
    out = []
    for r in _entry_rows(ws, cols, skip_keys=("no",)):
        row = QuarterRow(row=r)
        for key in ("kode", "indikator", "satuan"):
            setattr(row, key, cr.text(r, cols.get(key)))
        pct = is_percent_unit(row.satuan)
        row.values = [cr.number(r, cols[f"r{q}"], f"Realisasi {P.tw(q)}", pct) for q in P.QUARTERS]
        row.bukti = [cr.text(r, cols.get(f"b{q}")) for q in P.QUARTERS]
        row.penjelasan = [cr.text(r, cols.get(f"p{q}")) for q in P.QUARTERS]
        out.append(row)
    sub.findings.extend(cr.findings)
    return out
