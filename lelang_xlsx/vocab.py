"""The project's vocabulary in one place: polarities and the direction logic of Naik / Turun /
Tetap, the decisions and statuses of an offer, the states of a pact, the status of a form,
and the colours every workbook uses for them.

New code takes these names from here. The values themselves are still defined where they
were first needed (``contract.py``, ``model.py``, ``output/xlsxstyle.py``) and re-exported
here unchanged, so nothing an auction folder holds changes; the direction functions live
here (``recap.build`` and ``agreement.offer_resolve`` call them).
"""

from __future__ import annotations

import math

from . import contract as C
from .model import (ACCEPTED, INVALID, NO_OFFER, PACT_FORM_ERRORS, PACT_HELD, PACT_ISSUED, PACT_LOCKED,
                    PACT_NO_SUBMISSION, PACT_SIGNED, PACT_WAITING, REFUSED, UNDECIDED)
from .output.xlsxstyle import MARK_BG, PANEL_CELL_BG, WARN_BG

__all__ = [
    "NAIK", "TURUN", "TETAP", "POLARITIES", "polarity", "tougher_by", "easier", "improvement", "improved",
    "DECISIONS", "ACCEPTED", "REFUSED", "NO_OFFER", "UNDECIDED", "INVALID",
    "PACT_ISSUED", "PACT_SIGNED", "PACT_LOCKED", "PACT_WAITING", "PACT_HELD", "PACT_FORM_ERRORS", "PACT_NO_SUBMISSION",
    "FORM_VALID", "FORM_ERRORS", "FORM_MISSING",
    "ERROR_FILL", "WARNING_FILL", "OK_FILL", "ERROR_FONT", "HOLD_FILL", "MARK_BG", "PANEL_CELL_BG", "WARN_BG",
]

# --------------------------------------------------------------------------- polarities and direction

POLARITIES = C.POLARITIES
NAIK, TURUN, TETAP = POLARITIES
_BY_NORM = {C.norm(p): p for p in POLARITIES}


def polarity(text: object) -> str:
    """The polarity as the contract spells it ('naik ' -> 'Naik'); '' when it is none."""
    return _BY_NORM.get(C.norm(text), "")


def tougher_by(polaritas: str, usulan: float, tawaran: float) -> float:
    """How much tougher the offer is than the proposal in the indicator's direction
    (positive = tougher); Tetap has no direction: the raw difference."""
    p = C.norm(polaritas)
    if p == "naik":
        return tawaran - usulan
    if p == "turun":
        return usulan - tawaran
    return tawaran - usulan


def easier(polaritas: str, usulan: float, tawaran: float) -> bool:
    """The offer asks less than the OPD proposed (lower on Naik, higher on Turun)."""
    p = C.norm(polaritas)
    return (p == "naik" and tawaran < usulan) or (p == "turun" and tawaran > usulan)


def improvement(polaritas: str, dasar: float | None, akhir: float | None) -> float | None:
    """Improvement from baseline to end-point in %, positive = better for the polarity.

    Naik: (akhir − dasar) / |dasar| × 100; Turun: (dasar − akhir) / |dasar| × 100;
    Tetap: −|akhir − dasar| / |dasar| × 100 (any drift is a loss). ``None`` when the
    baseline is 0 or a value is missing.
    """
    if dasar is None or akhir is None or dasar == 0:
        return None
    if isinstance(dasar, float) and math.isnan(dasar) or isinstance(akhir, float) and math.isnan(akhir):
        return None
    p = C.norm(polaritas)
    if p == "naik":
        return (akhir - dasar) / abs(dasar) * 100
    if p == "turun":
        return (dasar - akhir) / abs(dasar) * 100
    if p == "tetap":
        return -abs(akhir - dasar) / abs(dasar) * 100
    return None


def improved(polaritas: str, dasar: float | None, akhir: float | None) -> bool | None:
    """Whether the end target is better than the baseline in the indicator's direction
    (Naik: higher, Turun: lower, Tetap: unchanged). ``None`` when a value is missing or
    the polarity is unknown. Unlike :func:`improvement` it needs no non-zero baseline."""
    if dasar is None or akhir is None:
        return None
    if isinstance(dasar, float) and math.isnan(dasar) or isinstance(akhir, float) and math.isnan(akhir):
        return None
    p = C.norm(polaritas)
    if p == "naik":
        return akhir > dasar
    if p == "turun":
        return akhir < dasar
    if p == "tetap":
        return math.isclose(akhir, dasar, rel_tol=1e-9, abs_tol=1e-12)
    return None


# --------------------------------------------------------------------------- decisions, states, statuses

DECISIONS = C.DECISIONS  # what the panel types in Keputusan: Sanggup, Tidak Sanggup
FORM_VALID, FORM_ERRORS, FORM_MISSING = C.FORM_VALID, C.FORM_ERRORS, C.FORM_MISSING  # Status OPD > Status Formulir

# --------------------------------------------------------------------------- colours (hex RGB, with '#')

ERROR_FILL = "#FFC7CE"  # a cell or row with an error (light red)
WARNING_FILL = "#FFEB9C"  # a warning (light yellow)
OK_FILL = "#C6EFCE"  # clean (light green)
ERROR_FONT = "#9C0006"  # text of an error or a remark that needs action (dark red)
HOLD_FILL = WARN_BG  # a row that holds a pact back (light orange)
