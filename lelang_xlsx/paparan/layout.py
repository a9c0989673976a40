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


def wrap(text: str, width_pt: float, size: float) -> list[str]:
    """Greedy word wrap the way a text frame does it; a word longer than a line is
    broken between characters. Newlines in the text are kept."""
    lines: list[str] = []
    for para in text.split("\n"):
        current = ""
        for word in para.split(" "):
            candidate = f"{current} {word}" if current else word
            if text_width_pt(candidate, size) <= width_pt:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = ""
            while text_width_pt(word, size) > width_pt and len(word) > 1:
                cut = _longest_prefix(word, width_pt, size)
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def _longest_prefix(word: str, width_pt: float, size: float) -> int:
    total = 0.0
    for i, ch in enumerate(word):
        total += char_em(ch) * size * SAFETY
        if total > width_pt:
            return max(1, i)
    return len(word)


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


def lines_needed(text: str, width_pt: float, size: float) -> int:
    return len(wrap(text, width_pt, size))


def fit(text: str, box: Box, max_pt: float, min_pt: float, max_lines: int | None = None) -> Fit:
    """The largest size from ``max_pt`` down to ``min_pt`` (in half points) at which the
    text fits the box; at ``min_pt`` a text that still does not fit is cut at a word
    boundary and ends in an ellipsis."""
    size = max_pt
    while True:
        room = int(box.inner_h_pt // (size * LINE))
        if max_lines is not None:
            room = min(room, max_lines)
        n = lines_needed(text, box.inner_w_pt, size)
        if n <= room and room > 0:
            return Fit(text, size, n)
        if size - 0.5 < min_pt:
            break
        size -= 0.5
    room = max(1, min(int(box.inner_h_pt // (size * LINE)), max_lines or 10**6))
    return Fit(truncate(text, box.inner_w_pt, size, room), size, room)


def truncate(text: str, width_pt: float, size: float, max_lines: int) -> str:
    """The longest start of ``text`` (plus an ellipsis) that wraps into ``max_lines``."""
    if len(wrap(text, width_pt, size)) <= max_lines:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # binary search on the number of characters kept
        mid = (lo + hi + 1) // 2
        if len(wrap(text[:mid].rstrip() + ELLIPSIS, width_pt, size)) <= max_lines:
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
