"""The annotated copy sent back to an OPD: its own workbook, every finding's cell
highlighted with a comment holding the message, and a last (active) sheet listing them
all.

Two paths give the same visible result: :func:`lelang_xlsx.annotate_fast.annotate_zip`
edits the zip directly (fast, the usual case) and :func:`annotate_openpyxl` loads and
saves the workbook with openpyxl (the fallback, e.g. for a resubmitted annotated copy).

The submitted file is only read; the copy is written atomically.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from .annotate_fast import (AUTHOR, CELL_LIMIT, FILL, FINDINGS_SHEET, HEADER_FILL, HEADERS, LINK_COLOR, NO_FINDINGS,
                            WIDTHS, annotate_zip, cells_by_sheet, clean_text, comment_text, listing, worst)
from .atomic import write_with
from .findings import Finding, col_index
from .zipnorm import normalize


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


def _strip_previous_annotation(wb) -> None:
    """Undo an earlier annotated copy: its findings sheet, our comments, our fills."""
    from openpyxl.styles import PatternFill

    previous = FINDINGS_SHEET in wb.sheetnames
    if previous:
        del wb[FINDINGS_SHEET]
    for ws in wb.worksheets:
        for cell in ws._cells.values():
            if cell.comment is not None and cell.comment.author == AUTHOR:
                cell.comment = None
                previous = True
    if not previous:
        return
    for ws in wb.worksheets:
        for cell in ws._cells.values():
            if cell.has_style and _ours(cell.fill):
                cell.fill = PatternFill()


def annotate_openpyxl(src: Path, dest: Path, findings: list[Finding]) -> None:
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

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
        cell.fill = PatternFill("solid", fgColor=FILL[worst(items)])
        comment = Comment(comment_text(items), AUTHOR)
        comment.width, comment.height = 320, 160
        cell.comment = comment
    ws = wb.create_sheet(FINDINGS_SHEET)  # last: definedName localSheetIds stay valid
    ws.append(list(HEADERS))
    for c in ws[1]:
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor=HEADER_FILL)
    rows = listing(findings, sheetnames)
    if not rows:
        set_text(ws.cell(2, 6), NO_FINDINGS)
    for item in rows:
        row = item.no + 1
        ws.cell(row, 1, item.no)
        for col, text in ((2, item.code), (3, item.level), (4, item.sheet), (5, item.cell)):
            if text:
                set_text(ws.cell(row, col), text)
        if item.link and item.cell:
            cell = ws.cell(row, 5)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=item.link, display=item.cell)
            cell.font = Font(color=LINK_COLOR, underline="single")
        if item.message:
            set_text(ws.cell(row, 6), item.message)
        ws.cell(row, 6).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row, 1).fill = PatternFill("solid", fgColor=FILL[item.severity])
    for letter, width in zip("ABCDEF", WIDTHS):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # print: landscape A4, one page wide
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = False
    for chart in wb.chartsheets:
        for view in chart.sheetViews.sheetView:
            view.tabSelected = None
    ws.sheet_view.tabSelected = True
    index = wb.sheetnames.index(FINDINGS_SHEET)
    wb.active = index
    visible = [i for i, s in enumerate(wb._sheets) if s.sheet_state == "visible"]
    for view in wb.views:
        view.activeTab = index
        view.firstSheet = visible[0] if visible else 0

    def _save(tmp: Path) -> None:
        wb.save(tmp)
        normalize(tmp)

    write_with(dest, _save)


def annotate(src: Path, dest: Path, findings: list[Finding]) -> None:
    """Write the annotated copy: the zip-level path when it can, else openpyxl."""
    if annotate_zip(src, dest, findings):
        return
    annotate_openpyxl(src, dest, findings)


__all__ = ["annotate", "annotate_openpyxl", "annotate_zip", "col_index", "FINDINGS_SHEET", "AUTHOR"]
