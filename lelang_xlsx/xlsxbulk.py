"""Fast bulk rows for large XlsxWriter sheets.

XlsxWriter costs ~15 µs per cell; the recap of a large auction has hundreds of
thousands. For the big table sheets, the data rows are collected as
(kind, value, format) and written as raw sheet XML after the workbook is closed,
replacing the rows XlsxWriter wrote (the header row stays XlsxWriter's). Text goes in
inline strings, so it can never become a formula; control characters are removed.

Formats get their style index from XlsxWriter before closing (``_get_xf_index``), so
styles.xml holds exactly the formats used. Output stays deterministic.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _col_letters(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


class BulkSheet:
    """Data rows of one worksheet, written as XML after ``workbook.close()``."""

    def __init__(self, ws, n_cols: int):
        self.ws = ws
        self.letters = [_col_letters(c) for c in range(n_cols)]
        self.parts: list[str] = []
        self.last_row = 0

    def add_row(self, row: int, cells: list[tuple[str, Any, Any]], height: float | None = None) -> None:
        """``row`` is 0-based (XlsxWriter convention); cells are (kind, value, format)."""
        r = row + 1
        self.last_row = max(self.last_row, r)
        out = [f'<row r="{r}"' + (f' ht="{height}" customHeight="1">' if height else ">")]
        for letter, (kind, value, fmt) in zip(self.letters, cells):
            s = fmt._get_xf_index() if fmt is not None else 0
            ref = f"{letter}{r}"
            if kind == "number":
                out.append(f'<c r="{ref}" s="{s}"><v>{repr(float(value))}</v></c>')
            elif kind == "text":
                text = escape(_ILLEGAL.sub("", value))
                space = ' xml:space="preserve"' if text != text.strip() else ""
                out.append(f'<c r="{ref}" s="{s}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
            elif kind == "bool":
                out.append(f'<c r="{ref}" s="{s}" t="b"><v>{int(value)}</v></c>')
            else:  # blank (dates are not used in bulk sheets)
                out.append(f'<c r="{ref}" s="{s}"/>')
        out.append("</row>")
        self.parts.append("".join(out))

    def xml_rows(self) -> bytes:
        return "".join(self.parts).encode("utf-8")


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
    end = xml.index(b"</sheetData>")
    head_end = xml.index(b">", start) + 1
    body = xml[head_end:end]
    first_row_end = body.find(b"</row>")
    header = body[: first_row_end + len(b"</row>")] if body.startswith(b'<row r="1"') else b""
    out = xml[:head_end] + header + bulk.xml_rows() + xml[end:]
    if bulk.last_row:
        last = f"{bulk.letters[-1]}{bulk.last_row}".encode()
        out = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:' + last + b'"/>', out, count=1)
    return out
