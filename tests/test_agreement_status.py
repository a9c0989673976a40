"""Sheet Status OPD of penawaran.xlsx (offer workbook version 2), the version-1 upgrade,
Tahun Disepakati, and the remarks on rows that hold a pact back."""

from __future__ import annotations

import datetime as dt

import openpyxl

from lelang_xlsx import contract as C
from lelang_xlsx.agreement.status_sheet import read_sessions, session_value
from lelang_xlsx.model import INVALID, REFUSED, UNDECIDED
from lelang_xlsx.agreement.offers import HOLD_INVALID, HOLD_UNDECIDED, UNCHANGED, UPDATED, resolve_offers, write_offers
from lelang_xlsx.reading.xlsxread import Cell, read_workbook

from .test_offers import COL, KEP, SEPAKAT, T_NILAI, T_SEPAKAT, rows_by_key, setup

NOW = dt.datetime(2018, 12, 1, 9, 0, 0)
STATUS_HEADERS = [f.label for f in C.STATUS_OPD_FIELDS] + [C.PENAWARAN_STATUS_HEADER]


def status_rows(path) -> dict[str, dict]:
    ws = openpyxl.load_workbook(path)[C.SHEET_STATUS_OPD]
    head = [c.value for c in ws[1]]
    assert head == STATUS_HEADERS
    return {r[0].value: dict(zip(head, (c for c in r))) for r in ws.iter_rows(min_row=2) if r[0].value}


def type_status(path, kode, **values):
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_STATUS_OPD]
    head = {c.value: c.column for c in ws[1]}
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == kode:
            for h, v in values.items():
                ws.cell(r, head[h.replace("_", " ")]).value = v
    wb.save(path)


def test_a_file_with_the_old_word_for_a_form_with_errors(tmp_path):
    """Before 'ada galat' was the one word, Status Formulir said 'galat'. Such a file is read
    as any other (the panel's cells kept), and the next run writes the word of today once."""
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    type_status(path, "DISHUB", Status_Formulir="galat", Catatan_Sesi="OPD diminta memperbaiki")
    type_status(path, "DINKES", Sesi_Selesai="Ya")
    sessions = read_sessions(read_workbook(path))
    assert sessions.sheet_found and sessions.done("DINKES") and not sessions.done("DISHUB") and not sessions.findings
    assert write_offers(path, panel, subs, now=NOW).status == UPDATED
    v = {k: {h: c.value for h, c in r.items()} for k, r in status_rows(path).items()}
    assert v["DISHUB"]["Status Formulir"] == "ada galat" and v["DISHUB"]["Catatan Sesi"] == "OPD diminta memperbaiki"
    assert v["DINKES"]["Sesi Selesai"] == "Ya"
    assert write_offers(path, panel, subs, now=NOW).status == UNCHANGED


def test_status_sheet_layout_and_counts(tmp_path):
    panel, subs, path = setup(tmp_path)  # DINKES valid (10 indicators), DISDIK valid, DISHUB with errors
    write_offers(path, panel, subs, now=NOW)
    rows = status_rows(path)
    assert list(rows) == ["DINKES", "DISDIK", "DISHUB", "DPUPR"]  # the panel list's order
    v = {k: {h: c.value for h, c in r.items()} for k, r in rows.items()}
    assert v["DINKES"]["Status Formulir"] == "valid" and v["DINKES"]["Jumlah Indikator"] == 10
    assert v["DINKES"]["Jumlah Tawaran"] == 0 and v["DINKES"]["Belum Diputuskan"] == 0
    assert v["DISHUB"]["Status Formulir"] == "ada galat" and v["DISHUB"]["Status Baris"] == "formulir masih ada galat"
    assert v["DPUPR"]["Status Formulir"] == "belum mengirim"
    ws = openpyxl.load_workbook(path)[C.SHEET_STATUS_OPD]
    assert ws.protection.sheet and not ws.protection.password
    assert rows["DINKES"]["Kode OPD"].protection.locked and rows["DINKES"]["Belum Diputuskan"].protection.locked
    assert not rows["DINKES"]["Sesi Selesai"].protection.locked and not rows["DINKES"]["Catatan Sesi"].protection.locked
    dv = next(d for d in ws.data_validations.dataValidation if str(d.sqref).startswith("G"))
    assert dv.type == "list" and dv.formula1 == '"Ya"' and dv.prompt
    # the Petunjuk sheet: rows as tall as their wrapped text, the version marker
    pet = openpyxl.load_workbook(path)[C.SHEET_PETUNJUK]
    texts = {pet.cell(r, 1).value: r for r in range(1, pet.max_row + 1)}
    assert pet.cell(texts["Versi Penawaran"], 2).value == "3"
    long_row = texts["Pakta terkunci"]
    assert pet.row_dimensions[long_row].height and pet.row_dimensions[long_row].height >= 30


def test_session_values():
    assert session_value(Cell("Ya")) == (True, "")
    for typed in ("ya ", "YA", "Ya.", " ya!"):
        assert session_value(Cell(typed)) == (True, ""), typed
    assert session_value(None) == (False, "") and session_value(Cell("  ")) == (False, "")
    assert session_value(Cell("sudah")) == (None, "sudah")
    assert session_value(Cell(1.0)) == (None, "1")
    assert session_value(Cell(True)) == (None, "True")
    assert session_value(Cell("Ya", formula='IF(1,"Ya","")')) == (None, '=IF(1,"Ya","")')
    assert session_value(Cell("Y" * 10_000))[0] is None and len(session_value(Cell("Y" * 10_000))[1]) <= 60


def test_panel_cells_kept_and_lk510_at_the_cell(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    type_status(path, "DINKES", Sesi_Selesai="Ya", Catatan_Sesi="Sesi 3 Des, Kepala Dinas hadir")
    type_status(path, "DISDIK", Sesi_Selesai="=HYPERLINK(\"http://x\")", Catatan_Sesi="=1+1")
    sessions = read_sessions(read_workbook(path))
    assert sessions.done("DINKES") and not sessions.done("DISDIK")
    f = sessions.findings
    assert [(x.code, x.sheet, x.cell) for x in f] == [("LK510", "Status OPD", "G3")]
    # an update after a new indicator keeps every typed value exactly (a formula stays a formula)
    from .test_offers import big_dinkes

    subs2 = [big_dinkes(add=True)] + subs[1:]
    assert write_offers(path, panel, subs2, now=NOW).status == UPDATED
    rows = status_rows(path)
    assert rows["DINKES"]["Sesi Selesai"].value == "Ya"
    assert rows["DINKES"]["Catatan Sesi"].value == "Sesi 3 Des, Kepala Dinas hadir"
    assert rows["DINKES"]["Jumlah Indikator"].value == 11
    assert rows["DISDIK"]["Catatan Sesi"].value == "=1+1"
    assert write_offers(path, panel, subs2, now=NOW).status == UNCHANGED


def _downgrade_to_v1(path):
    """What a version-1 file looked like: no Status OPD sheet, no Tahun Disepakati column, no marker."""
    wb = openpyxl.load_workbook(path)
    del wb[C.SHEET_STATUS_OPD]
    ws = wb[C.SHEET_PENAWARAN]
    ws.delete_cols(COL["Tahun Disepakati"])
    pet = wb[C.SHEET_PETUNJUK]
    for r in range(1, pet.max_row + 1):
        if pet.cell(r, 1).value == "Versi Penawaran":
            pet.delete_rows(r)
            break
    wb.save(path)


def test_version_1_file_is_upgraded_in_place_keeping_every_value(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    _downgrade_to_v1(path)
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_PENAWARAN]
    head = {c.value: c.column for c in ws[1]}
    assert "Tahun Disepakati" not in head
    r = rows_by_key(ws)[("DINKES", "IK-02")]
    ws.cell(r, head[T_NILAI]).value = 98
    ws.cell(r, head[KEP]).value = "Tidak Sanggup"
    ws.cell(r, head[SEPAKAT]).value = 96
    ws.cell(r, head["Catatan"]).value = "nego"
    wb.save(path)
    v1 = path.read_bytes()
    # a version-1 file still resolves (the new column is optional)
    res, found = resolve_offers(path, panel, subs)
    assert not found and next(x for x in res if x.indicator.kode == "IK-02").disepakati_nilai == 96
    upd = write_offers(path, panel, subs, now=NOW)
    assert upd.status == UPDATED and upd.upgraded and "ditingkatkan ke versi 3" in upd.describe()
    assert upd.backup.read_bytes() == v1
    ws = openpyxl.load_workbook(path)[C.SHEET_PENAWARAN]
    assert [c.value for c in ws[1]][:len(COL)] == list(COL)
    r = rows_by_key(ws)[("DINKES", "IK-02")]
    assert [ws.cell(r, COL[h]).value for h in (T_NILAI, KEP, SEPAKAT, "Catatan")] == [98, "Tidak Sanggup", 96, "nego"]
    assert list(status_rows(path)) == ["DINKES", "DISDIK", "DISHUB", "DPUPR"]
    assert write_offers(path, panel, subs, now=NOW).status == UNCHANGED


def test_tahun_disepakati(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_PENAWARAN]
    keys = rows_by_key(ws)
    # DISDIK P-02 (Naik, 10,0 -> 11,0): Tidak Sanggup to 11,5; negotiated 10,7 in 2022
    r = keys[("DISDIK", "P-02")]
    ws.cell(r, COL[T_NILAI]).value = 11.5
    ws.cell(r, COL[KEP]).value = "Tidak Sanggup"
    ws.cell(r, COL[SEPAKAT]).value = 10.7
    ws.cell(r, COL[T_SEPAKAT]).value = 2022
    r2 = keys[("DISDIK", "P-01")]
    ws.cell(r2, COL[T_NILAI]).value = 97
    ws.cell(r2, COL[KEP]).value = "Tidak Sanggup"
    ws.cell(r2, COL[SEPAKAT]).value = 96.8
    ws.cell(r2, COL[T_SEPAKAT]).value = 2030
    wb.save(path)
    res, found = resolve_offers(path, panel, subs)
    p02 = next(x for x in res if x.indicator.kode == "P-02")
    assert (p02.status, p02.disepakati_nilai, p02.disepakati_tahun, p02.negosiasi) == (REFUSED, 10.7, 2022, True)
    # line (2017; 10,0) -> (2022; 10,7): 10,28 10,42 10,56 -> one decimal; 10,7 from 2022 on
    assert p02.tahunan == {2019: 10.3, 2020: 10.4, 2021: 10.6, 2022: 10.7, 2023: 10.7}
    p01 = next(x for x in res if x.indicator.kode == "P-01")
    assert p01.status == INVALID and p01.tahunan == {}
    lk505 = [f for f in found if f.code == "LK505"]
    assert [(f.sheet, f.col) for f in lk505] == [(C.SHEET_PENAWARAN, COL[T_SEPAKAT])]
    assert "Tahun Disepakati '2030'" in lk505[0].message


def test_rows_that_hold_a_pact_back_are_marked(tmp_path):
    panel, subs, path = setup(tmp_path)
    write_offers(path, panel, subs, now=NOW)
    wb = openpyxl.load_workbook(path)
    ws = wb[C.SHEET_PENAWARAN]
    keys = rows_by_key(ws)
    ws.cell(keys[("DINKES", "IK-01")], COL[T_NILAI]).value = 85  # no decision
    ws.cell(keys[("DINKES", "IK-02")], COL[T_NILAI]).value = "banyak"  # not a number
    ws.cell(keys[("DINKES", "IK-02")], COL[KEP]).value = "Sanggup"
    wb.save(path)
    write_offers(path, panel, subs, now=NOW)
    ws = openpyxl.load_workbook(path)[C.SHEET_PENAWARAN]
    keys = rows_by_key(ws)
    status = lambda k: ws.cell(keys[k], COL["Status Baris"])
    assert status(("DINKES", "IK-01")).value == HOLD_UNDECIDED
    assert status(("DINKES", "IK-02")).value == HOLD_INVALID
    assert status(("DINKES", "IK-03")).value is None
    fill = status(("DINKES", "IK-01")).fill.fgColor.rgb
    assert fill.endswith("FCE4D6")  # orange: holds the pact back (red is for rows not processed)
    res, _ = resolve_offers(path, panel, subs)  # the remarks do not change the resolution
    assert {r.indicator.kode: r.status for r in res if r.kode_opd == "DINKES"}["IK-01"] == UNDECIDED
    st = status_rows(path)["DINKES"]
    assert st["Belum Diputuskan"].value == 2 and st["Jumlah Tawaran"].value == 2
    assert st["Status Baris"].value == ("pakta ditahan: 2 tawaran belum diputuskan atau tidak valid "
                                       f"(Penawaran!{openpyxl.utils.get_column_letter(COL[KEP])}{keys[('DINKES', 'IK-01')]}, "
                                       f"Penawaran!{openpyxl.utils.get_column_letter(COL[T_NILAI])}{keys[('DINKES', 'IK-02')]})")
