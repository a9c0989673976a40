"""Reading a budget (Anggaran, rupiah) typed as text the way it is written in Indonesian
offices: ``Rp 1.250.000.000``, ``Rp1.250.000.000,00``, ``1.250.000.000,-``, ``1,25 M``,
``750 juta``. A text is read only when one reading is possible (the number rules of
:mod:`lelang_xlsx.reading.numbers`); ``1.250`` (one thousand two hundred and fifty, or
one and a quarter?) is not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..reading import numbers as N

_SCALES = (
    (("triliun", "t"), 1e12),
    (("miliar", "milyar", "m", "m."), 1e9),
    (("juta", "jt", "jt."), 1e6),
    (("ribu", "rb", "rb."), 1e3),
)
_PREFIX = re.compile(r"^\s*(rp\.?|idr)\s*", re.I)
_SUFFIX = re.compile(r"(,-|\.-|,00|,—|,–)\s*$")
_SCALE = re.compile(r"^(.*?\d)\s*([a-z.]+)$", re.I)


@dataclass(frozen=True)
class Budget:
    value: float | None  # the rupiah amount when read
    problem: str = ""  # why it could not be read (Indonesian), '' when read


def parse_budget(text: str) -> Budget:
    """A rupiah amount from a text cell. Never raises."""
    s = " ".join(str(text).split())
    if not s or len(s) > 60:
        return Budget(None, "bukan angka rupiah")
    s = _PREFIX.sub("", s)
    s = _SUFFIX.sub("", s).strip()
    scale = 1.0
    m = _SCALE.match(s)
    if m:
        word = m.group(2).casefold()
        found = next((mult for words, mult in _SCALES if word in words), None)
        if found is None:
            return Budget(None, f"satuan '{m.group(2)}' tidak dikenal")
        scale, s = found, m.group(1).strip()
    parsed = N.parse_number(s)
    if parsed.kind == N.AMBIGUOUS:
        a, b = parsed.alternatives
        return Budget(None, f"dapat dibaca {_show(a * scale)} atau {_show(b * scale)}")
    if not parsed.ok or parsed.percent_sign:
        return Budget(None, "bukan angka rupiah")
    value = parsed.value * scale
    if scale == 1.0 and parsed.value != int(parsed.value):
        return Budget(None, "rupiah tidak berdesimal")
    return Budget(round(value, 2))


def _show(v: float) -> str:
    from ..output.textfmt import number

    return "Rp " + number(v)


def rupiah(value: float | None) -> str:
    """1250000000 -> 'Rp 1.250.000.000' (whole rupiah); None -> '–'."""
    if value is None:
        return "–"
    from ..output.textfmt import number

    return ("-Rp " if value < 0 else "Rp ") + number(abs(round(value)), 0)
