"""The recap workbook: numbers against hand-computed values, text safety, determinism."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from . import offer_fixtures as F
from lelang_xlsx import contract as C
from lelang_xlsx.model import Figure
from lelang_xlsx.agreement.offers import resolve_offers, write_offers
from lelang_xlsx.recap import (MISSION_UNSERVED, SHEET_GRAFIK, SHEET_SESI, build_recap, improved,
                               improvement, write_recap)


def subs():
    return [F.dinkes(), F.disdik(), F.dishub_with_errors()]


def header_index(ws) -> dict[str, int]:
    return {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}


def test_improvement_signs():
    assert improvement("Naik", 80, 95) == pytest.approx(18.75)
    assert improvement("Turun", 120, 90) == pytest.approx(25.0)
    assert improvement("Turun", 120, 130) == pytest.approx(-100 / 12)
    assert improvement("Tetap", 10, 11) == pytest.approx(-10.0)
    assert improvement("Tetap", 10, 10) == 0
    assert improvement("Naik", -20, -10) == pytest.approx(50.0)  # |dasar| in the denominator
    assert improvement("Naik", 0, 5) is None
    assert improvement("Naik", None, 5) is None


def test_improved_in_the_indicators_direction():
    assert improved("Naik", 80, 95) is True and improved("Naik", 80, 80) is False
    assert improved("Turun", 0.42, 0.1) is True and improved("Turun", 0, 0) is False
    assert improved("Tetap", 10, 10) is True and improved("Tetap", 10, 11) is False
    assert improved("Naik", None, 5) is None and improved("miring", 1, 2) is None


def test_recap_values_read_back(tmp_path):
    panel = F.panel()
    path = tmp_path / "rekap.xlsx"
    write_recap(path, build_recap(panel, subs()), panel)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [SHEET_SESI, "Indikator", "Per OPD", "Per Misi", "Data Pendukung", SHEET_GRAFIK]

    ws = wb["Indikator"]
    h = header_index(ws)
    expected_headers = ["Kode OPD", "Nama OPD", "Kode Indikator", "Misi", "Sasaran Strategis", "Program",
                        "Indikator Kinerja", "Satuan", "Polaritas", "Tahun Dasar", "Nilai Dasar",
                        *(C.target_header(y) for y in panel.years), "Target Akhir", "Perbaikan (%)",
                        "Jumlah Data Pendukung"]
    assert list(h) == expected_headers
    assert ws.max_row == 1 + 4 + 2  # DINKES 4 + DISDIK 2; DISHUB has errors
    rows = {ws.cell(r, h["Kode Indikator"]).value: r for r in range(2, ws.max_row + 1)}
    aki = rows["IK-01"]  # Turun 120 -> 90
    assert ws.cell(aki, h["Kode OPD"]).value == "DINKES"
    assert ws.cell(aki, h["Nama OPD"]).value == "Dinas Kesehatan"
    assert ws.cell(aki, h["Polaritas"]).value == "Turun"
    assert ws.cell(aki, h["Tahun Dasar"]).value == 2017
    assert ws.cell(aki, h["Nilai Dasar"]).value == 120
    assert ws.cell(aki, h["Target 2021"]).value == 100
    assert ws.cell(aki, h["Target Akhir"]).value == 90
    assert ws.cell(aki, h["Perbaikan (%)"]).value == pytest.approx(25.0)
    assert ws.cell(aki, h["Perbaikan (%)"]).number_format == "#,##0.0"
    assert ws.cell(aki, h["Jumlah Data Pendukung"]).value == 1
    assert ws.cell(aki, h["Tahun Dasar"]).number_format == "0"
    assert ws.cell(rows["IK-02"], h["Perbaikan (%)"]).value == pytest.approx(18.75)
    assert ws.cell(rows["IK-03"], h["Perbaikan (%)"]).value == pytest.approx(-10.0)
    assert ws.cell(rows["IK-04"], h["Perbaikan (%)"]).value is None  # baseline 0
    assert ws.freeze_panes == "D2" and ws.auto_filter.ref

    ws = wb["Per OPD"]
    h = header_index(ws)
    assert list(h) == ["Kode", "Nama", "Status", "Jumlah Indikator", "Misi yang Dilayani",
                       "Indikator Membaik", "Indikator Membaik (%)", "Median Perbaikan (%)"]
    by = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert list(by) == ["DINKES", "DISDIK", "DISHUB", "DPUPR"]
    r = by["DINKES"]
    assert ws.cell(r, h["Status"]).value == "valid"
    assert ws.cell(r, h["Jumlah Indikator"]).value == 4
    assert ws.cell(r, h["Misi yang Dilayani"]).value == "M1, M4"
    # IK-01 (Turun 120 -> 90) and IK-02 (Naik 80 -> 95) improve; IK-03 (Tetap 10 -> 11) drifts;
    # IK-04 (Turun 0 -> 0) does not improve: 2 of 4
    assert ws.cell(r, h["Indikator Membaik"]).value == 2
    assert ws.cell(r, h["Indikator Membaik (%)"]).value == 50
    assert ws.cell(r, h["Median Perbaikan (%)"]).value == pytest.approx(18.75)
    r = by["DISHUB"]  # listed, not aggregated
    assert ws.cell(r, h["Status"]).value == "ada galat"
    assert all(ws.cell(r, h[k]).value is None for k in ("Jumlah Indikator", "Indikator Membaik (%)"))
    assert ws.cell(by["DPUPR"], h["Status"]).value == "belum mengirim"
    assert ws.cell(by["DPUPR"], h["Nama"]).value == "Dinas Pekerjaan Umum dan Penataan Ruang"

    ws = wb["Per Misi"]
    h = header_index(ws)
    by = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(by["M1"], h["Jumlah OPD"]).value == 2
    assert ws.cell(by["M1"], h["OPD"]).value == "DINKES, DISDIK"
    assert ws.cell(by["M1"], h["Jumlah Indikator"]).value == 4
    assert ws.cell(by["M3"], h["Jumlah Indikator"]).value == 0
    assert ws.cell(by["M3"], h["Keterangan"]).value == MISSION_UNSERVED
    assert ws.cell(by["M2"], h["Keterangan"]).value is None

    ws = wb["Data Pendukung"]
    h = header_index(ws)
    assert list(h) == ["Kode OPD", "Nama OPD", "Kode Indikator", "Indikator Kinerja", "Uraian Data",
                       "Rincian", "Tahun", "Nilai", "Satuan", "Sumber Data"]
    assert ws.max_row == 1 + 6
    assert ws.cell(2, h["Nilai"]).value == 12345
    assert ws.cell(2, h["Nilai"]).number_format == "#,##0"
    assert ws.cell(2, h["Indikator Kinerja"]).value == "Angka Kematian Ibu"

    assert len(wb[SHEET_GRAFIK]._charts) == 2  # share improved, indicators per mission


def test_charts_present(tmp_path):
    import zipfile

    panel = F.panel()
    path = tmp_path / "rekap.xlsx"
    write_recap(path, build_recap(panel, subs(), []), panel)
    names = zipfile.ZipFile(path).namelist()
    assert sum(n.startswith("xl/charts/chart") for n in names) == 3  # share improved, decisions, missions


def test_formula_like_text_stays_text(tmp_path):
    panel = F.panel()
    s = F.dinkes()
    s.indicators[0].indikator = "=1+1"
    s.indicators[0].program = "+cmd|' /C calc'!A0"
    s.indicators[0].sasaran = "@SUM(A1)"
    s.indicators[0].satuan = "-2+3"
    s.figures = [Figure(row=2, kode=i.kode, uraian="=HYPERLINK(\"http://x\")", rincian="+1", tahun=2017,
                        nilai=1.0, satuan="orang", sumber="@x") for i in s.indicators]
    path = tmp_path / "rekap.xlsx"
    write_recap(path, build_recap(panel, [s]), panel)
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikator"]
    h = header_index(ws)
    for header, text in (("Indikator Kinerja", "=1+1"), ("Program", "+cmd|' /C calc'!A0"),
                         ("Sasaran Strategis", "@SUM(A1)"), ("Satuan", "-2+3")):
        cell = ws.cell(2, h[header])
        assert cell.data_type == "s" and cell.value == text
    ws = wb["Data Pendukung"]
    h = header_index(ws)
    for header, text in (("Uraian Data", "=HYPERLINK(\"http://x\")"), ("Rincian", "+1"), ("Sumber Data", "@x")):
        cell = ws.cell(2, h[header])
        assert cell.data_type == "s" and cell.value == text


def test_deterministic_bytes(tmp_path):
    panel = F.panel()
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_recap(a, build_recap(panel, subs()), panel)
    write_recap(b, build_recap(panel, subs()), panel)
    assert a.read_bytes() == b.read_bytes()


def typed_offers(folder, panel, ss):
    """penawaran.xlsx with the panel's typing, resolved: DINKES IK-01 (Turun, proposal 90)
    offer 80 by 2021, Sanggup; IK-02 offer 97, Tidak Sanggup; IK-03 offer 10,5 undecided;
    IK-04 no offer."""
    pen = folder / C.PENAWARAN_FILE
    write_offers(pen, panel, ss)
    wb = openpyxl.load_workbook(pen)
    ws = wb[C.SHEET_PENAWARAN]
    ws["J2"], ws["K2"], ws["L2"] = 80, 2021, "Sanggup"
    ws["J3"], ws["L3"] = 97, "Tidak Sanggup"
    ws["J4"] = 10.5
    wb.save(pen)
    return resolve_offers(pen, panel, ss)[0]


def test_recap_with_resolutions(tmp_path):
    panel = F.panel()
    ss = subs()
    res = typed_offers(tmp_path, panel, ss)
    # the agreed yearly path as the offer round hands it over (year -> agreed target);
    # empty until it is computed: then the columns stay blank
    res[0].tahunan = {2019: 100.0, 2020: 90.0, 2021: 80.0, 2022: 80.0, 2023: 80.0}
    res[1].tahunan = {}
    path = tmp_path / "rekap.xlsx"
    write_recap(path, build_recap(panel, ss, res), panel)
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikator"]
    h = header_index(ws)
    for k in ("Tawaran Target Akhir", "Tawaran Tahun", "Keputusan", "Target Disepakati", "Tahun Disepakati",
              "Selisih Tawaran", "Selisih Tawaran (%)", "Lebih Cepat (tahun)"):
        assert k in h
    assert ws.cell(2, h["Tawaran Target Akhir"]).value == 80
    assert ws.cell(2, h["Keputusan"]).value == "Sanggup"
    assert ws.cell(2, h["Target Disepakati"]).value == 80
    assert ws.cell(2, h["Tahun Disepakati"]).value == 2021
    assert ws.cell(2, h["Selisih Tawaran"]).value == 10
    assert ws.cell(2, h["Selisih Tawaran (%)"]).value == pytest.approx(100 / 9)
    assert ws.cell(2, h["Lebih Cepat (tahun)"]).value == 2
    assert ws.cell(3, h["Keputusan"]).value == "Tidak Sanggup"
    assert ws.cell(3, h["Target Disepakati"]).value == 95
    assert ws.cell(4, h["Keputusan"]).value == "Belum diputuskan"
    assert ws.cell(5, h["Keputusan"]).value == "Tanpa tawaran"
    assert [ws.cell(2, h[f"Disepakati {y}"]).value for y in panel.years] == [100, 90, 80, 80, 80]
    assert [ws.cell(3, h[f"Disepakati {y}"]).value for y in panel.years] == [None] * 5
    ws = wb["Per OPD"]
    h = header_index(ws)
    assert [ws.cell(2, h[k]).value for k in ("Jumlah Tawaran", "Sanggup", "Tidak Sanggup", "Belum diputuskan",
                                             "Tanpa tawaran")] == [3, 1, 1, 1, 1]
    assert ws.cell(3, h["Jumlah Tawaran"]).value == 0
    assert ws.cell(4, h["Jumlah Tawaran"]).value is None  # DISHUB: errors, not aggregated


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_recap_and_offers(tmp_path):
    panel = F.panel()
    ss = subs()
    write_offers(tmp_path / "penawaran.xlsx", panel, ss)
    res, _ = resolve_offers(tmp_path / "penawaran.xlsx", panel, ss)
    write_recap(tmp_path / "rekap.xlsx", build_recap(panel, ss, res), panel)
    out = tmp_path / "pdf"
    proc = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(tmp_path / "rekap.xlsx"), str(tmp_path / "penawaran.xlsx")],
        capture_output=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("rekap.pdf", "penawaran.pdf"):
        pdf = out / name
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000
