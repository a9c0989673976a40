"""Reading numbers the way Indonesian spreadsheets are really filled.

``.`` groups thousands and ``,`` marks decimals (``1.234,5``), but English-style files
exist too. A text is read only when exactly one reading is possible; ``1.234`` and
``1,234`` have two readings and are reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER = "number"  # a real numeric cell
TEXT_NUMBER = "text_number"  # text with exactly one numeric reading (LK303)
AMBIGUOUS = "ambiguous"  # text with two readings (LK304)
INVALID = "invalid"  # not a number (LK302)


@dataclass(frozen=True)
class Parsed:
    kind: str
    value: float | None = None
    alternatives: tuple[float, ...] = ()
    percent_sign: bool = False

    @property
    def ok(self) -> bool:
        return self.kind in (NUMBER, TEXT_NUMBER)


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_PLAIN = re.compile(r"^\d+$")
_GROUPED_DOT = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^[1-9]\d{0,2}(,\d{3})+$")
_ID_DECIMAL = re.compile(r"^([1-9]\d{0,2}(?:\.\d{3})+|\d+),(\d+)$")  # 1.234,5 or 12,5
_EN_DECIMAL = re.compile(r"^([1-9]\d{0,2}(?:,\d{3})+|\d+)\.(\d+)$")  # 1,234.5 or 12.5
_MAX_LEN = 40


def parse_number(text: str) -> Parsed:
    """Read a number typed as text. Never raises."""
    if not isinstance(text, str):
        return Parsed(INVALID)
    s = _SPACES.sub("", text)
    if not s or len(s) > _MAX_LEN:
        return Parsed(INVALID)
    sign = 1.0
    if s[0] in "+-\u2212":
        sign = -1.0 if s[0] != "+" else 1.0
        s = s[1:]
    pct = s.endswith("%")
    if pct:
        s = s[:-1]
    if not s:
        return Parsed(INVALID)

    def done(v: float) -> Parsed:
        return Parsed(TEXT_NUMBER, sign * v, percent_sign=pct)

    if _PLAIN.match(s):
        return done(float(s))
    one_group = re.match(r"^([1-9]\d{0,2})([.,])(\d{3})$", s)
    if one_group:  # 1.234 / 1,234: thousands or decimals?
        a = float(one_group.group(1) + one_group.group(3))
        b = float(one_group.group(1) + "." + one_group.group(3))
        return Parsed(AMBIGUOUS, None, (sign * a, sign * b), pct)
    if _GROUPED_DOT.match(s) or _GROUPED_COMMA.match(s):  # 1.234.567 / 1,234,567
        return done(float(re.sub(r"[.,]", "", s)))
    m = _ID_DECIMAL.match(s)
    if m:
        return done(float(m.group(1).replace(".", "") + "." + m.group(2)))
    m = _EN_DECIMAL.match(s)
    if m:
        return done(float(m.group(1).replace(",", "") + "." + m.group(2)))
    return Parsed(INVALID)


def is_year(value: object) -> int | None:
    """A plausible calendar year from a numeric or text cell, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value):
        value = int(value)
    if isinstance(value, int) and 1900 <= value <= 2100:
        return value
    return None
