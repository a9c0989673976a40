"""Checks on the text of every cell the tool reads (LK108, LK109): text far longer than
any field needs, and invisible bidi/zero-width controls. Both are warnings at their cell;
the form is still processed (the deck shortens the text, documents drop the controls).

The cost is one pass over each text: a 32,767-character cell is read once.
"""

from __future__ import annotations

from .. import contract as C
from ..model import Panel, Submission
from ..output.safetext import invisible_chars
from ..output.textfmt import number
from .findings import Finding, Pos, make

LONG_TEXT = 1000  # characters: two paragraphs; a field of the form needs far less

_IDENTITY = {f.key: f.label for f in C.IDENTITAS_FIELDS if f.kind in ("text", "code")}
_INDICATOR = {f.key: f.label for f in C.INDIKATOR_FIELDS if f.kind in ("text", "code")}
_FIGURE = {f.key: f.label for f in C.PENDUKUNG_FIELDS if f.kind in ("text", "code")}


def _cells(sub: Submission):
    """(sheet, row, column, label, text) of every text cell of the form."""
    for key, label in _IDENTITY.items():
        row = sub.identity_rows.get(key)
        yield C.SHEET_IDENTITAS, row, 2 if row else None, label, getattr(sub.identity, key, "")
    for sheet, fields, rows in ((C.SHEET_INDIKATOR, _INDICATOR, sub.indicators), (C.SHEET_PENDUKUNG, _FIGURE, sub.figures)):
        cols = sub.columns.get(sheet, {})
        for item in rows:
            for key, label in fields.items():
                yield sheet, item.row, cols.get(key), label, getattr(item, key, "")


def check_text_cells(sub: Submission, panel: Panel) -> list[Finding]:
    out: list[Finding] = []
    for sheet, row, col, label, text in _cells(sub):
        if not isinstance(text, str) or not text or (len(text) <= LONG_TEXT and text.isprintable()):
            continue  # most cells: short, and printable text holds no invisible control
        pos = Pos(sub.path, sheet, row, col)
        if len(text) > LONG_TEXT:
            out.append(make("LK108", pos, header=label, length=number(len(text)), limit=number(LONG_TEXT)))
        chars = invisible_chars(text)
        if chars:
            out.append(make("LK109", pos, header=label, chars=", ".join(chars)))
    return out
