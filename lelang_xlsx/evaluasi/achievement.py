"""Achievement (capaian), predicate and points of one indicator: pure functions.

evaluasi.md "Achievement" and "Points". Achievement is rounded to two decimals before
the predicate and the points are read from it, so what the report shows (``90,99``)
is what was banded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import contract as C

NAIK, TURUN, TETAP = C.POLARITIES
PREDICATES = ((91.0, "Sangat Tinggi"), (76.0, "Tinggi"), (66.0, "Sedang"), (51.0, "Rendah"))
LOWEST = "Sangat Rendah"
PREDICATE_ORDER = tuple(p for _, p in PREDICATES) + (LOWEST,)


def capaian(polaritas: str, realisasi: float, target: float, cap: float = C.DEFAULT_CAP) -> float:
    """Achievement in percent, clamped to 0..cap and rounded to 2 decimals.

    Naik: R/T×100. Turun: (2 − R/T)×100. Tetap: (1 − |R−T|/|T|)×100.
    A zero target: Turun 100 when R ≤ 0 else 0 (the spec); Naik 100 when R ≥ 0 else 0;
    Tetap 100 when R = 0 else 0.
    """
    r, t = float(realisasi), float(target)
    if polaritas == NAIK:
        raw = (100.0 if r >= 0 else 0.0) if t == 0 else r / t * 100.0
    elif polaritas == TURUN:
        raw = (100.0 if r <= 0 else 0.0) if t == 0 else (2.0 - r / t) * 100.0
    elif polaritas == TETAP:
        raw = (100.0 if r == 0 else 0.0) if t == 0 else (1.0 - abs(r - t) / abs(t)) * 100.0
    else:
        raise ValueError(f"unknown polarity {polaritas!r}")
    return round(min(max(raw, 0.0), cap), 2)


def predikat(achievement: float) -> str:
    for minimum, name in PREDICATES:
        if achievement >= minimum:
            return name
    return LOWEST


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

    def points(self, achievement: float, decision: str) -> float:
        """The band's points times the decision's reward weight (positive) or
        punishment weight (negative)."""
        base = self.base_points(achievement)
        reward, punishment = self.weights.get(decision_of(decision), (1.0, 1.0))
        if base > 0:
            return round(base * reward, 4)
        if base < 0:
            return round(base * punishment, 4)
        return 0.0
