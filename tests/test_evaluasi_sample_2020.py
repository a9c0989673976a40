"""The committed second evaluation year of the Malang sample (issue 20 item 11): 2020
realisation forms that check clean, a trend and comparisons in `lelang eval run --year 2020`,
and what the amendment scenario does to a form already filled. Expectations are read from
the forms and the results the run writes, not typed in."""

import json
import shutil
import sys

import openpyxl
import pytest
from click.testing import CliRunner

from lelang_xlsx import contract as C
from lelang_xlsx.agreement.agreed import load_register
from lelang_xlsx.cli import main
from lelang_xlsx.rounds.scoring import capaian
from lelang_xlsx.evaluasi.run import check_round, prepare

from .eval_support import CLEAN, SAMPLES, eval_auction

NEXT = 2020


def _results(root, year):
    return json.loads((root / f"evaluasi/{year}/hasil/evaluasi.json").read_text(encoding="utf-8"))


def _rows(path) -> list[dict]:
    ws = openpyxl.load_workbook(path)["Realisasi"]
    heads = [c.value for c in ws[1]]
    return [dict(zip(heads, (c.value for c in row))) for row in ws.iter_rows(min_row=2) if row[1].value]


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    root = eval_auction(tmp_path_factory.mktemp("y2020"))
    for year in (2019, NEXT):
        res = CliRunner().invoke(main, ["eval", "run", str(root), "--year", str(year), "-j", "1"])
        assert res.exit_code == 0, res.output
    return root


def test_the_2020_forms_are_committed_and_check_clean(evaluated):
    forms = sorted(p.stem for p in (CLEAN / f"evaluasi/{NEXT}/masuk").glob("*.xlsx"))
    reg = load_register(evaluated / "hasil/kesepakatan.json", evaluated).for_year(NEXT)
    assert forms == sorted(reg.opd)
    got = _results(evaluated, NEXT)
    assert {o["kode"]: o["status"] for o in got["opd"]} == {k: "dievaluasi" for k in reg.opd}


def test_2020_achievement_follows_the_forms_and_some_targets_are_missed(evaluated):
    reg = load_register(evaluated / "hasil/kesepakatan.json", evaluated).for_year(NEXT)
    got = {o["kode"]: o for o in _results(evaluated, NEXT)["opd"]}
    missed = 0
    for kode, a in reg.opd.items():
        form = {r["Kode Indikator"]: r for r in _rows(CLEAN / f"evaluasi/{NEXT}/masuk/{kode}.xlsx")}
        for ind in got[kode]["indikator"]:
            agreed = next(i for i in a.indicators if i.kode == ind["kode"])
            row = form[ind["kode"]]
            assert ind["realisasi"] == row[f"Realisasi {NEXT}"]
            want = capaian(agreed.polaritas, row[f"Realisasi {NEXT}"], agreed.target[NEXT], C.DEFAULT_CAP, agreed.toleransi)
            assert ind["capaian"] == want
            if want < 100:
                missed += 1
                assert row["Penjelasan"]  # every missed target is explained (LK705 would hold it back)
    assert missed >= 5
    means = [o["capaian"] for o in got.values()]
    assert len(set(means)) >= 6  # the OPDs do not all land on one number


def test_the_inflation_band_is_missed_just_below_it(evaluated):
    """DISDAG's inflation 2,1 against 3,5 ± 1: d = 0,4, (1 − 0,4 ÷ 3,5) × 100 = 88,57."""
    got = {o["kode"]: o for o in _results(evaluated, NEXT)["opd"]}
    infl = next(i for i in got["DISDAG"]["indikator"] if i["toleransi"])
    assert (infl["realisasi"], infl["target"], infl["toleransi"], infl["capaian"]) == (2.1, 3.5, 1, 88.57)


def test_the_trend_and_comparisons_show_in_2020(evaluated):
    y19 = {o["kode"]: {i["kode"]: i["realisasi"] for i in o["indikator"]} for o in _results(evaluated, 2019)["opd"]}
    got = _results(evaluated, NEXT)
    compared = 0
    for opd in got["opd"]:
        form = {r["Kode Indikator"]: r for r in _rows(CLEAN / f"evaluasi/{NEXT}/masuk/{opd['kode']}.xlsx")}
        for ind in opd["indikator"]:
            assert ind["realisasi_lalu"] == {"2019": y19[opd["kode"]][ind["kode"]]}
            assert form[ind["kode"]]["Realisasi 2019"] == y19[opd["kode"]][ind["kode"]]  # the form's locked column
            assert (ind["progres"] is None) == (ind["polaritas"] == "Tetap")  # no "toward" for a level kept
            compared += 1
    assert compared >= 40
    ws = openpyxl.load_workbook(evaluated / f"evaluasi/{NEXT}/hasil/evaluasi.xlsx")["Per Indikator"]
    assert "Realisasi 2019" in [c.value for c in ws[1]]
    from docx import Document

    card = next((evaluated / f"evaluasi/{NEXT}/hasil/rapor").glob("DISBUDPAR_*_rapor-2020.docx"))
    text = " ".join(c.text for t in Document(str(card)).tables for row in t.rows for c in row.cells)
    assert "Realisasi 2019" in text


def test_an_amended_target_holds_back_the_form_filled_before_it(tmp_path):
    """The panel amends DINKES from 2020 (a new AKI target 49,9 instead of 48,3): the 2020 form
    filled under version 1 is LK702 at that Target cell, the others are untouched."""
    from .test_agreement_amend import _amend

    root = tmp_path / "malang"
    shutil.copytree(CLEAN, root)
    assert CliRunner().invoke(main, ["run", str(root)]).exit_code == 0
    _amend(root, Berlaku_Mulai=2020, Alasan_Perubahan="Mutasi pejabat", Tanggal_Pakta="2 Maret 2020")
    assert CliRunner().invoke(main, ["run", str(root)]).exit_code == 0
    result = check_round(prepare(root, NEXT))
    mine = [(f.code, f.sheet, f.cell) for f in result.report.findings if f.file == "DINKES.xlsx" and f.is_error]
    rows = _rows(root / f"evaluasi/{NEXT}/masuk/DINKES.xlsx")
    heads = list(rows[0])
    aki = next(i for i, r in enumerate(rows) if r["Kode Indikator"] == "DINKES-01")
    target = f"{openpyxl.utils.get_column_letter(heads.index(f'Target {NEXT}') + 1)}{aki + 2}"
    assert ("LK702", "Realisasi", target) in mine
    others = [f for f in result.report.findings if f.file != "DINKES.xlsx" and f.is_error]
    assert others == []


def test_the_sample_amendment_scenario_holds_back_the_form_filled_under_version_1(tmp_path):
    """perubahan_contoh.py (a new head from 2020): the committed 2020 DINKES form names the old
    head (LK708, a warning) and, where the amended path moved a 2020 target, holds the old one
    (LK702 at that cell: "minta formulir realisasi baru"); a new template has both right."""
    sys.path.insert(0, str(SAMPLES))
    import perubahan_contoh as P

    root = tmp_path / "malang"
    shutil.copytree(CLEAN, root)
    assert CliRunner().invoke(main, ["run", str(root)]).exit_code == 0
    P.reopen(root)
    assert CliRunner().invoke(main, ["run", str(root)]).exit_code == 0
    P.amend(root)
    assert CliRunner().invoke(main, ["run", str(root)]).exit_code == 0
    reg = load_register(root / "hasil/kesepakatan.json", root).for_year(NEXT)
    agreed = {i.kode: i.target[NEXT] for i in reg.opd["DINKES"].indicators}
    filled = _rows(root / f"evaluasi/{NEXT}/masuk/DINKES.xlsx")
    moved = [i for i, r in enumerate(filled) if r[f"Target {NEXT}"] != agreed[r["Kode Indikator"]]]
    found = [(f.code, f.cell) for f in check_round(prepare(root, NEXT)).report.findings if f.file == "DINKES.xlsx"]
    col = openpyxl.utils.get_column_letter(list(filled[0]).index(f"Target {NEXT}") + 1)
    assert sorted(found) == sorted([("LK708", "B6")] + [("LK702", f"{col}{i + 2}") for i in moved])
    assert CliRunner().invoke(main, ["eval", "template", str(root), "--year", str(NEXT), "--opd", "DINKES"]).exit_code == 0
    new = root / f"evaluasi/{NEXT}/formulir/DINKES.xlsx"
    idn = openpyxl.load_workbook(new)["Identitas"]
    assert P.NEW_HEAD["nama_kepala"] in [c.value for row in idn.iter_rows() for c in row]
    assert {r["Kode Indikator"]: r[f"Target {NEXT}"] for r in _rows(new)} == agreed


def test_the_2020_forms_a_second_year_template_and_the_2020_outputs_pass_openxml_audit(evaluated):
    audit = pytest.importorskip("openxml_audit")
    from .test_openxml_audit import _findings

    assert CliRunner().invoke(main, ["eval", "template", str(evaluated), "--year", str(NEXT)]).exit_code == 0
    hasil = evaluated / f"evaluasi/{NEXT}/hasil"
    files = (sorted((CLEAN / f"evaluasi/{NEXT}/masuk").glob("*.xlsx"))
             + sorted((evaluated / f"evaluasi/{NEXT}/formulir").glob("*.xlsx"))
             + [hasil / "evaluasi.xlsx", hasil / "laporan.xlsx"] + sorted((hasil / "rapor").glob("*.docx"))
             + sorted((hasil / "umpan-balik").glob("*.xlsx")))
    assert len(files) >= 9 + 9 + 2 + 9
    validator = audit.OpenXmlValidator()
    problems = {p.name: f for p in files if (f := _findings(validator, p))}
    assert problems == {}
