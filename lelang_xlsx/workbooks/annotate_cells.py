"""Marking the cells with findings in a worksheet part, for the fast annotated copy: the
``sheetData`` bytes spliced when their layout is the usual one, the parsed tree otherwise;
hidden rows and columns of marked cells shown; the sheet's dimension and selection fixed.
"""

from __future__ import annotations

import bisect
import re

from lxml import etree

from ..checking.findings import Finding, col_letter
from .annotate_common import worst
from .annotate_styles import StylesPart
from .annotate_xml import MC, M, Fallback, col_of, dump_xml, local_name, parse_xml, split_ref


# CT_Worksheet children that come after legacyDrawing.
_AFTER_LEGACY = {"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                 "tableParts", "extLst"}

# a sheetView that may be selected: any tabSelected value but a plain false/0 (the copy's
# findings sheet is the selected one; a sheet written by LibreOffice says "false" on the others)
TAB_SELECTED = re.compile(rb"""tabSelected\s*=\s*(["'])(?!(?:false|0)\1)""")


def strip_tab_selected(root) -> bool:
    changed = False
    for sv in root.iter(M + "sheetView"):
        if sv.get("tabSelected") is not None:
            del sv.attrib["tabSelected"]
            changed = True
    return changed


def legacy_position(root) -> int:
    """Index of the child before which ``legacyDrawing`` goes (len(root) for the end)."""
    for i, child in enumerate(root):
        name = local_name(child)
        if name in _AFTER_LEGACY:
            return i
        if child.tag == MC + "AlternateContent":
            inner = {local_name(g) for branch in child for g in branch}
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
        (r1, c1), (r2, c2) = split_ref(ends[0]), split_ref(ends[-1])
    except Fallback:
        return
    refs = [split_ref(k) for k in cells]
    first_r, first_c = min([r1] + [r for r, _ in refs]), min([c1] + [c for _, c in refs])
    last_r, last_c = max([r2] + [r for r, _ in refs]), max([c2] + [c for _, c in refs])
    dim.set("ref", f"{col_letter(first_c)}{first_r}:{col_letter(last_c)}{last_r}")


def _highlight_tree(root, cells: dict[str, list[Finding]], styles: StylesPart, col_styles) -> None:
    """Set the cells' styles on a fully parsed worksheet (the general path)."""
    data = root.find(M + "sheetData")
    if data is None:
        raise Fallback("no sheetData")
    rows: dict[int, etree._Element] = {}
    for row_el in data.iterchildren(M + "row"):
        r = row_el.get("r")
        if r is None:
            raise Fallback("row without r")
        rows.setdefault(int(r), row_el)
    keys = sorted(rows)
    for ref, items in sorted(cells.items(), key=lambda kv: split_ref(kv[0])):
        r, col = split_ref(ref)
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
            c_col = col_of(c_el.get("r") or "")
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


def highlight_bytes(body: bytes, cells: dict[str, list[Finding]], styles: StylesPart, col_styles) -> bytes | None:
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
        r, col = split_ref(ref)
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
                c = col_of(ref)
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


class SheetDoc:
    """A worksheet part: the parts outside ``sheetData`` as a tree, ``sheetData``
    itself as bytes when its layout is the usual one (much faster for big sheets)."""

    PLACEHOLDER = b"<sheetData/>"

    def __init__(self, data: bytes):
        self.data = data
        self.body: bytes | None = None
        split = self._split(data)
        if split is not None:
            head, body, tail = split
            root = parse_xml(head + self.PLACEHOLDER + tail)
            sd = root.find(M + "sheetData")
            if root.tag == M + "worksheet" and root.prefix is None and sd is not None and len(sd) == 0:
                self.root, self.body = root, body
                return
        self.root = parse_xml(data)

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

    def highlight(self, cells: dict[str, list[Finding]], styles: StylesPart) -> None:
        col_styles = _col_styles(self.root)
        if self.body is not None:
            new = highlight_bytes(self.body, cells, styles, col_styles)
            if new is None:  # unusual sheetData: parse it all
                self.root, self.body = parse_xml(self.data), None
            else:
                self.body = new
        if self.body is None:
            _highlight_tree(self.root, cells, styles, col_styles)
        _update_dimension(self.root, cells)
        _show_columns(self.root, {split_ref(ref)[1] for ref in cells})

    def dump(self) -> bytes:
        out = dump_xml(self.root)
        if self.body is None:
            return out
        if out.count(self.PLACEHOLDER) != 1:
            raise Fallback("placeholder")
        return out.replace(self.PLACEHOLDER, b"<sheetData>" + self.body + b"</sheetData>")
