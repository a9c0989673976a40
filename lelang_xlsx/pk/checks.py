"""The PK checks about meaning: LK801–LK808 (docs/pk.md), each at its cell, against the
version of the agreement in force for the year (``Register.in_force``).

Cross-file checks (two forms for one OPD: LK204; an OPD with an agreement in force and
no form: LK205) are the auction's (:func:`lelang_xlsx.checking.checks.cross_file`).
"""

from __future__ import annotations

from dataclasses import replace

from .. import contract as C
from ..agreement.agreed import Agreement, Register
from ..checking.checks import cross_file
from ..checking.findings import Finding, Pos, make
from ..checking.roundchecks import form_agreement, identity_at, same_number, same_text
from ..model import Panel
from ..output.textfmt import number
from ..reading.tables import show
from . import contract as K
from .reader import PkForm, TargetRow


def check_form(sub: PkForm, register: Register, year: int) -> None:
    agreement = form_agreement(sub, sub.marked_opd, register, year, "LK802", "LK807")
    if agreement is None:
        return
    pos = Pos(sub.path)
    if sub.identity.nama_opd and not same_text(sub.identity.nama_opd, agreement.nama_opd):
        sub.findings.append(make("LK801", _id(sub, pos, "nama_opd"), year=year,
                                 detail=f"Nama OPD berisi '{show(sub.identity.nama_opd)}', padahal kesepakatan mencatat "
                                        f"'{show(agreement.nama_opd)}'"))
    _signer(sub, agreement, pos)
    if K.SHEET_SASARAN in sub.columns:
        _targets(sub, agreement, pos, year)
    if K.SHEET_PROGRAM in sub.columns:
        _programs(sub, agreement, pos, year)


def _id(sub: PkForm, pos: Pos, key: str) -> Pos:
    return identity_at(sub, key)


def _signer(sub: PkForm, a: Agreement, pos: Pos) -> None:
    ident, s = sub.identity, a.signer
    if ident.nip_kepala and s.nip and ident.nip_kepala != s.nip:
        where = "nip_kepala"
    elif not (ident.nip_kepala and s.nip) and ident.nama_kepala and not same_text(ident.nama_kepala, s.nama):
        where = "nama_kepala"
    else:
        return
    detail = (f"Kepala OPD di formulir PK ({show(ident.nama_kepala)}, NIP {show(ident.nip_kepala) or '–'}) berbeda dari "
              f"penanda tangan kesepakatan yang berlaku ({show(s.nama)}, NIP {s.nip or '–'})")
    sub.findings.append(make("LK808", _id(sub, pos, where), detail=detail))


_LABELS = {"misi": "Misi", "sasaran": "Sasaran Strategis", "indikator": "Indikator Kinerja", "cara": "Cara Perhitungan",
           "satuan": "Satuan", "polaritas": "Polaritas"}


def _targets(sub: PkForm, a: Agreement, pos: Pos, year: int) -> None:
    cols = sub.columns[K.SHEET_SASARAN]
    at = lambda row, key: pos.at(K.SHEET_SASARAN, row, cols.get(key))  # noqa: E731
    agreed = {C.norm(ind.kode): ind for ind in a.indicators}
    seen: dict[str, int] = {}
    for row in sub.targets:
        key = C.norm(row.kode)
        if key not in agreed or key in seen:
            detail = (f"Indikator '{show(row.kode)}' muncul dua kali (juga di baris {seen[key]})" if key in seen else
                      f"Indikator '{show(row.kode)}' tidak ada dalam kesepakatan OPD {a.kode_opd} tahun {year}"
                      if row.kode else f"Baris {row.row} tidak memiliki Kode Indikator")
            sub.findings.append(make("LK801", at(row.row, "kode"), detail=detail, year=year))
            continue
        seen[key] = row.row
        _target_row(sub, row, agreed[key], at, year)
        if not row.pj:
            sub.findings.append(make("LK806", at(row.row, "pj"), kode=show(row.kode)))
    for key, ind in agreed.items():
        if key not in seen:
            sub.findings.append(make("LK801", pos.at(K.SHEET_SASARAN), year=year,
                                     detail=f"Baris indikator {ind.kode} ({show(ind.indikator)}) tidak ada"))


def _target_row(sub: PkForm, row: TargetRow, ind, at, year: int) -> None:
    context = f" (indikator {show(ind.kode)})"
    for key, label in _LABELS.items():
        got, want = getattr(row, key), getattr(ind, key)
        if key in ("sasaran", "cara") and not want:
            continue  # an older register without it: nothing to compare
        if not same_text(got, want):
            sub.findings.append(make("LK801", at(row.row, key), year=year,
                                     detail=f"'{label}' berisi '{show(got)}', padahal kesepakatan mencatat "
                                            f"'{show(want)}'{context}"))
    target = ind.target.get(year)
    col = at(row.row, "target")
    if not same_number(row.target, target) and not any(
            f.sheet == K.SHEET_SASARAN and f.row == row.row and f.col == col.col for f in sub.findings):
        sub.findings.append(make("LK801", col, year=year,
                                 detail=f"'{K.target_header(year)}' berisi '{number(row.target, empty='')}', padahal "
                                        f"kesepakatan yang berlaku mencatat {number(target)}{context}"))


def _programs(sub: PkForm, a: Agreement, pos: Pos, year: int) -> None:
    cols = sub.columns[K.SHEET_PROGRAM]
    at = lambda row, key: pos.at(K.SHEET_PROGRAM, row, cols.get(key))  # noqa: E731
    agreed = {C.norm(ind.kode): ind for ind in a.indicators}
    codes = ", ".join(ind.kode for ind in a.indicators)
    supported: set[str] = set()
    for p in sub.programs:
        where = f"Baris program {p.row}" + (f" ({show(p.program, 40)})" if p.program else "")
        if not p.program:
            sub.findings.append(make("LK803", at(p.row, "program"), detail=f"Baris program {p.row}: Program kosong"))
        acol = at(p.row, "anggaran")
        reported = any(f.sheet == K.SHEET_PROGRAM and f.row == p.row and f.col == acol.col and f.code == "LK803"
                       for f in sub.findings)
        if p.anggaran is None and not reported:
            sub.findings.append(make("LK803", acol, detail=f"{where}: Anggaran (Rp) kosong"))
        elif p.anggaran is not None and p.anggaran < 0:
            sub.findings.append(make("LK803", acol, detail=f"{where}: Anggaran (Rp) negatif ({number(p.anggaran)})"))
        for code in p.codes:
            if C.norm(code) in agreed:
                supported.add(C.norm(code))
            else:
                sub.findings.append(make("LK805", at(p.row, "kode"), codes=codes,
                                         detail=f"Kode '{show(code)}' tidak ada dalam kesepakatan OPD {a.kode_opd} "
                                                f"tahun {year}"))
        if not p.codes:
            sub.findings.append(make("LK805", at(p.row, "kode"), codes=codes,
                                     detail=f"{where}: Kode Indikator Didukung kosong"))
    rows = {C.norm(t.kode): t.row for t in sub.targets}
    tcols = sub.columns.get(K.SHEET_SASARAN, {})
    for key, ind in agreed.items():
        if key not in supported:
            r = rows.get(key)
            sub.findings.append(make("LK804", pos.at(K.SHEET_SASARAN, r, tcols.get("kode") if r else None),
                                     kode=ind.kode, indikator=show(ind.indikator)))


def cross_checks(subs: list[PkForm], agreements: dict[str, Agreement], display: str) -> list[Finding]:
    """LK204 (one OPD, two forms) and LK205 (an OPD with an agreement in force sent nothing)."""
    listed = Panel(path=display, opds={k: a.nama_opd for k, a in agreements.items()})
    return [replace(f, sheet="") if f.file == display else f for f in cross_file(subs, listed, display)]
