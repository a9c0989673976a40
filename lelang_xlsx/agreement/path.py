"""The agreed yearly path (docs/design/yearly-path.md).

For one indicator with baseline (b, v0), the OPD's yearly targets P[y] and the agreed
end point (V, Y):

* no offer, or ``Tidak Sanggup`` without a negotiated value: A[y] = P[y];
* otherwise, for y >= Y: A[y] = V; for y < Y: the tougher (in the indicator's direction)
  of P[y] and the straight line from (b, v0) to (Y, V), never past V;
* ``Tetap``: A[y] = P[y] before Y and V from Y on;
* rounded to the most decimals the OPD used in the baseline and targets (and the offer).

Pure functions on plain values; :func:`fill_path` sets ``Resolution.tahunan``.
"""

from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Decimal

from .. import contract as C
from .. import vocab
from ..model import ACCEPTED, NO_OFFER, REFUSED, Resolution

MAX_DECIMALS = 4


@functools.lru_cache(maxsize=65_536)  # targets repeat across indicators and runs of one process
def decimals_of(value: float | None) -> int:
    """Decimals a value was typed with (0..MAX_DECIMALS); 0 for None or non-finite."""
    if value is None or not math.isfinite(value):
        return 0
    v = abs(float(value))
    for d in range(MAX_DECIMALS + 1):
        if math.isclose(round(v, d), v, rel_tol=0, abs_tol=10 ** -(MAX_DECIMALS + 2)):
            return d
    return MAX_DECIMALS


@functools.lru_cache(maxsize=65_536)
def round_half_up(value: float, digits: int) -> float:
    """Rounded as people and Excel do (2,5 -> 3), not to even. Values beyond 15
    significant digits (hostile input) are left as they are."""
    value = float(value)
    if not math.isfinite(value) or abs(value) >= 1e15:
        return value
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(q, rounding=ROUND_HALF_UP))


def _finite(v: float | None) -> bool:
    return v is not None and isinstance(v, (int, float)) and math.isfinite(v)


def agreed_path(years: range | list[int], polaritas: str, tahun_dasar: int | None, nilai_dasar: float | None,
                targets: dict[int, float | None], end: tuple[float, int] | None, satuan: str = "",
                extra_decimals: tuple[float | None, ...] = ()) -> dict[int, float | None]:
    """The agreed target of every year.

    ``end`` is the agreed end point (V, Y), or None when the OPD's own path stands (no
    offer, or Tidak Sanggup without a negotiated value). ``extra_decimals``: other
    values whose decimals count for the rounding (the offer).
    """
    years = list(years)
    own = {y: (float(targets[y]) if _finite(targets.get(y)) else None) for y in years}
    if end is None or not _finite(end[0]) or end[1] is None:
        return own
    value, year = float(end[0]), int(end[1])
    digits = max([decimals_of(nilai_dasar)] + [decimals_of(v) for v in own.values()]
                 + [decimals_of(value)] + [decimals_of(v) for v in extra_decimals if _finite(v)])
    pol = vocab.polarity(polaritas)
    line_ok = _finite(nilai_dasar) and tahun_dasar is not None and tahun_dasar < year
    out: dict[int, float | None] = {}
    for y in years:
        p = own[y]
        if y >= year:
            a = value
        elif pol not in vocab.OPPOSITE:  # Tetap (or unknown): the OPD's own path until Y
            a = p
        else:
            line = (float(nilai_dasar) + (value - float(nilai_dasar)) * (y - tahun_dasar) / (year - tahun_dasar)
                    if line_ok else None)
            candidates = [v for v in (p, line) if v is not None]
            if not candidates:
                a = None
            elif pol == vocab.NAIK:
                a = min(max(candidates), value)
            else:
                a = max(min(candidates), value)
        if a is not None and not math.isfinite(a):  # hostile magnitudes: no target rather than inf
            a = None
        if a is not None:
            a = round_half_up(a, digits)
            if C.norm(satuan) == C.PERCENT_UNIT:
                a = min(max(a, 0.0), 100.0)
            a = a + 0.0  # no -0.0
        out[y] = a
    return out


def resolution_end(res: Resolution) -> tuple[float, int] | None:
    """The agreed end point that moves the path, or None when the OPD's own path stands."""
    if res.status == ACCEPTED:
        return (res.disepakati_nilai, res.disepakati_tahun) if _finite(res.disepakati_nilai) else None
    if res.status == REFUSED and res.negosiasi and _finite(res.disepakati_nilai) and res.disepakati_tahun is not None:
        return res.disepakati_nilai, res.disepakati_tahun
    return None


def fill_path(res: Resolution, years: range) -> None:
    """Set ``res.tahunan`` for a decided resolution (left empty otherwise)."""
    if not res.decided:
        res.tahunan = {}
        return
    ind = res.indicator
    if res.status == NO_OFFER:
        end = None
    else:
        end = resolution_end(res)
    res.tahunan = agreed_path(years or sorted(ind.targets), ind.polaritas, ind.tahun_dasar, ind.nilai_dasar,
                              ind.targets, end, ind.satuan, (res.tawaran_nilai,))
