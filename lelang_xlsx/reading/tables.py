"""Cell-level reading shared by the OPD, panel and offer readers.

Header mapping (LK103), labelled fields, and converting one cell to text / number /
year with the findings that conversion implies (LK105, LK302–LK304, LK312).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import numbers as N
from ..contract import Field, norm_label
from ..checking.findings import Finding, Pos, col_letter, make
from .fastread import read_workbook
from .xlsxread import Cell, Limits, Sheet, TooLarge, Unreadable, Workbook

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def show(value: object, limit: int = 60) -> str:
    """A user value made safe to quote in a message: no control characters, short."""
    if isinstance(value, float):
        text = f"{value:.15g}"
    elif isinstance(value, dt.datetime):
        text = value.strftime("%d-%m-%Y")
    else:
        text = str(value)
    text = _CONTROL.sub("?", text).replace("\n", " ").replace("\t", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def open_workbook(path, pos: Pos, limits: Limits, reader=read_workbook) -> tuple[Workbook | None, list[Finding]]:
    """Read a workbook, or return the finding that says why it cannot be read
    (LK101 unreadable, LK106 over a limit). The reader is :mod:`.fastread` (the values by
    python-calamine), which gives what :mod:`.xlsxread` gives."""
    try:
        return reader(path, limits), []
    except Unreadable as exc:
        return None, [make("LK101", pos, detail=exc.detail)]
    except TooLarge as exc:
        return None, [make("LK106", pos.at(exc.sheet), detail=exc.detail)]


def header_columns(ws: Sheet, fields: tuple[Field, ...], pos: Pos, header_row: int = 1) -> tuple[dict[str, int], list[Finding]]:
    """Map field keys to column numbers from the header row.

    A required header that is missing, and any header that appears twice, is LK103; the
    columns found are still mapped by name, so the rest of the table is read and checked.
    A missing header is reported on the header row where it belongs, with the neighbour
    to insert it next to.
    """
    by_label = {norm_label(f.label): f for f in fields}
    cols: dict[str, int] = {}
    found: list[Finding] = []
    row = ws.rows.get(header_row, {})
    for col in sorted(row):
        key = norm_label(row[col].value)
        f = by_label.get(key)
        if f is None:
            continue
        if f.key in cols:
            found.append(make("LK103", pos.at(ws.name, header_row, col), header=f.label, problem=f"muncul dua kali (yang dibaca kolom {col_letter(cols[f.key])}); hapus kolom {col_letter(col)}"))
            continue
        cols[f.key] = col
    for i, f in enumerate(fields):
        if f.required and f.key not in cols:
            col, where = _belongs(fields, i, cols)
            found.append(make("LK103", pos.at(ws.name, header_row, col), header=f.label,
                              problem=f"tidak ditemukan di baris judul: sisipkan kolom '{f.shown}' {where}"))
    return cols, found


def _belongs(fields: tuple[Field, ...], i: int, cols: dict[str, int]) -> tuple[int, str]:
    """Where the missing column ``fields[i]`` belongs: after the nearest earlier column
    found, else before the nearest later one (column number to mark, and the words)."""
    for f in reversed(fields[:i]):
        if f.key in cols:
            return cols[f.key] + 1, f"sesudah '{f.shown}'"
    for f in fields[i + 1:]:
        if f.key in cols:
            return cols[f.key], f"sebelum '{f.shown}'"
    return 1, "sebagai kolom pertama"


def labelled_rows(ws: Sheet, fields: tuple[Field, ...]) -> dict[str, int]:
    """Find each label in column A; returns field key -> row number (first match)."""
    by_label = {norm_label(f.label): f.key for f in fields}
    out: dict[str, int] = {}
    for r in sorted(ws.rows):
        cell = ws.rows[r].get(1)
        if cell is None:
            continue
        key = by_label.get(norm_label(cell.value))
        if key and key not in out:
            out[key] = r
    return out


@dataclass
class CellReader:
    """Converts cells of one sheet, collecting findings; never raises."""

    ws: Sheet
    pos: Pos
    findings: list[Finding] = field(default_factory=list)

    def cell(self, row: int, col: int | None) -> Cell | None:
        if col is None:
            return None
        c = self.ws.get(row, col)
        if c is not None and c.formula is not None and not c.cached:
            self.findings.append(make("LK105", self.pos.at(self.ws.name, row, col), formula=show("=" + c.formula)))
            return None
        return c

    def is_blank(self, row: int, col: int | None) -> bool:
        c = self.ws.get(row, col) if col else None
        return c is None or (isinstance(c.value, str) and not c.value.strip()) or (c.value is None and c.formula is None)

    def missing(self, row: int, col: int | None) -> bool:
        """Blank and not a formula without a stored value: a required cell left empty
        (``is_blank(...) and not has_uncached_formula(...)`` in one look-up)."""
        c = self.ws.get(row, col) if col else None
        if c is None:
            return True
        if c.formula is not None and not c.cached:
            return False
        v = c.value
        return (isinstance(v, str) and not v.strip()) or (v is None and c.formula is None)

    def has_uncached_formula(self, row: int, col: int | None) -> bool:
        c = self.ws.get(row, col) if col else None
        return c is not None and c.formula is not None and not c.cached

    def text(self, row: int, col: int | None) -> str:
        c = self.cell(row, col)
        if c is None or c.value is None:
            return ""
        v = c.value
        if type(v) is str:  # most cells: the rest below is for numbers, dates, booleans
            return v.strip()
        if isinstance(v, bool):
            return "YA" if v else "TIDAK"
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, dt.datetime):
            return v.date().isoformat()
        return str(v).strip()

    def number(self, row: int, col: int | None, header: str, percent_unit: bool = False, invalid_code: str = "LK302",
               invalid_params=None) -> float | None:
        """A numeric value, or None (blank or reported).

        Text numbers with one reading -> LK303 warning; two readings -> LK304; other
        text -> ``invalid_code`` with ``invalid_params`` (a dict, or a function giving
        it, called only then). A percent-formatted cell in a ``%`` unit -> x100 and
        LK312.
        """
        c = self.cell(row, col)
        if c is None:
            return None
        v = c.value
        if v is None:
            return None
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if not (c.percent and percent_unit):
                return float(v)  # the common cell: no finding, no position needed
        elif isinstance(v, str) and not v.strip():
            return None
        where = self.pos.at(self.ws.name, row, col)
        if callable(invalid_params):
            invalid_params = invalid_params()
        if isinstance(v, bool) or isinstance(v, dt.datetime):
            self.findings.append(make(invalid_code, where, header=header, value=show(v), **(invalid_params or {})))
            return None
        if isinstance(v, (int, float)):
            if c.percent and percent_unit:
                shown = f"{v * 100:.10g}%".replace(".", ",")
                num = round(v * 100, 10)
                self.findings.append(make("LK312", where, raw=f"{v:.10g}".replace(".", ","), shown=shown, number=_fmt(num)))
                return num
            return float(v)
        parsed = N.parse_number(str(v))
        if parsed.kind == N.TEXT_NUMBER:
            self.findings.append(make("LK303", where, header=header, value=show(v), number=_fmt(parsed.value)))
            return parsed.value
        if parsed.kind == N.AMBIGUOUS:
            a, b = readings(parsed)
            self.findings.append(make("LK304", where, header=header, value=show(v), a=a, b=b))
            return None
        self.findings.append(make(invalid_code, where, header=header, value=show(v), **(invalid_params or {})))
        return None

    def raw(self, row: int, col: int | None) -> object:
        c = self.cell(row, col)
        return None if c is None else c.value


def readings(parsed: N.Parsed) -> tuple[str, str]:
    """The two readings of an ambiguous text number as an operator types them: '1.600' -> ('1600', '1,6')."""
    a, b = parsed.alternatives
    return f"{a:.0f}", _fmt(b)


def number_advice(value: object) -> str:
    """How to type a number that was not read: for '1.600' the two readings (as LK304
    says them), else the general rule."""
    if isinstance(value, str):
        parsed = N.parse_number(value)
        if parsed.kind == N.AMBIGUOUS:
            a, b = readings(parsed)
            return (f"Teks itu bermakna ganda (bisa {a} atau {b}): hapus isi sel lalu ketik angkanya tanpa titik "
                    f"ribuan, {a} atau {b}, sesuai maksudnya.")
    return "Ketik angkanya saja, desimal memakai koma (12,5)."


def _fmt(v: float | None) -> str:
    from ..output.textfmt import number

    return number(v)


def parse_date(value: object) -> dt.date | None:
    """A date from a date cell or an Indonesian/ISO text; None when unreadable."""
    from ..output.textfmt import MONTHS

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    s = value.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})", s)
        if m:
            d, mo, y = map(int, m.groups())
        else:
            m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})", s)
            if not m:
                return None
            names = [n.casefold() for n in MONTHS]
            if m.group(2).casefold() not in names:
                return None
            d, mo, y = int(m.group(1)), names.index(m.group(2).casefold()) + 1, int(m.group(3))
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None
