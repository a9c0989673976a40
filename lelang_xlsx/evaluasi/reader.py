"""Read one realisation workbook into a :class:`Realisation`.

As tolerant as the auction's reader (it reuses its helpers: header matching, cell
conversion with LK302–LK304/LK312, LK105, hidden rows LK107, the Data Pendukung table,
NIP checks): blank rows, stray spaces, numbers typed as text, percent cells, formulas
with stored values. Forms of the previous version (``realisasi-1``, without the
informative locked columns) are read as they are. The marker and year (LK707) are checked here; the rules about
meaning are in :mod:`.checks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import contract as C
from ..checking.findings import Pos
from ..model import Submission
from ..reading.reader import _entry_rows, _figures, is_percent_unit, open_into, required_sheets
from ..reading.reader import _identity as read_identity
from ..reading.roundread import Marker, polarity, read_marker, table, year_check
from ..reading.xlsxread import Limits
from . import contract as E


@dataclass(slots=True)
class RealRow:
    row: int
    kode: str = ""
    misi: str = ""
    indikator: str = ""
    satuan: str = ""
    polaritas: str = ""
    target: float | None = None
    keputusan: str = ""
    realisasi: float | None = None
    sumber: str = ""
    bukti: str = ""
    penjelasan: str = ""
    upaya: str = ""


@dataclass
class Realisation(Submission):
    """A realisation workbook as read: the auction's Submission (identity, figures,
    findings, where things are) plus the Realisasi rows."""

    year: int = 0
    tahun: int | None = None  # Identitas: Tahun Evaluasi as written
    rows: list[RealRow] = field(default_factory=list)
    is_form: bool = False  # the marker says it is a realisation workbook of this year


MARKER = Marker("LK707", E.FORM_VERSIONS, E.YEAR_LABEL, None, "Berkas ini bukan formulir realisasi kinerja",
                " (penanda formulir realisasi tidak ditemukan)", "Formulir ini untuk tahun {marked}, bukan {year}")
TEXT_KEYS = ("kode", "misi", "indikator", "satuan", "polaritas", "keputusan", "sumber", "bukti", "penjelasan", "upaya")


def read_realisation(path, display: str, year: int, limits: Limits = Limits(), sha256: str = "") -> Realisation:
    """Never raises for a bad file."""
    sub = Realisation(path=display, sha256=sha256, year=year)
    pos = Pos(display)
    wb = open_into(sub, path, limits)
    if wb is None:
        return sub
    sub.is_form = read_marker(wb, sub, pos, year, MARKER)[0]
    if not sub.is_form and wb.sheet(E.SHEET_REALISASI) is None:
        return sub  # not a realisation workbook at all: one finding says so
    sheets = required_sheets(wb, E.REQUIRED_SHEETS, sub, pos)
    if E.SHEET_IDENTITAS in sheets:
        _identity(sheets[E.SHEET_IDENTITAS], sub, pos, year)
    if E.SHEET_REALISASI in sheets:
        sub.rows = _rows(sheets[E.SHEET_REALISASI], sub, pos, year)
    if E.SHEET_PENDUKUNG in sheets:
        sub.figures = _figures(sheets[E.SHEET_PENDUKUNG], sub, pos)
    return sub


def _identity(ws, sub: Realisation, pos: Pos, year: int) -> None:
    """The auction's Identitas reader with this workbook's labels; Tahun Evaluasi must be
    the round's year (LK707)."""
    tahun = year_check(ws, sub, pos, year, "LK707", E.YEAR_LABEL)
    sub.identity = read_identity(ws, sub, pos, E.IDENTITAS_FIELDS, {"year": tahun})


def _rows(ws, sub: Realisation, pos: Pos, year: int) -> list[RealRow]:
    cols, cr = table(ws, E.realisasi_fields(year), sub, pos, E.SHEET_REALISASI)
    if cols is None:
        return []
    out = []
    # the informative columns (Cara Perhitungan, Nilai Dasar, last year's realisation) are not
    # read: their values come from the register; a realisasi-1 form has none of them
    for r in _entry_rows(ws, cols, skip_keys=("no",) + E.INFO_KEYS):
        row = RealRow(row=r)
        for key in TEXT_KEYS:
            setattr(row, key, cr.text(r, cols.get(key)))
        row.polaritas = polarity(row.polaritas)
        pct = is_percent_unit(row.satuan)
        row.target = cr.number(r, cols["target"], C.target_header(year), pct)
        row.realisasi = cr.number(r, cols["realisasi"], E.realisasi_header(year), pct)
        out.append(row)
    sub.findings.extend(cr.findings)
    return out
