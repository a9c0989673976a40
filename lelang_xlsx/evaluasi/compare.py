"""The comparisons an LKjIP needs, per indicator (evaluasi.md "Comparisons an LKjIP
needs"): the realisation of every earlier evaluated year (earlier rounds'
``evaluasi.json``), the progress from the baseline toward the end-of-period target, and
the budget of the programmes supporting it in that year's PK (``pk/<Y>/hasil/pk.json``,
written by the PK round; read defensively: anything unexpected is left out)."""

from __future__ import annotations

import json
import math
from pathlib import Path

from .. import contract as C
from .. import vocab
from .evaluate import IndicatorResult, OpdResult

MAX_JSON = 64 * 1024 * 1024  # a round file larger than this is not read


def progress(ind: IndicatorResult) -> float | None:
    """(R − v0) ÷ (V − v0) × 100 toward the end-of-period target V from the baseline v0,
    two decimals, capped at 100; None for Tetap or when V equals v0 or a value is missing."""
    r, v0, v = ind.realisasi, ind.nilai_dasar, ind.target_akhir
    if ind.polaritas not in vocab.OPPOSITE or None in (r, v0, v) or v == v0:
        return None
    return round(min((r - v0) / (v - v0) * 100.0, 100.0), 2)


def pk_budgets(path: Path) -> dict[str, dict[str, float]]:
    """Kode OPD -> Kode Indikator -> budget (Rp) from an issued PK's ``pk.json``."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_JSON:
            return {}
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return {}
    opds = data.get("opd") if isinstance(data, dict) and data.get("schema") == "lelang-xlsx/pk" else None
    out: dict[str, dict[str, float]] = {}
    for kode, item in (opds.items() if isinstance(opds, dict) else []):
        if not isinstance(item, dict) or item.get("status") != "terbit":
            continue
        for ind in item.get("indikator") or []:
            if not isinstance(ind, dict):
                continue
            v = ind.get("anggaran")
            if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v >= 0:
                out.setdefault(C.norm(kode), {})[C.norm(ind.get("kode"))] = float(v)
    return out


def add_comparisons(results: list[OpdResult], earlier: dict[int, dict[str, dict]], year: int,
                    budgets: dict[str, dict[str, float]]) -> None:
    """Fill each indicator's earlier realisations, progress and PK budget in place."""
    past = {y: {C.norm(k): v for k, v in opds.items()} for y, opds in earlier.items() if y < year}
    for r in results:
        mine = budgets.get(C.norm(r.kode), {})
        for ind in r.indicators:
            for y in sorted(past):
                v = (past[y].get(C.norm(r.kode)) or {}).get("realisasi", {}).get(ind.kode)
                if v is not None:
                    ind.realisasi_lalu[y] = v
            ind.progres = progress(ind)
            ind.anggaran = mine.get(C.norm(ind.kode))
