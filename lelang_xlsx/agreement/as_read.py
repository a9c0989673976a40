"""The cells the reader gives back for what the offer workbook's writer writes.

After ``penawaran.xlsx`` is written, the run resolves the offers, reads the sessions and
takes the per-OPD digests of the rows *as they are now in the file*. Reading the file
again for that costs as much as the first read (0.14 s at 40 OPDs, seconds at 1,000);
instead the rows are derived here from what was written: the same value, formula,
stored-value and percent flags that :func:`lelang_xlsx.reading.xlsxread.read_workbook`
would return (text without the characters XML cannot hold, line ends as XML reads them,
``_xHHHH_`` decoded, numbers as int when whole, dates through the serial number).

tests/test_offers_as_read.py writes every kind of cell and reads it back to hold this
mirror to the reader.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re

from ..output.xlsxstyle import MAX_CELL_CHARS, is_blank
from ..reading.xlsxread import Cell
from .cells import formula_cache

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # removed by the writer (xlsxbulk)
_XESC = re.compile(r"_x([0-9A-Fa-f]{4})_")
_EPOCH = dt.datetime(1899, 12, 30)


def _xml(text: str) -> str:
    """Text after the writer dropped what XML cannot hold and XML normalised line ends."""
    text = _ILLEGAL.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _number(f: float) -> object:
    return int(f) if f.is_integer() and abs(f) < 1e15 else f


def _serial(value: dt.datetime) -> object:
    """The serial number the bulk writer stores (output/xlsxbulk.py ``date_serial``)."""
    from ..output.xlsxbulk import date_serial

    return _number(float(repr(date_serial(value))))


def _from_serial(serial) -> object:
    try:
        if serial < 61:
            serial += 1  # the reader follows Excel's 1900 leap-year bug
        return _EPOCH + dt.timedelta(days=float(serial))
    except (OverflowError, ValueError):
        return serial


def text_cell(text: str, max_chars: int) -> Cell | None:
    text = _xml(text)
    if not text:
        return None
    if "_x" in text:
        text = _XESC.sub(lambda m: chr(int(m.group(1), 16)), text)
    return Cell(text[:max_chars], False, None, True, True, False)


def value_cell(value: object, max_chars: int) -> Cell | None:
    """A value written by ``Styles.resolve`` (no percent format), as read back."""
    t = type(value)
    if t is float or t is int:  # the common case first
        if value != value or value in (math.inf, -math.inf):
            return None
        return Cell(_number(float(value)), False, None, True, False, False)
    if isinstance(value, str):
        return text_cell(value[:MAX_CELL_CHARS], max_chars) if value else None
    if is_blank(value):
        return None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return Cell(bool(value), False, None, True, False, False)
    if isinstance(value, numbers.Real):
        f = float(value)
        if math.isnan(f) or math.isinf(f):
            return None
        return Cell(_number(f), False, None, True, False, False)
    if isinstance(value, dt.datetime):
        return Cell(_from_serial(_serial(value)), False, None, True, False, True)
    if isinstance(value, dt.date):
        return Cell(_from_serial(_serial(dt.datetime(value.year, value.month, value.day))), False, None, True, False, True)
    return text_cell(str(value)[:MAX_CELL_CHARS], max_chars)


def panel_cell(cell: Cell | None, max_chars: int) -> Cell | None:
    """What :func:`lelang_xlsx.agreement.cells.panel_cell` writes for a panel's cell, as read back."""
    if cell is None or (cell.value is None and not cell.formula):
        return None
    v = cell.value
    if cell.formula and not cell.formula.startswith("("):
        formula = _xml(cell.formula).strip()
        v = formula_cache(v)
        if v is None or v == "":
            return Cell(None, False, formula, False, False, False)
        if isinstance(v, str):
            cached = _xml(v)[:max_chars]
            return Cell(cached or None, False, formula, bool(cached), bool(cached), False)
        return Cell(_number(float(repr(float(v)))), False, formula, True, False, False)
    if isinstance(v, (int, float)) and not isinstance(v, bool) and cell.percent:
        f = float(v)
        if math.isnan(f) or math.isinf(f):
            return None
        return Cell(_number(f), True, None, True, False, False)
    return value_cell(v, max_chars)
