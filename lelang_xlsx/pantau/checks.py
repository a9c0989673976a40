"""The monitoring checks about meaning: LK901–LK908 (docs/pantau.md), each at its cell; and
which workbook of an OPD counts (the newest valid one; the others LK204).
"""

from __future__ import annotations

from dataclasses import replace

from .. import contract as C
from ..agreement.agreed import AgreedIndicator, Agreement, Register
from ..checking.checks import cross_file
from ..checking.findings import Finding, Pos, make
from ..checking.roundchecks import form_agreement, identity_at, same_number, same_text
from ..model import Panel
from ..output.textfmt import number
from ..reading.reader import is_percent_unit
from ..reading.tables import show
from . import contract as P
from .reader import Monitoring, PlanRow, QuarterRow
from .rules import LK204_NEWER
from .status import Setting, quarter_status

MEAN_TOLERANCE = 0.005  # a Rata-rata plan matches when its mean is the target to two decimals


def check_monitoring(sub: Monitoring, register: Register, setting: Setting) -> None:
    a = form_agreement(sub, sub.marker_kode, register, sub.year, "LK902", "LK908")
    if a is None:
        return
    pos = Pos(sub.path)
    if sub.identity.nama_opd and C.norm(sub.identity.nama_opd) != C.norm(a.nama_opd):
        sub.findings.append(make("LK901", _id(sub, pos, "nama_opd"),
                                 detail=f"'Nama OPD' berisi '{show(sub.identity.nama_opd)}', padahal kesepakatan "
                                        f"mencatat '{show(a.nama_opd)}'"))
    agreed = {C.norm(i.kode): i for i in a.indicators}
    plans = _match(sub, a, agreed, sub.plan, P.SHEET_RENCANA, pos) if P.SHEET_RENCANA in sub.columns else {}
    for key, row in plans.items():
        _plan_row(sub, row, agreed[key], pos)
    if P.SHEET_REALISASI not in sub.columns:
        return
    reals = _match(sub, a, agreed, sub.quarters, P.SHEET_REALISASI, pos)
    for key, row in reals.items():
        _quarter_row(sub, row, agreed[key], plans.get(key), setting, pos)
    sub.reported = max((q for row in sub.quarters for q in P.QUARTERS if row.values[q - 1] is not None), default=0)


def _id(sub: Monitoring, pos: Pos, key: str) -> Pos:
    return identity_at(sub, key)


def _at(sub: Monitoring, pos: Pos, sheet: str, row: int, key: str) -> Pos:
    return pos.at(sheet, row, sub.columns.get(sheet, {}).get(key))


def _match(sub: Monitoring, a: Agreement, agreed: dict, rows, sheet: str, pos: Pos) -> dict:
    """Rows by indicator code; a row of an unknown indicator, a second row of one, or an
    agreed indicator without a row: LK901."""
    out: dict = {}
    for row in rows:
        key = C.norm(row.kode)
        where = _at(sub, pos, sheet, row.row, "kode")
        if key not in agreed:
            detail = (f"Indikator '{show(row.kode)}' tidak ada dalam kesepakatan {a.kode_opd} yang berlaku"
                      if row.kode else f"Baris {row.row} tidak memiliki Kode Indikator")
            sub.findings.append(make("LK901", where, detail=detail))
        elif key in out:
            sub.findings.append(make("LK901", where, detail=f"Indikator '{show(row.kode)}' muncul dua kali "
                                                            f"(juga di baris {out[key].row})"))
        else:
            out[key] = row
    for key, ind in agreed.items():
        if key not in out:
            sub.findings.append(make("LK901", pos.at(sheet), detail=f"Baris indikator {ind.kode} "
                                                                  f"({show(ind.indikator)}) tidak ada di lembar {sheet}"))
    return out


def _has_finding(sub: Monitoring, where: Pos) -> bool:
    return any(f.sheet == where.sheet and f.row == where.row and f.col == where.col for f in sub.findings)


def _locked(sub: Monitoring, row, ind: AgreedIndicator, sheet: str, keys, pos: Pos) -> None:
    labels = {"indikator": "Indikator Kinerja", "satuan": "Satuan", "polaritas": "Polaritas"}
    for key in keys:
        got, want = getattr(row, key), getattr(ind, key)
        if got != want and not same_text(got, want):
            sub.findings.append(make("LK901", _at(sub, pos, sheet, row.row, key),
                                     detail=f"'{labels[key]}' berisi '{show(got)}', padahal kesepakatan mencatat "
                                            f"'{show(want)}' (indikator {show(ind.kode)})"))


def _plan_row(sub: Monitoring, row: PlanRow, ind: AgreedIndicator, pos: Pos) -> None:
    sheet, ctx = P.SHEET_RENCANA, f" (indikator {show(ind.kode)})"
    _locked(sub, row, ind, sheet, ("indikator", "satuan", "polaritas"), pos)
    t = ind.target.get(sub.year)
    where = _at(sub, pos, sheet, row.row, "target")
    if not same_number(row.target, t) and not _has_finding(sub, where):
        sub.findings.append(make("LK901", where, detail=f"'{C.target_header(sub.year)}' berisi "
                                 f"'{number(row.target, empty='')}', padahal kesepakatan mencatat '{number(t)}'{ctx}"))
    if row.sifat not in P.SIFAT_DATA:
        detail = "kosong" if not row.sifat else "tidak dikenal"
        sub.findings.append(make("LK903", _at(sub, pos, sheet, row.row, "sifat"), value=show(row.sifat),
                                 context=ctx, detail=detail))
    empty = [q for q in P.QUARTERS if row.targets[q - 1] is None]
    for q in empty:
        where = _at(sub, pos, sheet, row.row, f"t{q}")
        if not _has_finding(sub, where):
            sub.findings.append(make("LK904", where, detail=f"{P.target_tw_header(q)} kosong", context=ctx,
                                     expected="Isi target keempat triwulan."))
    if empty or t is None or row.sifat not in P.SIFAT_DATA:
        return
    _plan_consistent(sub, row, t, ctx, pos)


def _plan_consistent(sub: Monitoring, row: PlanRow, t: float, ctx: str, pos: Pos) -> None:
    """LK904 (the plan does not add up to the year's target) and LK905 (it goes backwards
    or away from the target)."""
    ts, sheet = row.targets, P.SHEET_RENCANA
    t4 = _at(sub, pos, sheet, row.row, "t4")
    if row.sifat == P.RATA_RATA:
        mean = sum(ts) / 4
        if abs(mean - t) > MEAN_TOLERANCE:
            fit = 4 * t - sum(ts[:3])
            sub.findings.append(make("LK904", t4, context=ctx,
                                     detail=f"Rata-rata Target TW I-IV {number(mean, 2)} tidak sama dengan target "
                                            f"tahunan {number(t)}",
                                     expected=f"Rata-rata keempatnya harus {number(t)}: dengan TW I-III seperti "
                                              f"sekarang, Target TW IV = {number(round(fit, 4))}."))
    elif not same_number(ts[3], t):
        sub.findings.append(make("LK904", t4, context=ctx,
                                 detail=f"{P.target_tw_header(4)} {number(ts[3])} tidak sama dengan target tahunan "
                                        f"{number(t)} ({row.sifat})",
                                 expected=f"Target TW IV yang benar: {number(t)}."))
    for q in (2, 3, 4):
        prev, cur = ts[q - 2], ts[q - 1]
        if row.sifat == P.KUMULATIF and cur < prev:
            detail = f"Target kumulatif {P.tw(q)} {number(cur)} lebih kecil dari {P.tw(q - 1)} {number(prev)}"
        elif row.sifat == P.NILAI_AKHIR and abs(cur - t) > abs(prev - t) + 1e-9:
            detail = (f"{P.target_tw_header(q)} {number(cur)} menjauh dari target tahunan {number(t)} "
                      f"({P.tw(q - 1)}: {number(prev)})")
        else:
            continue
        sub.findings.append(make("LK905", _at(sub, pos, sheet, row.row, f"t{q}"), detail=detail, context=ctx))


def _quarter_row(sub: Monitoring, row: QuarterRow, ind: AgreedIndicator, plan: PlanRow | None, setting: Setting,
                 pos: Pos) -> None:
    sheet, ctx = P.SHEET_REALISASI, f" (indikator {show(ind.kode)})"
    _locked(sub, row, ind, sheet, ("indikator", "satuan"), pos)
    filled = [q for q in P.QUARTERS if row.values[q - 1] is not None]
    percent = is_percent_unit(ind.satuan)
    for q in P.QUARTERS:
        v = row.values[q - 1]
        if v is None and filled and filled[-1] > q:
            where = _at(sub, pos, sheet, row.row, f"r{q}")
            if not _has_finding(sub, where):
                sub.findings.append(make("LK906", where, tw=P.tw(q), context=ctx, later=P.tw(filled[-1])))
        if v is not None and percent and not 0 <= v <= 100:
            sub.findings.append(make("LK311", _at(sub, pos, sheet, row.row, f"r{q}"), value=number(v),
                                     unit=show(ind.satuan), range="antara 0 dan 100"))
    if not filled or plan is None or plan.sifat not in P.SIFAT_DATA or ind.polaritas not in C.POLARITIES:
        return
    st = quarter_status(plan.sifat, ind.polaritas, ind.target.get(sub.year), plan.targets, row.values, max(filled),
                        setting, getattr(ind, "toleransi", None))
    for q in st.quarters:
        if q.capaian is not None and q.capaian < 100 and not row.penjelasan[q.q - 1]:
            header = f"Penjelasan {P.tw(q.q)}"
            sub.findings.append(make("LK907", _at(sub, pos, sheet, row.row, f"p{q.q}"), tw=P.tw(q.q), context=ctx,
                                     capaian=f"{number(q.capaian, 2)}%", header=header))


# --------------------------------------------------------------------------- across files

def _newest(group: list[Monitoring]) -> Monitoring | None:
    """The valid workbook reporting the latest quarter; None when there is none or two
    valid ones report the same latest quarter (then none is used, as in the auction)."""
    valid = sorted((s for s in group if s.valid), key=lambda s: s.reported, reverse=True)
    if not valid or (len(valid) > 1 and valid[0].reported == valid[1].reported):
        return None
    return valid[0]


def choose(subs: list[Monitoring], register: Register, year: int, display: str) -> tuple[dict[str, Monitoring], list[Finding]]:
    """The workbook that counts per OPD (kode as in the register) and the round's general
    findings. Every other workbook of an OPD that sent more than one gets LK204: with this
    round's wording naming the one used, or the registry's when none can be used."""
    groups: dict[str, list[Monitoring]] = {}
    for s in subs:
        if s.readable and s.identity.kode_opd:
            groups.setdefault(C.norm(s.identity.kode_opd), []).append(s)
    used: dict[str, Monitoring] = {}
    for key, group in groups.items():
        newest = _newest(group)
        if newest is not None:
            used[key] = newest
        if len(group) < 2:
            continue
        names = ", ".join(s.path for s in group)
        for s in group:
            if s is newest:
                continue
            r = s.identity_rows.get("kode_opd")
            where = Pos(s.path, P.SHEET_IDENTITAS, r, 2 if r else None)
            f = make("LK204", where, value=show(s.identity.kode_opd), detail=names, count=len(group))
            if newest is not None:
                f = replace(f, message=LK204_NEWER.format(count=len(group), value=show(s.identity.kode_opd),
                                                          detail=names, newest=f"{newest.path} (s.d. {P.tw(newest.reported)})"
                                                          if newest.reported else newest.path))
            s.findings.append(f)
    expected = {k: a.nama_opd for k, a in register.opd.items() if register.in_force(k, year) is not None}
    one_each = [g[0] for g in groups.values()]  # cross_file reports LK205 only (one workbook per OPD)
    general = [replace(f, sheet="") for f in cross_file(one_each, Panel(path=display, opds=expected), display)]
    by_kode = {C.norm(k): k for k in register.opd}
    return {by_kode.get(k, k): s for k, s in used.items()}, general
