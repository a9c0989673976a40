"""The pact gate as a pure function: one PactState per OPD for every situation, LK508 at
the Sesi Selesai cell, and what can be issued (an issued agreement: test_agreement_lifecycle)."""

from __future__ import annotations

from lelang_xlsx.agreement.gate import plan
from lelang_xlsx.agreement.status_sheet import Session, Sessions
from lelang_xlsx.checking.findings import Pos, make
from lelang_xlsx.model import (ACCEPTED, INVALID, NO_OFFER, PACT_FORM_ERRORS, PACT_HELD, PACT_ISSUED,
                               PACT_NO_SUBMISSION, PACT_WAITING, UNDECIDED, Resolution)

from . import offer_fixtures as F

ROWS = {"DINKES": 2, "DISDIK": 3, "DISHUB": 4, "DPUPR": 5}


def sessions(**typed) -> Sessions:
    out = Sessions(sheet_found=True)
    for kode, value in typed.items():
        pos = Pos("penawaran.xlsx", "Status OPD", ROWS[kode], 7)
        out.by_opd[kode] = Session(kode, value is True, pos, value if isinstance(value, str) else "")
    return out


def resolutions(sub, statuses):
    out = []
    for k, (ind, status) in enumerate(zip(sub.indicators, statuses)):
        r = Resolution(sub.kode_opd, sub.identity.nama_opd, ind, ind.target_akhir, 2023, status=status, row=10 + k)
        out.append(r)
    return out


def run(sess, dinkes=(NO_OFFER,) * 4, offer_findings=()):
    dk, dd, dh = F.dinkes(), F.disdik(), F.dishub_with_errors()
    res = resolutions(dk, dinkes) + resolutions(dd, (ACCEPTED, NO_OFFER))
    return plan(F.panel(), [dk, dd, dh], res, list(offer_findings), sess,
                lambda kode, nama: f"hasil/pakta/{kode}.docx"), dk


def test_before_any_session_everyone_waits_or_is_told_why():
    p, _ = run(sessions())
    assert {k: s.state for k, s in p.states.items()} == {
        "DINKES": PACT_WAITING, "DISDIK": PACT_WAITING, "DISHUB": PACT_FORM_ERRORS, "DPUPR": PACT_NO_SUBMISSION}
    assert list(p.states) == ["DINKES", "DISDIK", "DISHUB", "DPUPR"]  # the panel list's order
    assert p.states["DINKES"].reason == "menunggu sesi Tim Penilai (Sesi Selesai belum Ya)"
    assert p.states["DINKES"].next_step.startswith("setelah sesi Tim Penilai, isi Sesi Selesai = Ya")
    assert p.states["DISHUB"].reason == "formulir masih memiliki 1 galat"
    assert p.states["DPUPR"].reason == "belum ada formulir di masuk/"
    assert not p.issue and not p.findings


def test_closed_sessions_issue_or_hold_with_the_cell():
    undecided = make("LK502", Pos("penawaran.xlsx", "Penawaran", 11, 12), value="x")
    p, _ = run(sessions(DINKES=True, DISDIK=True, DISHUB=True, DPUPR=True),
               dinkes=(NO_OFFER, UNDECIDED, NO_OFFER, NO_OFFER), offer_findings=[undecided])
    assert list(p.issue) == ["DISDIK"]
    assert p.states["DISDIK"].state == PACT_ISSUED and p.states["DISDIK"].pact == "hasil/pakta/DISDIK.docx"
    held = p.states["DINKES"]
    assert (held.state, held.reason) == (PACT_HELD, "Penawaran!L11 belum diputuskan")
    assert held.next_step == "minta Tim Penilai melengkapi Penawaran!L11 di penawaran.xlsx"
    assert sorted((f.code, f.cell) for f in p.findings) == [("LK508", "G2"), ("LK508", "G4"), ("LK508", "G5")]
    assert "formulir masih memiliki 1 galat" in next(f.message for f in p.findings if f.cell == "G4")


def test_invalid_offer_and_unknown_session_value():
    bad = make("LK506", Pos("penawaran.xlsx", "Penawaran", 10, 10), header="Tawaran", value="x")
    p, _ = run(sessions(DINKES=True, DISDIK="sudah"), dinkes=(INVALID, NO_OFFER, NO_OFFER, NO_OFFER),
               offer_findings=[bad])
    assert p.states["DINKES"].reason == "Penawaran!J10 tidak valid"
    assert p.states["DISDIK"].state == PACT_WAITING and "Sesi Selesai berisi 'sudah'" in p.states["DISDIK"].reason
    assert not p.issue
