"""Cell helpers shared by the two sheets of the offer workbook (Penawaran, Status OPD):
comparable forms of what the panel typed, and writing it back exactly."""

from __future__ import annotations

import datetime as dt

from ..reading.xlsxread import Cell
from ..output.xlsxstyle import Styles, decimals_for


def key_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def canon(value: object) -> object:
    """A comparable form of a cell value (95 == 95.0; '' == None)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", float(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return ("d", value.isoformat())
    return ("s", str(value))


def cell_canon(cell: Cell | None) -> object:
    if cell is None:
        return None
    return (canon(cell.value), cell.formula or None,
            bool(cell.percent) if isinstance(cell.value, (int, float)) else False)


def value(cells: dict[str, Cell | None], key: str) -> object:
    c = cells.get(key)
    return None if c is None else c.value


_EPOCH = dt.datetime(1899, 12, 30)


def formula_cache(v: object) -> object:
    """A formula's stored value as it can be written back: a date (read from a date-formatted
    cell) as the serial number the file held."""
    if isinstance(v, dt.datetime):
        return (v - _EPOCH).total_seconds() / 86400
    if isinstance(v, dt.date):
        return (dt.datetime(v.year, v.month, v.day) - _EPOCH).total_seconds() / 86400
    return v


def panel_cell(st: Styles, cell: Cell | None, **props) -> tuple[str, object, object]:
    """What the panel typed, written back exactly (text stays text, number stays number,
    a formula stays a formula with its stored value), as (kind, value, format)."""
    if cell is None or (cell.value is None and not cell.formula):
        return st.resolve(None, **props)
    v = cell.value
    if cell.formula and not cell.formula.startswith("("):
        return "formula", (cell.formula, formula_cache(v)), st.fmt(border=1, border_color="#D9D9D9", **props)
    if isinstance(v, (int, float)) and not isinstance(v, bool) and cell.percent:
        props.pop("num_format", None)
        d = decimals_for(float(v) * 100, 2)
        return st.resolve(v, num_format="0%" if d == 0 else "0." + "0" * d + "%", **props)
    if isinstance(v, dt.datetime) and v.time() == dt.time():  # a date typed by the panel shows as a date
        v = v.date()
    return st.resolve(v, wrap=isinstance(v, str), **props)
