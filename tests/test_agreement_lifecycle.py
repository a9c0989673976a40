"""The agreement lifecycle as a pure plan (agreement/lifecycle.py): nothing written, every
decision and its reason from plain data — keep, lock (LK509 at the changed cell), reopen
without withdrawing, amend from Berlaku Mulai with the path computed by hand, refuse a
frozen year (LK513) or a re-issue after an evaluation without Berlaku Mulai (LK514)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from lelang_xlsx.agreement import lifecycle, register
from lelang_xlsx.agreement.path import fill_path
from lelang_xlsx.agreement.status_sheet import Session, Sessions
from lelang_xlsx.checking.findings import Pos
from lelang_xlsx.model import ACCEPTED, NO_OFFER, PACT_ISSUED, PACT_LOCKED, PACT_SIGNED, Resolution

from . import offer_fixtures as F

ROWS = {"DINKES": 2, "DISDIK": 3}


def _res(sub, offers: dict) -> list[Resolution]:
    out = []
    for k, ind in enumerate(sub.indicators):
        r = Resolution(sub.kode_opd, sub.identity.nama_opd, ind, ind.target_akhir, 2023, row=10 + k)
        if ind.kode in offers:
            value, year = offers[ind.kode]
            r.tawaran_nilai, r.tawaran_tahun, r.keputusan, r.status = value, year, "Sanggup", ACCEPTED
            r.disepakati_nilai, r.disepakati_tahun = value, year
        else:
            r.disepakati_nilai, r.disepakati_tahun = ind.target_akhir, 2023
        fill_path(r, range(2019, 2024))
        out.append(r)
    return out


def _session(kode, done=True, **values) -> Session:
    s = Session(kode, done, Pos("penawaran.xlsx", "Status OPD", ROWS[kode], 7))
    s.cells = {k: Pos("penawaran.xlsx", "Status OPD", ROWS[kode], c)
               for k, c in (("tanggal_pakta", 9), ("berlaku_mulai", 10), ("alasan_perubahan", 11),
                            ("ditandatangani", 12))}
    for k, v in values.items():
        setattr(s, k, v)
    return s


def _record(sub, recs, panel) -> dict:
    """DINKES as issued in 2018 (version 1), sealed as the processor writes it."""
    entry = lifecycle.candidate_entry(panel, sub, recs, panel.tanggal)
    return register.make_record(sub.kode_opd, [register.seal(entry)])


def _world(sub, recs, sessions, records, frozen=None):
    panel = F.panel()
    return lifecycle.World(panel, [sub], recs, [], Sessions({s.kode: s for s in sessions}, [], True), records,
                           lambda kode, nama: f"hasil/pakta/{kode}.docx", frozen or {}, "2020-03-01T09:00:00")


AKI_OFFER = {"IK-01": (96.0, 2022)}  # AKI 120 (2017) -> 96 by 2022: line -4,8 a year, whole numbers


def test_same_content_is_kept_and_first_issue_warns_without_offers():
    sub, panel = F.dinkes(), F.panel()
    recs = _res(sub, AKI_OFFER)
    # tougher of the line 110,4; 105,6; 100,8 and the OPD's own 115; 110; 100, in whole numbers
    assert recs[0].tahunan == {2019: 110.0, 2020: 106.0, 2021: 100.0, 2022: 96.0, 2023: 96.0}
    p = lifecycle.plan(_world(sub, recs, [_session("DINKES")], {"DINKES": _record(sub, recs, panel)}))
    assert list(p.keep) == ["DINKES"] and not p.issue and not p.locked and not p.findings
    assert p.states["DINKES"].state == PACT_ISSUED and p.states["DINKES"].reason == "pakta terbit"
    # a first pact with no offer at all: issued, LK515 (its text says so)
    p = lifecycle.plan(_world(sub, _res(sub, {}), [_session("DINKES")], {}))
    assert list(p.issue) == ["DINKES"] and [f.code for f in p.findings] == ["LK515"]


def test_a_changed_target_locks_with_that_cell_and_values():
    sub, panel = F.dinkes(), F.panel()
    recs = _res(sub, AKI_OFFER)
    record = _record(sub, recs, panel)
    changed = F.dinkes()
    changed.columns = {"Indikator": {"kode": 2, "target_2021": 15}}
    changed.indicators[1].targets[2021] = 90.0
    p = lifecycle.plan(_world(changed, _res(changed, AKI_OFFER), [_session("DINKES")], {"DINKES": record}))
    assert list(p.locked) == ["DINKES"] and not p.keep and p.states["DINKES"].state == PACT_LOCKED
    (f,) = p.findings
    assert (f.code, f.file, f.sheet, f.cell) == ("LK509", "dinkes.xlsx", "Indikator", "O3")
    assert "isi formulir berubah sesudahnya: IK-02 Target 2021: 89 → 90." in f.message


def test_cleared_session_withdraws_nothing_invalid_changes_nothing():
    sub, panel = F.dinkes(), F.panel()
    recs = _res(sub, AKI_OFFER)
    record = _record(sub, recs, panel)
    p = lifecycle.plan(_world(sub, recs, [_session("DINKES", done=False)], {"DINKES": record}))
    assert list(p.keep) == ["DINKES"] and p.reopened == {"DINKES": "2020-03-01T09:00:00"} and not p.issue
    assert "tetap berlaku" in p.states["DINKES"].reason
    p = lifecycle.plan(_world(sub, recs, [_session("DINKES", done=False, invalid="Sudah")], {"DINKES": record}))
    assert list(p.keep) == ["DINKES"] and not p.reopened and not p.issue and not p.findings
    # signed paper back: recorded, state ditandatangani
    p = lifecycle.plan(_world(sub, recs, [_session("DINKES", ditandatangani=dt.date(2018, 12, 12))],
                              {"DINKES": record}))
    assert p.signed == {"DINKES": "2018-12-12"} and p.states["DINKES"].state == PACT_SIGNED


def test_amendment_from_2020_carries_2019_and_recomputes_the_rest():
    sub, panel = F.dinkes(), F.panel()
    recs = _res(sub, AKI_OFFER)
    record = dict(_record(sub, recs, panel), dibuka_ulang="2020-02-01T09:00:00")
    new_sub = F.dinkes()
    new_sub.identity = dataclasses.replace(new_sub.identity, nama_kepala="dr. Sri Wahyuni", nip_kepala="197501152003122004")
    new = _res(new_sub, {"IK-01": (104.0, 2023)})  # budget cut: 104 by 2023
    session = _session("DINKES", berlaku_mulai=2020, alasan="Perubahan anggaran", tanggal_pakta=dt.date(2020, 3, 2))
    p = lifecycle.plan(_world(new_sub, new, [session], {"DINKES": record}, frozen={"DINKES": {2019: "evaluasi"}}))
    iss = p.issue["DINKES"]
    assert (iss.version.versi, iss.version.berlaku_mulai, iss.version.alasan, iss.version.tanggal) == (
        2, 2020, "Perubahan anggaran", "2020-03-02")
    # AKI: 2019 carried (110); line (2019; 110) -> (2023; 104): -1,5 a year: 108,5; 107; 105,5; 104.
    # Turun, the tougher of it and the OPD's own 110; 100; 95, never past 104: 108,5 -> 109; 104; 104; 104
    assert iss.recs[0].tahunan == {2019: 110.0, 2020: 109.0, 2021: 104.0, 2022: 104.0, 2023: 104.0}
    # no offer on IK-02: 2019 carried, the OPD's own targets from 2020
    assert iss.recs[1].tahunan == {2019: 83.0, 2020: 86.0, 2021: 89.0, 2022: 92.0, 2023: 95.0}
    assert p.reopened == {"DINKES": None} and p.states["DINKES"].reason.startswith("Perubahan ke-1 terbit")
    assert [f.code for f in p.findings] == []


def test_frozen_year_and_missing_reason_are_refused_at_their_cells():
    sub, panel = F.dinkes(), F.panel()
    recs = _res(sub, AKI_OFFER)
    record = dict(_record(sub, recs, panel), dibuka_ulang="2020-02-01T09:00:00")
    new = _res(sub, {"IK-01": (104.0, 2023)})
    frozen = {"DINKES": {2019: "evaluasi 2019 sudah menilai OPD ini"}}
    cases = [(dict(berlaku_mulai=2019, alasan="Koreksi"), "LK513", "J2", "tahun 2019 sudah dibekukan"),
             (dict(), "LK514", "J2", "tahun 2019 sudah dibekukan"),
             (dict(berlaku_mulai=2020), "LK514", "K2", "Alasan Perubahan kosong"),
             (dict(berlaku_mulai=2020, alasan="ganti kadis", alasan_valid=False), "LK514", "K2", "'ganti kadis'"),
             (dict(berlaku_mulai=2025, alasan="Koreksi"), "LK513", "J2", "bukan tahun periode 2019–2023")]
    for values, code, cell, text in cases:
        p = lifecycle.plan(_world(sub, new, [_session("DINKES", **values)], {"DINKES": record}, frozen))
        assert not p.issue and list(p.keep) == ["DINKES"] and p.states["DINKES"].state == PACT_LOCKED, values
        (f,) = p.findings
        assert (f.code, f.cell) == (code, cell) and text in f.message, (values, f.message)
    # before any evaluation, Ya again without Berlaku Mulai is a correction of every year
    p = lifecycle.plan(_world(sub, new, [_session("DINKES")], {"DINKES": record}))
    iss = p.issue["DINKES"]
    assert (iss.version.versi, iss.version.berlaku_mulai, iss.version.alasan) == (2, 2019, "Koreksi")
    # line (2017; 120) -> (2023; 104): 114,67 in 2019 (tougher than the OPD's 115; whole numbers: 115),
    # 112 in 2020 (the OPD's own 110 is tougher)
    assert iss.recs[0].tahunan[2019] == 115.0 and iss.recs[0].tahunan[2020] == 110.0
    assert NO_OFFER == iss.recs[1].status


def test_a_tetap_tolerance_is_recorded_and_its_change_locks():
    sub, panel = F.dinkes(), F.panel()
    sub.indicators[2].toleransi = 0.5  # IK-03, Tetap
    recs = _res(sub, AKI_OFFER)
    record = _record(sub, recs, panel)
    item = register.latest(record)["indikator"][2]
    assert item["toleransi"] == 0.5 and "toleransi" not in register.latest(record)["indikator"][0]
    changed = F.dinkes()
    changed.indicators[2].toleransi = 1.0
    changed.columns = {"Indikator": {"kode": 2, "toleransi": 14}}
    p = lifecycle.plan(_world(changed, _res(changed, AKI_OFFER), [_session("DINKES")], {"DINKES": record}))
    (f,) = p.findings
    assert (f.code, f.cell) == ("LK509", "N4") and "IK-03 Toleransi (±): 0,5 → 1" in f.message
