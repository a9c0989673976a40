"""The width of the table cells a column loop repeated (``{%tc for %}`` in a template).

After rendering, the repeated cells of a row share the room the template's table leaves
after the row's other cells; the table's grid follows the first row whose cells each
span one column. Done on the parsed body of every rendered document (pacts, report
cards, PK documents), so each cell is looked at once: its properties are read in one
pass, and the loop's cells are sized with what that pass found.
"""

from __future__ import annotations

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
COLUMN_MARK = "lelang-kolom"  # marks, in the Jinja source, the cell a {%tc for %} repeats

_W = f"{{{W_NS}}}"
_TBL, _TR, _TC, _GRID, _TBLW = f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}tblGrid", f"{_W}tblPr/{_W}tblW"
_TCPR, _TCW, _GRIDSPAN, _CNF = f"{_W}tcPr", f"{_W}tcW", f"{_W}gridSpan", f"{_W}cnfStyle"
_W_ATTR, _VAL_ATTR, _TYPE_ATTR = f"{_W}w", f"{_W}val", f"{_W}type"


def fit_columns(root) -> None:
    """Size the cells a column loop repeated: together they take the room the template's
    table leaves after its other columns; the grid follows. Removes the loop marks."""
    for tbl in list(root.iter(_TBL)):
        cells = [(tr, tr.findall(_TC)) for tr in tbl.findall(_TR)]
        if not any(tc.get(COLUMN_MARK) for _, tcs in cells for tc in tcs):
            continue
        grid = tbl.find(_GRID)
        widths, spans = _fit_rows(cells, _table_width(tbl, grid))
        for tc in tbl.iter(_TC):
            tc.attrib.pop(COLUMN_MARK, None)
        if widths is None or grid is None:
            continue
        for c in list(grid):
            grid.remove(c)
        for width in widths:
            etree.SubElement(grid, f"{_W}gridCol").set(_W_ATTR, str(width))
        for (tr, tcs), spanned in zip(cells, spans):  # rows without the loop (e.g. a merged note row) span the new grid
            if tcs and spanned != len(widths):
                last = tcs[-1]
                _set_span(last, max(_span(last) + len(widths) - spanned, 1))


def _table_width(tbl, grid) -> int:
    tblw = tbl.find(_TBLW)
    if tblw is not None and tblw.get(_TYPE_ATTR) == "dxa" and (tblw.get(_W_ATTR) or "").isdigit():
        return int(tblw.get(_W_ATTR))
    return sum(int(c.get(_W_ATTR, "0")) for c in grid) if grid is not None else 0


def _fit_rows(cells: list, total: int) -> tuple[list[int] | None, list[int]]:
    """Sizes the loop's cells of each row; (the grid's widths or None, each row's span)."""
    widths: list[int] | None = None
    spans: list[int] = []  # per row: the grid columns its cells span (a width never changes a span)
    for _, tcs in cells:
        info = [_cell(tc) for tc in tcs]  # (tcPr, first tcW, width, span, marked), read once per cell
        spans.append(sum(c[3] for c in info))
        loop = [i for i, c in enumerate(info) if c[4]]
        if not loop:
            continue
        fixed = sum(c[2] for c in info if not c[4])
        room = max(total - fixed, 0)
        each = room // len(loop)
        last = loop[-1]
        for i in loop:
            width = each + (room - each * len(loop) if i == last else 0)
            tcpr, tcw, _, span, _ = info[i]
            _put_width(tcs[i], tcpr, tcw, width)
            info[i] = (tcpr, tcw, width, span, True)
        if widths is None and all(c[3] == 1 for c in info):
            widths = [c[2] for c in info]
    return widths, spans


def _cell(tc) -> tuple:
    """(tcPr, its first tcW, width in dxa, grid span, marked by a column loop) of a cell,
    from one pass over its properties (the last tcW / gridSpan counts, as Word reads it)."""
    width, span, first = 0, 1, None
    tcpr = tc.find(_TCPR)
    if tcpr is not None:
        for child in tcpr:
            tag = child.tag
            if tag == _TCW:
                if first is None:
                    first = child
                value = child.get(_W_ATTR, "0")
                width = int(value) if value.isdigit() else 0
            elif tag == _GRIDSPAN:
                value = child.get(_VAL_ATTR, "1")
                span = int(value) if value.isdigit() else 1
    return tcpr, first, width, span, bool(tc.get(COLUMN_MARK))


def _put_width(tc, tcpr, tcw, width: int) -> None:
    """The cell's width in dxa, in its first tcW (made after a cnfStyle when missing)."""
    if tcpr is None:
        tcpr = etree.Element(_TCPR)
        tc.insert(0, tcpr)
    if tcw is None:
        tcw = etree.Element(_TCW)
        tcpr.insert(1 if tcpr.find(_CNF) is not None else 0, tcw)
    tcw.set(_W_ATTR, str(width))
    tcw.set(_TYPE_ATTR, "dxa")


def _tcpr(tc):
    tcpr = tc.find(_TCPR)
    if tcpr is None:
        tcpr = etree.Element(_TCPR)
        tc.insert(0, tcpr)
    return tcpr


def _span(tc) -> int:
    gs = tc.find(f"{_TCPR}/{_GRIDSPAN}")
    value = gs.get(_VAL_ATTR, "1") if gs is not None else "1"
    return int(value) if value.isdigit() else 1


def _set_span(tc, span: int) -> None:
    tcpr = _tcpr(tc)
    gs = tcpr.find(_GRIDSPAN)
    if span == 1:
        if gs is not None:
            tcpr.remove(gs)
        return
    if gs is None:
        gs = etree.Element(_GRIDSPAN)
        tcw = tcpr.find(_TCW)
        tcw.addnext(gs) if tcw is not None else tcpr.insert(0, gs)
    gs.set(_VAL_ATTR, str(span))
