"""Text fitting for the slides: estimate how much room a text takes and choose a font
size (and, only when even the smallest size overflows, a shortened text) so it stays
inside its box.

Widths are Arial/Liberation Sans Bold advance widths (the deck's font; bold is the wider
of the two, so regular text is over-estimated a little, never under-). Characters outside
ASCII count as wide: Latin letters with accents 0.7 em, anything else (CJK, emoji,
Javanese script) a full em. Lines are 1.2 × the font size.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pptx.util import Emu

EMU_PER_PT = 12700
EMU_PER_IN = 914400
SLIDE_W = 12192000  # 13.333 in: 16:9
SLIDE_H = 6858000  # 7.5 in
INSET = 45720  # 0.05 in, every text frame uses it on all four sides
LINE = 1.2  # line height / font size
SAFETY = 1.06  # headroom for renderer differences (kerning, hinting)
ELLIPSIS = "…"

# Liberation Sans Bold advance widths for U+0020..U+007E, in 1/1000 em.
_ASCII = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778,
    722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333,
    278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)


def char_em(ch: str) -> float:
    """Advance width of one character in em."""
    o = ord(ch)
    if 32 <= o < 127:
        return _ASCII[o - 32] / 1000
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if o < 0x250:  # Latin-1 and Latin Extended: accented letters, ×, ÷
        return 0.7
    if o in (0x2013, 0x2026, 0x2192, 0x2265, 0x2264, 0x00B7):  # – … → ≥ ≤ ·
        return 1.0 if o in (0x2026, 0x2192) else 0.6
    return 1.0


def text_width_pt(text: str, size: float) -> float:
    return sum(char_em(c) for c in text) * size * SAFETY


def wrap(text: str, width_pt: float, size: float, limit: int | None = None) -> list[str]:
    """Greedy word wrap the way a text frame does it; a word longer than a line is
    broken between characters. Newlines in the text are kept.

    Each character is measured once, so the cost is in proportion to the text; with
    ``limit`` the wrap stops once it has more than ``limit`` lines (what a caller that
    only compares with a box's room needs: the cost is then bounded by the box)."""
    room = width_pt / (size * SAFETY)  # the line width in em
    lines: list[str] = []
    space = char_em(" ")
    cap = None if limit is None else limit + 1
    for para in text.split("\n"):
        current, used = "", 0.0
        for word in para.split(" "):
            w = sum(char_em(c) for c in word)
            if current and used + space + w <= room:
                current, used = f"{current} {word}", used + space + w
                continue
            if not current and w <= room:
                current, used = word, w
                continue
            if current:
                lines.append(current)
                if cap is not None and len(lines) >= cap:
                    return lines
            current, used = _break_word(word, w, room, lines, cap)
            if cap is not None and len(lines) >= cap:
                return lines
        lines.append(current)
        if cap is not None and len(lines) >= cap:
            return lines
    return lines


def _break_word(word: str, w: float, room: float, lines: list[str], cap: int | None) -> tuple[str, float]:
    """Break a word wider than a line between characters, in one pass: full lines go to
    ``lines``; returns the rest (and its width), which starts the next line."""
    if w <= room or len(word) <= 1:
        return word, w
    start, total = 0, 0.0
    for i, ch in enumerate(word):
        cw = char_em(ch)
        if total + cw > room and i > start:
            lines.append(word[start:i])
            if cap is not None and len(lines) >= cap:
                return "", 0.0
            start, total = i, 0.0
        total += cw
    return word[start:], total


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    x: int
    y: int
    w: int
    h: int

    @classmethod
    def inches(cls, x: float, y: float, w: float, h: float) -> "Box":
        return cls(int(x * EMU_PER_IN), int(y * EMU_PER_IN), int(w * EMU_PER_IN), int(h * EMU_PER_IN))

    @property
    def args(self) -> tuple[Emu, Emu, Emu, Emu]:
        return Emu(self.x), Emu(self.y), Emu(self.w), Emu(self.h)

    @property
    def inner_w_pt(self) -> float:
        return (self.w - 2 * INSET) / EMU_PER_PT

    @property
    def inner_h_pt(self) -> float:
        return (self.h - 2 * INSET) / EMU_PER_PT


@dataclass(frozen=True)
class Fit:
    text: str
    size: float  # points
    lines: int


def lines_needed(text: str, width_pt: float, size: float, limit: int | None = None) -> int:
    """Lines the text takes; with ``limit``, at most ``limit + 1`` (enough to say it overflows)."""
    return len(wrap(text, width_pt, size, limit))


def fit(text: str, box: Box, max_pt: float, min_pt: float, max_lines: int | None = None) -> Fit:
    """The largest size from ``max_pt`` down to ``min_pt`` (in half points) at which the
    text fits the box; at ``min_pt`` a text that still does not fit is cut at a word
    boundary and ends in an ellipsis."""
    size = max_pt
    while True:
        room = int(box.inner_h_pt // (size * LINE))
        if max_lines is not None:
            room = min(room, max_lines)
        n = lines_needed(text, box.inner_w_pt, size, room)
        if n <= room and room > 0:
            return Fit(text, size, n)
        if size - 0.5 < min_pt:
            break
        size -= 0.5
    room = max(1, min(int(box.inner_h_pt // (size * LINE)), max_lines or 10**6))
    return Fit(truncate(text, box.inner_w_pt, size, room), size, room)


def truncate(text: str, width_pt: float, size: float, max_lines: int) -> str:
    """The longest start of ``text`` (plus an ellipsis) that wraps into ``max_lines``."""
    lines = wrap(text, width_pt, size, max_lines)
    if len(lines) <= max_lines:
        return text
    # at most what the first max_lines lines hold (plus a line's worth of spaces the wrap dropped)
    lo, hi = 0, min(len(text), sum(len(line) + 1 for line in lines[:max_lines]) + 1)
    while lo < hi:  # binary search on the number of characters kept, each wrap bounded by the box
        mid = (lo + hi + 1) // 2
        if len(wrap(text[:mid].rstrip() + ELLIPSIS, width_pt, size, max_lines)) <= max_lines:
            lo = mid
        else:
            hi = mid - 1
    kept = text[:lo]
    space = kept.rfind(" ")
    if space > lo * 0.6:  # prefer a word boundary when it does not cost much
        kept = kept[:space]
    return kept.rstrip(" ,;:-–") + ELLIPSIS


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters (for chart labels and table cells); runs of spaces
    become one, line breaks are kept."""
    text = "\n".join(" ".join(line.split()) for line in text.strip().splitlines())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + ELLIPSIS
