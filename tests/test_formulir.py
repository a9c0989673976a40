"""The OPD workbook writer: layout contract, dropdowns, protection, determinism."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from lelang_xlsx import contract as C
from lelang_xlsx.workbooks.formulir import FilledData, Raw, write_formulir
from lelang_xlsx.workbooks.panel_example import example_panel

from .helpers_formulir import filled_example


@pytest.fixture(scope="module")
def panel():
    return example_panel()


@pytest.fixture(scope="module")
def blank(tmp_path_factory, panel) -> Path:
    path = tmp_path_factory.mktemp("formulir") / "DINKES.xlsx"
    write_formulir(path, panel, "DINKES", "Dinas Kesehatan")
    return path


@pytest.fixture(scope="module")
def wb(blank):
    return openpyxl.load_workbook(blank)


def test_sheets_in_order_and_lists_sheet_hidden(wb):
    assert wb.sheetnames == [*C.OPD_SHEETS, C.SHEET_LISTS]
    assert wb[C.SHEET_LISTS].sheet_state == "hidden"
    for name in C.OPD_SHEETS:
        assert wb[name].sheet_state == "visible"


def test_version_marker(wb):
    ws = wb[C.SHEET_LISTS]
    assert ws["A1"].value == C.VERSION_LABEL
    assert ws["B1"].value == C.TEMPLATE_VERSION
    assert ws["B1"].data_type == "s"


def test_identitas_layout(wb):
    ws = wb[C.SHEET_IDENTITAS]
    assert [ws.cell(1, c).value for c in (1, 2, 3)] == ["Data", "Isian", "Keterangan"]
    for row, f in enumerate(C.IDENTITAS_FIELDS, start=2):
        # required labels carry a visible '*', and the note under the table says what it means
        assert ws.cell(row, 1).value == (f.label + " *" if f.required else f.label)
        assert ws.cell(row, 3).value.startswith(f.help)
    assert "Tanda * = wajib diisi." in [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert ws["B2"].value == "DINKES"
    assert ws["B3"].value == "Dinas Kesehatan"
    nip_row = 2 + [f.kind for f in C.IDENTITAS_FIELDS].index("nip")
    assert ws.cell(nip_row, 2).number_format == "@"
    date_row = 2 + [f.kind for f in C.IDENTITAS_FIELDS].index("date")
    assert ws.cell(date_row, 2).number_format == "d mmmm yyyy"
    assert ws.cell(nip_row, 2).protection.locked is False
    assert ws["A2"].protection.locked is True


def test_indikator_headers_cover_every_year(wb, panel):
    ws = wb[C.SHEET_INDIKATOR]
    headers = [c.value for c in ws[1]]
    assert headers == [f.shown for f in C.indikator_fields(panel.years)]
    assert headers[:3] == ["No", "Kode Indikator *", "Misi *"]
    assert [h for h in headers if h.startswith(C.TARGET_PREFIX)] == [C.target_header(y) + " *" for y in panel.years]
    assert ws.freeze_panes == "C2"


def test_indikator_prints_two_pages_wide_with_code_repeated(wb):
    ws = wb[C.SHEET_INDIKATOR]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 2
    assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$B"


def test_misi_input_message_says_what_each_code_means(wb, panel):
    ws = wb[C.SHEET_INDIKATOR]
    misi = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith("C2:"))
    for code, text in panel.missions.items():
        assert f"{code} = {text[:20]}" in misi.prompt
    assert len(misi.prompt) <= 255


def test_petunjuk_explains_the_feedback_and_rows_fit_their_text(wb):
    ws = wb[C.SHEET_PETUNJUK]
    labels = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert "Membaca hasil pemeriksaan" in labels
    assert {"Merah = galat", "Kuning = peringatan", "Sel gabungan", "Kirim ulang"} <= set(labels)
    # a label that wraps in column A gets a row tall enough for it (the overlapping example rows)
    r = labels.index("Ibu hamil usia kandungan 8 bulan") + 1
    assert ws.row_dimensions[r].height and ws.row_dimensions[r].height >= 30


def test_pendukung_headers(wb):
    ws = wb[C.SHEET_PENDUKUNG]
    assert [c.value for c in ws[1]] == [f.shown for f in C.PENDUKUNG_FIELDS]
    assert ws.freeze_panes == "B2"


def test_protection_without_password(wb):
    for name in (C.SHEET_IDENTITAS, C.SHEET_INDIKATOR, C.SHEET_PENDUKUNG, C.SHEET_PETUNJUK):
        prot = wb[name].protection
        assert prot.sheet is True
        assert not prot.password
        # openpyxl stores "False" = allowed
        assert prot.insertRows is False and prot.deleteRows is False
        assert prot.sort is False and prot.autoFilter is False and prot.formatColumns is False
    ws = wb[C.SHEET_INDIKATOR]
    assert ws["A1"].protection.locked is True


def _validations(ws):
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def test_dropdowns(wb, panel):
    ws = wb[C.SHEET_INDIKATOR]
    cols = {f.key: i + 1 for i, f in enumerate(C.indikator_fields(panel.years))}
    from openpyxl.utils import get_column_letter as L

    dvs = _validations(ws)
    misi = dvs[f"{L(cols['misi'])}2:{L(cols['misi'])}1000"]
    assert misi.type == "list" and misi.formula1 == "Daftar_Misi" and misi.errorStyle in (None, "stop")
    satuan = dvs[f"{L(cols['satuan'])}2:{L(cols['satuan'])}1000"]
    assert satuan.type == "list" and satuan.errorStyle == "information"
    pol = dvs[f"{L(cols['polaritas'])}2:{L(cols['polaritas'])}1000"]
    assert pol.type == "list" and pol.formula1 == "Daftar_Polaritas"
    tahun = dvs[f"{L(cols['tahun_dasar'])}2:{L(cols['tahun_dasar'])}1000"]
    assert tahun.type == "whole" and int(tahun.formula2) == panel.tahun_awal - 1
    for dv in dvs.values():
        assert dv.prompt is None or len(dv.prompt) <= 255
    # the named lists point at the hidden sheet and hold the right values
    lists = wb[C.SHEET_LISTS]
    dn = wb.defined_names["Daftar_Misi"]
    ((sheet, ref),) = list(dn.destinations)
    assert sheet == C.SHEET_LISTS
    assert [c.value for (c,) in lists[ref.replace("$", "")]] == list(panel.missions)
    ((sheet, ref),) = list(wb.defined_names["Daftar_Satuan"].destinations)
    assert [c.value for (c,) in lists[ref.replace("$", "")]] == list(panel.units)  # panel.xlsx › Satuan
    ((sheet, ref),) = list(wb.defined_names["Daftar_Polaritas"].destinations)
    assert [c.value for (c,) in lists[ref.replace("$", "")]] == list(C.POLARITIES)
    kode = _validations(wb[C.SHEET_PENDUKUNG])["A2:A1000"]
    assert kode.type == "list" and kode.formula1 == f"{C.SHEET_INDIKATOR}!$B$2:$B$1000"


def test_two_writes_are_byte_identical(tmp_path, panel):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    data = filled_example(panel)
    write_formulir(a, panel, filled=data)
    write_formulir(b, panel, filled=data)
    assert a.read_bytes() == b.read_bytes()


def test_filled_values_written_as_given(tmp_path, panel):
    data = filled_example(panel, nip_kepala="19690723 199503 1 004")
    data.indicators[0]["sasaran"] = "=1+1"  # a str never becomes a formula
    data.indicators[0]["nilai_dasar"] = Raw("1.234", as_text=True)
    last = f"target_{panel.tahun_akhir}"
    data.indicators[1][last] = Raw(0.95, num_format="0%")
    data.indicators[1]["sumber"] = None
    path = tmp_path / "f.xlsx"
    write_formulir(path, panel, filled=data)
    ws = openpyxl.load_workbook(path)[C.SHEET_INDIKATOR]
    cols = {f.key: i + 1 for i, f in enumerate(C.indikator_fields(panel.years))}
    assert ws.cell(2, cols["sasaran"]).value == "=1+1" and ws.cell(2, cols["sasaran"]).data_type == "s"
    assert ws.cell(2, cols["nilai_dasar"]).value == "1.234"
    assert ws.cell(3, cols[last]).value == 0.95 and ws.cell(3, cols[last]).number_format == "0%"
    assert ws.cell(3, cols["sumber"]).value is None
    assert ws.cell(2, cols["no"]).value == 1
    ident = openpyxl.load_workbook(path)[C.SHEET_IDENTITAS]
    assert ident["B5"].value == "19690723 199503 1 004"
    assert ident["B10"].value == dt.datetime(2018, 11, 6)
    with zipfile.ZipFile(path) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet3.xml")


def test_unknown_key_is_rejected(tmp_path, panel):
    data = FilledData(indicators=[{"kode": "X", "satuan_typo": "%"}])
    with pytest.raises(ValueError, match="satuan_typo"):
        write_formulir(tmp_path / "x.xlsx", panel, filled=data)
    assert not (tmp_path / "x.xlsx").exists()


def test_filled_workbook_checks_clean(tmp_path, panel):
    from lelang_xlsx.checking.checks import run_checks
    from lelang_xlsx.reading.reader import read_submission

    path = tmp_path / "ok.xlsx"
    write_formulir(path, panel, filled=filled_example(panel))
    sub = read_submission(path, path.name, panel)
    run_checks(sub, panel)
    assert [f.line() for f in sub.findings] == []
    assert sub.identity.nip_kepala == "196907231995031004"
    assert sub.indicators[1].targets[panel.tahun_akhir] == 95.0


def test_template_writes_one_form_per_opd(tmp_path):
    """`lelang template` (pipeline.write_templates): formulir/<KODE>.xlsx for every OPD of
    panel.xlsx, each prefilled with its code and name; `--opd` writes only those."""
    from lelang_xlsx.pipeline import init_auction, write_templates
    from lelang_xlsx.reading.panel import read_panel

    auction = init_auction(tmp_path / "lelang")
    panel = read_panel(auction.panel)
    paths = write_templates(auction)
    assert [p.name for p in paths] == [f"{k}.xlsx" for k in panel.opds]
    assert all(p.parent == auction.formulir for p in paths)
    ws = openpyxl.load_workbook(paths[0], read_only=True)[C.SHEET_IDENTITAS]
    kode, nama = next(iter(panel.opds.items()))
    assert ws["B2"].value == kode and ws["B3"].value == nama
    last = list(panel.opds)[-1]
    assert [p.name for p in write_templates(auction, [last.lower()])] == [f"{last}.xlsx"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_opens_and_resaves(tmp_path, blank):
    out = tmp_path / "out"
    profile = tmp_path / "profile"
    src = tmp_path / "in" / "formulir.xlsx"
    src.parent.mkdir()
    shutil.copyfile(blank, src)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    wb = openpyxl.load_workbook(out / "formulir.xlsx")
    assert C.SHEET_INDIKATOR in wb.sheetnames
    assert wb[C.SHEET_LISTS]["B1"].value == C.TEMPLATE_VERSION
