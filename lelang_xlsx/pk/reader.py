"""Read one PK form into a :class:`PkForm`.

As tolerant as the auction's reader (it reuses its helpers: opening, required sheets and
their layout LK102/LK107, header matching LK103, the Identitas reader LK201/LK203, cell
conversion LK105/LK302–LK304). The marker (LK802) and the budget text (LK303/LK803) are
read here; the rules about meaning are in :mod:`.checks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..checking.findings import Pos, make
from ..model import Submission
from ..output.textfmt import number
from ..reading.numbers import is_year
from ..reading.reader import _entry_rows, is_percent_unit, open_into, required_sheets
from ..reading.reader import _identity as read_identity
from ..reading.roundread import Marker, polarity, read_marker, table
from ..reading.tables import CellReader, show
from ..reading.xlsxread import Limits
from . import contract as K
from .budget import parse_budget


@dataclass(slots=True)
class TargetRow:
    row: int
    kode: str = ""
    misi: str = ""
    sasaran: str = ""
    indikator: str = ""
    cara: str = ""
    satuan: str = ""
    polaritas: str = ""
    target: float | None = None
    pj: str = ""


@dataclass(slots=True)
class ProgramRow:
    row: int
    program: str = ""
    kegiatan: str = ""
    anggaran: float | None = None
    sumber: str = ""
    kode: str = ""  # as typed
    codes: list[str] = field(default_factory=list)
    keterangan: str = ""


@dataclass
class PkForm(Submission):
    """A PK form as read: the auction's Submission (identity, findings, where things are)
    plus the two tables."""

    year: int = 0
    tahun: int | None = None
    marked_opd: str = ""  # the OPD the form was written for (hidden marker)
    targets: list[TargetRow] = field(default_factory=list)
    programs: list[ProgramRow] = field(default_factory=list)
    is_form: bool = False


_SPLIT = re.compile(r"[,;\n]+")
TEXT_KEYS = ("kode", "misi", "sasaran", "indikator", "cara", "satuan", "polaritas", "pj")
MARKER = Marker("LK802", (K.FORM_VERSION,), K.YEAR_LABEL, K.OPD_LABEL, "Berkas ini bukan formulir Perjanjian Kinerja",
                " (penanda formulir PK tidak ditemukan)", "Formulir ini untuk PK tahun {marked}, bukan {year}")


def read_form(path, display: str, year: int, limits: Limits = Limits(), sha256: str = "") -> PkForm:
    """Never raises for a bad file."""
    sub = PkForm(path=display, sha256=sha256, year=year)
    pos = Pos(display)
    wb = open_into(sub, path, limits)
    if wb is None:
        return sub
    sub.is_form, sub.marked_opd = read_marker(wb, sub, pos, year, MARKER)
    if not sub.is_form:
        return sub
    sheets = required_sheets(wb, K.REQUIRED_SHEETS, sub, pos)
    if K.SHEET_IDENTITAS in sheets:
        _identity(sheets[K.SHEET_IDENTITAS], sub, pos)
    if K.SHEET_SASARAN in sheets:
        sub.targets = _targets(sheets[K.SHEET_SASARAN], sub, pos, year)
    if K.SHEET_PROGRAM in sheets:
        sub.programs = _programs(sheets[K.SHEET_PROGRAM], sub, pos)
    return sub


def _identity(ws, sub: PkForm, pos: Pos) -> None:
    def tahun(f, r, cr) -> None:
        raw = cr.raw(r, 2)
        sub.tahun = is_year(raw)
        if sub.tahun != sub.year:
            sub.findings.append(make("LK801", pos.at(ws.name, r, 2), year=sub.year,
                                     detail=f"Tahun berisi '{show(raw if raw is not None else '')}', bukan {sub.year}"))

    sub.identity = read_identity(ws, sub, pos, K.IDENTITAS_FIELDS, {"year": tahun})


def _targets(ws, sub: PkForm, pos: Pos, year: int) -> list[TargetRow]:
    cols, cr = table(ws, K.sasaran_fields(year), sub, pos, K.SHEET_SASARAN)
    if cols is None:
        return []
    out = []
    for r in _entry_rows(ws, cols, skip_keys=("no", "pj")):
        row = TargetRow(row=r)
        for key in TEXT_KEYS:
            setattr(row, key, cr.text(r, cols.get(key)))
        row.polaritas = polarity(row.polaritas)
        row.target = cr.number(r, cols["target"], K.target_header(year), is_percent_unit(row.satuan))
        out.append(row)
    sub.findings.extend(cr.findings)
    return out


def _programs(ws, sub: PkForm, pos: Pos) -> list[ProgramRow]:
    cols, cr = table(ws, K.PROGRAM_FIELDS, sub, pos, K.SHEET_PROGRAM)
    if cols is None:
        return []
    out = []
    for r in _entry_rows(ws, cols, skip_keys=("no",)):
        row = ProgramRow(row=r)
        for key in ("program", "kegiatan", "sumber", "kode", "keterangan"):
            setattr(row, key, cr.text(r, cols.get(key)))
        row.codes = [c.strip() for c in _SPLIT.split(row.kode) if c.strip()]
        row.anggaran = _budget(cr, r, cols["anggaran"], sub, pos.at(ws.name, r, cols["anggaran"]))
        out.append(row)
    sub.findings.extend(cr.findings)
    return out


def _budget(cr: CellReader, r: int, col: int, sub: PkForm, where: Pos) -> float | None:
    """A number cell as it is; a text cell read by :func:`parse_budget` (LK303 when read,
    LK803 when not); blank: None (the check reports it)."""
    c = cr.cell(r, col)
    if c is None or c.value is None or (isinstance(c.value, str) and not c.value.strip()):
        return None
    v = c.value
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    header = "Anggaran (Rp)"
    if not isinstance(v, str):
        sub.findings.append(make("LK803", where, detail=f"{header} berisi '{show(v)}', bukan angka rupiah"))
        return None
    b = parse_budget(v)
    if b.value is None:
        sub.findings.append(make("LK803", where, detail=f"{header} berisi '{show(v)}': {b.problem}"))
        return None
    sub.findings.append(make("LK303", where, header=header, value=show(v), number=number(b.value)))
    return b.value
