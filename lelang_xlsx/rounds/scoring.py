"""Achievement (capaian), Kategori Capaian and points of one indicator: pure functions,
shared by the evaluation (evaluasi/) and the quarterly monitoring (pantau/status.py).

docs/design/evaluation.md (why), docs/evaluasi.md (the round). Achievement is rounded to two
decimals before the category and the points are read from it, so what the report shows
(``90,99``) is what was banded.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .. import contract as C

NAIK, TURUN, TETAP = C.POLARITIES
# Kategori Capaian (never "predikat": in SAKIP that is the AA–D grade of a whole government)
KATEGORI = ((91.0, "Sangat Tinggi"), (76.0, "Tinggi"), (66.0, "Sedang"), (51.0, "Rendah"))
LOWEST = "Sangat Rendah"
KATEGORI_ORDER = tuple(k for _, k in KATEGORI) + (LOWEST,)


def capaian(polaritas: str, realisasi: float, target: float, cap: float = C.DEFAULT_CAP,
            toleransi: float | None = None, rumus_turun: str = C.TURUN_2_MINUS) -> float:
    """Achievement in percent, clamped to 0..cap and rounded to 2 decimals.

    Naik: R/T×100. Turun: (2 − R/T)×100, or T/R×100 when ``rumus_turun`` is ``T/R``.
    Tetap: d = max(0, |R−T| − t) with the tolerance t (0 without one); (1 − d/|T|)×100,
    so anything inside T ± t is 100. A zero target: Naik 100 when R ≥ 0 else 0; Turun
    100 when R ≤ 0 else 0; Tetap 100 when d = 0 else 0. ``T/R`` with R ≤ 0: the cap.
    """
    r, t = float(realisasi), float(target)
    if polaritas == NAIK:
        raw = (100.0 if r >= 0 else 0.0) if t == 0 else r / t * 100.0
    elif polaritas == TURUN and rumus_turun == C.TURUN_RATIO:
        raw = (100.0 if r <= 0 else 0.0) if t == 0 else (cap if r <= 0 else t / r * 100.0)
    elif polaritas == TURUN:
        raw = (100.0 if r <= 0 else 0.0) if t == 0 else (2.0 - r / t) * 100.0
    elif polaritas == TETAP:
        d = max(0.0, abs(r - t) - max(float(toleransi or 0.0), 0.0))
        raw = (100.0 if d == 0 else 0.0) if t == 0 else (1.0 - d / abs(t)) * 100.0
    else:
        raise ValueError(f"unknown polarity {polaritas!r}")
    return round(min(max(raw, 0.0), cap), 2)


def kategori(achievement: float) -> str:
    """Kategori Capaian of an achievement (≥ 91 Sangat Tinggi … below 51 Sangat Rendah)."""
    for minimum, name in KATEGORI:
        if achievement >= minimum:
            return name
    return LOWEST


def formula_text(polaritas: str, rumus_turun: str = C.TURUN_2_MINUS, toleransi: float | None = None) -> str:
    """The achievement formula of a polarity as printed (Indonesian)."""
    if polaritas == NAIK:
        return "Realisasi ÷ Target × 100"
    if polaritas == TURUN:
        return "Target ÷ Realisasi × 100" if rumus_turun == C.TURUN_RATIO else "(2 − Realisasi ÷ Target) × 100"
    if toleransi:
        return "(1 − d ÷ |Target|) × 100, d = selisih di luar Target ± Toleransi"
    return "(1 − |Realisasi − Target| ÷ |Target|) × 100"


@functools.lru_cache(maxsize=256)  # three calls per indicator, a handful of distinct texts per round
def decision_of(status: str | None) -> str:
    """The register's status ('Sanggup', 'Tidak Sanggup', 'tanpa tawaran') as a row of
    the weight table."""
    for d in C.POIN_DECISIONS:
        if C.norm(d) == C.norm(status):
            return d
    return C.DECISION_TANPA


@dataclass(frozen=True)
class PointsTable:
    """The Poin sheet: bands (minimum %, points), highest first; weights per decision
    (reward, punishment); the achievement cap."""

    bands: tuple[tuple[float, float], ...] = C.DEFAULT_BANDS
    weights: dict = field(default_factory=lambda: dict(C.DEFAULT_WEIGHTS))
    cap: float = C.DEFAULT_CAP
    tidak_melapor: float = C.DEFAULT_POIN_TIDAK_MELAPOR  # per agreed indicator of an OPD that did not report

    def base_points(self, achievement: float) -> float:
        for minimum, points in self.bands:
            if achievement >= minimum:
                return points
        return self.bands[-1][1] if self.bands else 0.0

    def weight(self, base: float, decision: str) -> float:
        """The weight a band's points are multiplied by: the decision's reward weight for
        positive points, its punishment weight for negative ones (1 for zero)."""
        reward, punishment = self.weights.get(decision_of(decision), (1.0, 1.0))
        return reward if base > 0 else punishment if base < 0 else 1.0

    def points(self, achievement: float, decision: str) -> float:
        """The band's points times the decision's reward weight (positive) or
        punishment weight (negative)."""
        base = self.base_points(achievement)
        return round(base * self.weight(base, decision), 4) if base else 0.0


# The names before version 3, for code that still reads them (pantau/status.py).
predikat = kategori
PREDICATE_ORDER = KATEGORI_ORDER
