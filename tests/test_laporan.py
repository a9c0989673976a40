"""laporan.xlsx for the secretariat: where each OPD's pact stands, every finding with its
OPD, and a print set-up that keeps every column on the page."""

from __future__ import annotations

import openpyxl
import pytest

from lelang_xlsx.checking.findings import FileStatus, Pos, Report, make
from lelang_xlsx.workbooks.laporan import write_laporan
from lelang_xlsx.model import (PACT_FORM_ERRORS, PACT_HELD, PACT_ISSUED, PACT_LOCKED, PACT_NO_SUBMISSION, PACT_WAITING,
                               PactState)


def states() -> dict[str, PactState]:
    return {s.kode_opd: s for s in [
        PactState("DINKES", "Dinas Kesehatan", PACT_ISSUED, "pakta terbit", "cetak dan tandatangani pakta",
                  "hasil/pakta/DINKES_dinas-kesehatan.docx"),
        PactState("DISDIK", "Dinas Pendidikan", PACT_HELD, "Penawaran!L27 belum diputuskan",
                  "minta Tim Penilai mengisi Keputusan di penawaran.xlsx (Penawaran!L27)"),
        PactState("DISDAG", "Dinas Perdagangan", PACT_WAITING, "menunggu sesi Tim Penilai (Sesi Selesai belum Ya)",
                  "setelah sesi, isi Sesi Selesai = Ya di penawaran.xlsx"),
        PactState("DISHUB", "Dinas Perhubungan", PACT_FORM_ERRORS, "formulir masih memiliki 3 galat",
                  "kirim hasil/per-opd/DISHUB/ ke OPD untuk diperbaiki"),
        PactState("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", PACT_NO_SUBMISSION,
                  "belum ada formulir di masuk/", "minta OPD mengirim formulir"),
        PactState("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", PACT_LOCKED,
                  "formulir berubah setelah pakta terbit", "kosongkan Sesi Selesai untuk menerbitkan ulang",
                  "hasil/pakta/DPMPTSP_dinas-penanaman-modal.docx"),
    ]}


def report() -> Report:
    dishub = FileStatus("dishub.xlsx", "DISHUB", "Dinas Perhubungan",
                        [make("LK301", Pos("dishub.xlsx", "Indikator", 3, 2), header="Kode Indikator", context="")])
    dinkes = FileStatus("dinkes.xlsx", "DINKES", "Dinas Kesehatan")
    general = [
        make("LK502", Pos("penawaran.xlsx", "Penawaran", 27, 12, kode_opd="DISDIK"),
             value="indikator DISDIK-03 (Angka Putus Sekolah)"),
        make("LK501", Pos("penawaran.xlsx", "Penawaran", 30, 3, "DISHUB"), detail="OPD 'DISHUB' indikator 'X'"),
        make("LK101", Pos("panel.xlsx"), detail="contoh"),
    ]
    return Report(files=[dinkes, dishub], general=general)


def header_index(ws) -> dict[str, int]:
    return {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}


def test_status_sheet_says_where_each_pact_stands(tmp_path):
    path = tmp_path / "laporan.xlsx"
    write_laporan(path, report(), states())
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Status Pakta", "Temuan", "Status Berkas"]
    ws = wb["Status Pakta"]
    h = header_index(ws)
    assert list(h) == ["Kode OPD", "Nama OPD", "Status Pakta", "Keterangan", "Langkah Berikutnya", "Berkas Pakta"]
    got = {ws.cell(r, 1).value: ws.cell(r, h["Status Pakta"]).value for r in range(2, ws.max_row + 1)}
    assert got == {
        "DINKES": "siap cetak",
        "DISDIK": "ditahan: Penawaran!L27 belum diputuskan",
        "DISDAG": "menunggu sesi",
        "DISHUB": "ada galat",
        "DPUPR": "belum mengirim",
        "DPMPTSP": "terkunci",
    }
    assert [ws.cell(r, 1).value for r in range(2, 8)] == list(states())  # the panel list's order
    row = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(row["DISHUB"], h["Langkah Berikutnya"]).value == "kirim hasil/per-opd/DISHUB/ ke OPD untuk diperbaiki"
    assert ws.cell(row["DINKES"], h["Berkas Pakta"]).value == "hasil/pakta/DINKES_dinas-kesehatan.docx"
    assert ws.cell(row["DISDAG"], h["Berkas Pakta"]).value is None
    fills = {k: ws.cell(r, h["Status Pakta"]).fill.fgColor.rgb[-6:] for k, r in row.items()}
    assert fills["DINKES"] == "C6EFCE" and fills["DISHUB"] == "FFC7CE" and fills["DISDIK"] == "FFE699"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref


def test_without_states_no_status_sheet(tmp_path):
    path = tmp_path / "laporan.xlsx"
    write_laporan(path, report())
    assert openpyxl.load_workbook(path).sheetnames == ["Temuan", "Status Berkas"]


def test_every_finding_row_names_its_opd(tmp_path):
    path = tmp_path / "laporan.xlsx"
    write_laporan(path, report(), states())
    ws = openpyxl.load_workbook(path)["Temuan"]
    h = header_index(ws)
    rows = [{k: ws.cell(r, c).value for k, c in h.items()} for r in range(2, ws.max_row + 1)]
    assert all(r["Kode OPD"] for r in rows)
    by_code = {(r["Kode"], r["Berkas"]): r["Kode OPD"] for r in rows}
    assert by_code[("LK502", "penawaran.xlsx")] == "DISDIK"  # an offer finding: the OPD of its row
    assert by_code[("LK501", "penawaran.xlsx")] == "DISHUB"
    assert by_code[("LK301", "dishub.xlsx")] == "DISHUB"  # the file's OPD
    assert by_code[("LK101", "panel.xlsx")] == "(umum)"
    assert by_code[("STATUS", "dinkes.xlsx")] == "DINKES"


@pytest.mark.parametrize("sheet", ["Status Pakta", "Temuan", "Status Berkas"])
def test_every_sheet_prints_one_page_wide_landscape_with_its_header(tmp_path, sheet):
    path = tmp_path / "laporan.xlsx"
    write_laporan(path, report(), states())
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1) == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1"  # the header row on every printed page


def test_offer_finding_carries_the_opd_of_its_row(tmp_path):
    """An undecided offer (LK502) in penawaran.xlsx names the OPD of its row in the report."""
    from lelang_xlsx import contract as C
    from lelang_xlsx.agreement.offers import resolve_offers, write_offers

    from . import offer_fixtures as F

    panel = F.panel()
    ss = [F.dinkes(), F.disdik()]
    pen = tmp_path / C.PENAWARAN_FILE
    write_offers(pen, panel, ss)
    wb = openpyxl.load_workbook(pen)
    ws = wb[C.SHEET_PENAWARAN]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "DISDIK")
    ws.cell(row, 10).value = 97  # an offer without a decision
    wb.save(pen)
    _, found = resolve_offers(pen, panel, ss)
    (lk502,) = [f for f in found if f.code == "LK502"]
    assert lk502.kode_opd == "DISDIK" and lk502.row == row
    path = tmp_path / "laporan.xlsx"
    write_laporan(path, Report(files=[FileStatus("disdik.xlsx", "DISDIK", "Dinas Pendidikan")], general=found))
    ws = openpyxl.load_workbook(path)["Temuan"]
    h = header_index(ws)
    (r,) = [r for r in range(2, ws.max_row + 1) if ws.cell(r, h["Kode"]).value == "LK502"]
    assert ws.cell(r, h["Kode OPD"]).value == "DISDIK" and ws.cell(r, h["Berkas"]).value == "penawaran.xlsx"


def test_a_run_writes_the_status_sheet(tmp_path):
    """The Malang sample with DISDIK-04 offered but undecided, DINKES's session not closed and
    no DPUPR form: the status sheet says so, in the panel list's order, and the LK502 row of
    penawaran.xlsx names DISDIK."""
    import shutil
    from pathlib import Path

    from lelang_xlsx.auction import Auction
    from lelang_xlsx.batch import run_batch

    root = tmp_path / "lelang"
    shutil.copytree(Path(__file__).resolve().parent.parent / "sample_workbooks" / "malang-2018", root)
    (root / "masuk" / "DPUPR.xlsx").unlink()
    wb = openpyxl.load_workbook(root / "penawaran.xlsx")
    offers, sessions = wb["Penawaran"], wb["Status OPD"]
    row = next(r for r in range(2, offers.max_row + 1) if offers.cell(r, 3).value == "DISDIK-04")
    assert offers.cell(row, 10).value is None and offers.cell(row, 12).value is None
    offers.cell(row, 10).value = 95
    dinkes = next(r for r in range(2, sessions.max_row + 1) if sessions.cell(r, 1).value == "DINKES")
    sessions.cell(dinkes, 7).value = None  # Sesi Selesai
    wb.save(root / "penawaran.xlsx")
    run_batch(Auction.at(root), use_cache=False)

    wb = openpyxl.load_workbook(root / "hasil" / "laporan.xlsx")
    assert wb.sheetnames[0] == "Status Pakta"
    ws = wb["Status Pakta"]
    got = {r[0]: r[2] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert list(got) == ["DISDIK", "DINKES", "DISDAG", "DPMPTSP", "DISPERIN", "DISBUDPAR", "DPUPR", "DISHUB",
                         "DISPERKIM"]
    assert got["DISDIK"] == f"ditahan: Penawaran!L{row} belum diputuskan"
    assert got["DINKES"] == "menunggu sesi"
    assert got["DPUPR"] == "belum mengirim"
    assert got["DISDAG"] == "siap cetak"
    temuan = wb["Temuan"]
    h = header_index(temuan)
    rows = [[c.value for c in r] for r in temuan.iter_rows(min_row=2)]
    assert rows and all(r[h["Kode OPD"] - 1] for r in rows)
    (lk502,) = [r for r in rows if r[h["Kode"] - 1] == "LK502"]
    assert lk502[h["Kode OPD"] - 1] == "DISDIK" and lk502[h["Sel"] - 1] == f"L{row}"
