"""The pact gate (docs/design/gate-and-lock.md): whether an OPD's pact can be issued now.

:func:`plan` decides, for every OPD, from plain data and without writing anything:

* issue a pact now: no errors, ``Sesi Selesai`` = ``Ya``, every offer decided and valid;
* hold or wait: one :class:`~lelang_xlsx.model.PactState` says why, and what to do next.

LK508 (session closed too early) points at the OPD's ``Sesi Selesai`` cell. What happens
to an agreement already issued (keep, lock, amend) is the lifecycle's
(agreement/lifecycle.py), which asks this gate first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import contract as C
from ..checking.findings import Finding, make
from ..model import (PACT_FORM_ERRORS, PACT_HELD, PACT_ISSUED, PACT_NO_SUBMISSION, PACT_WAITING,
                     UNDECIDED, PactState, Resolution, Submission)
from .status_sheet import Sessions

NEXT_SEND = "minta OPD mengirim formulir ke folder masuk/"
NEXT_FIX = "kirim hasil/per-opd/{kode}/ ke OPD; jalankan lagi setelah formulir perbaikan masuk"
NEXT_SESSION = "setelah sesi Tim Penilai, isi Sesi Selesai = Ya di penawaran.xlsx (lembar Status OPD)"
NEXT_DECIDE = "minta Tim Penilai melengkapi {cell} di penawaran.xlsx"
NEXT_PRINT = "cetak dan tandatangani {pact}"
NEXT_LOCKED = ("kembalikan nilai yang berubah seperti semula; untuk mengubah kesepakatan: kosongkan Sesi Selesai, "
               "jalankan, isi Berlaku Mulai dan Alasan Perubahan, lalu isi Ya lagi")
NEXT_SESSION_VALUE = "isi Sesi Selesai dengan Ya atau kosongkan (lembar Status OPD)"


@dataclass
class Plan:
    issue: dict[str, tuple[Submission, list[Resolution]]] = field(default_factory=dict)
    states: dict[str, PactState] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    by_opd: dict[str, list[Finding]] = field(default_factory=dict)  # the findings above, per OPD

    def add(self, kode: str, finding: Finding) -> None:
        self.findings.append(finding)
        self.by_opd.setdefault(kode, []).append(finding)


def _hold_cells(resolutions: list[Resolution], offer_findings: list[Finding]) -> list[str]:
    """'Penawaran!L27'-style cells of the offers that hold the pact back."""
    rows = {r.row for r in resolutions if not r.decided and r.row is not None}
    cells: list[str] = []
    for f in offer_findings:
        if f.is_error and f.sheet == C.SHEET_PENAWARAN and f.row in rows:
            ref = f"{f.sheet}!{f.cell}"
            if ref not in cells:
                cells.append(ref)
            rows.discard(f.row)
    return cells


def _held_reason(cells: list[str], pending: list[Resolution]) -> str:
    n = len(pending)
    shown = ", ".join(cells[:3]) or "penawaran.xlsx"
    more = f" dan {n - 3} lainnya" if n > 3 and len(cells) >= 3 else ""
    if n == 1:
        return f"{shown} " + ("belum diputuskan" if pending[0].status == UNDECIDED else "tidak valid")
    if all(r.status == UNDECIDED for r in pending):
        return f"{n} tawaran belum diputuskan ({shown}{more})"
    return f"{n} tawaran belum diputuskan atau tidak valid ({shown}{more})"


def plan(panel, submissions: list[Submission], resolutions: list[Resolution], offer_findings: list[Finding],
         sessions: Sessions, pact_name) -> Plan:
    """Whether each OPD's pact could be issued from the inputs now, as if none was issued
    (the lifecycle, agreement/lifecycle.py, decides what an issued agreement does);
    ``pact_name(kode, nama)``: the pact's path relative to the auction folder."""
    out = Plan()
    by_code: dict[str, list[Submission]] = {}
    for s in submissions:
        by_code.setdefault(s.identity.kode_opd or f"({s.path})", []).append(s)
    res_by: dict[str, list[Resolution]] = {}
    for r in resolutions:
        res_by.setdefault(r.kode_opd, []).append(r)
    codes = list(panel.opds) + [k for k in by_code if k not in panel.opds]
    for kode in codes:
        subs = by_code.get(kode, [])
        nama = panel.opds.get(kode) or (subs[0].identity.nama_opd if subs else "")
        state = PactState(kode, nama, PACT_WAITING)
        out.states[kode] = state
        done = sessions.done(kode)
        session = sessions.by_opd.get(kode)
        pos = sessions.pos(kode)
        errors = sum(s.errors for s in subs)
        valid = len(subs) == 1 and subs[0].valid
        recs = res_by.get(kode, []) if valid else []
        pending = [r for r in recs if not r.decided]
        if not subs:
            state.state, state.reason, state.next_step = PACT_NO_SUBMISSION, "belum ada formulir di masuk/", NEXT_SEND
            if done:
                out.add(kode, make("LK508", pos, kode=kode, detail="belum ada formulir OPD ini di masuk/"))
            continue
        if not valid:
            state.state = PACT_FORM_ERRORS
            state.reason = f"formulir masih memiliki {errors} galat" if errors else "lebih dari satu formulir untuk OPD ini"
            state.next_step = NEXT_FIX.format(kode=kode)
            if done:
                out.add(kode, make("LK508", pos, kode=kode, detail=state.reason))
            continue
        if session is not None and session.invalid:
            state.reason = f"Sesi Selesai berisi '{session.invalid}' (bukan Ya)"
            state.next_step = NEXT_SESSION_VALUE
            continue
        if not done:
            state.reason = "menunggu sesi Tim Penilai (Sesi Selesai belum Ya)"
            if pending:
                state.reason += f"; {len(pending)} tawaran belum diputuskan"
            state.next_step = NEXT_SESSION
            continue
        if pending or not recs:
            cells = _hold_cells(pending, offer_findings)
            detail = _held_reason(cells, pending) if pending else "belum ada baris penawaran untuk OPD ini"
            state.state, state.reason = PACT_HELD, detail
            state.next_step = NEXT_DECIDE.format(cell=", ".join(cells[:3]) or "Keputusan")
            out.add(kode, make("LK508", pos, kode=kode, detail=detail))
            continue
        out.issue[kode] = (subs[0], recs)
        state.state, state.reason = PACT_ISSUED, "pakta terbit"
        state.pact = pact_name(kode, nama)
        state.next_step = NEXT_PRINT.format(pact=state.pact)
    return out
