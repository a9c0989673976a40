"""The status of one indicator in one quarter (docs/pantau.md):
capaian, light, projected year-end value and its category. Pure functions, no I/O.

The achievement formula is the evaluation round's (:func:`rounds.scoring.capaian`),
called only through :func:`achievement` here, so the round follows that formula (the cap,
tolerance for ``Tetap``, the ``Turun`` setting) from one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from statistics import fmean

from .. import contract as C
from ..rounds.scoring import TETAP, capaian, predikat
from . import contract as P

TURUN_DEFAULT = C.TURUN_2_MINUS


@dataclass(frozen=True)
class Setting:
    """What the achievement of a quarter depends on besides R and T (panel.xlsx ›
    Pengaturan): the cap and the ``Rumus Capaian Turun``."""

    cap: float = C.DEFAULT_CAP
    turun: str = TURUN_DEFAULT


def achievement(polaritas: str, realisasi: float, target: float, setting: Setting,
                toleransi: float | None = None) -> float:
    """Capaian in percent by the evaluation round's formula. ``Tetap`` with a tolerance t:
    the realisation is first moved t toward the target (anything inside the band is the
    target), which is d = max(0, |R − T| − t) of the evaluation formulas (docs/design/evaluation.md)."""
    r = float(realisasi)
    if polaritas == TETAP and toleransi:
        gap = abs(r - target) - abs(toleransi)
        r = target if gap <= 0 else target + gap * (1 if r > target else -1)
    return capaian(polaritas, r, target, setting.cap, rumus_turun=setting.turun)


def light(value: float | None) -> str:
    """hijau ≥ 100, kuning ≥ 76, merah below; abu-abu when there is nothing to compare."""
    if value is None:
        return P.ABU
    if value >= P.GREEN_FROM:
        return P.HIJAU
    return P.KUNING if value >= P.YELLOW_FROM else P.MERAH


@dataclass(frozen=True)
class Quarter:
    q: int
    target: float | None  # what the realisation is compared with: T_q (Rata-rata: mean of T_1..q)
    nilai: float | None  # the value compared: R_q (Rata-rata: mean of R_1..q)
    capaian: float | None
    lampu: str


@dataclass(frozen=True)
class Status:
    quarters: tuple[Quarter, ...]  # TW I .. TW upto
    dilaporkan: int  # the latest quarter up to ``upto`` with a realisation (0: none)
    proyeksi: float | None  # projected year-end value
    capaian_proyeksi: float | None
    kategori: str  # Kategori Capaian of the projection ('' without one)

    @property
    def lampu(self) -> str:
        """The light of the quarter the run looks at."""
        return self.quarters[-1].lampu if self.quarters else P.ABU


def _compared(sifat: str, q: int, targets, values) -> tuple[float | None, float | None]:
    if sifat == P.RATA_RATA:
        pairs = [(targets[i], values[i]) for i in range(q) if values[i] is not None and targets[i] is not None]
        if not pairs or values[q - 1] is None:
            return (targets[q - 1], None)
        return fmean(t for t, _ in pairs), fmean(v for _, v in pairs)
    return targets[q - 1], values[q - 1]


def _projection(sifat: str, latest: int, year_target: float, targets, values) -> float | None:
    if latest == 0:
        return None
    r = values[latest - 1]
    if sifat == P.KUMULATIF:
        t = targets[latest - 1]
        return None if not t else r * year_target / t
    if sifat == P.RATA_RATA:
        return fmean(v for v in values[:latest] if v is not None)
    return r  # Nilai Akhir: the latest level


def quarter_status(sifat: str, polaritas: str, year_target: float | None, targets, values, upto: int,
                   setting: Setting = Setting(), toleransi: float | None = None) -> Status:
    """The status of TW I..TW ``upto`` of one indicator.

    ``targets``/``values``: four quarterly targets and realisations (None where empty),
    cumulative for ``Kumulatif``. Raises ValueError for an unknown ``sifat``/``polaritas``
    (the checks report those before anything is computed)."""
    if sifat not in P.SIFAT_DATA or polaritas not in C.POLARITIES:
        raise ValueError(f"unknown Sifat Data {sifat!r} or polarity {polaritas!r}")
    args = (sifat, polaritas, year_target, tuple(targets), tuple(values), upto, setting, toleransi)
    numbers = (year_target, toleransi, setting.cap, *args[3], *args[4])
    if all(x is None or (type(x) is float and x) for x in numbers):  # 1 == 1.0 and 0.0 == -0.0 as keys: not kept
        return _kept(*args)
    return _status(*args)


def _status(sifat: str, polaritas: str, year_target: float | None, targets: tuple, values: tuple, upto: int,
            setting: Setting, toleransi: float | None) -> Status:
    targets, values = list(targets) + [None] * 4, list(values) + [None] * 4
    out = []
    for q in range(1, upto + 1):
        t, v = _compared(sifat, q, targets, values)
        cap = achievement(polaritas, v, t, setting, toleransi) if v is not None and t is not None else None
        out.append(Quarter(q, t, v, cap, light(cap)))
    latest = max((q for q in range(1, upto + 1) if values[q - 1] is not None), default=0)
    proj = _projection(sifat, latest, year_target, targets, values) if year_target is not None else None
    proj_cap = achievement(polaritas, proj, year_target, setting, toleransi) if proj is not None else None
    return Status(tuple(out), latest, None if proj is None else round(proj, 4), proj_cap,
                  predikat(proj_cap) if proj_cap is not None else "")


# the same indicator's status is asked for by a worker's checks and again by its piece of the
# closing files: kept for its exact inputs (non-zero floats, so equal keys are equal values)
_kept = lru_cache(maxsize=1024)(_status)
