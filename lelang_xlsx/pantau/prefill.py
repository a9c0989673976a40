"""The monitoring round feeding the yearly one (docs/pantau.md): the year's
realisation of every indicator from the fourth quarter of a valid monitoring workbook, for
``lelang eval template`` to pre-fill ``Realisasi Y`` (still editable) with ``Sumber Data``
"Pemantauan TW IV", so nobody types the same number twice."""

from __future__ import annotations

from pathlib import Path
from statistics import fmean

from .. import contract as C
from ..errors import LelangError
from . import contract as P

SOURCE = "Pemantauan TW IV"


def year_end(root: Path, year: int) -> dict[str, dict[str, float]]:
    """Kode OPD (the register's) -> Kode Indikator (normalised) -> the year's value, for every
    OPD whose counted monitoring workbook reports TW IV. Empty when the year has no
    monitoring round or it cannot be read (the evaluation form is then written blank)."""
    from .run import check_round, prepare

    if not (Path(root) / P.PANTAU_DIR / str(year) / "masuk").is_dir():
        return {}
    try:
        checked = check_round(prepare(Path(root), year))
    except LelangError:
        return {}
    out: dict[str, dict[str, float]] = {}
    for kode, sub in checked.used.items():
        if sub.reported < 4:
            continue
        plans = {C.norm(p.kode): p for p in sub.plan}
        values = {}
        for row in sub.quarters:
            plan = plans.get(C.norm(row.kode))
            v = _year_value(plan.sifat if plan else "", row.values)
            if v is not None:
                values[C.norm(row.kode)] = v
        out[kode] = values
    return out


def _year_value(sifat: str, values: list) -> float | None:
    if values[3] is None:
        return None
    if sifat == P.RATA_RATA:
        return None if any(v is None for v in values) else round(fmean(values), 4)
    return values[3]  # Kumulatif: the cumulative TW IV; Nilai Akhir: the level at the year's end


def eval_rows(agreement, year: int, values: dict[str, float] | None, previous: dict[str, float] | None = None):
    """The realisation form's rows with ``Realisasi Y`` and ``Sumber Data`` pre-filled where
    the monitoring has the year's value (None: nothing to pre-fill); ``previous``: last
    year's realisation by Kode Indikator (the form's informative column)."""
    from ..evaluasi.form import prefill_rows

    if not values:
        return None
    rows = prefill_rows(agreement, year, previous)
    for row in rows:
        v = values.get(C.norm(row["kode"]))
        if v is not None:
            row.update(realisasi=v, sumber=SOURCE)
    return rows
