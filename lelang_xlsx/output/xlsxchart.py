"""Shared XlsxWriter chart helpers: charts that print whole and count in whole numbers.

* :class:`ChartPages` puts charts on a worksheet one per printed page. The sheet prints
  fit to one page wide like every other sheet; the charts are narrower than the page, so
  the scale stays 100 % and the page height in rows is known exactly: each chart starts
  on the first row of a page (with a manual break there as well) and is never taller
  than a page, so no chart is cut across two printed pages.
* :func:`count_axis` is the value axis of a chart of counts: it starts at 0, its ticks
  are whole numbers (``major_unit`` an integer, never 0,5) and the labels have no
  decimals.
* :func:`short_label` shortens a long text (a mission) to a chart category label.
"""

from __future__ import annotations

import math

from .xlsxstyle import print_fit_width

PX_PER_PT = 4 / 3
_PAPER_PT = {9: (595.28, 841.89), 8: (841.89, 1190.55)}  # A4, A3 (portrait width, height)


def count_step(max_value: float | None, ticks: int = 10) -> int:
    """A whole-number tick step giving at most about ``ticks`` ticks: 1, 2, 5, 10, 20, …"""
    top = max(float(max_value or 0), 1.0)
    raw = top / ticks
    if raw <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * magnitude >= raw:
            return int(m * magnitude)
    return int(10 * magnitude)


def count_axis(max_value: float | None, **extra) -> dict:
    """Axis options for counts: from 0, whole-number ticks, no decimals in the labels."""
    axis = {"min": 0, "major_unit": count_step(max_value), "num_format": "0",
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
    axis.update(extra)
    return axis


def short_label(text: str, limit: int = 48) -> str:
    """'Menjamin akses dan kualitas pendidikan, kesehatan dan …' at a word boundary."""
    text = " ".join(str(text or "").split()).rstrip(".")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


class ChartPages:
    """One chart per printed page on worksheet ``ws``.

    The sheet gets the common print set-up (fit to one page wide), uniform row heights
    and no repeated rows; :meth:`add` places a chart at the top of the next page;
    :meth:`finish` sets the manual breaks and the print area.
    """

    def __init__(self, ws, *, paper: int = 9, landscape: bool = True, width_px: int = 860,
                 row_height_pt: float = 15.75, margins: tuple[float, float, float, float] = (0.4, 0.4, 0.5, 0.5)):
        self.ws = ws
        self.width_px = width_px
        self.row_height_pt = row_height_pt
        self.row_px = row_height_pt * PX_PER_PT
        print_fit_width(ws, paper=paper, landscape=landscape, repeat_rows=None, margins=margins)
        w, h = _PAPER_PT.get(paper, _PAPER_PT[9])
        page_w, page_h = (h, w) if landscape else (w, h)
        left, right, top, bottom = margins
        printable_w = page_w - (left + right) * 72
        printable_h = page_h - (top + bottom) * 72
        if width_px / PX_PER_PT > printable_w:
            raise ValueError("chart wider than the printable page")  # the scale would drop below 100 %
        self.rows_per_page = int(printable_h // row_height_pt)
        # one row of slack: a chart never reaches the last row of its page
        self.max_height_px = int((self.rows_per_page - 1) * self.row_px)
        self.columns = math.ceil(width_px / 64) + 1  # default column: 64 px
        self.pages = 0

    def add(self, chart, height_px: int) -> tuple[int, int]:
        """Insert ``chart`` at the top of the next page; returns its (row, col)."""
        height = min(int(height_px), self.max_height_px)
        chart.set_size({"width": self.width_px, "height": height})
        row = self.pages * self.rows_per_page
        for r in range(row, row + self.rows_per_page):
            # explicit heights: LibreOffice does not take the default row height from the file
            self.ws.set_row(r, self.row_height_pt)
        self.ws.insert_chart(row, 0, chart, {"object_position": 2})  # moves with its cells, keeps its size
        self.pages += 1
        return row, 0

    def finish(self) -> None:
        if not self.pages:
            return
        breaks = [p * self.rows_per_page for p in range(1, self.pages)]
        if breaks:
            self.ws.set_h_pagebreaks(breaks)
        self.ws.print_area(0, 0, self.pages * self.rows_per_page - 1, self.columns - 1)
