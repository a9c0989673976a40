"""A small, defensive ``.xlsx`` reader built on ``zipfile`` and lxml.

Why not openpyxl or python-calamine alone: the checks need more than values. They need
each cell's number format (a percent cell stores 0.85 and shows 85%), whether a cell holds
a formula and whether it has a stored value, hidden rows and columns, merged ranges and
the claimed dimension. calamine gives values only; openpyxl gives everything but is ~30x
slower and resolves far more of the file than a check needs. This reader reads exactly
those parts, and it is written for hostile input:

* the file size, the total uncompressed size and each part's size are capped before
  anything is decompressed (zip bombs);
* a part that declares a DTD or an entity is refused outright, and the XML parser never
  resolves entities nor touches the network (billion laughs, XXE);
* rows, columns and cell text length are capped (:class:`Limits`).

Problems raise :class:`Unreadable` (finding LK101) or :class:`TooLarge` (LK106) with an
Indonesian detail; nothing else escapes for a malformed file.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..contract import norm

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
M = "{%s}" % NS_MAIN


@dataclass(frozen=True)
class Limits:
    """Configurable caps; defaults are generous for a real form and tight for a bomb."""

    max_file_bytes: int = 25 * 1024 * 1024
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_part_bytes: int = 100 * 1024 * 1024
    max_rows: int = 20_000
    max_cols: int = 500
    max_cell_chars: int = 32_767


class Unreadable(Exception):
    """The file is not a readable .xlsx workbook (LK101). ``detail`` is Indonesian."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class TooLarge(Exception):
    """The file exceeds a limit (LK106). ``detail`` is Indonesian."""

    def __init__(self, detail: str, sheet: str = ""):
        super().__init__(detail)
        self.detail = detail
        self.sheet = sheet


@dataclass(slots=True)
class Cell:
    value: object  # str | float | int | bool | datetime | None
    percent: bool = False  # number format shows a percentage
    formula: str | None = None
    cached: bool = True  # a formula cell with a stored value
    text: bool = False  # stored as a string
    date: bool = False  # number format is a date


@dataclass
class Sheet:
    name: str
    kind: str = "worksheet"  # worksheet | chartsheet | other
    state: str = "visible"  # visible | hidden | veryHidden
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    dimension: str = ""

    @property
    def max_row(self) -> int:
        return max(self.rows, default=0)

    @property
    def max_col(self) -> int:
        return max((max(r) for r in self.rows.values() if r), default=0)

    def get(self, row: int, col: int) -> Cell | None:
        r = self.rows.get(row)
        return r.get(col) if r else None

    def value(self, row: int, col: int) -> object:
        c = self.get(row, col)
        return None if c is None else c.value


@dataclass
class Workbook:
    path: str
    sheets: dict[str, Sheet] = field(default_factory=dict)  # in workbook order
    date1904: bool = False

    def sheet(self, name: str) -> Sheet | None:
        if name in self.sheets:
            return self.sheets[name]
        key = norm(name)
        for n, s in self.sheets.items():
            if norm(n) == key:
                return s
        return None


# --------------------------------------------------------------------------- sniffing

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(head: bytes, size: int) -> str | None:
    """Return an Indonesian reason when the bytes are clearly not an .xlsx zip."""
    if size == 0:
        return "berkas kosong (0 bita)"
    if head.startswith(OLE_MAGIC):
        return None  # decided later: encrypted OOXML or legacy .xls
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return None
    if head.startswith(b"%PDF"):
        return "berkas PDF, bukan buku kerja Excel"
    if head[:5].lower() in (b"<html", b"<!doc") or b"<html" in head[:512].lower():
        return "berkas HTML, bukan buku kerja Excel"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "berkas gambar, bukan buku kerja Excel"
    if head.startswith(b"{\\rtf"):
        return "berkas RTF, bukan buku kerja Excel"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and text.strip():
        if any(sep in text for sep in (",", ";", "\t")):
            return "berkas teks/CSV yang diberi akhiran .xlsx, bukan buku kerja Excel"
        return "berkas teks, bukan buku kerja Excel"
    return "format berkas tidak dikenal, bukan buku kerja Excel"


def _ole_reason(data: bytes) -> str:
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "buku kerja dilindungi kata sandi (terenkripsi); simpan ulang tanpa kata sandi"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "format Excel 97-2003 (.xls); simpan ulang sebagai .xlsx"
    if "WordDocument".encode("utf-16-le") in data:
        return "dokumen Word lama (.doc), bukan buku kerja Excel"
    return "berkas format Microsoft Office lama (OLE), bukan .xlsx"


# --------------------------------------------------------------------------- XML safety

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")


def _check_xml_bytes(data: bytes, part: str) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and data[1:2] == b"\x00"):
        raise Unreadable(f"bagian '{part}' memakai penyandian yang tidak didukung")
    if any(tok in data for tok in _FORBIDDEN):
        raise Unreadable(f"bagian '{part}' berisi deklarasi DTD/entitas XML yang tidak diizinkan")


def _parse_xml(data: bytes, part: str) -> etree._Element:
    _check_xml_bytes(data, part)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise Unreadable(f"bagian '{part}' rusak (XML tidak valid: {exc.msg})") from None


class _Zip:
    """A zip archive with size caps on every read."""

    def __init__(self, zf: zipfile.ZipFile, limits: Limits):
        self.zf = zf
        self.limits = limits
        self.names = {info.filename: info for info in zf.infolist()}
        total = sum(info.file_size for info in zf.infolist())
        if total > limits.max_uncompressed_bytes:
            raise TooLarge(
                f"isi terkompresi mengembang menjadi {total // (1024 * 1024)} MB "
                f"(batas {limits.max_uncompressed_bytes // (1024 * 1024)} MB)"
            )

    def __enter__(self) -> "_Zip":
        return self

    def __exit__(self, *exc) -> None:
        self.zf.close()

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        info = self.names.get(name)
        if info is None:
            raise Unreadable(f"bagian '{name}' tidak ada di dalam berkas")
        cap = self.limits.max_part_bytes
        if info.file_size > cap:
            raise TooLarge(f"bagian '{name}' berukuran {info.file_size // (1024 * 1024)} MB (batas {cap // (1024 * 1024)} MB)")
        try:
            with self.zf.open(info) as fh:
                data = fh.read(cap + 1)  # never trust the declared size alone
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
            raise Unreadable(f"bagian '{name}' rusak atau terpotong ({exc.__class__.__name__})") from None
        except RuntimeError:
            raise Unreadable("buku kerja dilindungi kata sandi (terenkripsi)") from None
        if len(data) > cap:
            raise TooLarge(f"bagian '{name}' lebih besar dari batas {cap // (1024 * 1024)} MB")
        return data

    def xml(self, name: str) -> etree._Element:
        return _parse_xml(self.read(name), name)


def _rels(z: _Zip, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type suffix, resolved target part) for a part."""
    folder, base = posixpath.split(part)
    rel_name = posixpath.join(folder, "_rels", base + ".rels")
    if not z.has(rel_name):
        return {}
    out = {}
    for rel in _parse_xml(z.read(rel_name), rel_name):
        rid, target, rtype = rel.get("Id"), rel.get("Target") or "", rel.get("Type") or ""
        if rel.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        out[rid] = (rtype.rsplit("/", 1)[-1], resolved)
    return out


# --------------------------------------------------------------------------- styles

_BUILTIN_DATE_IDS = set(range(14, 23)) | {45, 46, 47}
_BUILTIN_PERCENT_IDS = {9, 10}
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _classify_format(code: str) -> tuple[bool, bool]:
    """(is_percent, is_date) for a custom number format code."""
    bare = _QUOTED.sub("", code)
    section = bare.split(";")[0]
    is_percent = "%" in section
    digit_placeholders = bool(re.search(r"[0#?]", section))
    is_date = not is_percent and (
        bool(re.search(r"[dDyYhHsS]", section)) or ("m" in section.lower() and not digit_placeholders)
    )
    return is_percent, is_date


def _styles(z: _Zip) -> list[tuple[bool, bool, bool]]:
    """Per cellXfs index: (percent, date, text-format)."""
    if not z.has("xl/styles.xml"):
        return []
    root = z.xml("xl/styles.xml")
    custom: dict[int, tuple[bool, bool]] = {}
    num_fmts = root.find(M + "numFmts")
    if num_fmts is not None:
        for nf in num_fmts.findall(M + "numFmt"):
            try:
                custom[int(nf.get("numFmtId", "0"))] = _classify_format(nf.get("formatCode", ""))
            except ValueError:
                continue
    out = []
    xfs = root.find(M + "cellXfs")
    if xfs is not None:
        for xf in xfs.findall(M + "xf"):
            try:
                fid = int(xf.get("numFmtId", "0"))
            except ValueError:
                fid = 0
            if fid in custom:
                pct, date = custom[fid]
            else:
                pct, date = fid in _BUILTIN_PERCENT_IDS, fid in _BUILTIN_DATE_IDS
            out.append((pct, date, fid == 49))
    return out


_XESC = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Decode OOXML ``_xHHHH_`` escapes (how control characters are stored)."""
    return _XESC.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _shared_strings(z: _Zip, limits: Limits) -> list[str]:
    name = "xl/sharedStrings.xml"
    if not z.has(name):
        return []
    root = z.xml(name)
    out = []
    for si in root.iterchildren(M + "si"):
        t = si.find(M + "t")
        if t is not None and len(si) == 1:
            text = t.text or ""
        else:  # rich text: concatenate runs, skip phonetic hints
            text = "".join(r.text or "" for r in si.iter(M + "t") if r.getparent().tag != M + "rPh")
        out.append(_unescape(text)[: limits.max_cell_chars])
    return out


# --------------------------------------------------------------------------- sheets

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def _split_ref(ref: str) -> tuple[int, int] | None:
    m = _REF.match(ref or "")
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _excel_date(serial: float, date1904: bool) -> dt.datetime | None:
    try:
        base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
        if not date1904 and serial < 61:
            serial += 1  # Excel's 1900 leap-year bug
        return base + dt.timedelta(days=float(serial))
    except (OverflowError, ValueError):
        return None


# A worksheet part above this size is parsed as a stream, row by row, each row dropped
# once read: the tool's own big workbooks (penawaran.xlsx at 1,000 OPDs is 54,000 rows)
# would otherwise hold an lxml tree several times the size of the cells read from it.
STREAM_PART_BYTES = 4 * 1024 * 1024


def _read_sheet(z: _Zip, part: str, sheet: Sheet, styles, strings, limits: Limits, date1904: bool) -> None:
    fmt = _style_flags(styles)
    data = z.read(part)
    if len(data) > STREAM_PART_BYTES:
        return _stream_sheet(data, part, sheet, fmt, styles, strings, limits, date1904)
    root = _parse_xml(data, part)
    dim = root.find(M + "dimension")
    if dim is not None:
        _dimension(dim, sheet, limits)
    cols = root.find(M + "cols")
    if cols is not None:
        for c in cols.findall(M + "col"):
            _hidden_col(c, sheet, limits)
    rows = root.find(M + "sheetData")
    next_row = 1
    if rows is not None:
        for row_el in rows.iterchildren(M + "row"):
            next_row = _read_row(row_el, next_row, sheet, fmt, styles, strings, limits, date1904)
    merges = root.find(M + "mergeCells")
    if merges is not None:
        for mc in merges.findall(M + "mergeCell"):
            _merge(mc, sheet)


def _stream_sheet(data: bytes, part: str, sheet: Sheet, fmt, styles, strings, limits: Limits, date1904: bool) -> None:
    """:func:`_read_sheet` for a big part: the same reading, the same safety, bounded memory."""
    _check_xml_bytes(data, part)
    events = etree.iterparse(io.BytesIO(data), events=("end",), tag=(_DIM, _COL, _ROW, _MERGE),
                             resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    next_row = 1
    seen_dim = False
    try:
        for _, el in events:
            parent = el.getparent()
            ptag = parent.tag if parent is not None else None
            if el.tag == _ROW:
                if ptag == _SHEETDATA:
                    next_row = _read_row(el, next_row, sheet, fmt, styles, strings, limits, date1904)
                el.clear()
                while el.getprevious() is not None:  # rows already read
                    del parent[0]
            elif el.tag == _COL and ptag == _COLS_EL:
                _hidden_col(el, sheet, limits)
            elif el.tag == _MERGE and ptag == _MERGES:
                _merge(el, sheet)
            elif el.tag == _DIM and ptag == _WORKSHEET and not seen_dim:
                seen_dim = True
                _dimension(el, sheet, limits)
    except etree.XMLSyntaxError as exc:
        raise Unreadable(f"bagian '{part}' rusak (XML tidak valid: {exc.msg})") from None


def _dimension(dim, sheet: Sheet, limits: Limits) -> None:
    sheet.dimension = dim.get("ref", "")
    last = sheet.dimension.split(":")[-1]
    rc = _split_ref(last)
    if rc and (rc[0] > limits.max_rows or rc[1] > limits.max_cols):
        raise TooLarge(
            f"lembar '{sheet.name}' mengaku berukuran {sheet.dimension} "
            f"(batas {limits.max_rows} baris × {limits.max_cols} kolom)",
            sheet.name,
        )


def _hidden_col(c, sheet: Sheet, limits: Limits) -> None:
    if c.get("hidden") in ("1", "true"):
        try:
            lo, hi = int(c.get("min", "0")), int(c.get("max", "0"))
        except ValueError:
            return
        hi = min(hi, limits.max_cols + 1)
        sheet.hidden_cols.update(range(lo, hi + 1))


def _merge(mc, sheet: Sheet) -> None:
    parts = (mc.get("ref") or "").split(":")
    if len(parts) == 2:
        a, b = _split_ref(parts[0]), _split_ref(parts[1])
        if a and b:
            sheet.merged.append((a[0], a[1], b[0], b[1]))


def _read_row(row_el, next_row: int, sheet: Sheet, fmt, styles, strings, limits: Limits, date1904: bool) -> int:
    """Read one <row> into ``sheet``; returns the number the next row gets when it has no ``r``."""
    r_attr = row_el.get("r")
    try:
        r = int(r_attr) if r_attr else next_row
    except ValueError:
        r = next_row
    if r > limits.max_rows:
        raise TooLarge(f"lembar '{sheet.name}' berisi data di baris {r} (batas {limits.max_rows} baris)", sheet.name)
    if row_el.get("hidden") in ("1", "true"):
        sheet.hidden_rows.add(r)
    cells: dict[int, Cell] = {}
    next_col = 1
    skipped = 0
    for c_el in row_el.iterchildren(_C):
        n = len(c_el)
        if not n:  # <c r=".." s=".."/>: formatted but empty
            skipped += 1
            continue
        ref = c_el.get("r")
        if not ref:
            col = next_col + skipped
        elif "A" <= ref[0] <= "Z" and ref[1:].isdigit() and ref.isascii():  # A1..Z999: most cells
            col = ord(ref[0]) - 64
        else:
            col = _col_of(ref)
        next_col, skipped = col + 1, 0
        if col > limits.max_cols:
            raise TooLarge(f"lembar '{sheet.name}' berisi data di kolom ke-{col} (batas {limits.max_cols} kolom)", sheet.name)
        if n == 1:  # the common cells inline: a shared or inline string or a number, no formula
            v_el = c_el[0]
            raw = v_el.text
            if v_el.tag == _IS and len(v_el) == 1 and v_el[0].tag == _T and c_el.get("t") == "inlineStr":
                value = v_el[0].text
                if value:
                    value = _unescape(value)[: limits.max_cell_chars]
                    s_attr = c_el.get("s")
                    st = fmt.get(s_attr)
                    if st is None:
                        st = fmt[s_attr] = _flags_of(styles, s_attr)
                    cells[col] = Cell(value, st[0], None, True, True, st[1])
                continue  # an empty inline string is no cell, as in _read_cell
            if v_el.tag == _V and raw is not None:
                t = c_el.get("t")
                s_attr = c_el.get("s")
                st = fmt.get(s_attr)
                if st is None:  # written oddly ("03", "-1", "x"): as _read_cell reads it
                    st = fmt[s_attr] = _flags_of(styles, s_attr)
                if t == "s":
                    try:
                        value = strings[int(raw)]
                    except (ValueError, IndexError):
                        value = None
                    if value:
                        cells[col] = Cell(value, st[0], None, True, True, st[1])
                    continue  # an empty string is no cell, as in _read_cell
                if t is None or t == "n":
                    try:
                        num = float(raw)
                    except ValueError:
                        pass  # text in a number cell: _read_cell keeps it as text
                    else:
                        value = int(num) if num.is_integer() and abs(num) < 1e15 else num
                        if st[1]:
                            value = _excel_date(value, date1904) or value
                        cells[col] = Cell(value, st[0], None, True, False, st[1])
                        continue
        cell = _read_cell(c_el, styles, strings, limits, date1904)
        if cell is not None:
            cells[col] = cell
    if cells:
        sheet.rows[r] = cells
    return r + 1


_C, _F, _V, _IS, _T = M + "c", M + "f", M + "v", M + "is", M + "t"
_DIM, _COL, _ROW, _MERGE = M + "dimension", M + "col", M + "row", M + "mergeCell"
_WORKSHEET, _COLS_EL, _SHEETDATA, _MERGES = M + "worksheet", M + "cols", M + "sheetData", M + "mergeCells"
_NO_FORMAT = (False, False, False)


def _flags_of(styles, s: str) -> tuple[bool, bool, bool]:
    if styles:
        try:
            return styles[int(s)]
        except (ValueError, IndexError):
            pass
    return _NO_FORMAT


def _style_flags(styles) -> dict:
    """The ``s`` attribute as written in the sheet -> (percent, date, text-format)."""
    out: dict = {None: _NO_FORMAT}
    for i, flags in enumerate(styles):
        out[str(i)] = flags
    return out
_COLS: dict[str, int] = {}


def _col_of(ref: str) -> int:
    """Column number of a cell reference like 'AB12' (cached per letters)."""
    letters = ref.rstrip("0123456789").lstrip("$").rstrip("$")
    col = _COLS.get(letters)
    if col is None:
        col = 0
        for ch in letters.upper():
            if not "A" <= ch <= "Z":
                return 0
            col = col * 26 + ord(ch) - 64
        if len(_COLS) < 20_000:
            _COLS[letters] = col
    return col


def _read_cell(c_el, styles, strings, limits: Limits, date1904: bool) -> Cell | None:
    t = c_el.get("t", "n")
    s = c_el.get("s")
    pct, date, textfmt = _NO_FORMAT if s is None else _flags_of(styles, s)
    f_el = v_el = None
    for child in c_el:
        tag = child.tag
        if tag == _V:
            v_el = child
        elif tag == _F:
            f_el = child
    formula = None
    if f_el is not None:
        formula = (f_el.text or "").strip() or ("(rumus bersama)" if f_el.get("t") == "shared" else "")
    raw = v_el.text if v_el is not None else None
    value: object = None
    is_text = False
    if t == "inlineStr":
        is_el = c_el.find(M + "is")
        if is_el is not None:
            value = _unescape("".join(x.text or "" for x in is_el.iter(M + "t")))
        is_text = True
    elif raw is None:
        value = None
    elif t == "s":
        try:
            value = strings[int(raw)]
        except (ValueError, IndexError):
            value = None
        is_text = True
    elif t in ("str", "e"):
        value = raw
        is_text = t == "str"
        if t == "e":
            value = raw  # error value such as #DIV/0!, kept as text
            is_text = True
    elif t == "b":
        value = raw.strip() in ("1", "true")
    else:  # n, d
        try:
            num = float(raw)
            value = int(num) if num.is_integer() and abs(num) < 1e15 else num
        except ValueError:
            value = raw
            is_text = True
        if date and isinstance(value, (int, float)):
            value = _excel_date(value, date1904) or value
    if isinstance(value, str):
        if len(value) > limits.max_cell_chars:
            value = value[: limits.max_cell_chars]
    if formula is None and (value is None or value == ""):
        return None
    cached = not (formula is not None and raw is None and t != "inlineStr")
    return Cell(value=value, percent=pct, formula=formula, cached=cached, text=is_text or textfmt and isinstance(value, str), date=date)


# --------------------------------------------------------------------------- entry point


def read_workbook(path: str | Path, limits: Limits = Limits()) -> Workbook:
    """Read every sheet of an .xlsx file. Raises Unreadable / TooLarge only."""
    with open_zip(path, limits) as z:
        return _read_zip(z, str(path), limits)


def open_zip(path: str | Path, limits: Limits) -> "_Zip":
    """The checks made before any part is read (size, what the bytes are, the zip's
    declared total), then the archive with capped reads; use it as a context manager."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Unreadable(f"berkas tidak dapat dibuka ({exc.strerror or exc.__class__.__name__})") from None
    if size > limits.max_file_bytes:
        raise TooLarge(f"ukuran berkas {size / (1024 * 1024):.1f} MB (batas {limits.max_file_bytes // (1024 * 1024)} MB)")
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise Unreadable(f"berkas tidak dapat dibuka ({exc.strerror or exc.__class__.__name__})") from None
    reason = sniff(head, size)
    if reason:
        raise Unreadable(reason)
    if head.startswith(OLE_MAGIC):
        raise Unreadable(_ole_reason(path.read_bytes()))
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise Unreadable("berkas rusak atau terpotong (arsip zip tidak lengkap)") from None
    except (OSError, ValueError, EOFError) as exc:
        raise Unreadable(f"berkas rusak ({exc.__class__.__name__})") from None
    try:
        return _Zip(zf, limits)
    except BaseException:
        zf.close()
        raise


def _read_zip(z: _Zip, path: str, limits: Limits) -> Workbook:
    if not z.has("xl/workbook.xml"):
        if z.has("mimetype") and b"opendocument.spreadsheet" in z.read("mimetype"):
            raise Unreadable("format OpenDocument (.ods); simpan ulang sebagai .xlsx")
        if z.has("mimetype"):
            raise Unreadable("dokumen OpenDocument, bukan buku kerja Excel")
        if z.has("word/document.xml"):
            raise Unreadable("dokumen Word (.docx) yang diberi akhiran .xlsx, bukan buku kerja Excel")
        if z.has("ppt/presentation.xml"):
            raise Unreadable("presentasi PowerPoint, bukan buku kerja Excel")
        raise Unreadable("arsip zip yang bukan buku kerja Excel (xl/workbook.xml tidak ada)")
    wb_root = z.xml("xl/workbook.xml")
    wb = Workbook(path)
    pr = wb_root.find(M + "workbookPr")
    wb.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    rels = _rels(z, "xl/workbook.xml")
    styles = _styles(z)
    strings = _shared_strings(z, limits)
    sheets_el = wb_root.find(M + "sheets")
    if sheets_el is None:
        raise Unreadable("buku kerja tidak berisi lembar apa pun")
    for s_el in sheets_el.findall(M + "sheet"):
        name = s_el.get("name") or ""
        rid = s_el.get("{%s}id" % NS_REL)
        kind, target = rels.get(rid, ("", ""))
        sheet = Sheet(name=name, state=s_el.get("state", "visible"))
        if kind == "worksheet" and z.has(target):
            _read_sheet(z, target, sheet, styles, strings, limits, wb.date1904)
        elif kind == "chartsheet":
            sheet.kind = "chartsheet"
        else:
            sheet.kind = "other"
        wb.sheets[name] = sheet
    return wb
