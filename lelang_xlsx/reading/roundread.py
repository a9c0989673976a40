"""What the readers of the yearly rounds' forms share (evaluasi/reader.py, pk/reader.py,
pantau/reader.py), over the auction reader's helpers: the hidden marker that says which
form and which year a workbook is (one finding with the round's code when it is not),
the Tahun of the Identitas sheet, a table's header matching (LK103 stops the table), and
the polarity as the contract spells it."""

from __future__ import annotations

from dataclasses import dataclass

from .. import contract as C
from ..checking.findings import Pos, make
from ..model import Submission
from .numbers import is_year
from .tables import CellReader, header_columns, show
from .xlsxread import Sheet, Workbook

POLARITY = {C.norm(p): p for p in C.POLARITIES}


def polarity(text: str) -> str:
    """Naik/Turun/Tetap as the contract spells them; other text as written."""
    return POLARITY.get(C.norm(text), text)


@dataclass(frozen=True)
class Marker:
    """A round form's hidden marker (sheet _Daftar: A1/B1 the template version, one of
    ``versions`` (older forms still out stay readable), A2/B2 the year, A3/B3 the OPD when
    ``opd_label``) and how a workbook without it is reported:
    ``code`` with ``not_form`` + ``missing`` (no marker) or the version found, or
    ``other_year`` (``{marked}``, ``{year}``)."""

    code: str
    versions: tuple[str, ...]
    year_label: str
    opd_label: str | None
    not_form: str
    missing: str
    other_year: str


def read_marker(wb: Workbook, sub: Submission, pos: Pos, year: int, m: Marker) -> tuple[bool, str]:
    """(whether the workbook is this round's form of ``year``, the OPD it was written for)."""
    ws = wb.sheet(C.SHEET_LISTS)
    version, marked_year, kode = None, None, ""
    if ws is not None and C.norm(ws.value(1, 1)) == C.norm(C.VERSION_LABEL):
        version = str(ws.value(1, 2) or "").strip()
        if C.norm(ws.value(2, 1)) == C.norm(m.year_label):
            marked_year = is_year(ws.value(2, 2))
        if m.opd_label and C.norm(ws.value(3, 1)) == C.norm(m.opd_label):
            kode = str(ws.value(3, 2) or "").strip()
    if version not in m.versions:
        detail = m.not_form + (f" (penanda versi '{show(version)}')" if version else m.missing)
        sub.findings.append(make(m.code, pos, detail=detail, year=year))
        return False, kode
    if marked_year != year:
        sub.findings.append(make(m.code, pos, detail=m.other_year.format(marked=marked_year or "?", year=year),
                                 year=year))
        return False, kode
    return True, kode


def year_check(ws: Sheet, sub, pos: Pos, year: int, code: str, label: str):
    """The Identitas reader's callback for the form's Tahun: LK201 when blank, ``code``
    when it is not the round's year; sets ``sub.tahun``."""
    def tahun(f, r, cr) -> None:
        raw = cr.raw(r, 2)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            sub.findings.append(make("LK201", pos.at(ws.name, r, 2), label=f.label))
            return
        sub.tahun = is_year(raw)
        if sub.tahun != year:
            sub.findings.append(make(code, pos.at(ws.name, r, 2), detail=f"{label} berisi '{show(raw)}', bukan {year}",
                                     year=year))

    return tahun


def table(ws: Sheet, fields, sub: Submission, pos: Pos, sheet: str | None = None) -> tuple[dict[str, int] | None,
                                                                                          CellReader]:
    """The columns of a round's table by its header (None when a required header is
    missing: LK103, the table is not read) and the reader of its cells; the columns are
    kept in ``sub.columns`` under ``sheet`` (default: the sheet's name as found)."""
    cols, found = header_columns(ws, fields, pos)
    sub.findings.extend(found)
    if any(f.code == "LK103" for f in found):
        return None, CellReader(ws, pos)
    sub.columns[sheet or ws.name] = cols
    return cols, CellReader(ws, pos)
