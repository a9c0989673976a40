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
import zlib
from itertools import chain, repeat
from pathlib import Path
from typing import Any, Callable, Iterable, NamedTuple
from xml.sax.saxutils import escape

from ..checking.findings import col_letter

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _col_letters(n: int) -> str:
    """0-based column index -> letters."""
    return col_letter(n + 1)


_EPOCH = dt.datetime(1899, 12, 30)


def date_serial(value: dt.datetime) -> float:
    """The serial number of a date as Excel (and XlsxWriter's write_datetime) stores it:
    before 1 March 1900 one day less, for Excel's 1900 leap-year bug that every reader
    undoes (a date of February 1900 read back is the date written, not the day after)."""
    serial = (value - _EPOCH).total_seconds() / 86400
    return serial - 1 if serial < 61 else serial


def _cell_xml(kind: str, value: Any, s: int) -> str:
    if kind == "date":
        value, kind = date_serial(value), "number"
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


def _decimals(value, text: str) -> int:
    """:func:`~.xlsxstyle.decimals_for` of a number whose shortest repr is ``text``: a
    repr with k <= 4 decimals (no exponent) needs exactly k, since it is at least 10^-4
    away from a number with fewer."""
    if text.endswith(".0"):
        return 0
    dot = text.find(".")
    k = len(text) - dot - 1
    if dot > 0 and k <= 4 and "e" not in text:
        return k
    from .xlsxstyle import decimals_for

    return decimals_for(value)


class Column:
    """Cells of one column as sheet XML: the same XML as
    ``_cell_xml(*styles.resolve(value, wrap=wrap, **options))`` for every value, with the
    styles resolved once and each distinct value of a block rendered once."""

    def __init__(self, styles, wrap: bool, options: dict):
        self.styles, self.wrap, self.options = styles, wrap, options
        self.text_s, self.blank_s = self._index("x"), self._index(None)
        self.blank = f'<c s="{self.blank_s}"/>'
        self.fixed_s = self._index(1.0) if ("num_format" in options or "decimals" in options) else None
        self.by_decimals: dict[int, int] = {}

    def _index(self, value) -> int:
        return self.styles.resolve(value, wrap=self.wrap, **self.options)[2]._get_xf_index()

    def number(self, value) -> str:
        """A float or int (not bool)."""
        if value != value:  # NaN
            return self.blank
        text = repr(float(value))
        s = self.fixed_s
        if s is None:
            d = _decimals(value, text)
            s = self.by_decimals.get(d)
            if s is None:
                s = self.by_decimals[d] = self._index(float(value))
        return f'<c s="{s}"><v>{text}</v></c>'

    def one(self, value: Any) -> str:
        from .xlsxstyle import MAX_CELL_CHARS, is_blank

        t = type(value)
        if t is str:
            return _cell_xml("text", value[:MAX_CELL_CHARS], self.text_s) if value else self.blank
        if t is float or t is int:
            return self.number(value)
        if value is None or is_blank(value):
            return self.blank
        kind, v, fmt = self.styles.resolve(value, wrap=self.wrap, **self.options)
        return _cell_xml(kind, v, fmt._get_xf_index())

    def cells(self, values: Iterable) -> tuple[list[str], dict, dict, dict, list]:
        """(cells, distinct texts, ints, floats, other values) of one block's values; the
        distinct values are what a caller needs to size the column."""
        from .xlsxstyle import MAX_CELL_CHARS

        texts: dict = {}
        ints: dict = {}
        floats: dict = {}
        others: list = []
        out: list[str] = []
        add = out.append
        blank, text_s = self.blank, self.text_s
        for v in values:
            t = type(v)
            if t is str:
                x = texts.get(v)
                if x is None:
                    x = texts[v] = _cell_xml("text", v[:MAX_CELL_CHARS], text_s) if v else blank
            elif t is float or t is int:
                memo = floats if t is float else ints
                x = memo.get(v)
                if x is None:
                    x = self.number(v)
                    if v:  # 0.0 and -0.0 are one key but two texts
                        memo[v] = x
                    else:
                        others.append(v)
            elif v is None:
                x = blank
            else:
                x = self.one(v)
                others.append(v)
            add(x)
        return out, texts, ints, floats, others


def column_renderer(styles, wrap: bool, options: dict) -> Callable[[Any], str]:
    """A cell-to-XML function for one column (:meth:`Column.one`)."""
    return Column(styles, wrap, options).one


def row_open(height: float | None) -> str:
    return f'<row ht="{height}" customHeight="1">' if height else "<row>"


def table_xml(opens: list[str], columns: list[list[str]]) -> bytes:
    """Rows of cells given column by column (each a list of cell XML), ``opens[i]`` the
    i-th row's opening tag (:func:`row_open`)."""
    return "".join(chain.from_iterable(zip(opens, *columns, repeat("</row>", len(opens))))).encode("utf-8")


def cell_xml(kind: str, value: Any, fmt) -> str:
    """One cell: ``kind`` and ``value`` as :meth:`Styles.resolve` gives them, ``fmt`` an
    XlsxWriter format (None: the default style)."""
    return _cell_xml(kind, value, fmt._get_xf_index() if fmt is not None else 0)


def render_rows(rows: Iterable[tuple[list[tuple[str, Any, Any]], float | None]]) -> bytes:
    """XML for rows of (kind, value, format) cells, each row with an optional height."""
    out: list[str] = []
    for cells, height in rows:
        out.append(f'<row ht="{height}" customHeight="1">' if height else "<row>")
        out.extend(cell_xml(kind, value, fmt) for kind, value, fmt in cells)
        out.append("</row>")
    return "".join(out).encode("utf-8")


class Deflated(NamedTuple):
    """A piece of a zip entry compressed on its own (:func:`deflate`): pieces are put one
    after the other in the entry without compressing them again, so a cached block costs
    a read, not a compression, on the next run."""

    data: bytes  # raw deflate blocks, none final, ending byte-aligned (a sync flush)
    crc: int  # CRC-32 of the uncompressed bytes
    size: int  # uncompressed length
    shift: int  # x^(8 * size) modulo the CRC polynomial: combines the CRC in one step


def deflate(data: bytes, level: int = 1) -> Deflated:
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Deflated(c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH), zlib.crc32(data), len(data), _x8nmodp(len(data)))


_FINAL_BLOCK = b"\x03\x00"  # an empty final block: ends a stream of sync-flushed pieces
_POLY = 0xEDB88320


def _multmodp(a: int, b: int) -> int:
    """a * b modulo the CRC-32 polynomial (zlib's crc32.c, reflected bit order)."""
    m, p = 1 << 31, 0
    while True:
        if a & m:
            p ^= b
            if a & (m - 1) == 0:
                return p
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1


_X2N = [1 << 30]  # x^(2^n) modulo the polynomial
for _ in range(31):
    _X2N.append(_multmodp(_X2N[-1], _X2N[-1]))


def _x8nmodp(n: int) -> int:
    """x^(8n) modulo the polynomial: appending n bytes."""
    p, k = 1 << 31, 3  # x^0; a byte is 2^3 bits
    while n:
        if n & 1:
            p = _multmodp(_X2N[k & 31], p)
        n >>= 1
        k += 1
    return p


def crc32_combine(crc1: int, crc2: int, len2: int, shift: int | None = None) -> int:
    """The CRC-32 of A + B from crc32(A), crc32(B) and len(B) (zlib's crc32_combine);
    ``shift`` is ``_x8nmodp(len2)`` when known."""
    if len2 <= 0:
        return crc1
    return _multmodp(_x8nmodp(len2) if shift is None else shift, crc1) ^ crc2


class BulkSheet:
    """Data rows of one worksheet, put in place after ``workbook.close()``: fragments
    (bytes) or streams (iterables of bytes, read only while the sheet is written into the
    zip, so the rows of a large sheet are never all in memory)."""

    def __init__(self, ws, n_cols: int):
        self.ws = ws
        self.last_col = _col_letters(max(n_cols - 1, 0))
        self.fragments: list = []
        self.n_rows = 0
        self.deflated = False

    def add(self, fragment: bytes, n_rows: int) -> None:
        self.fragments.append(fragment)
        self.n_rows += n_rows

    def add_stream(self, chunks: Iterable, n_rows: int, deflated: bool = False) -> None:
        """Chunks of bytes or, with ``deflated``, also :class:`Deflated` pieces."""
        self.fragments.append(chunks)
        self.n_rows += n_rows
        self.deflated = self.deflated or deflated

    def chunks(self) -> Iterable[bytes]:
        for fragment in self.fragments:
            if isinstance(fragment, (bytes, bytearray)):
                yield fragment
            else:
                yield from fragment


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
            new = zipfile.ZipInfo(info.filename, info.date_time)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = info.external_attr
            if bulk is None:
                zout.writestr(new, data)
                continue
            head, tail = _split(data, bulk)
            if bulk.deflated:
                _write_pieces(zout, new, chain([head], bulk.chunks(), [tail]))
                continue
            new._compresslevel = 1
            with zout.open(new, "w") as dest:
                dest.write(head)
                for chunk in bulk.chunks():
                    dest.write(chunk)
                dest.write(tail)


def _write_pieces(zout: zipfile.ZipFile, zinfo: zipfile.ZipInfo, pieces: Iterable) -> None:
    """An entry made of pieces: :class:`Deflated` ones copied as they are, runs of plain
    bytes compressed on the way; then the final block, the sizes and the CRC."""
    fp = zout.fp
    zinfo.header_offset = fp.tell()
    zinfo.CRC = zinfo.file_size = zinfo.compress_size = 0
    zout._writecheck(zinfo)
    zout._didModify = True
    fp.write(zinfo.FileHeader(False))  # rewritten below with the sizes and CRC
    crc = size = compressed = 0
    pending: list[bytes] = []

    def put(piece: Deflated) -> None:
        nonlocal crc, size, compressed
        fp.write(piece.data)
        crc = crc32_combine(crc, piece.crc, piece.size, piece.shift)
        size += piece.size
        compressed += len(piece.data)

    for piece in pieces:
        if isinstance(piece, Deflated):
            if pending:
                put(deflate(b"".join(pending)))
                pending.clear()
            put(piece)
        else:
            pending.append(piece)
    if pending:
        put(deflate(b"".join(pending)))
    fp.write(_FINAL_BLOCK)
    zinfo.CRC, zinfo.file_size, zinfo.compress_size = crc, size, compressed + len(_FINAL_BLOCK)
    zout._writecheck(zinfo)  # sizes past what a zip without ZIP64 holds: an error, not a broken file
    end = fp.tell()
    fp.seek(zinfo.header_offset)
    fp.write(zinfo.FileHeader(False))
    fp.seek(end)
    zout.filelist.append(zinfo)
    zout.NameToInfo[zinfo.filename] = zinfo
    zout.start_dir = end


def _split(xml: bytes, bulk: BulkSheet) -> tuple[bytes, bytes]:
    """The sheet XML before and after the bulk rows: the header row XlsxWriter wrote
    (row 1) stays, every other row is replaced."""
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
    if closing:
        head, tail = xml[:head_end] + b">" + header, b"</sheetData>" + xml[end:]
    else:
        head, tail = xml[:head_end] + header, xml[end:]
    last = f"{bulk.last_col}{bulk.n_rows + 1}".encode()
    return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:' + last + b'"/>', head, count=1), tail
