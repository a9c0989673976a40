"""The annotated copy sent back to an OPD: its own workbook, every finding's cell
highlighted with a comment holding the message, and a first sheet listing them all.

The submitted file is only read; the copy is written atomically.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from . import rules
from .atomic import write_with
from .findings import Finding, col_index
from .tables import show
from .zipnorm import normalize

FINDINGS_SHEET = "Hasil Pemeriksaan"
_FILL = {rules.ERROR: "FFC7CE", rules.WARNING: "FFEB9C"}


def set_text(cell, value: str) -> None:
    """Write user-derived text so that it can never become a formula."""
    cell.value = value
    if cell.data_type == "f":
        cell.data_type = "s"


def annotate(src: Path, dest: Path, findings: list[Finding]) -> None:
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(src, keep_links=False, rich_text=False)
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.sheet and f.cell and f.sheet in wb.sheetnames and f.col:
            by_cell.setdefault((f.sheet, f.cell), []).append(f)
    for (sheet, ref), items in by_cell.items():
        ws = wb[sheet]
        if not hasattr(ws, "cell"):
            continue
        cell = ws[ref]
        worst = rules.ERROR if any(i.is_error for i in items) else rules.WARNING
        cell.fill = PatternFill("solid", fgColor=_FILL[worst])
        text = "\n".join(f"{i.code}: {i.message}" for i in items)
        comment = Comment(text[:2000], "Pemeriksa Lelang Kinerja")
        comment.width, comment.height = 320, 160
        cell.comment = comment
    if FINDINGS_SHEET in wb.sheetnames:
        del wb[FINDINGS_SHEET]
    ws = wb.create_sheet(FINDINGS_SHEET, 0)
    headers = ["No", "Kode", "Tingkat", "Lembar", "Sel", "Pesan"]
    ws.append(headers)
    for c in ws[1]:
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor="1F4E78")
    if not findings:
        ws.append([None, None, None, None, None, None])
        set_text(ws.cell(2, 6), "Tidak ada temuan. Formulir sudah sesuai.")
    for n, f in enumerate(findings, start=1):
        row = n + 1
        ws.cell(row, 1, n)
        set_text(ws.cell(row, 2), f.code)
        set_text(ws.cell(row, 3), rules.SEVERITY_NAMES[f.severity])
        set_text(ws.cell(row, 4), show(f.sheet, 80))
        cell = ws.cell(row, 5)
        set_text(cell, f.cell)
        if f.sheet in wb.sheetnames and f.cell and f.sheet != FINDINGS_SHEET:
            quoted = f.sheet.replace("'", "''")
            cell.hyperlink = f"#'{quoted}'!{f.cell}"
            cell.font = Font(color="0563C1", underline="single")
        set_text(ws.cell(row, 6), f.message)
        ws.cell(row, 6).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row, 1).fill = PatternFill("solid", fgColor=_FILL[f.severity])
    for letter, width in zip("ABCDEF", (5, 8, 11, 16, 8, 110)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = 0

    def _save(tmp: Path) -> None:
        wb.save(tmp)
        normalize(tmp)

    write_with(dest, _save)


__all__ = ["annotate", "col_index", "FINDINGS_SHEET"]
