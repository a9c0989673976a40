"""Fast annotated copy: edit the submitted ``.xlsx`` at zip level instead of loading it
with openpyxl (~10-20x faster, and every part we do not need to touch is copied as is).

:func:`annotate_zip` handles the common case and returns ``False`` (writing nothing)
for anything it does not handle, so the caller can fall back to openpyxl:

* a sheet with findings already has a ``legacyDrawing`` or comments;
* the workbook already has a ``Hasil Pemeriksaan`` sheet, or comments written by us
  (a resubmitted annotated copy);
* a finding's sheet is not a worksheet part, or its cell is not a plain ``A1`` ref;
* anything unexpected (missing parts, Strict OOXML namespaces, rows without ``r``...).

The result is deterministic: the same input gives the same bytes.

The shared helpers (:func:`cells_by_sheet`, :func:`listing`, :func:`clean_text`) are
also used by the openpyxl path so both paths produce the same visible content.
"""

from __future__ import annotations

import bisect
import copy
import io
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import rules
from ..output.atomic import write_with
from ..checking.feedback import (CELL_LIMIT, FINDINGS_SHEET, HEADERS, NO_FINDINGS, WIDTHS, Heading, IntroRow, ListingRow,
                       clean_text, header_row, height, intro, listing, location)
from ..checking.findings import Finding, col_index, col_letter
from ..output.zipnorm import FIXED_ZIP_TIME

AUTHOR = "Pemeriksa Lelang Kinerja"
FILL = {rules.ERROR: "FFC7CE", rules.WARNING: "FFEB9C"}
HEADER_FILL = "1F4E78"
LINK_COLOR = "0563C1"
TITLE_SIZE = 14
COMMENT_LIMIT = 2000

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "{%s}" % NS_MAIN
R = "{%s}" % NS_REL
P = "{%s}" % NS_PKG_REL
CT = "{%s}" % NS_CT
MC = "{%s}" % NS_MC

REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"

# CT_Worksheet children that come after legacyDrawing.
_AFTER_LEGACY = {"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                 "tableParts", "extLst"}
_CELL = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6})$")
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False)


class _Fallback(Exception):
    """This workbook is left to the openpyxl path."""


# --------------------------------------------------------------------------- shared with the openpyxl path


def cells_by_sheet(findings: list[Finding], sheetnames) -> dict[tuple[str, str], list[Finding]]:
    """Findings grouped by (sheet, cell), in first-seen order; only located ones."""
    names = set(sheetnames)
    out: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.sheet and f.cell and f.sheet in names and f.col and f.sheet != FINDINGS_SHEET:
            out.setdefault((f.sheet, f.cell), []).append(f)
    return out


def comment_text(items: list[Finding]) -> str:
    """The comment on a marked cell: ``LK310 (peringatan): message`` per finding."""
    return clean_text("\n".join(f"{i.code} ({rules.SEVERITY_NAMES[i.severity]}): {i.message}" for i in items),
                      COMMENT_LIMIT)


def worst(items: list[Finding]) -> str:
    return rules.ERROR if any(i.is_error for i in items) else rules.WARNING


# --------------------------------------------------------------------------- XML helpers


def _parse(data: bytes) -> etree._Element:
    if any(tok in data for tok in _FORBIDDEN):
        raise _Fallback("DTD")
    return etree.fromstring(data, _PARSER)


def _dump(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _split_ref(ref: str) -> tuple[int, int]:
    m = _CELL.match(ref or "")
    if not m:
        raise _Fallback(f"cell ref {ref!r}")
    col, row = col_index(m.group(1)), int(m.group(2))
    if col > 16384 or row > 1048576:
        raise _Fallback(f"cell ref {ref!r}")
    return row, col


def _col_of(ref: str) -> int:
    m = re.match(r"^\$?([A-Za-z]{1,3})\$?\d+$", ref or "")
    if not m:
        raise _Fallback(f"cell ref {ref!r}")
    return col_index(m.group(1))


_col_letter = col_letter


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _read_rels(parts, part: str) -> etree._Element | None:
    name = _rels_name(part)
    if name not in parts:
        return None
    root = _parse(parts[name])
    if root.tag != P + "Relationships":
        raise _Fallback("rels")
    return root


def _rel_map(rels: etree._Element | None, part: str) -> dict[str, tuple[str, str]]:
    """rId -> (type suffix, resolved part) for internal relationships."""
    out: dict[str, tuple[str, str]] = {}
    if rels is None:
        return out
    folder = posixpath.dirname(part)
    for rel in rels.iterchildren(P + "Relationship"):
        rid, rtype = rel.get("Id") or "", rel.get("Type") or ""
        if rel.get("TargetMode") == "External":
            out[rid] = (rtype.rsplit("/", 1)[-1], "")
        else:
            out[rid] = (rtype.rsplit("/", 1)[-1], _resolve(folder, rel.get("Target") or ""))
    return out


def _new_rid(rels: etree._Element) -> str:
    used = {rel.get("Id") for rel in rels.iterchildren(P + "Relationship")}
    n = len(used) + 1
    while f"rId{n}" in used:
        n += 1
    return f"rId{n}"


def _add_rel(rels: etree._Element, rtype: str, target: str) -> str:
    rid = _new_rid(rels)
    etree.SubElement(rels, P + "Relationship", {"Id": rid, "Type": REL_TYPE + rtype, "Target": target})
    return rid


def _sub(parent, tag: str, attrib: dict | None = None, text: str | None = None):
    el = etree.SubElement(parent, M + tag, attrib or {})
    if text is not None:
        el.text = text
    return el


# --------------------------------------------------------------------------- styles


class _Styles:
    """Appends fills, fonts and cell formats to ``xl/styles.xml``."""

    def __init__(self, data: bytes):
        self.root = _parse(data)
        if self.root.tag != M + "styleSheet":
            raise _Fallback("styles root")
        self.fills = self.root.find(M + "fills")
        self.fonts = self.root.find(M + "fonts")
        self.xfs = self.root.find(M + "cellXfs")
        if self.fills is None or self.fonts is None or self.xfs is None:
            raise _Fallback("styles incomplete")
        self.xf_list = list(self.xfs.iterchildren(M + "xf"))
        if not self.xf_list or len(self.fonts.findall(M + "font")) == 0:
            raise _Fallback("styles empty")
        self._fill_ids: dict[str, int] = {}
        self._clones: dict[tuple[int, str], int] = {}

    def fill(self, rgb: str) -> int:
        if rgb not in self._fill_ids:
            fill = _sub(self.fills, "fill")
            pf = _sub(fill, "patternFill", {"patternType": "solid"})
            _sub(pf, "fgColor", {"rgb": "FF" + rgb})
            _sub(pf, "bgColor", {"indexed": "64"})
            self._fill_ids[rgb] = len(self.fills.findall(M + "fill")) - 1
        return self._fill_ids[rgb]

    def font(self, bold: bool, rgb: str, underline: bool, size: int | None = None) -> int:
        size_pt = size
        base = self.fonts.find(M + "font")
        size = base.find(M + "sz")
        name = base.find(M + "name")
        family = base.find(M + "family")
        font = _sub(self.fonts, "font")
        if bold:
            _sub(font, "b")
        if underline:
            _sub(font, "u")
        _sub(font, "sz", {"val": str(size_pt) if size_pt else (size.get("val", "11") if size is not None else "11")})
        _sub(font, "color", {"rgb": "FF" + rgb})
        _sub(font, "name", {"val": name.get("val", "Calibri") if name is not None else "Calibri"})
        if family is not None and family.get("val"):
            _sub(font, "family", {"val": family.get("val")})
        return len(self.fonts.findall(M + "font")) - 1

    def _append_xf(self, xf) -> int:
        self.xfs.append(xf)
        self.xf_list.append(xf)
        return len(self.xf_list) - 1

    def highlighted(self, base: int, severity: str) -> int:
        """Index of a clone of cell format ``base`` with the severity's solid fill."""
        key = (base, severity)
        if key not in self._clones:
            if not 0 <= base < len(self.xf_list):
                raise _Fallback("style index")
            fill_id = self.fill(FILL[severity])
            xf = _clone(self.xf_list[base])
            xf.set("fillId", str(fill_id))
            xf.set("applyFill", "1")
            self._clones[key] = self._append_xf(xf)
        return self._clones[key]

    def plain(self, font: int = 0, fill: int = 0, wrap: bool = False, top: bool = True) -> int:
        """A new cell format; text at the top of the cell (rows grow with wrapped messages)."""
        attrs = {"numFmtId": "0", "fontId": str(font), "fillId": str(fill), "borderId": "0", "xfId": "0"}
        if font:
            attrs["applyFont"] = "1"
        if fill:
            attrs["applyFill"] = "1"
        if wrap or top:
            attrs["applyAlignment"] = "1"
        xf = etree.Element(M + "xf", attrs, nsmap=None)
        if wrap or top:
            etree.SubElement(xf, M + "alignment", {"vertical": "top", **({"wrapText": "1"} if wrap else {})})
        return self._append_xf(xf)

    def dump(self) -> bytes:
        for el, tag in ((self.fills, "fill"), (self.fonts, "font"), (self.xfs, "xf")):
            el.set("count", str(len(el.findall(M + tag))))
        order_font_children(self.root)
        return _dump(self.root)


# The order Excel expects the children of <font> in.
FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color", "name",
              "family", "charset", "scheme")
_FONT_RANK = {name: i for i, name in enumerate(FONT_ORDER)}


def order_font_children(root) -> None:
    """Reorder the children of every <font> under ``root`` (a styles part) as Excel expects;
    other writers (openpyxl) put name/family first, which Excel repairs."""
    for font in root.iter(M + "font"):
        children = sorted(font, key=lambda el: _FONT_RANK.get(_local(el), len(_FONT_RANK)))
        for el in children:
            font.append(el)


def _clone(el):
    return copy.deepcopy(el)


# --------------------------------------------------------------------------- worksheets


# a sheetView that may be selected: any tabSelected value but a plain false/0 (the copy's
# findings sheet is the selected one; a sheet written by LibreOffice says "false" on the others)
_SELECTED = re.compile(rb"""tabSelected\s*=\s*(["'])(?!(?:false|0)\1)""")


def _strip_tab_selected(root) -> bool:
    changed = False
    for sv in root.iter(M + "sheetView"):
        if sv.get("tabSelected") is not None:
            del sv.attrib["tabSelected"]
            changed = True
    return changed


def _legacy_position(root) -> int:
    """Index of the child before which ``legacyDrawing`` goes (len(root) for the end)."""
    for i, child in enumerate(root):
        name = _local(child)
        if name in _AFTER_LEGACY:
            return i
        if child.tag == MC + "AlternateContent":
            inner = {_local(g) for branch in child for g in branch}
            if inner & _AFTER_LEGACY:
                return i
    return len(root)


def _col_styles(root) -> list[tuple[int, int, int]]:
    out = []
    cols = root.find(M + "cols")
    if cols is not None:
        for c in cols.iterchildren(M + "col"):
            if c.get("style"):
                out.append((int(c.get("min", "0")), int(c.get("max", "0")), int(c.get("style"))))
    return out


def _empty_cell_style(row_s: str | None, row_custom: str | None, col: int, col_styles) -> int:
    """The format Excel shows for a cell that has no ``<c>`` element yet."""
    if row_custom in ("1", "true") and row_s:
        return int(row_s)
    return next((s for lo, hi, s in col_styles if lo <= col <= hi), 0)


def _spans_cover(spans: str | None, col: int) -> bool:
    if not spans:
        return True
    try:
        lo, hi = (int(x) for x in spans.split(":"))
    except ValueError:
        return False
    return lo <= col <= hi


def _update_dimension(root, cells: dict[str, list[Finding]]) -> None:
    dim = root.find(M + "dimension")
    if dim is None or not dim.get("ref"):
        return
    ends = dim.get("ref").replace("$", "").split(":")
    try:
        (r1, c1), (r2, c2) = _split_ref(ends[0]), _split_ref(ends[-1])
    except _Fallback:
        return
    refs = [_split_ref(k) for k in cells]
    first_r, first_c = min([r1] + [r for r, _ in refs]), min([c1] + [c for _, c in refs])
    last_r, last_c = max([r2] + [r for r, _ in refs]), max([c2] + [c for _, c in refs])
    dim.set("ref", f"{_col_letter(first_c)}{first_r}:{_col_letter(last_c)}{last_r}")


def _highlight_tree(root, cells: dict[str, list[Finding]], styles: _Styles, col_styles) -> None:
    """Set the cells' styles on a fully parsed worksheet (the general path)."""
    data = root.find(M + "sheetData")
    if data is None:
        raise _Fallback("no sheetData")
    rows: dict[int, etree._Element] = {}
    for row_el in data.iterchildren(M + "row"):
        r = row_el.get("r")
        if r is None:
            raise _Fallback("row without r")
        rows.setdefault(int(r), row_el)
    keys = sorted(rows)
    for ref, items in sorted(cells.items(), key=lambda kv: _split_ref(kv[0])):
        r, col = _split_ref(ref)
        row_el = rows.get(r)
        if row_el is None:
            i = bisect.bisect_left(keys, r)
            row_el = etree.Element(M + "row", {"r": str(r)})
            if i < len(keys):
                rows[keys[i]].addprevious(row_el)
            else:
                data.append(row_el)
            keys.insert(i, r)
            rows[r] = row_el
        if row_el.get("hidden") in ("1", "true"):  # a marked cell in a hidden row would not be seen
            del row_el.attrib["hidden"]
        cell = following = None
        for c_el in row_el.iterchildren(M + "c"):
            c_col = _col_of(c_el.get("r") or "")
            if c_col == col:
                cell = c_el
                break
            if c_col > col:
                following = c_el
                break
        if cell is not None:
            base = int(cell.get("s", "0"))
        else:
            base = _empty_cell_style(row_el.get("s"), row_el.get("customFormat"), col, col_styles)
            cell = etree.Element(M + "c", {"r": ref})
            if following is not None:
                following.addprevious(cell)
            else:
                row_el.append(cell)
            if not _spans_cover(row_el.get("spans"), col):
                del row_el.attrib["spans"]
        cell.set("s", str(styles.highlighted(base, worst(items))))


def _show_columns(root, cols: set[int]) -> None:
    """A marked cell in a hidden column would not be seen: show that column again."""
    el = root.find(M + "cols")
    if el is None:
        return
    for c in el.iterchildren(M + "col"):
        if c.get("hidden") in ("1", "true") and any(int(c.get("min", "0")) <= col <= int(c.get("max", "0"))
                                                  for col in cols):
            del c.attrib["hidden"]


_HIDDEN_ATTR = re.compile(rb"\shidden\s*=\s*[\"'](?:1|true)[\"']")
_ROW_R = re.compile(rb'<row\s(?:[^>]*?\s)?r="([0-9]+)"[^>]*>')
_CELL_TAG = re.compile(rb"<c(?=[\s/>])[^>]*>")
_R_ATTR = re.compile(rb"\sr\s*=\s*[\"']([A-Z]*[0-9]+)[\"']")
_S_ATTR = re.compile(rb"\ss\s*=\s*[\"']([0-9]+)[\"']")
_CUSTOM_ATTR = re.compile(rb"\scustomFormat\s*=\s*[\"']([a-z0-9]+)[\"']")
_SPANS_ATTR = re.compile(rb"\sspans\s*=\s*[\"']([^\"']*)[\"']")
_UNUSUAL = (b"<!--", b"<![CDATA[", b"<?")


def _attr(regex, tag: bytes) -> str | None:
    m = regex.search(tag)
    return m.group(1).decode("ascii") if m else None


def _with_style(tag: bytes, style: int) -> bytes:
    new = b' s="%d"' % style
    if _S_ATTR.search(tag):
        return _S_ATTR.sub(new, tag, count=1)
    return b"<c" + new + tag[2:]


def _highlight_bytes(body: bytes, cells: dict[str, list[Finding]], styles: _Styles, col_styles) -> bytes | None:
    """Set the cells' styles by splicing the ``sheetData`` bytes, without parsing the
    whole sheet. Returns None for a layout it does not expect (the tree path takes it)."""
    if any(tok in body for tok in _UNUSUAL):
        return None
    matches = list(_ROW_R.finditer(body))
    if len(matches) != body.count(b"<row"):
        return None  # a row without r (or written unusually)
    row_keys = [int(m.group(1)) for m in matches]
    if any(a >= b for a, b in zip(row_keys, row_keys[1:])):
        return None  # rows out of order
    rows = [(r, m.start(), m.end()) for r, m in zip(row_keys, matches)]  # (r, tag start, tag end)
    wanted: dict[int, list[tuple[int, str, list[Finding]]]] = {}
    for ref, items in cells.items():
        r, col = _split_ref(ref)
        wanted.setdefault(r, []).append((col, ref, items))
    # plan first (may still bail out), then ask for styles
    plan = []  # (start, end, r, row tag or None, row content, [(col, ref, items, existing cell span or insert pos)])
    for r in sorted(wanted):
        targets = sorted(wanted[r])
        i = bisect.bisect_left(row_keys, r)
        if i < len(rows) and row_keys[i] == r:
            _, start, tag_end = rows[i]
            tag = body[start:tag_end]
            if tag.endswith(b"/>"):
                end, content = tag_end, b""
            else:
                close = body.find(b"</row>", tag_end)
                if close < 0:
                    return None
                end, content = close + len(b"</row>"), body[tag_end:close]
            existing = []
            prev = 0
            for cm in _CELL_TAG.finditer(content):
                ref = _attr(_R_ATTR, cm.group(0))
                if ref is None:
                    return None
                c = _col_of(ref)
                if c <= prev:
                    return None
                prev = c
                existing.append((c, cm.start(), cm.end()))
            plan.append((start, end, r, tag, content, targets, existing))
        else:
            pos = rows[i][1] if i < len(rows) else len(body)
            plan.append((pos, pos, r, None, b"", targets, []))
    out = []
    pos = 0
    for start, end, r, tag, content, targets, existing in plan:
        out.append(body[pos:start])
        pos = end
        if tag is None:
            cells_xml = b"".join(
                b'<c r="%s" s="%d"/>' % (ref.encode(), styles.highlighted(_empty_cell_style(None, None, col, col_styles),
                                                                           worst(items)))
                for col, ref, items in targets)
            out.append(b'<row r="%d">%s</row>' % (r, cells_xml))
            continue
        head = tag[:-2] + b">" if tag.endswith(b"/>") else tag
        head = _HIDDEN_ATTR.sub(b"", head, count=1)  # a marked cell in a hidden row would not be seen
        row_s, row_custom = _attr(_S_ATTR, head), _attr(_CUSTOM_ATTR, head)
        cols = [c for c, _, _ in existing]
        pieces, cpos = [], 0
        for col, ref, items in targets:
            j = bisect.bisect_left(cols, col)
            if j < len(existing) and cols[j] == col:
                _, cs, ce = existing[j]
                ctag = content[cs:ce]
                base = int(_attr(_S_ATTR, ctag) or 0)
                pieces.append(content[cpos:cs])
                pieces.append(_with_style(ctag, styles.highlighted(base, worst(items))))
                cpos = ce
            else:
                at = existing[j][1] if j < len(existing) else len(content)
                base = _empty_cell_style(row_s, row_custom, col, col_styles)
                pieces.append(content[cpos:at])
                pieces.append(b'<c r="%s" s="%d"/>' % (ref.encode(), styles.highlighted(base, worst(items))))
                cpos = at
                spans = _attr(_SPANS_ATTR, head)
                if spans is not None and not _spans_cover(spans, col):
                    head = _SPANS_ATTR.sub(b"", head, count=1)
        pieces.append(content[cpos:])
        out.append(head + b"".join(pieces) + b"</row>")
    out.append(body[pos:])
    return b"".join(out)


class _SheetDoc:
    """A worksheet part: the parts outside ``sheetData`` as a tree, ``sheetData``
    itself as bytes when its layout is the usual one (much faster for big sheets)."""

    PLACEHOLDER = b"<sheetData/>"

    def __init__(self, data: bytes):
        self.data = data
        self.body: bytes | None = None
        split = self._split(data)
        if split is not None:
            head, body, tail = split
            root = _parse(head + self.PLACEHOLDER + tail)
            sd = root.find(M + "sheetData")
            if root.tag == M + "worksheet" and root.prefix is None and sd is not None and len(sd) == 0:
                self.root, self.body = root, body
                return
        self.root = _parse(data)

    @staticmethod
    def _split(data: bytes):
        if data.count(b"<sheetData") != 1:
            return None
        i = data.find(b"<sheetData")
        j = data.find(b">", i)
        open_tag = data[i:j + 1]
        if open_tag == b"<sheetData/>":
            return data[:i], b"", data[j + 1:]
        if open_tag != b"<sheetData>" or data.count(b"</sheetData>") != 1:
            return None
        k = data.find(b"</sheetData>", j)
        return data[:i], data[j + 1:k], data[k + len(b"</sheetData>"):]

    def highlight(self, cells: dict[str, list[Finding]], styles: _Styles) -> None:
        col_styles = _col_styles(self.root)
        if self.body is not None:
            new = _highlight_bytes(self.body, cells, styles, col_styles)
            if new is None:  # unusual sheetData: parse it all
                self.root, self.body = _parse(self.data), None
            else:
                self.body = new
        if self.body is None:
            _highlight_tree(self.root, cells, styles, col_styles)
        _update_dimension(self.root, cells)
        _show_columns(self.root, {_split_ref(ref)[1] for ref in cells})

    def dump(self) -> bytes:
        out = _dump(self.root)
        if self.body is None:
            return out
        if out.count(self.PLACEHOLDER) != 1:
            raise _Fallback("placeholder")
        return out.replace(self.PLACEHOLDER, b"<sheetData>" + self.body + b"</sheetData>")


# --------------------------------------------------------------------------- new parts, written as text


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _esc_attr(text: str) -> str:
    return (_esc(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;"))


_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _t(text: str) -> str:
    space = ' xml:space="preserve"' if (text != text.strip() or "\n" in text) else ""
    return f"<t{space}>{_esc(text)}</t>"


def _comments_xml(cells: dict[str, list[Finding]]) -> bytes:
    out = [_DECL, f'<comments xmlns="{NS_MAIN}"><authors><author>{_esc(AUTHOR)}</author></authors><commentList>']
    for ref in sorted(cells, key=_split_ref):
        out.append(f'<comment ref="{ref}" authorId="0"><text><r><rPr><sz val="9"/><color indexed="81"/>'
                   f'<rFont val="Tahoma"/><family val="2"/></rPr>{_t(comment_text(cells[ref]))}</r></text></comment>')
    out.append("</commentList></comments>")
    return "".join(out).encode("utf-8")


_VML_HEAD = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
    ' <o:shapelayout v:ext="edit">\n  <o:idmap v:ext="edit" data="{block}"/>\n </o:shapelayout>\n'
    ' <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">\n'
    '  <v:stroke joinstyle="miter"/>\n  <v:path gradientshapeok="t" o:connecttype="rect"/>\n </v:shapetype>\n'
)
_VML_SHAPE = (
    ' <v:shape id="_x0000_s{sid}" type="#_x0000_t202" style="position:absolute;margin-left:80pt;margin-top:1.5pt;'
    'width:240pt;height:120pt;z-index:{z};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">\n'
    '  <v:fill color2="#ffffe1"/>\n  <v:shadow on="t" color="black" obscured="t"/>\n'
    '  <v:path o:connecttype="none"/>\n'
    '  <v:textbox style="mso-direction-alt:auto">\n   <div style="text-align:left"></div>\n  </v:textbox>\n'
    '  <x:ClientData ObjectType="Note">\n   <x:MoveWithCells/>\n   <x:SizeWithCells/>\n'
    '   <x:Anchor>{c1}, 15, {r1}, 2, {c2}, 15, {r2}, 4</x:Anchor>\n   <x:AutoFill>False</x:AutoFill>\n'
    '   <x:Row>{row}</x:Row>\n   <x:Column>{col}</x:Column>\n  </x:ClientData>\n </v:shape>\n'
)


def _vml(cells: dict[str, list[Finding]], block: int) -> bytes:
    out = [_VML_HEAD.format(block=block)]
    for k, ref in enumerate(sorted(cells, key=_split_ref), start=1):
        r, c = _split_ref(ref)
        top = max(r - 2, 0)
        out.append(_VML_SHAPE.format(sid=block * 1024 + k, z=k, c1=c, r1=top, c2=c + 4, r2=top + 8, row=r - 1, col=c - 1))
    out.append("</xml>\n")
    return "".join(out).encode("utf-8")


def _findings_sheet(head: list[IntroRow], rows: list[ListingRow], st: dict[str, int]) -> bytes:
    """The findings sheet: the intro rows, a blank row, the table header, one row per finding."""
    top = len(head) + 2  # the table header row
    last = top + max(len(rows), 1)
    out = [_DECL, f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
           f'<dimension ref="A1:F{last}"/>',
           '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
           f'<selection activeCell="E{top + 1}" sqref="E{top + 1}"/></sheetView></sheetViews>'
           '<sheetFormatPr defaultRowHeight="15"/><cols>']
    out += [f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(WIDTHS, start=1)]
    out.append('</cols><sheetData>')

    def text_cell(ref: str, text: str, style: int | None = None) -> str:
        if not text:
            return "" if style is None else f'<c r="{ref}" s="{style}"/>'
        s = f' s="{style}"' if style is not None else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is>{_t(text)}</is></c>'

    def row_open(r: int, text: str, scale: float = 1.0) -> str:
        ht = height(text, scale=scale)
        return f'<row r="{r}" ht="{ht}" customHeight="1">' if ht else f'<row r="{r}">'

    for r, item in enumerate(head, start=1):
        if item.style == "title":
            out.append(f'<row r="{r}" ht="22" customHeight="1">{text_cell(f"A{r}", item.text, st["title"])}</row>')
            continue
        style = st["legend" + item.style] if item.style else st["wrap"]
        out.append(row_open(r, item.text) + text_cell(f"A{r}", item.label, st["label"])
                   + text_cell(f"F{r}", item.text, style) + "</row>")
    out.append(f'<row r="{top}">')
    out += [text_cell(f"{'ABCDEF'[i]}{top}", name, st["header"]) for i, name in enumerate(HEADERS)]
    out.append("</row>")
    links = []
    if not rows:
        out.append(f'<row r="{top + 1}">{text_cell(f"F{top + 1}", NO_FINDINGS)}</row>')
    for i, item in enumerate(rows, start=top + 1):
        out.append(row_open(i, item.message) + f'<c r="A{i}" s="{st[item.severity]}"><v>{item.no}</v></c>')
        out.append(text_cell(f"B{i}", item.code, st["top"]))
        out.append(text_cell(f"C{i}", item.level, st["top"]))
        out.append(text_cell(f"D{i}", item.sheet, st["top"]))
        out.append(text_cell(f"E{i}", item.cell, st["link"] if item.link else st["top"]))
        out.append(text_cell(f"F{i}", item.message, st["wrap"]))
        out.append("</row>")
        if item.link and item.cell:
            links.append(f'<hyperlink ref="E{i}" location="{_esc_attr(item.link)}" display="{_esc_attr(item.cell)}"/>')
    out.append("</sheetData>")
    if links:
        out += ["<hyperlinks>", *links, "</hyperlinks>"]
    out.append('<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
               '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>')
    return "".join(out).encode("utf-8")


# --------------------------------------------------------------------------- the package


@dataclass(frozen=True)
class _Raw:
    """An unchanged entry copied without recompressing."""

    method: int
    crc: int
    compressed: bytes
    size: int


class _Package:
    """The source zip, held in memory; parts are inflated on demand."""

    def __init__(self, src: Path):
        self.blob = Path(src).read_bytes()
        self.zf = zipfile.ZipFile(io.BytesIO(self.blob))
        self.names = [i.filename for i in self.zf.infolist()]
        if len({n.lower() for n in self.names}) != len(self.names):
            raise _Fallback("duplicate zip entries")
        self._by_name = {i.filename: i for i in self.zf.infolist()}
        self._cache: dict[str, bytes] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> bytes:
        if name not in self._cache:
            self._cache[name] = self.zf.read(self._by_name[name])
        return self._cache[name]

    def where(self, test):
        """(name, content) of the parts whose lower-case name passes ``test``."""
        for name in self.names:
            if test(name.lower()):
                yield name, self[name]

    def raw(self, name: str) -> _Raw | bytes:
        """The stored bytes of an entry, or its content when it cannot be copied raw."""
        info = self._by_name[name]
        if (info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
                or info.file_size >= 0xFFFFFFFF or info.compress_size >= 0xFFFFFFFF):
            return self[name]
        off = info.header_offset
        head = self.blob[off:off + 30]
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            raise _Fallback("local header")
        n, m = struct.unpack("<HH", head[26:30])
        start = off + 30 + n + m
        data = self.blob[start:start + info.compress_size]
        if len(data) != info.compress_size:
            raise _Fallback("truncated entry")
        return _Raw(info.compress_type, info.CRC, data, info.file_size)


def _unique_name(taken: set[str], pattern: str) -> str:
    n = 1
    while pattern.format(n).lower() in taken:
        n += 1
    name = pattern.format(n)
    taken.add(name.lower())
    return name


def _vml_blocks(pkg: _Package) -> int:
    """The highest shape-id block used by the existing VML drawings."""
    top = 0
    for name, data in pkg.where(lambda low: low.endswith(".vml")):
        for m in re.finditer(rb"data\s*=\s*\"([0-9,\s]+)\"", data):
            top = max([top, *(int(x) for x in re.split(rb"[,\s]+", m.group(1)) if x)])
        for m in re.finditer(rb"_x0000_s(\d+)", data):
            top = max(top, int(m.group(1)) // 1024)
    return top


def _shift_local_names(wb) -> None:
    """Sheet-local defined names (print titles, filters...) refer to sheets by position:
    with a new first sheet every position moves up by one."""
    names = wb.find(M + "definedNames")
    if names is None:
        return
    for dn in names.iterchildren(M + "definedName"):
        local = dn.get("localSheetId")
        if local is not None:
            if not local.strip().isdigit():
                raise _Fallback("localSheetId")
            dn.set("localSheetId", str(int(local) + 1))


def _build(src: Path, findings: list[Finding], heading: Heading | None = None) -> list[tuple[str, bytes | _Raw]]:
    pkg = _Package(src)
    taken = {n.lower() for n in pkg.names}

    # package -> workbook
    root_rels = _rel_map(_read_rels(pkg, ""), "")
    wb_part = next((t for typ, t in root_rels.values() if typ == "officeDocument"), None)
    if not wb_part or wb_part not in pkg or "[Content_Types].xml" not in pkg:
        raise _Fallback("no workbook")
    wb_dir = posixpath.dirname(wb_part)
    wb = _parse(pkg[wb_part])
    if wb.tag != M + "workbook":
        raise _Fallback("workbook root")
    wb_rels = _read_rels(pkg, wb_part)
    if wb_rels is None:
        raise _Fallback("no workbook rels")
    wb_map = _rel_map(wb_rels, wb_part)
    sheets_el = wb.find(M + "sheets")
    if sheets_el is None:
        raise _Fallback("no sheets")
    sheets = []  # (name, type, part, state)
    for s in sheets_el.iterchildren(M + "sheet"):
        rtype, part = wb_map.get(s.get(R + "id") or "", ("", ""))
        sheets.append((s.get("name") or "", rtype, part, s.get("state") or "visible"))
    if any(name.casefold() == FINDINGS_SHEET.casefold() for name, *_ in sheets):
        raise _Fallback("already annotated")
    for name, data in pkg.where(lambda low: "comment" in low or "persons" in low):
        if AUTHOR.encode() in data:
            raise _Fallback("comments of a previous annotation")
    sheetnames = [name for name, *_ in sheets]

    by_sheet: dict[str, dict[str, list[Finding]]] = {}
    for (sheet, ref), items in cells_by_sheet(findings, sheetnames).items():
        _split_ref(ref)
        by_sheet.setdefault(sheet, {})[ref] = items

    styles_part = next((t for typ, t in wb_map.values() if typ == "styles"), None)
    if not styles_part or styles_part not in pkg:
        raise _Fallback("no styles")
    styles = _Styles(pkg[styles_part])

    ct = _parse(pkg["[Content_Types].xml"])
    if ct.tag != CT + "Types":
        raise _Fallback("content types")
    defaults = {(d.get("Extension") or "").lower(): d.get("ContentType") for d in ct.iterchildren(CT + "Default")}

    changed: dict[str, bytes] = {}
    new_parts: list[tuple[str, bytes]] = []
    overrides: list[tuple[str, str]] = []
    block = _vml_blocks(pkg)
    for name, rtype, part, _state in sheets:
        cells = by_sheet.get(name)
        if cells is None:
            if part in pkg and _SELECTED.search(pkg[part]):  # LibreOffice writes tabSelected="false": left as it is
                doc = _SheetDoc(pkg[part]) if rtype == "worksheet" else None
                root = doc.root if doc else _parse(pkg[part])
                if _strip_tab_selected(root):
                    changed[part] = doc.dump() if doc else _dump(root)
            continue
        if rtype != "worksheet" or part not in pkg:
            raise _Fallback(f"sheet {name!r} is not a worksheet")
        doc = _SheetDoc(pkg[part])
        root = doc.root
        if root.tag != M + "worksheet" or root.find(M + "legacyDrawing") is not None:
            raise _Fallback("legacyDrawing present")
        rels = _read_rels(pkg, part)
        if any(t in ("comments", "vmlDrawing") for t, _ in _rel_map(rels, part).values()):
            raise _Fallback("comments present")
        doc.highlight(cells, styles)
        root = doc.root
        _strip_tab_selected(root)
        comments_name = _unique_name(taken, wb_dir + "/comments{}.xml")
        vml_name = _unique_name(taken, wb_dir + "/drawings/vmlDrawing{}.vml")
        block += 1
        new_parts.append((comments_name, _comments_xml(cells)))
        new_parts.append((vml_name, _vml(cells, block)))
        overrides.append(("/" + comments_name, CT_COMMENTS))
        if defaults.get("vml", CT_VML) != CT_VML:
            overrides.append(("/" + vml_name, CT_VML))
        if rels is None:
            rels = etree.Element(P + "Relationships", nsmap={None: NS_PKG_REL})
            taken.add(_rels_name(part).lower())
        folder = posixpath.dirname(part)
        _add_rel(rels, "comments", posixpath.relpath(comments_name, folder))
        vml_rid = _add_rel(rels, "vmlDrawing", posixpath.relpath(vml_name, folder))
        legacy = etree.Element(M + "legacyDrawing")
        legacy.set(R + "id", vml_rid)
        root.insert(_legacy_position(root), legacy)
        changed[part] = doc.dump()
        changed[_rels_name(part)] = _dump(rels)

    # the findings sheet
    st = {
        "header": styles.plain(font=styles.font(True, "FFFFFF", False), fill=styles.fill(HEADER_FILL), top=False),
        "link": styles.plain(font=styles.font(False, LINK_COLOR, True)),
        "wrap": styles.plain(wrap=True),
        "top": styles.plain(),
        "title": styles.plain(font=styles.font(True, HEADER_FILL, False, TITLE_SIZE)),
        "label": styles.plain(font=styles.font(True, "000000", False)),
        "legend" + rules.ERROR: styles.plain(fill=styles.fill(FILL[rules.ERROR]), wrap=True),
        "legend" + rules.WARNING: styles.plain(fill=styles.fill(FILL[rules.WARNING]), wrap=True),
        rules.ERROR: styles.plain(fill=styles.fill(FILL[rules.ERROR])),
        rules.WARNING: styles.plain(fill=styles.fill(FILL[rules.WARNING])),
    }
    sheet_name = _unique_name(taken, wb_dir + "/worksheets/sheet{}.xml")
    new_parts.insert(0, (sheet_name, _findings_sheet(intro(findings, heading), listing(findings, sheetnames), st)))
    overrides.insert(0, ("/" + sheet_name, CT_WORKSHEET))
    changed[styles_part] = styles.dump()

    rid = _add_rel(wb_rels, "worksheet", posixpath.relpath(sheet_name, wb_dir))
    ids = [int(s.get("sheetId")) for s in sheets_el.iterchildren(M + "sheet") if (s.get("sheetId") or "").isdigit()]
    new = etree.Element(M + "sheet", {"name": FINDINGS_SHEET, "sheetId": str(max(ids, default=0) + 1)})
    new.set(R + "id", rid)
    sheets_el.insert(0, new)  # the first tab: the operator sees it first
    _shift_local_names(wb)
    index = first_visible = 0
    views = wb.find(M + "bookViews")
    if views is None:
        views = etree.Element(M + "bookViews")
        sheets_el.addprevious(views)
    if views.find(M + "workbookView") is None:
        _sub(views, "workbookView")
    for view in views.iterchildren(M + "workbookView"):
        view.set("activeTab", str(index))
        if first_visible:
            view.set("firstSheet", str(first_visible))
        elif "firstSheet" in view.attrib:
            del view.attrib["firstSheet"]
    changed[wb_part] = _dump(wb)
    changed[_rels_name(wb_part)] = _dump(wb_rels)

    if "vml" not in defaults:
        first_override = ct.find(CT + "Override")
        d = etree.Element(CT + "Default", {"Extension": "vml", "ContentType": CT_VML})
        if first_override is not None:
            first_override.addprevious(d)
        else:
            ct.append(d)
    for part_name, ctype in overrides:
        etree.SubElement(ct, CT + "Override", {"PartName": part_name, "ContentType": ctype})
    changed["[Content_Types].xml"] = _dump(ct)

    out: list[tuple[str, bytes | _Raw]] = [(n, changed[n] if n in changed else pkg.raw(n)) for n in pkg.names]
    out += [(n, data) for n, data in sorted(changed.items()) if n not in pkg]  # new .rels parts
    out += new_parts
    return out


_DOS_TIME = (FIXED_ZIP_TIME[3] << 11) | (FIXED_ZIP_TIME[4] << 5) | (FIXED_ZIP_TIME[5] // 2)
_DOS_DATE = ((FIXED_ZIP_TIME[0] - 1980) << 9) | (FIXED_ZIP_TIME[1] << 5) | FIXED_ZIP_TIME[2]


def _zip_bytes(entries: list[tuple[str, bytes | _Raw]]) -> bytes:
    """A plain zip (no zip64, no data descriptors) with fixed timestamps."""
    if len(entries) >= 0xFFFF:
        raise _Fallback("too many entries")
    body: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, payload in entries:
        if isinstance(payload, _Raw):
            method, crc, data, size = payload.method, payload.crc, payload.compressed, payload.size
        else:
            comp = zlib.compressobj(6, zlib.DEFLATED, -15)
            method, crc, size = zipfile.ZIP_DEFLATED, zlib.crc32(payload), len(payload)
            data = comp.compress(payload) + comp.flush()
        try:
            fname, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            fname, flags = name.encode("utf-8"), 0x800
        if offset + len(data) >= 0xFFFFFFFF:
            raise _Fallback("too large")
        local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, method, _DOS_TIME, _DOS_DATE, crc, len(data),
                            size, len(fname), 0)
        body += [local, fname, data]
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", (3 << 8) | 20, 20, flags, method, _DOS_TIME,
                                   _DOS_DATE, crc, len(data), size, len(fname), 0, 0, 0, 0, 0o600 << 16, offset) + fname)
        offset += len(local) + len(fname) + len(data)
    cd = b"".join(central)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(cd), offset, 0)
    return b"".join(body) + cd + end


def annotate_zip(src: Path, dest: Path, findings: list[Finding], heading: Heading | None = None) -> bool:
    """Write the annotated copy of ``src`` to ``dest`` at zip level.

    Returns False, writing nothing, when the workbook is a case left to openpyxl.
    OSErrors while writing ``dest`` propagate.
    """
    try:
        data = _zip_bytes(_build(Path(src), list(findings), heading))
    except Exception:  # noqa: BLE001 - any surprise means: let openpyxl do it
        return False
    write_with(dest, lambda tmp: tmp.write_bytes(data))
    return True


__all__ = ["annotate_zip", "FINDINGS_SHEET", "AUTHOR", "FILL", "Heading", "cells_by_sheet", "listing", "clean_text",
           "CELL_LIMIT", "NO_FINDINGS", "HEADERS", "WIDTHS", "location", "header_row"]
