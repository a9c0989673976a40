"""The project's vocabulary in one place: polarities and the direction logic of Naik / Turun /
Tetap, the decisions and statuses of an offer, the states of a pact, the status of a form,
and the colours every workbook uses for them.

New code takes these names from here. The words are still defined where they were first
needed (``contract.py``, ``model.py``) and re-exported here unchanged, so nothing an auction
folder holds changes; the direction functions and the colours live here
(``output/xlsxstyle.py`` re-exports the colours it always had).
"""

from __future__ import annotations

import math

from . import contract as C
from .model import (ACCEPTED, INVALID, NO_OFFER, PACT_FORM_ERRORS, PACT_HELD, PACT_ISSUED, PACT_LOCKED,
                    PACT_NO_SUBMISSION, PACT_SIGNED, PACT_WAITING, REFUSED, UNDECIDED)

__all__ = [
    "NAIK", "TURUN", "TETAP", "POLARITIES", "OPPOSITE", "polarity", "better", "tougher_by", "easier", "improvement", "improved",
    "DECISIONS", "ACCEPTED", "REFUSED", "NO_OFFER", "UNDECIDED", "INVALID",
    "PACT_ISSUED", "PACT_SIGNED", "PACT_LOCKED", "PACT_WAITING", "PACT_HELD", "PACT_FORM_ERRORS", "PACT_NO_SUBMISSION",
    "FORM_VALID", "FORM_ERRORS", "FORM_MISSING",
    "ERROR_FILL", "WARNING_FILL", "OK_FILL", "ERROR_FONT", "OK_FONT", "NEUTRAL_FILL", "HOLD_FILL", "MARK_BG",
    "PANEL_CELL_BG", "WARN_BG", "SCALE_FILLS", "DECISION_COLORS", "DECISION_CHART_COLORS",
]

# --------------------------------------------------------------------------- polarities and direction

POLARITIES = C.POLARITIES
NAIK, TURUN, TETAP = POLARITIES
_BY_NORM = {C.norm(p): p for p in POLARITIES}


def polarity(text: object) -> str:
    """The polarity as the contract spells it ('naik ' -> 'Naik'); '' when it is none."""
    return _BY_NORM.get(C.norm(text), "")


OPPOSITE = {NAIK: TURUN, TURUN: NAIK}  # a polarity with a direction -> the reverse one


def better(polaritas: str, a: float, b: float) -> bool | None:
    """Whether ``a`` is better than ``b`` in the indicator's direction (Naik: higher, Turun:
    lower); ``None`` for Tetap or an unknown polarity, which have no direction."""
    p = C.norm(polaritas)
    if p == "naik":
        return a > b
    if p == "turun":
        return a < b
    return None


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
# Every workbook, deck and chart takes its meaning-carrying colours from here.

ERROR_FILL = "#FFC7CE"  # a cell or row with an error (light red)
WARNING_FILL = "#FFEB9C"  # a warning (light yellow)
OK_FILL = "#C6EFCE"  # clean (light green)
ERROR_FONT = "#9C0006"  # text of an error or a remark that needs action (dark red)
OK_FONT = "#006100"  # text on OK_FILL (dark green)
NEUTRAL_FILL = "#D9D9D9"  # nothing to judge: not reported, no data (grey)
MARK_BG = "#F4CCCC"  # light red: rows needing attention (an offer row no longer in the submission)
WARN_BG = "#FCE4D6"  # light orange
HOLD_FILL = WARN_BG  # a row that holds a pact back (light orange)
PANEL_CELL_BG = "#FFF2CC"  # light amber: cells the panel fills
# A five-step scale from best to worst (the evaluation's Kategori Capaian, Sangat Tinggi ... Sangat Rendah).
SCALE_FILLS = (OK_FILL, "#E2EFDA", PANEL_CELL_BG, WARN_BG, ERROR_FILL)

# Decision labels as every view shows them, and their colours (fill, font): Sanggup
# green, Tidak Sanggup amber, undecided red, no offer grey. Keys are the labels.
DECISION_COLORS = {
    C.DECISION_SANGGUP: (OK_FILL, OK_FONT),
    C.DECISION_TIDAK_SANGGUP: ("#FFE699", "#7F4F00"),
    C.DECISION_BELUM: (ERROR_FILL, ERROR_FONT),
    C.DECISION_INVALID: (ERROR_FILL, ERROR_FONT),
    C.DECISION_TANPA: ("#E7E6E6", "#404040"),
}
# Series colours of the same decisions in charts (stronger, for bars).
DECISION_CHART_COLORS = {
    C.DECISION_SANGGUP: "#548235",
    C.DECISION_TIDAK_SANGGUP: "#BF8F00",
    C.DECISION_BELUM: "#C00000",
    C.DECISION_TANPA: "#A6A6A6",
}
