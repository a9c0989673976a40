"""The annotated copy sent back to an OPD: its own workbook, every finding's cell
highlighted with a comment holding the message, and a first (active) sheet that
explains the feedback and lists every finding (see :mod:`lelang_xlsx.checking.feedback`).

Two paths give the same visible result: :func:`lelang_xlsx.workbooks.annotate_fast.annotate_zip`
edits the zip directly (fast, the usual case) and :func:`annotate_openpyxl` loads and
saves the workbook with openpyxl (the fallback, e.g. for a resubmitted annotated copy).

The submitted file is only read; the copy is written atomically.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

from .annotate_fast import (AUTHOR, CELL_LIMIT, FILL, FINDINGS_SHEET, HEADER_FILL, HEADERS, LINK_COLOR, NO_FINDINGS,
                            TITLE_SIZE, WIDTHS, annotate_zip, cells_by_sheet, clean_text, comment_text, listing,
                            order_font_children, worst)
from ..checking.feedback import Heading, height, intro
from ..output.atomic import write_with
from ..checking.findings import Finding, col_index
from ..output.zipnorm import normalize


def _excel_font_order(path: Path) -> None:
    """Put the children of every <font> in xl/styles.xml of the saved copy in Excel's
    order (openpyxl writes name/family first, which Excel repairs and openxml-audit reports)."""
    from lxml import etree

    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info)) for info in zin.infolist()]
    out = []
    for info, data in entries:
        if info.filename == "xl/styles.xml":
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
            order_font_children(root)
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out.append((info, data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in out:
            zout.writestr(info, data)


def set_text(cell, value: str) -> None:
    """Write user-derived text so that it can never become a formula."""
    cell.value = clean_text(value, CELL_LIMIT)
    if cell.data_type == "f":
        cell.data_type = "s"


def _ours(fill) -> bool:
    """A solid fill in exactly one of our two highlight colours."""
    if fill is None or fill.fill_type != "solid" or fill.fgColor is None or fill.fgColor.type != "rgb":
        return False
    rgb = str(fill.fgColor.rgb or "").upper()
    return len(rgb) in (6, 8) and rgb[-6:] in FILL.values()


_OUR_COMMENT = re.compile(r"LK\d{3}(?: \((?:galat|peringatan)\))?: ")


def _strip_previous_annotation(wb) -> None:
    """Undo an earlier annotated copy: its findings sheet, our comments and the fills of
    the cells that carried them. A copy saved by LibreOffice loses the comments' author;
    there a comment in our format counts as ours. Other cells keep their fills (the form's
    own legend uses the same colours)."""
    from openpyxl.styles import PatternFill

    previous = FINDINGS_SHEET in wb.sheetnames
    if previous:
        del wb[FINDINGS_SHEET]
    for ws in wb.worksheets:
        for cell in ws._cells.values():
            note = cell.comment
            if note is None:
                continue
            if note.author == AUTHOR or (previous and _OUR_COMMENT.match(note.text or "")):
                cell.comment = None
                if cell.has_style and _ours(cell.fill):
                    cell.fill = PatternFill()


def _show(ws, row: int, col: int) -> None:
    """A marked cell in a hidden row or column would not be seen: show it again."""
    if row in ws.row_dimensions and ws.row_dimensions[row].hidden:
        ws.row_dimensions[row].hidden = False
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min and dim.max and dim.min <= col <= dim.max:
            dim.hidden = False


def annotate_openpyxl(src: Path, dest: Path, findings: list[Finding], heading: Heading | None = None) -> None:
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(src, keep_links=False, rich_text=False)
    _strip_previous_annotation(wb)
    sheetnames = list(wb.sheetnames)
    for (sheet, ref), items in cells_by_sheet(findings, sheetnames).items():
        ws = wb[sheet]
        if not hasattr(ws, "cell"):
            continue
        cell = ws[ref]
        _show(ws, cell.row, cell.column)
        cell.fill = PatternFill("solid", fgColor=FILL[worst(items)])
        comment = Comment(comment_text(items), AUTHOR)
        comment.width, comment.height = 320, 160
        cell.comment = comment
    # first: openpyxl keeps sheet-local names with their sheet, so their positions follow
    ws = wb.create_sheet(FINDINGS_SHEET, 0)
    _write_findings_sheet(ws, findings, sheetnames, heading)
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = False
    for chart in wb.chartsheets:
        for view in chart.sheetViews.sheetView:
            view.tabSelected = None
    ws.sheet_view.tabSelected = True
    wb.active = 0
    for view in wb.views:
        view.activeTab = 0
        view.firstSheet = 0

    def _save(tmp: Path) -> None:
        wb.save(tmp)
        _excel_font_order(tmp)
        normalize(tmp)

    write_with(dest, _save)


def _write_findings_sheet(ws, findings: list[Finding], sheetnames, heading: Heading | None) -> None:
    """The same content and look as :func:`lelang_xlsx.workbooks.annotate_parts.findings_sheet_xml`."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    top_align, wrap = Alignment(vertical="top"), Alignment(wrap_text=True, vertical="top")
    head = intro(findings, heading)
    for r, item in enumerate(head, start=1):
        if item.style == "title":
            cell = ws.cell(r, 1)
            set_text(cell, item.text)
            cell.font = Font(bold=True, color=HEADER_FILL, size=TITLE_SIZE)
            cell.alignment = top_align
            ws.row_dimensions[r].height = 22
            continue
        if item.label:
            set_text(ws.cell(r, 1), item.label)
            ws.cell(r, 1).font = Font(bold=True, color="000000")
            ws.cell(r, 1).alignment = top_align
        cell = ws.cell(r, 6)
        set_text(cell, item.text)
        cell.alignment = wrap
        if item.style:
            cell.fill = PatternFill("solid", fgColor=FILL[item.style])
        ht = height(item.text)
        if ht:
            ws.row_dimensions[r].height = ht
    top = len(head) + 2
    for col, name in enumerate(HEADERS, start=1):
        c = ws.cell(top, col)
        set_text(c, name)
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor=HEADER_FILL)
    rows = listing(findings, sheetnames)
    if not rows:
        set_text(ws.cell(top + 1, 6), NO_FINDINGS)
    for item in rows:
        row = top + item.no
        ws.cell(row, 1, item.no)
        for col, text in ((2, item.code), (3, item.level), (4, item.sheet), (5, item.cell)):
            if text:
                set_text(ws.cell(row, col), text)
            ws.cell(row, col).alignment = top_align
        if item.link and item.cell:
            cell = ws.cell(row, 5)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=item.link, display=item.cell)
            cell.font = Font(color=LINK_COLOR, underline="single")
        if item.message:
            set_text(ws.cell(row, 6), item.message)
        ws.cell(row, 6).alignment = wrap
        ws.cell(row, 1).fill = PatternFill("solid", fgColor=FILL[item.severity])
        ws.cell(row, 1).alignment = top_align
        ht = height(item.message)
        if ht:
            ws.row_dimensions[row].height = ht
    for letter, width in zip("ABCDEF", WIDTHS):
        ws.column_dimensions[letter].width = width
    ws.sheet_view.selection[0].activeCell = ws.sheet_view.selection[0].sqref = f"E{top + 1}"
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # print: landscape A4, one page wide
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def annotate(src: Path, dest: Path, findings: list[Finding], heading: Heading | None = None) -> None:
    """Write the annotated copy: the zip-level path when it can, else openpyxl.

    ``heading`` names the OPD, the file and the date of the check on the findings
    sheet (the date defaults to :func:`lelang_xlsx.checking.feedback.run_date`)."""
    if annotate_zip(src, dest, findings, heading):
        return
    annotate_openpyxl(src, dest, findings, heading)


__all__ = ["annotate", "annotate_openpyxl", "annotate_zip", "col_index", "FINDINGS_SHEET", "AUTHOR", "Heading"]
