"""The realisation checks about meaning: LK701–LK710 (docs/evaluasi.md), each at its cell.

Cross-file checks (two workbooks for one OPD: LK204; an OPD with a pact and no
workbook: LK205) are the auction's (:func:`lelang_xlsx.checking.checks.cross_file`).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from .. import contract as C
from ..checking.checks import bounds_text, cross_file
from ..checking.roundchecks import identity_at, same_number, same_text
from ..checking.findings import Finding, Pos, make
from ..model import Panel
from ..reading.reader import is_percent_unit
from ..reading.tables import show
from ..output.textfmt import nip_spaced, number
from . import contract as E
from ..rounds.scoring import PointsTable, capaian
from .form import decision_label
from .reader import Realisation, RealRow
from ..agreement.agreed import AgreedIndicator, Agreement, Register


def find_agreement(register: Register, kode: str, year: int | None = None) -> Agreement | None:
    """The version of ``kode``'s agreement in force for the round's year."""
    year = year if year is not None else register.year
    return register.find(kode) if year is None else register.in_force(kode, year)


def check_realisation(sub: Realisation, register: Register, points: PointsTable, panel: Panel | None = None) -> None:
    """Every LK7xx check of one realisation workbook; ``panel`` gives the Turun formula and
    the units' bounds (sheet Satuan) of version 3."""
    if not sub.readable or not sub.is_form:
        return
    pos = Pos(sub.path)
    kode = sub.identity.kode_opd
    if not kode:
        return  # LK201 already
    agreement = find_agreement(register, kode, sub.year or None)
    if agreement is None:
        sub.findings.append(make("LK709", _id(sub, pos, "kode_opd"), value=show(kode)))
        return
    if sub.identity.nama_opd and C.norm(sub.identity.nama_opd) != C.norm(agreement.nama_opd):
        sub.findings.append(make("LK702", _id(sub, pos, "nama_opd"), header="Nama OPD", value=show(sub.identity.nama_opd),
                                 expected=show(agreement.nama_opd), context=""))
    _signer(sub, agreement, pos)
    if E.SHEET_REALISASI not in sub.columns:
        return  # the table could not be read (LK102/LK103)
    _rows(sub, agreement, points, pos, panel or Panel(path=""))
    _figures(sub, agreement, pos)


def _id(sub: Realisation, pos: Pos, key: str) -> Pos:
    return identity_at(sub, key)


def _signer(sub: Realisation, a: Agreement, pos: Pos) -> None:
    ident, s = sub.identity, a.signer
    if ident.nip_kepala and s.nip and ident.nip_kepala != s.nip:
        where = "nip_kepala"
    elif ident.nama_kepala and s.nama and not same_text(ident.nama_kepala, s.nama):  # the NIP alone is not the head
        where = "nama_kepala"
    else:
        return
    detail = (f"Kepala OPD di formulir ({show(ident.nama_kepala)}, NIP {show(nip_spaced(ident.nip_kepala)) or '–'}) "
              f"berbeda dari penanda tangan pakta ({show(s.nama)}, NIP {show(nip_spaced(s.nip)) or '–'})")
    sub.findings.append(make("LK708", _id(sub, pos, where), detail=detail))


def _cell_has_finding(sub: Realisation, row: int, col: int | None) -> bool:
    return any(f.sheet == E.SHEET_REALISASI and f.row == row and f.col == col for f in sub.findings)


def _rows(sub: Realisation, a: Agreement, points: PointsTable, pos: Pos, panel: Panel) -> None:
    cols = sub.columns[E.SHEET_REALISASI]
    at = lambda row, key: pos.at(E.SHEET_REALISASI, row, cols.get(key))  # noqa: E731
    agreed = {C.norm(ind.kode): ind for ind in a.indicators}
    seen: dict[str, int] = {}
    for row in sub.rows:
        key = C.norm(row.kode)
        if key not in agreed:
            detail = (f"Indikator '{show(row.kode)}' tidak ada dalam kesepakatan OPD {a.kode_opd}" if row.kode
                      else f"Baris {row.row} tidak memiliki Kode Indikator")
            sub.findings.append(make("LK701", at(row.row, "kode"), detail=detail))
            continue
        if key in seen:
            sub.findings.append(make("LK701", at(row.row, "kode"),
                                     detail=f"Indikator '{show(row.kode)}' muncul dua kali (juga di baris {seen[key]})"))
            continue
        seen[key] = row.row
        _row(sub, row, agreed[key], points, at, panel)
    for key, ind in agreed.items():
        if key not in seen:
            sub.findings.append(make("LK701", pos.at(E.SHEET_REALISASI),
                                     detail=f"Baris indikator {ind.kode} ({show(ind.indikator)}) tidak ada"))


@lru_cache(maxsize=8)
def _labels(year: int) -> dict[str, str]:
    """Header label of each column key (one dict per year, not one per row)."""
    return {f.key: f.label for f in E.opd_fields(year) + E.locked_fields(year)}


def _row(sub: Realisation, row: RealRow, ind: AgreedIndicator, points: PointsTable, at, panel: Panel) -> None:
    year = sub.year
    context = f" (indikator {show(ind.kode)})"
    expected = {"misi": ind.misi, "indikator": ind.indikator, "satuan": ind.satuan, "polaritas": ind.polaritas,
                "keputusan": decision_label(ind.status)}
    labels = _labels(year)
    for key, want in expected.items():
        got = getattr(row, key)
        if key == "keputusan" and got in ("", "-", E.NO_DECISION) and want == E.NO_DECISION:
            continue
        if not same_text(got, want):
            sub.findings.append(make("LK702", at(row.row, key), header=labels[key], value=show(got),
                                     expected=show(want), context=context))
    target = ind.target.get(year)
    if not same_number(row.target, target) and not _cell_has_finding(sub, row.row, at(row.row, "target").col):
        sub.findings.append(make("LK702", at(row.row, "target"), header=labels["target"],
                                 value=number(row.target, empty=""), expected=number(target), context=context))
    r = row.realisasi
    rcol = at(row.row, "realisasi")
    if r is None:
        if not _cell_has_finding(sub, row.row, rcol.col):
            sub.findings.append(make("LK703", rcol, year=year, context=context))
    for key, what in (("sumber", "dokumen sumber angka realisasi"), ("bukti", "letak bukti (dokumen, halaman, tautan)")):
        if not getattr(row, key):
            sub.findings.append(make("LK704", at(row.row, key), header=labels[key], context=context, what=what))
    if r is not None and is_percent_unit(ind.satuan) and not 0 <= r <= 100:
        sub.findings.append(make("LK311", rcol, value=number(r)))
    if r is None or target is None or ind.polaritas not in C.POLARITIES:
        return
    cap = capaian(ind.polaritas, r, target, points.cap, ind.toleransi, panel.rumus_turun)
    if cap < 100 and not row.penjelasan:
        sub.findings.append(make("LK705", at(row.row, "penjelasan"), context=context, capaian=f"{number(cap, 2)}%"))
    detail = _implausible(r, ind) or _out_of_bounds(r, ind, panel)
    if detail:
        sub.findings.append(make("LK706", rcol, value=number(r), context=context, detail=detail))


def _out_of_bounds(r: float, ind: AgreedIndicator, panel: Panel) -> str:
    """Outside the unit's bounds of sheet Satuan (a % unit is LK311 already)."""
    if is_percent_unit(ind.satuan):
        return ""
    bounds = panel.unit_bounds(ind.satuan)
    if bounds is None:
        return ""
    lo, hi = bounds
    if (lo is not None and r < lo) or (hi is not None and r > hi):
        return f"di luar batas satuan {show(ind.satuan)}: harus {bounds_text(lo, hi)} (lembar Satuan panel.xlsx)"
    return ""


def _implausible(r: float, ind: AgreedIndicator) -> str:
    base = ind.nilai_dasar
    counts = (base is None or base >= 0) and all(v is None or v >= 0 for v in ind.target.values())
    if r < 0 and counts:
        return "negatif, padahal indikator ini menghitung sesuatu"
    if base and base > 0 and r > 0:
        if r > 10 * base:
            return f"lebih dari sepuluh kali nilai dasar {number(base)}"
        if r < base / 10:
            return f"kurang dari sepersepuluh nilai dasar {number(base)}"
    return ""


def _figures(sub: Realisation, a: Agreement, pos: Pos) -> None:
    if C.SHEET_PENDUKUNG not in sub.columns:
        return
    have = {C.norm(f.kode) for f in sub.figures}
    present = {C.norm(r.kode) for r in sub.rows}
    for ind in a.indicators:
        if C.norm(ind.kode) in present and C.norm(ind.kode) not in have:
            sub.findings.append(make("LK710", pos.at(C.SHEET_PENDUKUNG), value=show(ind.kode)))


def cross_checks(subs: list[Realisation], register: Register, display: str) -> list[Finding]:
    """LK204 (one OPD, two workbooks) and LK205 (an OPD with a pact sent nothing)."""
    listed = Panel(path=display, opds={k: a.nama_opd for k, a in register.opd.items()})
    # LK205 points at the register (a JSON file: no sheet)
    return [replace(f, sheet="") if f.file == display else f for f in cross_file(subs, listed, display)]
