"""The example panel workbook (Kota Malang 2018) and its Python twin."""

from __future__ import annotations

import datetime as dt

import openpyxl

from lelang_xlsx import contract as C
from lelang_xlsx.reading.nip import check_nip
from lelang_xlsx.reading.panel import read_panel
from lelang_xlsx.workbooks.panel_example import EXAMPLE_PANEL, example_panel, write_panel, write_panel_example


def test_example_panel_reads_clean_and_matches_python_data(tmp_path):
    path = tmp_path / C.PANEL_FILE
    write_panel_example(path)
    panel = read_panel(path)
    assert panel.findings == []
    ex = example_panel()
    for f in C.PENGATURAN_FIELDS:
        assert getattr(panel, f.key) == getattr(ex, f.key), f.key
    assert panel.missions == ex.missions
    assert panel.opds == ex.opds
    assert panel.members == ex.members
    assert panel.opd_rows == ex.opd_rows
    assert list(panel.years) == [2019, 2020, 2021, 2022, 2023]


def test_example_content():
    p = EXAMPLE_PANEL
    assert p.nama_pemda == "Pemerintah Kota Malang"
    assert p.jabatan_kepala_daerah == "Wali Kota Malang"
    assert p.tempat == "Malang" and p.tanggal == dt.date(2018, 12, 8)
    assert list(p.missions) == ["M1", "M2", "M3", "M4"]
    assert len(p.opds) == 9 and "DINKES" in p.opds
    assert len(p.members) == 3
    assert check_nip(p.nip_sekda) == (p.nip_sekda, None)


def test_layout_and_cell_types(tmp_path):
    path = tmp_path / C.PANEL_FILE
    write_panel_example(path)
    wb = openpyxl.load_workbook(path)
    # Poin: version 2 (evaluation round); Satuan and Insentif: version 3
    assert wb.sheetnames == list(C.PANEL_SHEETS) + [C.SHEET_POIN, C.SHEET_SATUAN, C.SHEET_INSENTIF]
    ws = wb[C.SHEET_PENGATURAN]
    assert (ws["A1"].value, ws["B1"].value) == ("Pengaturan", "Isian")
    rows = {f.key: i + 2 for i, f in enumerate(C.PENGATURAN_FIELDS)}
    for f in C.PENGATURAN_FIELDS:
        assert ws.cell(rows[f.key], 1).value == f.label
    assert ws.cell(rows["nip_sekda"], 2).data_type == "s"
    assert ws.cell(rows["tanggal"], 2).value == dt.datetime(2018, 12, 8)
    assert ws.cell(rows["tahun_awal"], 2).value == 2019
    for name, fields in ((C.SHEET_MISI, C.MISI_FIELDS), (C.SHEET_OPD, C.OPD_FIELDS), (C.SHEET_TIM, C.TIM_FIELDS)):
        assert [c.value for c in wb[name][1]] == [f.label for f in fields]
        assert wb[name].freeze_panes == "A2"


def test_deterministic_and_round_trip(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_panel_example(a)
    write_panel_example(b)
    assert a.read_bytes() == b.read_bytes()
    c = tmp_path / "c.xlsx"
    write_panel(c, example_panel())
    assert read_panel(c).findings == []
    assert c.read_bytes() == a.read_bytes()
