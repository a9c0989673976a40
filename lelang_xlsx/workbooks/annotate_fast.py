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

The jobs live next to this module: :mod:`.annotate_xml` (the zip package, safe XML,
relationships, the zip written back), :mod:`.annotate_styles` (``styles.xml``),
:mod:`.annotate_cells` (marking cells in a worksheet), :mod:`.annotate_parts` (comments,
VML, the findings sheet) and :mod:`.annotate_common` (what the openpyxl path shares:
:func:`cells_by_sheet`, :func:`comment_text`, the fills), so both paths produce the same
visible content.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from lxml import etree

from .. import rules
from ..checking.feedback import (CELL_LIMIT, FINDINGS_SHEET, HEADERS, NO_FINDINGS, WIDTHS, Heading, clean_text,
                                 header_row, intro, listing, location)
from ..checking.findings import Finding
from ..output.atomic import write_with
from .annotate_cells import TAB_SELECTED, SheetDoc, legacy_position, strip_tab_selected
from .annotate_common import (AUTHOR, COMMENT_LIMIT, FILL, HEADER_FILL, LINK_COLOR, TITLE_SIZE, cells_by_sheet,
                              comment_text, worst)
from .annotate_parts import comments_xml, findings_sheet_xml, vml_blocks, vml_xml
from .annotate_styles import StylesPart, order_font_children
from .annotate_xml import (CT, CT_COMMENTS, CT_VML, CT_WORKSHEET, NS_PKG_REL, M, P, R, Fallback, Package,
                           RawEntry, add_rel, dump_xml, parse_xml, read_rels, rel_map, rels_name, split_ref,
                           sub_element, unique_name, zip_bytes)


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
                raise Fallback("localSheetId")
            dn.set("localSheetId", str(int(local) + 1))


class _Workbook:
    """The workbook part of the package: its tree, relationships and sheets."""

    def __init__(self, pkg: Package):
        root_rels = rel_map(read_rels(pkg, ""), "")
        self.part = next((t for typ, t in root_rels.values() if typ == "officeDocument"), None)
        if not self.part or self.part not in pkg or "[Content_Types].xml" not in pkg:
            raise Fallback("no workbook")
        self.dir = posixpath.dirname(self.part)
        self.root = parse_xml(pkg[self.part])
        if self.root.tag != M + "workbook":
            raise Fallback("workbook root")
        self.rels = read_rels(pkg, self.part)
        if self.rels is None:
            raise Fallback("no workbook rels")
        self.map = rel_map(self.rels, self.part)
        self.sheets_el = self.root.find(M + "sheets")
        if self.sheets_el is None:
            raise Fallback("no sheets")
        self.sheets = []  # (name, type, part, state)
        for s in self.sheets_el.iterchildren(M + "sheet"):
            rtype, part = self.map.get(s.get(R + "id") or "", ("", ""))
            self.sheets.append((s.get("name") or "", rtype, part, s.get("state") or "visible"))
        if any(name.casefold() == FINDINGS_SHEET.casefold() for name, *_ in self.sheets):
            raise Fallback("already annotated")
        for name, data in pkg.where(lambda low: "comment" in low or "persons" in low):
            if AUTHOR.encode() in data:
                raise Fallback("comments of a previous annotation")
        self.sheetnames = [name for name, *_ in self.sheets]


class _Copy:
    """The annotated copy being built: the parts changed, the parts added, their content types."""

    def __init__(self, pkg: Package):
        self.pkg = pkg
        self.taken = {n.lower() for n in pkg.names}
        self.changed: dict[str, bytes] = {}
        self.new_parts: list[tuple[str, bytes]] = []
        self.overrides: list[tuple[str, str]] = []

    def unmarked_sheet(self, rtype: str, part: str) -> None:
        pkg = self.pkg
        if part in pkg and TAB_SELECTED.search(pkg[part]):  # LibreOffice writes tabSelected="false": left as it is
            doc = SheetDoc(pkg[part]) if rtype == "worksheet" else None
            root = doc.root if doc else parse_xml(pkg[part])
            if strip_tab_selected(root):
                self.changed[part] = doc.dump() if doc else dump_xml(root)

    def marked_sheet(self, name: str, rtype: str, part: str, cells: dict[str, list[Finding]], styles: StylesPart,
                     wb_dir: str, block: int, vml_type: str) -> None:
        """Highlight the cells, add their comments and VML drawing, and link them to the sheet."""
        pkg, taken = self.pkg, self.taken
        if rtype != "worksheet" or part not in pkg:
            raise Fallback(f"sheet {name!r} is not a worksheet")
        doc = SheetDoc(pkg[part])
        root = doc.root
        if root.tag != M + "worksheet" or root.find(M + "legacyDrawing") is not None:
            raise Fallback("legacyDrawing present")
        rels = read_rels(pkg, part)
        if any(t in ("comments", "vmlDrawing") for t, _ in rel_map(rels, part).values()):
            raise Fallback("comments present")
        doc.highlight(cells, styles)
        root = doc.root
        strip_tab_selected(root)
        comments_name = unique_name(taken, wb_dir + "/comments{}.xml")
        vml_name = unique_name(taken, wb_dir + "/drawings/vmlDrawing{}.vml")
        self.new_parts.append((comments_name, comments_xml(cells)))
        self.new_parts.append((vml_name, vml_xml(cells, block)))
        self.overrides.append(("/" + comments_name, CT_COMMENTS))
        if vml_type != CT_VML:
            self.overrides.append(("/" + vml_name, CT_VML))
        if rels is None:
            rels = etree.Element(P + "Relationships", nsmap={None: NS_PKG_REL})
            taken.add(rels_name(part).lower())
        folder = posixpath.dirname(part)
        add_rel(rels, "comments", posixpath.relpath(comments_name, folder))
        vml_rid = add_rel(rels, "vmlDrawing", posixpath.relpath(vml_name, folder))
        legacy = etree.Element(M + "legacyDrawing")
        legacy.set(R + "id", vml_rid)
        root.insert(legacy_position(root), legacy)
        self.changed[part] = doc.dump()
        self.changed[rels_name(part)] = dump_xml(rels)

    def findings_tab(self, wb: _Workbook, styles: StylesPart, findings: list[Finding], heading: Heading | None,
                     styles_part: str) -> None:
        """The findings sheet, added as the first tab and the active one."""
        sheet_name = unique_name(self.taken, wb.dir + "/worksheets/sheet{}.xml")
        content = findings_sheet_xml(intro(findings, heading), listing(findings, wb.sheetnames), _findings_styles(styles))
        self.new_parts.insert(0, (sheet_name, content))
        self.overrides.insert(0, ("/" + sheet_name, CT_WORKSHEET))
        self.changed[styles_part] = styles.dump()
        sheets_el = wb.sheets_el
        rid = add_rel(wb.rels, "worksheet", posixpath.relpath(sheet_name, wb.dir))
        ids = [int(s.get("sheetId")) for s in sheets_el.iterchildren(M + "sheet") if (s.get("sheetId") or "").isdigit()]
        new = etree.Element(M + "sheet", {"name": FINDINGS_SHEET, "sheetId": str(max(ids, default=0) + 1)})
        new.set(R + "id", rid)
        sheets_el.insert(0, new)  # the first tab: the operator sees it first
        _shift_local_names(wb.root)
        _activate_first_tab(wb.root, sheets_el)
        self.changed[wb.part] = dump_xml(wb.root)
        self.changed[rels_name(wb.part)] = dump_xml(wb.rels)

    def content_types(self, ct, defaults: dict) -> None:
        if "vml" not in defaults:
            first_override = ct.find(CT + "Override")
            d = etree.Element(CT + "Default", {"Extension": "vml", "ContentType": CT_VML})
            if first_override is not None:
                first_override.addprevious(d)
            else:
                ct.append(d)
        for part_name, ctype in self.overrides:
            etree.SubElement(ct, CT + "Override", {"PartName": part_name, "ContentType": ctype})
        self.changed["[Content_Types].xml"] = dump_xml(ct)

    def entries(self) -> list[tuple[str, bytes | RawEntry]]:
        pkg, changed = self.pkg, self.changed
        out: list[tuple[str, bytes | RawEntry]] = [(n, changed[n] if n in changed else pkg.raw(n)) for n in pkg.names]
        out += [(n, data) for n, data in sorted(changed.items()) if n not in pkg]  # new .rels parts
        out += self.new_parts
        return out


def _findings_styles(styles: StylesPart) -> dict[str, int]:
    return {
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


def _activate_first_tab(wb_root, sheets_el) -> None:
    index = first_visible = 0
    views = wb_root.find(M + "bookViews")
    if views is None:
        views = etree.Element(M + "bookViews")
        sheets_el.addprevious(views)
    if views.find(M + "workbookView") is None:
        sub_element(views, "workbookView")
    for view in views.iterchildren(M + "workbookView"):
        view.set("activeTab", str(index))
        if first_visible:
            view.set("firstSheet", str(first_visible))
        elif "firstSheet" in view.attrib:
            del view.attrib["firstSheet"]


def _build(src: Path, findings: list[Finding], heading: Heading | None = None) -> list[tuple[str, bytes | RawEntry]]:
    pkg = Package(src)
    out = _Copy(pkg)
    wb = _Workbook(pkg)
    by_sheet: dict[str, dict[str, list[Finding]]] = {}
    for (sheet, ref), items in cells_by_sheet(findings, wb.sheetnames).items():
        split_ref(ref)
        by_sheet.setdefault(sheet, {})[ref] = items
    styles_part = next((t for typ, t in wb.map.values() if typ == "styles"), None)
    if not styles_part or styles_part not in pkg:
        raise Fallback("no styles")
    styles = StylesPart(pkg[styles_part])
    ct = parse_xml(pkg["[Content_Types].xml"])
    if ct.tag != CT + "Types":
        raise Fallback("content types")
    defaults = {(d.get("Extension") or "").lower(): d.get("ContentType") for d in ct.iterchildren(CT + "Default")}
    block = vml_blocks(pkg)
    for name, rtype, part, _state in wb.sheets:
        cells = by_sheet.get(name)
        if cells is None:
            out.unmarked_sheet(rtype, part)
            continue
        block += 1
        out.marked_sheet(name, rtype, part, cells, styles, wb.dir, block, defaults.get("vml", CT_VML))
    out.findings_tab(wb, styles, findings, heading, styles_part)
    out.content_types(ct, defaults)
    return out.entries()


def annotate_zip(src: Path, dest: Path, findings: list[Finding], heading: Heading | None = None) -> bool:
    """Write the annotated copy of ``src`` to ``dest`` at zip level.

    Returns False, writing nothing, when the workbook is a case left to openpyxl.
    OSErrors while writing ``dest`` propagate.
    """
    try:
        data = zip_bytes(_build(Path(src), list(findings), heading))
    except Exception:  # noqa: BLE001 - any surprise means: let openpyxl do it
        return False
    write_with(dest, lambda tmp: tmp.write_bytes(data))
    return True


__all__ = ["annotate_zip", "FINDINGS_SHEET", "AUTHOR", "FILL", "HEADER_FILL", "LINK_COLOR", "TITLE_SIZE",
           "COMMENT_LIMIT", "Heading", "cells_by_sheet", "comment_text", "worst", "order_font_children", "listing",
           "clean_text", "CELL_LIMIT", "NO_FINDINGS", "HEADERS", "WIDTHS", "location", "header_row"]
