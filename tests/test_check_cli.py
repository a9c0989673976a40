"""`lelang init`, `template` and `check` as the secretariat uses them."""

import json
import shutil

from click.testing import CliRunner
from openpyxl import load_workbook

from lelang_xlsx.cli import main
from lelang_xlsx.reading.xlsxread import read_workbook

from .support import fill_form, needs_soffice, new_auction, soffice_roundtrip, tree_hashes


def test_init_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["init", str(tmp_path / "a")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "a" / "panel.xlsx").is_file()
    before = tree_hashes(tmp_path / "a")
    res = runner.invoke(main, ["init", str(tmp_path / "a")])
    assert res.exit_code == 0  # an up-to-date panel.xlsx: nothing to add (an older one is upgraded)
    assert "tidak ada yang ditimpa" in res.output.lower()
    assert tree_hashes(tmp_path / "a") == before


def test_template_writes_one_form_per_opd(tmp_path):
    runner = CliRunner()
    runner.invoke(main, ["init", str(tmp_path / "a")])
    res = runner.invoke(main, ["template", str(tmp_path / "a")])
    assert res.exit_code == 0, res.output
    forms = sorted(p.name for p in (tmp_path / "a" / "formulir").glob("*.xlsx"))
    assert "DINKES.xlsx" in forms and len(forms) == 9
    wb = read_workbook(tmp_path / "a" / "formulir" / "DINKES.xlsx")
    assert wb.sheet("Identitas").value(2, 2) == "DINKES"


def test_filled_form_checks_clean_and_json_lists_findings(tmp_path):
    auction = new_auction(tmp_path)
    fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / "dinkes kota.xlsx")
    runner = CliRunner()
    res = runner.invoke(main, ["check", str(auction.root), "--format", "json"])
    data = json.loads(res.output)
    assert res.exit_code == 0, res.output
    # only the other eight OPDs' missing submissions, as warnings
    assert {f["code"] for f in data} == {"LK205"}
    assert all(f["severity"] == "W" for f in data)
    for key in ("file", "sheet", "cell", "code", "severity", "message"):
        assert key in data[0]
    assert (auction.hasil / "laporan.xlsx").is_file()
    assert (auction.umpan_balik / "dinkes kota.xlsx").is_file()


def test_findings_at_cells_in_text_output_and_annotated_copy(tmp_path):
    auction = new_auction(tmp_path)

    def edit(wb):
        ws = wb["Indikator"]
        ws["Q2"] = 130  # AKI (Turun) end-point above the baseline -> LK309
        ws["K3"] = "1.234"  # ambiguous -> LK304
        ws["I3"] = "Meningkat"  # LK307

    fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / "dinkes.xlsx", identity={"NIP Kepala OPD": 196804111993031009}, edit=edit)
    before = tree_hashes(auction.masuk)
    runner = CliRunner()
    res = runner.invoke(main, ["check", str(auction.root)])
    assert res.exit_code == 1
    lines = res.output.splitlines()
    assert any(l.startswith("dinkes.xlsx:Indikator!Q2: LK309 ") for l in lines)
    assert any(l.startswith("dinkes.xlsx:Indikator!K3: LK304 ") for l in lines)
    assert any(l.startswith("dinkes.xlsx:Indikator!I3: LK307 ") for l in lines)
    assert any(l.startswith("dinkes.xlsx:Identitas!B5: LK203 ") for l in lines)
    assert tree_hashes(auction.masuk) == before  # inputs untouched
    wb = load_workbook(auction.umpan_balik / "dinkes.xlsx")
    assert "LK309" in wb["Indikator"]["Q2"].comment.text
    assert wb["Indikator"]["Q2"].fill.fgColor.rgb.endswith("FFC7CE")
    listing = wb["Hasil Pemeriksaan"]
    codes = [listing.cell(r, 2).value for r in range(2, listing.max_row + 1)]
    assert {"LK309", "LK304", "LK307", "LK203"} <= set(codes)


def test_single_files_need_a_panel(tmp_path):
    auction = new_auction(tmp_path)
    f = fill_form(auction.formulir / "DINKES.xlsx", tmp_path / "x.xlsx")
    runner = CliRunner()
    res = runner.invoke(main, ["check", str(f)])
    assert res.exit_code == 2
    res = runner.invoke(main, ["check", "--panel", str(auction.panel), str(f)])
    assert res.exit_code == 0, res.output


@needs_soffice
def test_form_saved_by_libreoffice_reads_back_and_checks_clean(tmp_path):
    auction = new_auction(tmp_path)
    filled = fill_form(auction.formulir / "DINKES.xlsx", tmp_path / "DINKES.xlsx")
    # the blank template itself opens in LibreOffice
    blank_rt = soffice_roundtrip(auction.formulir / "DINKES.xlsx", tmp_path / "blank")
    assert read_workbook(blank_rt).sheet("Indikator") is not None
    rt = soffice_roundtrip(filled, tmp_path / "lo")
    a, b = read_workbook(filled), read_workbook(rt)
    for name in ("Identitas", "Indikator", "Data Pendukung"):
        va = {(r, c): cell.value for r, row in a.sheet(name).rows.items() for c, cell in row.items()}
        vb = {(r, c): cell.value for r, row in b.sheet(name).rows.items() for c, cell in row.items()}
        assert va == vb, name
    shutil.copy(rt, auction.masuk / "DINKES.xlsx")
    res = CliRunner().invoke(main, ["check", str(auction.root), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert {f["code"] for f in json.loads(res.output)} == {"LK205"}
