"""Rules about meaning, run on a read :class:`Submission` (LK202–LK206, LK305–LK314,
LK401–LK402). Cell conversion findings come from :mod:`lelang_xlsx.reading.reader`.

Each check is a small function ``(sub, panel) -> list[Finding]`` registered in
:data:`CHECKS`; cross-file checks take every submission at once.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from typing import Callable

from .. import contract as C
from .. import vocab
from .findings import Finding, Pos, lift_merged, make
from ..model import Panel, Submission
from ..reading.reader import is_percent_unit
from ..reading.tables import show
from .textchecks import check_text_cells

Check = Callable[[Submission, Panel], list[Finding]]


def _id_pos(sub: Submission, key: str) -> Pos:
    row = sub.identity_rows.get(key)
    return Pos(sub.path, C.SHEET_IDENTITAS, row, 2 if row else None)


def _ind_pos(sub: Submission, row: int, key: str) -> Pos:
    return Pos(sub.path, C.SHEET_INDIKATOR, row, sub.columns.get(C.SHEET_INDIKATOR, {}).get(key))


def check_opd_code(sub: Submission, panel: Panel) -> list[Finding]:
    code = sub.identity.kode_opd
    if not code or not panel.opds:
        return []
    by_norm = {C.norm(k): k for k in panel.opds}
    if C.norm(code) in by_norm:
        sub.identity.kode_opd = by_norm[C.norm(code)]
        return []
    close = difflib.get_close_matches(code.upper(), list(panel.opds), n=1)
    hint = f", mungkin maksudnya '{close[0]}'" if close else ""
    return [make("LK202", _id_pos(sub, "kode_opd"), value=show(code), hint=hint)]


def check_opd_name(sub: Submission, panel: Panel) -> list[Finding]:
    expected = panel.opds.get(sub.identity.kode_opd)
    name = sub.identity.nama_opd
    if expected and name and C.norm(" ".join(name.split())) != C.norm(" ".join(expected.split())):
        return [make("LK206", _id_pos(sub, "nama_opd"), value=show(name), expected=show(expected))]
    return []


def check_unique_codes(sub: Submission, panel: Panel) -> list[Finding]:
    seen: dict[str, int] = {}
    out = []
    for ind in sub.indicators:
        key = C.norm(ind.kode)
        if not key:
            continue
        if key in seen:
            out.append(make("LK305", _ind_pos(sub, ind.row, "kode"), value=show(ind.kode), other_row=seen[key]))
        else:
            seen[key] = ind.row
    return out


def check_mission(sub: Submission, panel: Panel) -> list[Finding]:
    codes = {C.norm(k): k for k in panel.missions}
    out = []
    for ind in sub.indicators:
        if not ind.misi:
            continue
        if C.norm(ind.misi) in codes:
            ind.misi = codes[C.norm(ind.misi)]
        else:
            out.append(make("LK306", _ind_pos(sub, ind.row, "misi"), value=show(ind.misi), allowed=", ".join(panel.missions)))
    return out


def check_polarity(sub: Submission, panel: Panel) -> list[Finding]:
    return [
        make("LK307", _ind_pos(sub, ind.row, "polaritas"), value=show(ind.polaritas))
        for ind in sub.indicators
        if ind.polaritas and ind.polaritas not in C.POLARITIES
    ]


def check_base_year(sub: Submission, panel: Panel) -> list[Finding]:
    return [
        make("LK308", _ind_pos(sub, ind.row, "tahun_dasar"), value=ind.tahun_dasar, first=panel.tahun_awal)
        for ind in sub.indicators
        if ind.tahun_dasar is not None and ind.tahun_dasar != -1 and ind.tahun_dasar >= panel.tahun_awal
    ]


def _fmt(v):
    from ..output.textfmt import number

    return number(v)


def check_direction(sub: Submission, panel: Panel) -> list[Finding]:
    """LK309 end-point vs baseline, LK310 yearly path."""
    out = []
    years = list(panel.years)
    for ind in sub.indicators:
        pol = ind.polaritas
        if pol not in vocab.OPPOSITE:  # Tetap (or an unknown polarity, LK307) has no direction
            continue
        end = ind.targets.get(years[-1]) if years else None
        if end is not None and ind.nilai_dasar is not None and not vocab.better(pol, end, ind.nilai_dasar):
            expect = "harus lebih besar dari nilai dasar" if pol == vocab.NAIK else "harus lebih kecil dari nilai dasar"
            out.append(
                make("LK309", _ind_pos(sub, ind.row, f"target_{years[-1]}"),
                     end=_fmt(end), base=_fmt(ind.nilai_dasar), polarity=pol, expect=expect)
            )
        # The path starts at the baseline: every step that moves away from the end point
        # is reported, the first year against Nilai Dasar, later years against the year before.
        prev, prev_label = ind.nilai_dasar, "Nilai Dasar"
        for y in years:
            v = ind.targets.get(y)
            if v is None:
                continue
            if prev is not None and vocab.better(pol, prev, v):
                worse = "lebih rendah" if pol == vocab.NAIK else "lebih tinggi"
                detail = f"{worse} dari {prev_label} ({_fmt(prev)})"
                out.append(make("LK310", _ind_pos(sub, ind.row, f"target_{y}"), year=y, value=_fmt(v), detail=detail,
                                polarity=pol))
            prev, prev_label = v, f"target {y}"
    return out


# polarity -> ("makin ... makin baik" of the other polarity, where the targets move)
_REVERSED_WORDS = {vocab.NAIK: ("rendah", "turun"), vocab.TURUN: ("tinggi", "naik")}


def check_reversed_polarity(sub: Submission, panel: Panel) -> list[Finding]:
    """LK315: the end point and every yearly step go the wrong way: the Polaritas cell is the cause."""
    out = []
    for ind in sub.indicators:
        if ind.polaritas not in vocab.OPPOSITE or ind.nilai_dasar is None:
            continue
        path = [ind.targets.get(y) for y in panel.years]
        if len(path) < 2 or any(v is None for v in path):
            continue
        steps = list(zip([ind.nilai_dasar] + path, path))
        # every step worse than the one before: the end point is then worse than the baseline too (LK309)
        if all(vocab.better(ind.polaritas, a, b) for a, b in steps):
            other, (good, moves) = vocab.OPPOSITE[ind.polaritas], _REVERSED_WORDS[ind.polaritas]
            out.append(make("LK315", _ind_pos(sub, ind.row, "polaritas"), polarity=ind.polaritas, base=_fmt(ind.nilai_dasar),
                            path=", ".join(_fmt(v) for v in path), moves=moves, good=good, other=other))
    return out


def bounds_text(lo: float | None, hi: float | None) -> str:
    """'antara 0 dan 100', 'tidak kurang dari 0', 'tidak lebih dari 366'."""
    if lo is not None and hi is not None:
        return f"antara {_fmt(lo)} dan {_fmt(hi)}"
    return f"tidak kurang dari {_fmt(lo)}" if lo is not None else f"tidak lebih dari {_fmt(hi)}"


def unit_bounds(panel: Panel, satuan: str) -> tuple[float | None, float | None] | None:
    """The bounds of a unit from panel.xlsx › Satuan; '%' keeps 0–100 even when the sheet
    does not list it."""
    bounds = panel.unit_bounds(satuan)
    if bounds is None and is_percent_unit(satuan):
        return (0.0, 100.0)
    return bounds


def check_percent_range(sub: Submission, panel: Panel) -> list[Finding]:
    """LK311: a baseline or target outside its unit's bounds (sheet Satuan; '%' is 0–100)."""
    out = []
    for ind in sub.indicators:
        bounds = unit_bounds(panel, ind.satuan)
        if bounds is None:
            continue
        lo, hi = bounds
        values = [("nilai_dasar", ind.nilai_dasar)] + [(f"target_{y}", v) for y, v in ind.targets.items()]
        for key, v in values:
            if v is not None and ((lo is not None and v < lo) or (hi is not None and v > hi)):
                out.append(make("LK311", _ind_pos(sub, ind.row, key), value=_fmt(v), unit=show(ind.satuan),
                                range=bounds_text(lo, hi)))
    return out


def check_tolerance(sub: Submission, panel: Panel) -> list[Finding]:
    """LK314 a negative Toleransi (±); LK313 a tolerance on a Naik/Turun indicator."""
    out = []
    for ind in sub.indicators:
        t = ind.toleransi
        if t is None:
            continue
        where = _ind_pos(sub, ind.row, "toleransi")
        if t < 0:
            out.append(make("LK314", where, value=_fmt(t)))
        elif ind.polaritas in vocab.OPPOSITE:
            out.append(make("LK313", where, value=_fmt(t), polarity=ind.polaritas))
    return out


def check_figures(sub: Submission, panel: Panel) -> list[Finding]:
    """LK401 indicator without figure, LK402 figure for an unknown indicator."""
    if any("kode" not in sub.columns.get(sheet, {}) for sheet in (C.SHEET_INDIKATOR, C.SHEET_PENDUKUNG)):
        return []  # a code column is missing (LK103): nothing to link
    out = []
    codes = {C.norm(i.kode) for i in sub.indicators if i.kode}
    counts: dict[str, int] = defaultdict(int)
    kode_col = sub.columns[C.SHEET_PENDUKUNG].get("kode")
    for fig in sub.figures:
        key = C.norm(fig.kode)
        if not key:
            continue
        if key in codes:
            counts[key] += 1
        else:
            out.append(make("LK402", Pos(sub.path, C.SHEET_PENDUKUNG, fig.row, kode_col), value=show(fig.kode)))
    seen = set()
    for ind in sub.indicators:
        key = C.norm(ind.kode)
        if key and key not in seen and not counts[key]:
            out.append(make("LK401", _ind_pos(sub, ind.row, "kode"), value=show(ind.kode)))
        seen.add(key)
    return out


def check_not_empty(sub: Submission, panel: Panel) -> list[Finding]:
    """A workbook with an Indikator table but no indicator at all."""
    cols = sub.columns.get(C.SHEET_INDIKATOR)
    if cols is None or sub.indicators or "kode" not in cols:
        return []
    return [make("LK301", Pos(sub.path, C.SHEET_INDIKATOR, 2, cols["kode"]), header="Kode Indikator",
                 context=" (formulir belum berisi satu indikator pun)")]


CHECKS: dict[str, Check] = {
    "not_empty": check_not_empty,
    "opd_code": check_opd_code,
    "opd_name": check_opd_name,
    "unique_codes": check_unique_codes,
    "mission": check_mission,
    "polarity": check_polarity,
    "base_year": check_base_year,
    "direction": check_direction,
    "reversed_polarity": check_reversed_polarity,
    "percent_range": check_percent_range,
    "tolerance": check_tolerance,
    "figures": check_figures,
    "text_cells": check_text_cells,  # LK108/LK109, lelang_xlsx/checking/textchecks.py
}


def run_checks(sub: Submission, panel: Panel) -> None:
    """Append every semantic finding to ``sub.findings``."""
    if not sub.readable:
        return
    for check in CHECKS.values():
        sub.findings.extend(check(sub, panel))
    sub.findings = lift_merged(sub.findings, sub.merged)


def cross_file(subs: list[Submission], panel: Panel, panel_display: str) -> list[Finding]:
    """LK204 (same OPD twice; on each file) and LK205 (OPD without a submission)."""
    out: list[Finding] = []
    by_code: dict[str, list[Submission]] = defaultdict(list)
    for sub in subs:
        if sub.readable and sub.identity.kode_opd:
            by_code[C.norm(sub.identity.kode_opd)].append(sub)
    for group in by_code.values():
        if len(group) > 1:
            names = ", ".join(s.path for s in group)
            for sub in group:
                f = make("LK204", _id_pos(sub, "kode_opd"), value=show(sub.identity.kode_opd), detail=names,
                         count=len(group))
                sub.findings.append(f)
    for code, name in panel.opds.items():
        if C.norm(code) not in by_code:
            row = panel.opd_rows.get(code)
            out.append(make("LK205", Pos(panel_display, C.SHEET_OPD, row, 1 if row else None), value=code, name=show(name)))
    return out
