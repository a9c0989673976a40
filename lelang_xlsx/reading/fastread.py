"""The fast way to read a workbook: values from python-calamine, the rest from cheap scans.

:func:`read_workbook` returns exactly the :class:`~.xlsxread.Workbook` that
:func:`.xlsxread.read_workbook` returns (the same sheets, cells, values, percent/date flags,
formulas, hidden rows and columns, merged ranges, dimension), or, when anything about the
file is out of the ordinary, lets :mod:`.xlsxread` read it. It never decides about a broken
file itself: an unreadable part, a limit, a formula, a calamine error or any doubt about
the shape of the XML sends the file down the XML path, which raises the same LK101/LK106
details as before.

How, for the forms people fill in:

* the checks made before any byte is decompressed (size, what the file is, the zip's
  declared total) are :func:`.xlsxread.open_zip`'s; every part is read through its
  capped reads and refused when it declares a DTD or an entity, as on the XML path;
* the content of each worksheet's ``<sheetData>`` must match, as a whole, one regular
  expression of the shape Excel, LibreOffice and xlsxwriter write: numbered rows in
  order, every cell addressed in its own row (columns A-Z), a number, a shared string
  index or an inline string, no formula, no other type, attributes in the schema's order.
  Such content is well-formed XML by construction, so libxml2 (the XML path's parser
  options, building no tree) checks the rest of the part; the shared strings are checked
  whole by libxml2 and by a pattern of their own. Text calamine would trim (no
  ``xml:space="preserve"``) or escapes it decodes otherwise are doubts;
* calamine reads a small zip made in memory of exactly those checked parts, with a
  generated workbook part and no styles, so it sees only what was checked and never turns
  a number into a date: the date and percent flags come from :func:`.xlsxread._styles`
  (``styles.xml`` once, so :func:`.xlsxread._classify_format` decides what is a date)
  and one scan for the cells with a value and such a style;
* hidden rows and columns, merged ranges and the dimension come from scans of those
  elements, handed to the XML path's own helpers.

The choice can be forced with ``LELANG_XLSX_READER=xml`` (the XML path for every file),
to compare or to measure.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from lxml import etree

from . import xlsxread as X
from .xlsxread import Cell, Limits, Sheet, Workbook

try:  # a compiled reader; without it every workbook takes the XML path
    import python_calamine
except ImportError:  # pragma: no cover - the dependency is declared
    python_calamine = None


class Doubt(Exception):
    """The file is not of the shape the fast path is sure about (the XML path reads it)."""


def read_workbook(path: str | Path, limits: Limits = Limits()) -> Workbook:
    """Read every sheet of an .xlsx file; the same result and the same exceptions
    (Unreadable / TooLarge only) as :func:`.xlsxread.read_workbook`."""
    with X.open_zip(path, limits) as z:
        if os.environ.get("LELANG_XLSX_READER") == "xml":  # the plain path, to compare or measure
            return X._read_zip(z, str(path), limits)
        try:
            return read_zip(z, str(path), limits)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a doubt, a calamine error (a Rust panic is a BaseException), a broken
            # part or a limit: the XML path decides
            return X._read_zip(z, str(path), limits)


# --------------------------------------------------------------------------- shapes
# Every pattern below is written for bytes as Excel, LibreOffice and xlsxwriter write them:
# no whitespace between elements, one space between attributes, double quotes, attributes
# in the schema's order. Anything else is a doubt (the XML path reads that file).

_BOOL = rb'"(?:0|1|true|false)"'


def _row_attrs(x14ac: bool) -> bytes:
    return (rb'(?: spans="[0-9: ]*+")?(?: s="(?:0|[1-9][0-9]{0,8})")?(?: customFormat=' + _BOOL + rb')?'
            rb'(?: ht="[0-9.]*+")?(?: hidden=' + _BOOL + rb')?(?: customHeight=' + _BOOL + rb')?'
            rb'(?: outlineLevel="[0-9]{1,2}")?(?: collapsed=' + _BOOL + rb')?(?: thickTop=' + _BOOL + rb')?'
            rb'(?: thickBot=' + _BOOL + rb')?(?: ph=' + _BOOL + rb')?' + (rb'(?: x14ac:dyDescent="[0-9.]*+")?' if x14ac else b''))


_TEXT = rb'<t(?: xml:space="preserve")?>[^<]*+</t>|<t/>'
_ATTRS = rb'(?: [\w:.-]+="[^"<&>]*+")*+'
_RPR = rb'<rPr>(?:<\w+' + _ATTRS + rb'/>)*+</rPr>|<rPr/>'
_RUN = rb'<r>(?:' + _RPR + rb')?(?:' + _TEXT + rb')</r>'


def _sheet_data(x14ac: bool, inline: bool) -> re.Pattern:
    """The whole content of <sheetData>: rows, each cell in its own row (\1), in columns
    A-Z, holding a number (or nothing), a shared string by its index or (``inline``) an
    inline string; no formula, no other type."""
    cell = (rb'<c r="[A-Z]\1"(?: s="(?:0|[1-9][0-9]{0,8})")?'
            rb'(?:(?: t="n")?(?:/>|></c>|><v>[-+.0-9eE]*+</v></c>)'
            rb'| t="s"(?:/>|></c>|><v>[0-9]{1,9}</v></c>)'
            + (rb'| t="inlineStr"(?:/>|></c>|><is>(?:' + _TEXT + rb'|' + _RUN + rb')++</is></c>)' if inline else b'')
            + rb')')
    row = rb'<row r="([1-9][0-9]{0,6})"' + _row_attrs(x14ac) + rb'(?:/>|>(?:' + cell + rb')*+</row>)'
    return re.compile(rb'(?:' + row + rb')*+')


_SHEET_DATA = {(x14ac, inline): _sheet_data(x14ac, inline) for x14ac in (False, True) for inline in (False, True)}
_ROW_NUMBERS = re.compile(rb'<row r="([0-9]+)"')
_HIDDEN = re.compile(rb' hidden="(?:1|true)"')
_HIDDEN_ROW = re.compile(rb'<row r="([0-9]+)"[^>]* hidden="(?:1|true)"')
_SI = (rb'<si>(?:' + _TEXT + rb'|' + _RUN + rb'|<rPh' + _ATTRS + rb'>(?:' + _TEXT + rb')</rPh>|<phoneticPr'
       + _ATTRS + rb'/>)*+</si>|<si/>')
_SST_BODY = re.compile(rb'(?:\s*+(?:' + _SI + rb'))*+\s*+')

_TRIMMED = re.compile(rb'<t>(?:\s|&#)|<t>[^<]*(?:\s|&#[xX]?[0-9a-fA-F]+;)</t>')  # calamine trims unpreserved text
_ESCAPE = re.compile(rb'_x(?:[dD][89a-fA-F][0-9a-fA-F]{2}|005[fF])_')  # escapes it decodes otherwise
_ENCODING = re.compile(rb'<\?xml[^>]*?\sencoding=["\']([^"\']*)["\']')
_COLS = re.compile(rb'<cols>((?:\s*<col' + _ATTRS + rb'/>)*)\s*</cols>|<cols/>')
_COL = re.compile(rb'<col(' + _ATTRS + rb')/>')
_MERGES = re.compile(rb'<mergeCells' + _ATTRS + rb'>((?:\s*<mergeCell' + _ATTRS + rb'/>)*)\s*</mergeCells>')
_MERGE = re.compile(rb'<mergeCell\s+ref="([^"<&]*)"\s*/>')
_DIMENSION = re.compile(rb'<dimension\s+ref="([^"<&]*)"\s*/>')
_ATTR = re.compile(rb'([\w:.-]+)="([^"]*)"')
_MAIN = X.NS_MAIN.encode()


class _NoTree:
    """A parser target that builds nothing: libxml2 still checks the whole part."""

    def close(self) -> None:
        return None


_READ_BY_PATTERN = tuple(X.M + name for name in ("sheetData", "dimension", "cols", "mergeCells"))


def _well_formed(data: bytes, part: str, sheet: bool = False) -> None:
    """The XML path's byte checks, then libxml2 with its options. For a worksheet, the
    elements read by pattern must also be children of the root (where the XML path looks),
    <sheetData> once."""
    X._check_xml_bytes(data, part)
    try:
        if not sheet:
            etree.fromstring(data, etree.XMLParser(target=_NoTree(), resolve_entities=False, no_network=True,
                                                   load_dtd=False, dtd_validation=False, huge_tree=False,
                                                   remove_comments=True, remove_pis=True))
            return
        root = etree.fromstring(data, X._PARSER)
    except etree.XMLSyntaxError:
        raise Doubt(f"{part}: not well-formed") from None
    found = list(root.iter(*_READ_BY_PATTERN))
    if any(el.getparent() is not root for el in found) or [el.tag for el in found].count(_READ_BY_PATTERN[0]) != 1:
        raise Doubt(f"{part}: an element where the XML path does not look")


def _split(data: bytes, tag: bytes, part: str) -> tuple[bytes, bytes]:
    """(content of the element ``tag``, the part without it). The content is checked by
    the caller against a pattern that holds no ``tag``; the element is the root's child
    (or the root) in the main namespace, the only namespace bound without a prefix."""
    if not data.startswith(b"<") or b"\r" in data:  # a byte order mark or space first, line ends to normalise
        raise Doubt(f"{part}: start")
    m = _ENCODING.match(data)
    if m and m.group(1).lower() not in (b"utf-8", b"utf8"):
        raise Doubt(f"{part}: encoding")
    i = data.find(b"<" + tag)
    j = data.find(b">", i) + 1
    if i < 0 or data[i:j] not in (b"<" + tag + b">", b"<" + tag + b"/>") and not data.startswith(b"<" + tag + b" ", i):
        raise Doubt(f"{part}: {tag.decode()}")
    if data[j - 2:j] == b"/>":
        start = end = j
    else:
        start, end = j, data.rfind(b"</" + tag + b">")
        if end < start:
            raise Doubt(f"{part}: {tag.decode()}")
    rest = data[:start] + data[end:]
    if rest.count(b"<" + tag) != 1 or rest.count(b'xmlns="') != 1 or rest.count(_MAIN) != 1 \
            or b'xmlns="' + _MAIN + b'"' not in rest:
        raise Doubt(f"{part}: namespaces")
    return data[start:end], rest


_PROLOG = re.compile(rb'(?:<\?xml[^>]*\?>)?\s*')


def _check_strings(data: bytes, part: str) -> None:
    body, _ = _split(data, b"sst", part)
    if not _PROLOG.fullmatch(data, 0, data.find(b"<sst")):  # <sst> is the root: its <si> are the strings
        raise Doubt(f"{part}: root")
    _well_formed(data, part)
    if not _SST_BODY.fullmatch(body) or _TRIMMED.search(body) or _ESCAPE.search(body):
        raise Doubt(f"{part}: shape")


class _Attrs(dict):
    """An element's attributes as the XML path's helpers read them (``.get``)."""

    @classmethod
    def of(cls, raw: bytes) -> "_Attrs":
        return cls((k.decode(), v.decode()) for k, v in _ATTR.findall(raw))


def _scan_sheet(data: bytes, part: str, sheet: Sheet, limits: Limits, flagged: dict[bytes, tuple[bool, bool]]):
    """Check one worksheet part and take from it what calamine does not give.
    Returns {(row, col): (percent, date)} for the cells with a value and such a style."""
    body, rest = _split(data, b"sheetData", part)
    x14ac = b"xmlns:x14ac=" in rest  # Excel's row attribute, when its namespace is declared
    if _SHEET_DATA[x14ac, False].fullmatch(body):
        _well_formed(rest, part, sheet=True)  # rows and cells of this pattern are well-formed XML: libxml2 checks the rest
    elif _SHEET_DATA[x14ac, True].fullmatch(body):  # inline text (the tool's own workbooks)
        if _TRIMMED.search(body) or _ESCAPE.search(body):
            raise Doubt(f"{part}: inline strings")
        _well_formed(data, part, sheet=True)
    else:
        raise Doubt(f"{part}: rows and cells")
    numbers = [int(n) for n in _ROW_NUMBERS.findall(body)]
    if numbers and (numbers[-1] > limits.max_rows or any(a >= b for a, b in zip(numbers, numbers[1:]))):
        raise Doubt(f"{part}: rows over the limit or out of order")
    if _HIDDEN.search(body):
        sheet.hidden_rows.update(int(n) for n in _HIDDEN_ROW.findall(body))
    if rest.count(b"<dimension") > 1 or rest.count(b"<cols") > 1 or rest.count(b"<mergeCells") > 1:
        raise Doubt(f"{part}: repeated elements")
    if b"<dimension" in rest:
        m = _DIMENSION.search(rest)
        if not m:
            raise Doubt(f"{part}: dimension")
        X._dimension(_Attrs(ref=m.group(1).decode()), sheet, limits)  # TooLarge: the XML path raises it
    if b"<cols" in rest:
        m = _COLS.search(rest)
        cols = _COL.findall(m.group(1) or b"") if m else None
        if cols is None or len(cols) != rest.count(b"<col ") + rest.count(b"<col/"):
            raise Doubt(f"{part}: cols")
        for raw in cols:
            if b"hidden" in raw:
                X._hidden_col(_Attrs.of(raw), sheet, limits)
    if b"<mergeCell" in rest:
        m = _MERGES.search(rest)
        refs = _MERGE.findall(m.group(1)) if m else None
        if refs is None or len(refs) != rest.count(b"<mergeCell ") + rest.count(b"<mergeCell/"):
            raise Doubt(f"{part}: merged cells")
        for ref in refs:
            X._merge(_Attrs(ref=ref.decode()), sheet)
    if not flagged:
        return {}
    styled = re.compile(rb'<c r="([A-Z])([0-9]+)" s="(' + b"|".join(flagged) + rb')"(?: t="\w+")?>')
    return {(int(row), ord(col) - 64): flagged[s] for col, row, s in styled.findall(body)}


# --------------------------------------------------------------------------- the zip calamine reads

_CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       b'<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
       b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>')
_ROOT_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="' + X.NS_PKG_REL.encode() + b'">'
              b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              b'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_REL_TYPE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _calamine_zip(sheets: list[bytes], strings: bytes | None) -> io.BytesIO:
    """A stored zip of the checked parts only, under names and a workbook part made here."""
    names = b"".join(b'<sheet name="s%d" sheetId="%d" r:id="rId%d"/>' % (i, i + 1, i + 1) for i in range(len(sheets)))
    workbook = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="' + X.NS_MAIN.encode() + b'" xmlns:r="'
                + X.NS_REL.encode() + b'"><sheets>' + names + b"</sheets></workbook>")
    rels = b"".join(b'<Relationship Id="rId%d" Type="%sworksheet" Target="worksheets/s%d.xml"/>' % (i + 1, _REL_TYPE, i)
                    for i in range(len(sheets)))
    if strings is not None:
        rels += b'<Relationship Id="rIdS" Type="%ssharedStrings" Target="sharedStrings.xml"/>' % _REL_TYPE
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="' + X.NS_PKG_REL.encode() + b'">' + rels
            + b"</Relationships>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as out:
        out.writestr("[Content_Types].xml", _CT)
        out.writestr("_rels/.rels", _ROOT_RELS)
        out.writestr("xl/workbook.xml", workbook)
        out.writestr("xl/_rels/workbook.xml.rels", rels)
        if strings is not None:
            out.writestr("xl/sharedStrings.xml", strings)
        for i, data in enumerate(sheets):
            out.writestr(f"xl/worksheets/s{i}.xml", data)
    buf.seek(0)
    return buf


def _fill(sheet: Sheet, grid: list[list], marks: dict, limits: Limits, date1904: bool) -> None:
    """The cells of ``sheet`` from calamine's grid (A1 at [0][0]), as the XML path makes them."""
    cap = limits.max_cell_chars
    plain_number = (False, False)
    rows = sheet.rows
    for r, values in enumerate(grid, 1):
        cells: dict[int, Cell] = {}
        for c, v in enumerate(values, 1):
            if v == "":
                continue
            kind = type(v)
            if kind is str:
                if len(v) > cap:
                    v = v[:cap]
                cells[c] = Cell(v, False, None, True, True, False)
            elif kind is float:
                if v.is_integer() and abs(v) < 1e15:
                    v = int(v)
                cells[c] = Cell(v, False, None, True, False, False)
            else:  # a type this path never expects from the checked parts
                raise Doubt(f"{sheet.name}: value of type {kind.__name__}")
        if cells:
            rows[r] = cells
    for (r, c), (pct, date) in marks.items():
        cell = rows.get(r, {}).get(c)
        if cell is None or (pct, date) == plain_number:
            continue
        cell.percent, cell.date = pct, date
        if date and not cell.text:
            cell.value = X._excel_date(cell.value, date1904) or cell.value


# --------------------------------------------------------------------------- entry point


def read_zip(z, path: str, limits: Limits) -> Workbook:
    """The fast reading of an opened archive; raises :class:`Doubt` (or whatever a part,
    a limit or calamine raises) when the XML path must read it instead."""
    if python_calamine is None:
        raise Doubt("python-calamine is not installed")
    if not z.has("xl/workbook.xml"):
        raise Doubt("no workbook part")
    wb_root = z.xml("xl/workbook.xml")
    wb = Workbook(path)
    pr = wb_root.find(X.M + "workbookPr")
    wb.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    rels = X._rels(z, "xl/workbook.xml")
    styles = X._styles(z)
    flagged = {str(i).encode(): (pct, date) for i, (pct, date, _) in enumerate(styles) if pct or date}
    sheets_el = wb_root.find(X.M + "sheets")
    if sheets_el is None:
        raise Doubt("no sheets")
    to_read: list[tuple[Sheet, str]] = []
    for s_el in sheets_el.findall(X.M + "sheet"):
        name = s_el.get("name") or ""
        if name in wb.sheets:
            raise Doubt("two sheets with one name")
        kind, target = rels.get(s_el.get("{%s}id" % X.NS_REL), ("", ""))
        sheet = Sheet(name=name, state=s_el.get("state", "visible"))
        if kind == "worksheet" and z.has(target):
            to_read.append((sheet, target))
        elif kind == "chartsheet":
            sheet.kind = "chartsheet"
        else:
            sheet.kind = "other"
        wb.sheets[name] = sheet
    if any(z.names[target].file_size > X.STREAM_PART_BYTES for _, target in to_read):
        raise Doubt("a big part (read as a stream)")  # said before anything is read
    strings = None
    if z.has("xl/sharedStrings.xml"):
        strings = z.read("xl/sharedStrings.xml")
        _check_strings(strings, "xl/sharedStrings.xml")
    parts, marks = [], []
    for sheet, target in to_read:
        data = z.read(target)
        if len(data) > X.STREAM_PART_BYTES:
            raise Doubt(f"{target}: a big part (read as a stream)")
        marks.append(_scan_sheet(data, target, sheet, limits, flagged))
        parts.append(data)
    if parts:
        book = python_calamine.CalamineWorkbook.from_filelike(_calamine_zip(parts, strings))
        for i, (sheet, _) in enumerate(to_read):
            grid = book.get_sheet_by_index(i).to_python(skip_empty_area=False)
            _fill(sheet, grid, marks[i], limits, wb.date1904)
    return wb
