"""What both ways of writing the annotated copy share (the fast zip-level path,
:mod:`.annotate_fast`, and the openpyxl path, :mod:`.annotate`), so that both show the
same: the fills of a marked cell, the comment on it, the findings grouped by cell.
"""

from __future__ import annotations

from .. import rules
from ..checking.feedback import FINDINGS_SHEET, clean_text
from ..checking.findings import Finding
from ..vocab import ERROR_FILL, WARNING_FILL


AUTHOR = "Pemeriksa Lelang Kinerja"
FILL = {rules.ERROR: ERROR_FILL.lstrip("#"), rules.WARNING: WARNING_FILL.lstrip("#")}  # ARGB without the "#"
HEADER_FILL = "1F4E78"
LINK_COLOR = "0563C1"
TITLE_SIZE = 14
COMMENT_LIMIT = 2000


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
