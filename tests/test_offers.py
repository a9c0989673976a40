"""The offer workbook: create, panel entries, resolution, update with backup."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from . import offer_fixtures as F
from lelang_xlsx import contract as C
from lelang_xlsx.errors import OutputError
from lelang_xlsx.checking.findings import col_letter
from lelang_xlsx.model import ACCEPTED, INVALID, NO_OFFER, REFUSED, UNDECIDED
from lelang_xlsx.agreement.offers import (CREATED, MARK_GONE, MARK_INVALID_SUBMISSION, UNCHANGED, UPDATED,
                                opd_ready, resolve_offers, write_offers)

HEADERS = [f.label for f in C.PENAWARAN_FIELDS] + [C.PENAWARAN_STATUS_HEADER]
COL = {h: i + 1 for i, h in enumerate(HEADERS)}
PANEL_LABELS = [f.label for f in C.PENAWARAN_PANEL_FIELDS]
T_NILAI, T_TAHUN, KEP, SEPAKAT, T_SEPAKAT, CATATAN = PANEL_LABELS
NOW = dt.datetime(2018, 11, 12, 14, 30, 5)


def big_dinkes(drop: str | None = None, add: bool = False):
    inds = [
        F.ind(2, "IK-01", "M1", "Angka Kematian Ibu", "per 100.000 KH", "Turun", 120.0, [115, 110, 100, 95, 90]),
        F.ind(3, "IK-02", "M1", "Cakupan Imunisasi", "%", "Naik", 80.0, [83, 86, 89, 92, 95]),
        F.ind(4, "IK-03", "M4", "Indeks Kepuasan", "indeks", "Tetap", 10.0, [10, 10, 10, 11, 11]),
        F.ind(5, "IK-04", "M1", "Kasus Gizi Buruk", "kasus", "Turun", 50.0, [45, 40, 35, 30, 25]),
        F.ind(6, "IK-05", "M1", "Persalinan di Faskes", "%", "Naik", 85.0, [87, 89, 91, 93, 95]),
        F.ind(7, "IK-06", "M1", "Desa Siaga Aktif", "%", "Naik", 60.0, [65, 70, 75, 80, 90]),
        F.ind(8, "IK-07", "M1", "Puskesmas Terakreditasi", "%", "Naik", 50.0, [60, 70, 80, 90, 95]),
        F.ind(9, "IK-08", "M1", "Cakupan ASI Eksklusif", "%", "Naik", 40.0, [45, 50, 55, 60, 70]),
        F.ind(10, "IK-09", "M1", "Balita Ditimbang", "%", "Naik", 70.0, [72, 74, 76, 78, 80]),
        F.ind(11, "IK-10", "M1", "Angka Kematian Bayi", "per 1.000 KH", "Turun", 9.0, [8.5, 8, 7.5, 7, 6]),
    ]
    if drop:
        inds = [i for i in inds if i.kode != drop]
    if add:
        inds.append(F.ind(12, "IK-11", "M1", "Prevalensi Stunting", "%", "Turun", 25.0, [23, 21, 19, 17, 14]))
    return F.sub("DINKES", "Dinas Kesehatan", inds)


def setup(tmp_path, disdik_errors: bool = False):
    panel = F.panel()
    disdik = F.disdik()
    if disdik_errors:
        disdik = F.sub("DISDIK", "Dinas Pendidikan", disdik.indicators, errors=True)
    subs = [big_dinkes(), disdik, F.dishub_with_errors()]
    path = tmp_path / C.PENAWARAN_FILE
    return panel, subs, path


def rows_by_key(ws) -> dict[tuple[str, str], int]:
    return {(ws.cell(r, 1).value, ws.cell(r, 3).value): r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}


# The panel session, by (kode_opd, kode): {header: value}
SESSION = {
    ("DINKES", "IK-01"): {T_NILAI: 85, T_TAHUN: 2021, KEP: "Sanggup", CATATAN: "Disepakati dalam sesi"},
    ("DINKES", "IK-02"): {T_NILAI: 98, KEP: "Tidak Sanggup", SEPAKAT: 96},
    ("DINKES", "IK-03"): {T_NILAI: 10.5, KEP: " TIDAK  sanggup "},
    ("DINKES", "IK-05"): {T_NILAI: 90, KEP: "Sanggup"},  # easier than the proposal 95 (Naik)
    ("DINKES", "IK-06"): {T_NILAI: 95, T_TAHUN: 2025, KEP: "Sanggup"},  # outside the period
    ("DINKES", "IK-07"): {T_NILAI: 99, KEP: "Sangup"},  # misspelled
    ("DINKES", "IK-08"): {T_NILAI: 75},  # undecided
    ("DINKES", "IK-09"): {KEP: "Sanggup"},  # decision without offer
    ("DINKES", "IK-10"): {T_NILAI: "turun 1 poin", KEP: "Sanggup"},  # not a number
    ("DISDIK", "P-01"): {T_NILAI: "97,5", KEP: "sanggup"},  # Indonesian text number
    ("DISDIK", "P-02"): {T_TAHUN: 2021, KEP: "Sanggup"},  # offer in time only
}


def fill(path, session=SESSION, extra_row=True):
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_PENAWARAN]
    keys = rows_by_key(ws)
    for key, values in session.items():
        for header, value in values.items():
            ws.cell(keys[key], COL[header]).value = value
    if extra_row:  # a row typed by the panel for an indicator nobody proposed
        r = ws.max_row + 1
        ws.cell(r, 1).value = "DINKES"
        ws.cell(r, 3).value = "IK-99"
        ws.cell(r, COL[T_NILAI]).value = 10
        ws.cell(r, COL[KEP]).value = "Sanggup"
    wb.save(path)
    return keys


def test_create_layout(tmp_path):
    panel, subs, path = setup(tmp_path)
    upd = write_offers(path, panel, subs, now=NOW)
    assert upd.status == CREATED and upd.rows == 12 and upd.added == 12 and upd.backup is None
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_PENAWARAN]
    assert [ws.cell(1, c).value for c in range(1, len(HEADERS) + 1)] == HEADERS
    keys = list(rows_by_key(ws))
    assert keys[:10] == [("DINKES", f"IK-{k:02d}") for k in range(1, 11)]
    assert keys[10:] == [("DISDIK", "P-01"), ("DISDIK", "P-02")]  # DISHUB has errors: no rows
    r = 2
    assert ws.cell(r, COL["Nama OPD"]).value == "Dinas Kesehatan"
    assert ws.cell(r, COL["Usulan Target Akhir"]).value == 90
    assert ws.cell(r, COL["Usulan Tahun"]).value == 2023
    assert ws.cell(r, COL["Nilai Dasar"]).value == 120
    # protection: processor columns locked, panel columns open
    assert ws.protection.sheet and not ws.protection.password
    assert ws.protection.autoFilter is False and ws.protection.sort is False  # False = allowed
    assert ws.cell(r, COL["Kode OPD"]).protection.locked
    for label in PANEL_LABELS:
        assert not ws.cell(r, COL[label]).protection.locked
    assert ws.freeze_panes is not None and ws.auto_filter.ref
    dvs = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    kep = [dv for ref, dv in dvs.items() if ref.startswith(col_letter(COL[KEP]))]
    assert kep and kep[0].type == "list" and "Sanggup" in kep[0].formula1
    assert all(dv.prompt for dv in dvs.values())
    assert ws.print_title_rows.replace("$", "") == "1:1"


def test_missing_file_means_no_offers(tmp_path):
    panel, subs, path = setup(tmp_path)
    res, findings = resolve_offers(path, panel, subs)
    assert findings == []
    assert len(res) == 12 and all(r.status == NO_OFFER for r in res)
    assert res[0].disepakati_nilai == 90 and res[0].disepakati_tahun == 2023
    assert opd_ready([r for r in res if r.kode_opd == "DINKES"])


def test_resolve_panel_session(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    keys = fill(path)
    res, findings = resolve_offers(path, panel, subs)
    by = {(r.kode_opd, r.indicator.kode): r for r in res}
    assert len(res) == 12

    r = by["DINKES", "IK-01"]  # Turun 90 -> offer 85 by 2021, Sanggup
    assert (r.status, r.keputusan, r.disepakati_nilai, r.disepakati_tahun) == (ACCEPTED, "Sanggup", 85, 2021)
    assert r.selisih_nilai == pytest.approx(5) and r.selisih_persen == pytest.approx(5 / 90 * 100)
    assert r.tahun_lebih_cepat == 2 and r.catatan == "Disepakati dalam sesi" and r.row == keys["DINKES", "IK-01"]

    r = by["DINKES", "IK-02"]  # refused, negotiated 96
    assert (r.status, r.disepakati_nilai, r.disepakati_tahun) == (REFUSED, 96, 2023)
    assert r.tawaran_nilai == 98 and r.selisih_nilai == pytest.approx(3)

    r = by["DINKES", "IK-03"]  # " TIDAK  sanggup ", no negotiated value -> proposal
    assert (r.status, r.keputusan, r.disepakati_nilai, r.disepakati_tahun) == (REFUSED, "Tidak Sanggup", 11, 2023)

    r = by["DINKES", "IK-04"]
    assert (r.status, r.disepakati_nilai, r.has_offer) == (NO_OFFER, 25, False)

    r = by["DINKES", "IK-05"]  # easier: warning only
    assert (r.status, r.disepakati_nilai) == (ACCEPTED, 90) and r.selisih_nilai == pytest.approx(-5)

    assert by["DINKES", "IK-06"].status == INVALID and by["DINKES", "IK-06"].disepakati_nilai is None
    assert by["DINKES", "IK-07"].status == INVALID
    assert by["DINKES", "IK-08"].status == UNDECIDED
    r = by["DINKES", "IK-09"]
    assert (r.status, r.disepakati_nilai, r.keputusan) == (NO_OFFER, 80, None)
    assert by["DINKES", "IK-10"].status == INVALID

    r = by["DISDIK", "P-01"]  # '97,5' read as 97.5
    assert (r.status, r.disepakati_nilai) == (ACCEPTED, 97.5)
    r = by["DISDIK", "P-02"]  # year only: the proposed value, two years sooner
    assert (r.status, r.tawaran_nilai, r.disepakati_nilai, r.disepakati_tahun, r.tahun_lebih_cepat) == (
        ACCEPTED, 11.0, 11.0, 2021, 2)

    got = sorted((f.code, f.cell, f.severity) for f in findings)
    row = keys
    extra = max(row.values()) + 1

    def cell(key, header):
        return f"{col_letter(COL[header])}{row[key]}"

    expected = sorted([
        ("LK504", cell(("DINKES", "IK-05"), T_NILAI), "W"),
        ("LK505", cell(("DINKES", "IK-06"), T_TAHUN), "E"),
        ("LK503", cell(("DINKES", "IK-07"), KEP), "E"),
        ("LK502", cell(("DINKES", "IK-08"), KEP), "E"),
        ("LK507", cell(("DINKES", "IK-09"), KEP), "W"),
        ("LK506", cell(("DINKES", "IK-10"), T_NILAI), "E"),
        ("LK501", f"{col_letter(COL['Kode Indikator'])}{extra}", "E"),
    ])
    assert got == expected
    assert all(f.file == "penawaran.xlsx" and f.sheet == "Penawaran" for f in findings)
    lk505 = next(f for f in findings if f.code == "LK505")
    assert "2025" in lk505.message and "2019" in lk505.message and "2023" in lk505.message
    assert "IK-99" in next(f for f in findings if f.code == "LK501").message

    assert not opd_ready([r for r in res if r.kode_opd == "DINKES"])
    assert opd_ready([r for r in res if r.kode_opd == "DISDIK"])
    assert not opd_ready([])


def test_negotiated_value_not_a_number(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    keys = fill(path, {("DINKES", "IK-02"): {T_NILAI: 98, KEP: "Tidak Sanggup", SEPAKAT: "1.234"}},
                extra_row=False)
    res, findings = resolve_offers(path, panel, subs)
    assert [(f.code, f.cell) for f in findings] == [("LK506", f"{col_letter(COL[SEPAKAT])}{keys['DINKES', 'IK-02']}")]
    assert next(r for r in res if r.indicator.kode == "IK-02").status == INVALID


def panel_values(path) -> dict:
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_PENAWARAN]
    out = {}
    for key, r in rows_by_key(ws).items():
        out[key] = [(ws.cell(r, COL[h]).value, ws.cell(r, COL[h]).data_type) for h in PANEL_LABELS]
    return out


def test_update_keeps_panel_entries_and_backs_up(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    fill(path)
    before = panel_values(path)
    before_bytes = path.read_bytes()

    subs2 = [big_dinkes(drop="IK-04", add=True), *subs[1:]]
    upd = write_offers(path, panel, subs2, now=NOW)
    assert upd.status == UPDATED and upd.added == 1
    assert upd.backup == tmp_path / "hasil" / "arsip" / "penawaran-20181112-143005.xlsx"
    assert upd.backup.read_bytes() == before_bytes

    after = panel_values(path)
    for key, values in before.items():  # every panel entry preserved, cell by cell, type by type
        assert after[key] == values, key
    assert after["DISDIK", "P-01"][0] == ("97,5", "s")
    assert ("DINKES", "IK-11") in after and all(v is None for v, _ in after["DINKES", "IK-11"])

    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_PENAWARAN]
    keys = rows_by_key(ws)
    status_col = COL[C.PENAWARAN_STATUS_HEADER]
    gone = keys["DINKES", "IK-04"]
    assert ws.cell(gone, status_col).value == MARK_GONE
    assert ws.cell(gone, 1).fill.fgColor.rgb.endswith("F4CCCC")
    assert ws.cell(keys["DINKES", "IK-99"], status_col).value == MARK_GONE
    assert ws.cell(keys["DINKES", "IK-01"], status_col).value is None
    assert upd.marked == 2
    # the new row sits with its OPD, before that OPD's marked rows
    assert keys["DINKES", "IK-11"] < keys["DINKES", "IK-04"] < keys["DISDIK", "P-01"]

    # marked rows are skipped, except that an offer typed on a row whose indicator
    # is gone is reported (LK501 at its Kode Indikator cell) because it is ignored
    res, findings = resolve_offers(path, panel, subs2)
    panel_cols = [COL[f.label] for f in C.PENAWARAN_PANEL_FIELDS if f.key != "catatan"]
    for f in (f for f in findings if f.code == "LK501"):
        assert f.row in (gone, keys["DINKES", "IK-99"]) and f.col == COL["Kode Indikator"]
        assert "tidak ada lagi" in f.message
        assert any(ws.cell(f.row, c).value not in (None, "") for c in panel_cols)
    assert {(r.kode_opd, r.indicator.kode) for r in res} == {k for k in keys if k not in (("DINKES", "IK-04"), ("DINKES", "IK-99"))}
    assert next(r for r in res if r.indicator.kode == "IK-11").status == NO_OFFER

    # an unchanged regeneration rewrites nothing and makes no backup
    current = path.read_bytes()
    upd2 = write_offers(path, panel, subs2, now=NOW + dt.timedelta(minutes=5))
    assert upd2.status == UNCHANGED and upd2.backup is None
    assert path.read_bytes() == current
    assert len(list((tmp_path / "hasil" / "arsip").iterdir())) == 1


def test_unchanged_when_created_twice_and_after_panel_reorders(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    fill(path, extra_row=False)
    # the first update after the session fills the processor's remarks and counts (Status OPD)
    assert write_offers(path, panel, subs, now=NOW).status == UPDATED
    shutil.rmtree(tmp_path / "hasil")
    res1, f1 = resolve_offers(path, panel, subs)
    # the panel sorts the rows: reverse the data rows
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_PENAWARAN]
    n = ws.max_row
    data = [[ws.cell(r, c).value for c in range(1, len(HEADERS) + 1)] for r in range(2, n + 1)]
    for r, values in enumerate(reversed(data), start=2):
        for c, v in enumerate(values, start=1):
            ws.cell(r, c).value = v
    wb.save(path)
    saved = path.read_bytes()
    assert write_offers(path, panel, subs, now=NOW).status == UNCHANGED
    assert path.read_bytes() == saved
    assert not (tmp_path / "hasil").exists()
    res2, f2 = resolve_offers(path, panel, subs)
    strip = lambda rs: [(r.kode_opd, r.indicator.kode, r.status, r.disepakati_nilai, r.disepakati_tahun) for r in rs]
    assert strip(res1) == strip(res2)
    assert sorted(f.code for f in f1) == sorted(f.code for f in f2)


def test_invalid_submission_rows_are_kept_and_restored(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    fill(path, extra_row=False)
    before = panel_values(path)
    _, subs_bad, _ = setup(tmp_path, disdik_errors=True)
    upd = write_offers(path, panel, subs_bad, now=NOW)
    assert upd.status == UPDATED and upd.marked == 2
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_PENAWARAN]
    keys = rows_by_key(ws)
    assert ws.cell(keys["DISDIK", "P-01"], COL[C.PENAWARAN_STATUS_HEADER]).value == MARK_INVALID_SUBMISSION
    res, findings = resolve_offers(path, panel, subs_bad)
    assert {r.kode_opd for r in res} == {"DINKES"} and "LK501" not in {f.code for f in findings}
    # fixed again: rows restored with the panel's values
    upd = write_offers(path, panel, subs, now=NOW + dt.timedelta(seconds=1))
    assert upd.status == UPDATED and upd.restored == 2 and upd.marked == 0
    assert panel_values(path) == before


def test_unreadable_offer_file(tmp_path):
    panel, subs, path = setup(tmp_path)
    path.write_bytes(b"this is not a workbook at all")
    res, findings = resolve_offers(path, panel, subs)
    assert [(f.code, f.file) for f in findings] == [("LK101", "penawaran.xlsx")]
    assert all(r.status == UNDECIDED for r in res) and len(res) == 12
    with pytest.raises(OutputError):
        write_offers(path, panel, subs, now=NOW)
    assert path.read_bytes() == b"this is not a workbook at all"


def test_missing_header_blocks_resolution(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_PENAWARAN]
    ws.cell(1, COL[KEP]).value = "Jawaban"
    wb.save(path)
    res, findings = resolve_offers(path, panel, subs)
    assert [(f.code, f.cell, f.sheet) for f in findings] == [("LK103", "", "Penawaran")]
    assert "Keputusan" in findings[0].message
    assert all(r.status == UNDECIDED for r in res)
    copy = tmp_path / "copy.xlsx"
    shutil.copy(path, copy)
    with pytest.raises(OutputError):
        write_offers(path, panel, subs, now=NOW)
    assert path.read_bytes() == copy.read_bytes()


def test_example_session_fills_decided_offers(tmp_path):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "penawaran_contoh", Path(__file__).parent.parent / "sample_workbooks" / "penawaran_contoh.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    counts = mod.fill_example_offers(path)
    assert counts["Sanggup"] and counts["Tidak Sanggup (negosiasi)"] and counts["Tidak Sanggup"] and counts["tanpa tawaran"]
    assert sum(counts.values()) == 12
    res, findings = resolve_offers(path, panel, subs)
    assert findings == []
    assert all(r.decided for r in res)
    assert {r.status for r in res} == {ACCEPTED, REFUSED, NO_OFFER}
    assert any(r.tahun_lebih_cepat for r in res)
    assert all(r.selisih_nilai is None or r.selisih_nilai > 0 or C.norm(r.indicator.polaritas) == "tetap" for r in res)
    # the panel's file regenerates once (Status OPD counts), then stays unchanged
    assert write_offers(path, panel, subs, now=NOW).status == UPDATED
    assert write_offers(path, panel, subs, now=NOW).status == UNCHANGED
