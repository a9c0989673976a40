"""Fast bulk rows for large XlsxWriter sheets.

XlsxWriter costs ~15 µs per cell; the recap of a large auction has hundreds of
thousands. For the big table sheets, data rows are rendered as raw sheet XML and put in
place after the workbook is closed, replacing the rows XlsxWriter wrote (the header row
stays XlsxWriter's). Text goes in inline strings, so it can never become a formula;
control characters are removed.

Rows and cells carry no ``r`` attribute (it is optional in SpreadsheetML: a row without
one is the next row), so a block of rows is position-independent and can be cached per
OPD and reused on the next run. Styles are registered up front in a fixed order
(:meth:`Styles.register`), so their indices are stable across runs too.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any, Callable, Iterable
from xml.sax.saxutils import escape

from ..checking.findings import col_letter

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _col_letters(n: int) -> str:
    """0-based column index -> letters."""
    return col_letter(n + 1)


_EPOCH = dt.datetime(1899, 12, 30)


def _cell_xml(kind: str, value: Any, s: int) -> str:
    if kind == "date":
        value, kind = (value - _EPOCH).total_seconds() / 86400, "number"
    if kind == "formula":  # value = (formula without '=', cached value)
        formula, cached = value
        f = f"<f>{escape(_ILLEGAL.sub('', formula))}</f>"
        if cached is None or cached == "":
            return f'<c s="{s}">{f}</c>'
        if isinstance(cached, str):
            return f'<c s="{s}" t="str">{f}<v>{escape(_ILLEGAL.sub("", cached))}</v></c>'
        return f'<c s="{s}">{f}<v>{float(cached)!r}</v></c>'
    if kind == "number":
        return f'<c s="{s}"><v>{float(value)!r}</v></c>'
    if kind == "text":
        text = escape(_ILLEGAL.sub("", value))
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c s="{s}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if kind == "bool":
        return f'<c s="{s}" t="b"><v>{int(value)}</v></c>'
    return f'<c s="{s}"/>'


def column_renderer(styles, wrap: bool, options: dict) -> Callable[[Any], str]:
    """A fast cell-to-XML function for one column; the same XML as
    ``_cell_xml(*styles.resolve(value, wrap=wrap, **options))`` for every value."""
    from .xlsxstyle import MAX_CELL_CHARS, decimals_for, is_blank

    def index(value):
        return styles.resolve(value, wrap=wrap, **options)[2]._get_xf_index()

    text_s, blank_s = index("x"), index(None)
    fixed_s = index(1.0) if ("num_format" in options or "decimals" in options) else None
    by_decimals: dict[int, int] = {}

    def render(value: Any) -> str:
        if type(value) is str:
            if not value:
                return f'<c s="{blank_s}"/>'
            return _cell_xml("text", value[:MAX_CELL_CHARS], text_s)
        if type(value) is float or type(value) is int:
            if value != value:  # NaN
                return f'<c s="{blank_s}"/>'
            if fixed_s is not None:
                s = fixed_s
            else:
                d = decimals_for(value)
                s = by_decimals.get(d)
                if s is None:
                    s = by_decimals[d] = index(float(value))
            return f'<c s="{s}"><v>{float(value)!r}</v></c>'
        if value is None or is_blank(value):
            return f'<c s="{blank_s}"/>'
        kind, v, fmt = styles.resolve(value, wrap=wrap, **options)
        return _cell_xml(kind, v, fmt._get_xf_index())

    return render


def render_rows(rows: Iterable[tuple[list[tuple[str, Any, Any]], float | None]]) -> bytes:
    """XML for rows of (kind, value, format) cells, each row with an optional height."""
    out: list[str] = []
    for cells, height in rows:
        out.append(f'<row ht="{height}" customHeight="1">' if height else "<row>")
        out.extend(_cell_xml(kind, value, fmt._get_xf_index() if fmt is not None else 0) for kind, value, fmt in cells)
        out.append("</row>")
    return "".join(out).encode("utf-8")


class BulkSheet:
    """Data rows of one worksheet, put in place after ``workbook.close()``."""

    def __init__(self, ws, n_cols: int):
        self.ws = ws
        self.last_col = _col_letters(max(n_cols - 1, 0))
        self.fragments: list[bytes] = []
        self.n_rows = 0

    def add(self, fragment: bytes, n_rows: int) -> None:
        self.fragments.append(fragment)
        self.n_rows += n_rows


def patch(path: Path, sheets: list[BulkSheet]) -> None:
    """Insert the bulk rows into the closed workbook at ``path`` (rewritten in place)."""
    if not sheets:
        return
    by_part = {f"xl/worksheets/sheet{s.ws.index + 1}.xml": s for s in sheets}
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            bulk = by_part.get(info.filename)
            if bulk is not None:
                data = _insert(data, bulk)
            new = zipfile.ZipInfo(info.filename, info.date_time)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = info.external_attr
            zout.writestr(new, data, compresslevel=1 if bulk is not None else None)


def _insert(xml: bytes, bulk: BulkSheet) -> bytes:
    """Keep the header row XlsxWriter wrote (row 1); replace every other row."""
    start = xml.index(b"<sheetData")
    head_end = xml.index(b">", start) + 1
    if xml[head_end - 2:head_end] == b"/>":  # <sheetData/>: no rows at all
        body, end, head_end = b"", head_end, head_end - 2
        closing = b"></sheetData>"
    else:
        end = xml.index(b"</sheetData>")
        body = xml[head_end:end]
        closing = b""
    first_row_end = body.find(b"</row>")
    header = body[: first_row_end + len(b"</row>")] if body.startswith(b'<row r="1"') else b""
    rows = b"".join(bulk.fragments)
    if closing:
        out = xml[:head_end] + b">" + header + rows + b"</sheetData>" + xml[end:]
    else:
        out = xml[:head_end] + header + rows + xml[end:]
    last = f"{bulk.last_col}{bulk.n_rows + 1}".encode()
    return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:' + last + b'"/>', out, count=1)
