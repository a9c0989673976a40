"""Shared XlsxWriter helpers for the workbooks the processor writes.

* Deterministic output: a fixed creation date, so two writes of the same content give
  identical bytes (XlsxWriter then also uses fixed zip timestamps).
* Safe cells: :meth:`Styles.put` writes text with ``write_string`` (a value that starts
  with ``=``, ``+``, ``-`` or ``@`` never becomes a formula), numbers with
  ``write_number`` and leaves blanks blank. Nothing goes through ``worksheet.write``.
* Number formats that read well in any locale. Excel and LibreOffice substitute the
  locale's separators for ``,`` and ``.`` in a format code, so ``#,##0.0`` shows
  ``1,234.5`` in an English locale and ``1.234,5`` in an Indonesian one. The number
  of decimals is chosen per value (0 to 4) so ``95`` never shows as ``95.00``.
* Projector and print set-up: bold coloured header, frozen header row, autofilter,
  landscape A4, fit to one page wide, header row repeated on every printed page.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import numbers
from typing import Any

# A fixed document date: the output depends only on its content.
FIXED_CREATED = dt.datetime(2018, 11, 12, 8, 0, 0)
MAX_CELL_CHARS = 32_767

WORKBOOK_OPTIONS = {
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "nan_inf_to_errors": False,
}

HEADER_BG = "#1F4E79"  # dark blue: legible on a projector
HEADER_FG = "#FFFFFF"
PANEL_HEADER_BG = "#7F6000"  # dark amber: columns the panel fills
# The meaning-carrying colours are the vocabulary's (lelang_xlsx/vocab.py); re-exported here.
from ..contract import DECISION_BELUM, DECISION_INVALID, DECISION_SANGGUP, DECISION_TANPA, DECISION_TIDAK_SANGGUP  # noqa: E402,F401
from ..vocab import DECISION_CHART_COLORS, DECISION_COLORS, MARK_BG, PANEL_CELL_BG, WARN_BG  # noqa: E402,F401


def decimals_for(value: float, max_decimals: int = 4) -> int:
    """How many decimals a value needs (0..max_decimals) to show without loss."""
    v = abs(float(value))
    for d in range(max_decimals + 1):
        if math.isclose(round(v, d), v, rel_tol=0, abs_tol=10 ** -(max_decimals + 2)):
            return d
    return max_decimals


def number_format(decimals: int) -> str:
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


def is_blank(value: Any) -> bool:
    """None, '', NaN, and pandas' NA/NaT (checked only when pandas is loaded: the
    offer round and the report do not need to import it)."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, float):
        return value != value  # NaN
    pd = sys.modules.get("pandas")
    return pd is not None and (value is pd.NA or value is pd.NaT)


class Styles:
    """Formats of one XlsxWriter workbook, created lazily and cached."""

    def __init__(self, workbook, font_size: int = 11):
        self.wb = workbook
        self.font_size = font_size
        self._cache: dict[tuple, Any] = {}
        self._fast: dict[tuple, Any] = {}

    def fmt(self, **props: Any):
        key = tuple(sorted(props.items()))
        f = self._cache.get(key)
        if f is None:
            base = {"font_size": self.font_size, "valign": "top"}
            base.update(props)
            f = self.wb.add_format(base)
            self._cache[key] = f
        return f

    def header(self, bg: str = HEADER_BG, locked: bool = True):
        return self.fmt(
            bold=True, font_color=HEADER_FG, bg_color=bg, text_wrap=True, valign="vcenter",
            align="center", border=1, border_color="#BFBFBF", locked=locked,
        )

    def resolve(self, value: Any, *, decimals: int | None = None, num_format: str | None = None,
                wrap: bool = False, **props: Any) -> tuple[str, Any, Any]:
        """(kind, value, format) for one value: kind is blank, bool, number or text.

        ``decimals=None`` chooses the decimals per value; an int fixes them.
        ``num_format`` overrides both (e.g. ``"0"`` for a year: no group separator).
        Extra ``props`` (bg_color, locked, bold, …) are added to the cell format.
        """
        if isinstance(value, str) and value:  # the common case first
            return "text", value[:MAX_CELL_CHARS], self._memo(("t", wrap, tuple(props.items())), props, text_wrap=wrap)
        if is_blank(value):
            return "blank", None, self._memo(("b", tuple(props.items())), props)
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return "bool", bool(value), self._memo(("o", tuple(props.items())), props)
        if isinstance(value, numbers.Real):
            v = float(value)
            if math.isnan(v) or math.isinf(v):
                return "blank", None, self._memo(("b", tuple(props.items())), props)
            if num_format is None:
                d = decimals_for(v) if decimals is None else decimals
                num_format = number_format(d)
            return "number", v, self._memo(("n", num_format, tuple(props.items())), props, num_format=num_format)
        if isinstance(value, dt.datetime):
            return "date", value, self._memo(("dt", tuple(props.items())), props, num_format="dd/mm/yyyy hh:mm")
        if isinstance(value, dt.date):
            return "date", dt.datetime(value.year, value.month, value.day), \
                self._memo(("d", tuple(props.items())), props, num_format="dd/mm/yyyy")
        return "text", str(value)[:MAX_CELL_CHARS], self._memo(("t", wrap, tuple(props.items())), props, text_wrap=wrap)

    def _memo(self, key: tuple, props: dict, **extra: Any):
        f = self._fast.get(key)
        if f is None:
            f = self._fast[key] = self.fmt(border=1, border_color="#D9D9D9", **extra, **props)
        return f

    def put(self, ws, row: int, col: int, value: Any, *, decimals: int | None = None,
            num_format: str | None = None, wrap: bool = False, **props: Any) -> None:
        """Write one value safely (0-based row/col, XlsxWriter convention)."""
        kind, v, f = self.resolve(value, decimals=decimals, num_format=num_format, wrap=wrap, **props)
        if kind == "blank":
            ws.write_blank(row, col, None, f)
        elif kind == "bool":
            ws.write_boolean(row, col, v, f)
        elif kind == "number":
            ws.write_number(row, col, v, f)
        elif kind == "date":
            ws.write_datetime(row, col, v, f)
        else:
            ws.write_string(row, col, v, f)


def write_value(ws, row: int, col: int, value: Any, fmt) -> None:
    """Write a Python value with the XlsxWriter call of its type; text always as text."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def wrapped_lines(text: Any, width: float, chars_per_unit: float = 1.15) -> int:
    """Estimated lines a wrapped text needs in a column ``width`` characters wide.

    Neither XlsxWriter nor LibreOffice (on load) sizes rows to wrapped text, so the
    writers set row heights from this estimate.
    """
    if not isinstance(text, str) or not text:
        return 1
    per_line = max(int(width * chars_per_unit) - 1, 1)  # proportional font: ~1.15 chars per unit
    if len(text) <= per_line and "\n" not in text:
        return 1
    lines = 0
    for para in text.split("\n"):
        n, current = 1, 0
        for word in para.split(" "):
            w = len(word)
            if current and current + 1 + w > per_line:
                n += 1
                current = w
            else:
                current += (1 if current else 0) + w
            while current > per_line:  # a word longer than the line
                n += 1
                current -= per_line
        lines += n
    return max(lines, 1)


def line_height(lines: int, font_size: int = 11) -> float:
    return round(lines * font_size * 1.36 + 2, 1)


def print_fit_width(ws, *, landscape: bool = True, paper: int = 9, repeat_rows: int | None = 0,
                    title: str = "", margins: tuple[float, float, float, float] = (0.4, 0.4, 0.6, 0.6)) -> None:
    """Print set-up every sheet the processor writes gets: one page wide (as many tall
    as needed), landscape A4 by default, the header row(s) repeated on every page, and
    optionally a title and "Halaman N dari M" in the page header.

    ``repeat_rows`` is the last 0-based row repeated at the top (``None``: none).
    """
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(paper)  # 9 = A4, 8 = A3
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    if repeat_rows is not None:
        ws.repeat_rows(0, repeat_rows)
    left, right, top, bottom = margins
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    if title:
        ws.set_header("&L&8" + title.replace("&", "&&") + "&R&8Halaman &P dari &N")


def setup_table_sheet(ws, n_rows: int, n_cols: int, *, freeze_cols: int = 0,
                      title: str = "", autofilter: bool = True, paper: int = 9,
                      header_lines: int = 2) -> None:
    """Frozen header, autofilter and print set-up for a table with its header in row 1."""
    ws.freeze_panes(1, freeze_cols)
    if autofilter and n_cols:
        ws.autofilter(0, 0, n_rows, n_cols - 1)  # header row 0, data rows 1..n_rows
    print_fit_width(ws, paper=paper, title=title)
    ws.set_row(0, line_height(header_lines) + 4)
