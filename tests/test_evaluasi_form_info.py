"""The realisation form's informative locked columns (issue 20: Cara Perhitungan, Nilai Dasar,
last year's realisation), the panel's Turun formula in its Petunjuk, a form of the previous
contract still read, and the annotated copies rebuilt when the feedback wording changes."""

import json
import shutil
import subprocess

import openpyxl
import pytest
from click.testing import CliRunner

from lelang_xlsx import contract as C
from lelang_xlsx import rules
from lelang_xlsx.agreement.agreed import load_register
from lelang_xlsx.checking import feedback
from lelang_xlsx.cli import main
from lelang_xlsx.evaluasi.run import check_round, prepare

from .eval_support import CLEAN, RUSAK, YEAR, eval_auction, masuk
from .support import move_panel_to, set_panel_setting


def _table(ws) -> list[dict]:
    heads = [c.value for c in ws[1]]
    return [dict(zip(heads, (c for c in row))) for row in ws.iter_rows(min_row=2) if row[1].value]


def _template(root, year, *extra):
    res = CliRunner().invoke(main, ["eval", "template", str(root), "--year", str(year), *extra])
    assert res.exit_code == 0, res.output
    return root / f"evaluasi/{year}/formulir"


def test_first_year_shows_the_registers_baseline_and_method_locked_and_no_earlier_realisation(tmp_path):
    root = eval_auction(tmp_path, with_samples=False)
    folder = _template(root, YEAR)
    reg = load_register(root / "hasil/kesepakatan.json", root).for_year(YEAR)
    for kode in ("DINKES", "DISDAG"):
        ws = openpyxl.load_workbook(folder / f"{kode}.xlsx")["Realisasi"]
        rows = _table(ws)
        agreed = reg.opd[kode].indicators
        assert [r["Kode Indikator"].value for r in rows] == [i.kode for i in agreed]
        for r, ind in zip(rows, agreed):
            assert r["Cara Perhitungan"].value == ind.cara and ind.cara
            assert r["Nilai Dasar"].value == ind.nilai_dasar
            assert r["Realisasi 2018"].value == "–"  # the period's first year: nothing evaluated before
            for head in ("Cara Perhitungan", "Nilai Dasar", "Realisasi 2018"):
                assert r[head].protection.locked and r[head].fill.fgColor.rgb.endswith("F2F2F2"), head
    petunjuk = " ".join(str(c.value) for row in openpyxl.load_workbook(folder / "DINKES.xlsx")["Petunjuk"].iter_rows()
                        for c in row if c.value)
    assert "Realisasi 2018" in petunjuk and "belum dievaluasi" in petunjuk


def test_a_tetap_target_with_tolerance_is_shown_as_a_band_and_stays_a_number(tmp_path):
    root = eval_auction(tmp_path, with_samples=False)
    folder = _template(root, YEAR, "--opd", "DISDAG")
    reg = load_register(root / "hasil/kesepakatan.json", root).for_year(YEAR)
    band = next(i for i in reg.opd["DISDAG"].indicators if i.toleransi is not None)
    ws = openpyxl.load_workbook(folder / "DISDAG.xlsx")["Realisasi"]
    row = next(r for r in _table(ws) if r["Kode Indikator"].value == band.kode)
    cell = row[f"Target {YEAR}"]
    assert cell.value == band.target[YEAR]
    assert cell.number_format == 'General" ± 1"' and band.toleransi == 1  # displayed 3,5 ± 1


def test_the_second_year_shows_last_years_realisation_from_the_earlier_results(tmp_path):
    root = eval_auction(tmp_path)
    assert CliRunner().invoke(main, ["eval", "run", str(root), "--year", str(YEAR), "-j", "1"]).exit_code == 0
    earlier = json.loads((root / f"evaluasi/{YEAR}/hasil/evaluasi.json").read_text(encoding="utf-8"))
    folder = _template(root, YEAR + 1)
    checked = 0
    for opd in earlier["opd"]:
        if opd["status"] != "dievaluasi":
            continue
        ws = openpyxl.load_workbook(folder / f"{opd['kode']}.xlsx")["Realisasi"]
        shown = {r["Kode Indikator"].value: r[f"Realisasi {YEAR}"].value for r in _table(ws)}
        for ind in opd["indikator"]:
            if ind["kode"] in shown:
                assert shown[ind["kode"]] == ind["realisasi"], (opd["kode"], ind["kode"])
                checked += 1
    assert checked >= 30


def test_editing_the_informative_cells_changes_nothing(tmp_path):
    root = eval_auction(tmp_path)
    before = check_round(prepare(root, YEAR))
    path = masuk(root) / "DINKES.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Realisasi"]
    for r in _table(ws):
        r["Cara Perhitungan"].value = "cara lain"
        r["Nilai Dasar"].value = 999999
        r["Realisasi 2018"].value = "=1+1"
    wb.save(path)
    after = check_round(prepare(root, YEAR))
    assert [f for f in after.report.findings if f.file == "DINKES.xlsx"] == []
    got = {s.identity.kode_opd: [(r.kode, r.realisasi) for r in s.rows] for s in after.submissions}
    assert got == {s.identity.kode_opd: [(r.kode, r.realisasi) for r in s.rows] for s in before.submissions}


def test_a_form_of_the_previous_contract_is_still_read(tmp_path):
    """A realisasi-1 form (sent out before the informative columns) checks as it did."""
    root = eval_auction(tmp_path)
    before = check_round(prepare(root, YEAR))
    path = masuk(root) / "DISHUB.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Realisasi"]
    heads = [c.value for c in ws[1]]
    for head in ("Realisasi 2018", "Nilai Dasar", "Cara Perhitungan"):  # right to left: indices stay valid
        ws.delete_cols(heads.index(head) + 1)
    wb["_Daftar"]["B1"] = "realisasi-1"
    wb.save(path)
    assert [c.value for c in openpyxl.load_workbook(path)["Realisasi"][1]][:8] == [
        "No", "Kode Indikator", "Misi", "Indikator Kinerja", "Satuan", "Polaritas", f"Target {YEAR}", "Keputusan"]
    after = check_round(prepare(root, YEAR))
    assert [f for f in after.report.findings if f.file == "DISHUB.xlsx"] == []
    old = next(s for s in after.submissions if s.identity.kode_opd == "DISHUB")
    new = next(s for s in before.submissions if s.identity.kode_opd == "DISHUB")
    assert [(r.kode, r.target, r.realisasi) for r in old.rows] == [(r.kode, r.target, r.realisasi) for r in new.rows]


def test_an_unknown_form_version_is_still_lk707(tmp_path):
    root = eval_auction(tmp_path, with_samples=False)
    wb = openpyxl.load_workbook(CLEAN / f"evaluasi/{YEAR}/masuk/DINKES.xlsx")
    wb["_Daftar"]["B1"] = "realisasi-9"
    wb.save(masuk(root) / "DINKES.xlsx")
    found = [(f.code, f.message) for f in check_round(prepare(root, YEAR)).report.findings if f.file == "DINKES.xlsx"]
    assert [c for c, _ in found] == ["LK707"] and "realisasi-9" in found[0][1]


def _petunjuk(path) -> str:
    return " ".join(str(c.value) for row in openpyxl.load_workbook(path)["Petunjuk"].iter_rows() for c in row if c.value)


def test_petunjuk_prints_the_turun_formula_the_panel_chose(tmp_path):
    root = eval_auction(tmp_path, with_samples=False)
    default = _petunjuk(_template(root, YEAR, "--opd", "DINKES") / "DINKES.xlsx")
    assert "(2 − Realisasi ÷ Target) × 100" in default and "(2 − 60 ÷ 56) × 100 = 92,86%" in default
    assert "Target ÷ Realisasi" not in default
    set_panel_setting(root, C.RUMUS_TURUN_FIELD.label, "T/R")
    path = _template(root, YEAR, "--opd", "DINKES") / "DINKES.xlsx"
    text = _petunjuk(path)
    assert "Target ÷ Realisasi × 100" in text and "rumus pilihan panel: T/R" in text
    assert "56 ÷ 60 × 100 = 93,33%" in text  # 56/60 = 0,9333
    assert "2 − " not in text and "2 - R/T" not in text
    ws = openpyxl.load_workbook(path)["Realisasi"]
    assert not any("2 − " in (d.prompt or "") for d in ws.data_validations.dataValidation)
    if shutil.which("openxml-audit"):
        out = subprocess.run(["openxml-audit", str(path)], capture_output=True, text=True)
        assert "Errors: 0" in out.stdout, out.stdout


def test_annotated_copies_are_rebuilt_when_the_feedback_wording_changes(tmp_path, monkeypatch):
    root = eval_auction(tmp_path, with_samples=False)
    shutil.copy(RUSAK / "LK704_bukti_kosong.xlsx", masuk(root) / "DINKES.xlsx")
    args = ["eval", "run", str(root), "--year", str(YEAR), "-j", "1"]
    CliRunner().invoke(main, args)
    copy = root / f"evaluasi/{YEAR}/hasil/umpan-balik/DINKES.xlsx"
    first = copy.read_bytes()
    CliRunner().invoke(main, args)
    assert copy.read_bytes() == first  # unchanged inputs: the cached copy stays
    new = "Kuning = peringatan (kata-kata versi baru): periksa kembali."
    monkeypatch.setitem(feedback.LEGEND, rules.WARNING, new)
    feedback.wording.cache_clear()
    try:
        CliRunner().invoke(main, args)
        texts = [c.value for row in openpyxl.load_workbook(copy)[feedback.FINDINGS_SHEET].iter_rows() for c in row]
        assert new in texts
    finally:
        feedback.wording.cache_clear()


def test_the_annotation_key_carries_the_wording(monkeypatch):
    from lelang_xlsx.checking.checker import annotation_key
    from lelang_xlsx.model import Submission

    sub = Submission(path="x.xlsx", sha256="0" * 64)
    key = annotation_key(sub)
    monkeypatch.setattr(feedback, "NEXT_STEP_CLEAN", "Tidak ada temuan (kata baru).")
    feedback.wording.cache_clear()
    try:
        assert annotation_key(sub) != key
    finally:
        feedback.wording.cache_clear()


@pytest.mark.parametrize("kind", ["evaluasi", "pantau", "pk"])
def test_a_rounds_voice_is_part_of_the_wording(kind, monkeypatch):
    key = feedback.wording()
    real = feedback.round_voice
    monkeypatch.setattr(feedback, "round_voice", lambda k, y: feedback.Voice("lain", "lain") if k == kind else real(k, y))
    feedback.wording.cache_clear()
    try:
        assert feedback.wording() != key
    finally:
        feedback.wording.cache_clear()


def _blitar(tmp_path):
    """The sample auction moved to Kota Blitar (every 'Malang' of panel.xlsx replaced), run."""
    root = tmp_path / "blitar"
    shutil.copytree(CLEAN, root, ignore=shutil.ignore_patterns("hasil", "pk", "evaluasi", "pantau"))
    move_panel_to(root, "Blitar")
    assert CliRunner().invoke(main, ["run", str(root)]).exit_code == 0
    return root


def test_a_blitar_auction_reads_blitar_in_its_realisation_form_and_report_card_fields(tmp_path):
    from .test_pk_form_city import _form_texts

    root = _blitar(tmp_path)
    text = _form_texts(_template(root, YEAR, "--opd", "DINKES") / "DINKES.xlsx")
    assert "Malang" not in text and "Profil Kesehatan 2019" in text
    res = CliRunner().invoke(main, ["pact-fields", "--rapor", str(root)])
    assert res.exit_code == 0, res.output
    assert "mis. Wali Kota Blitar" in res.output and "mis. Blitar, …… 2020" in res.output
    assert "Malang" not in res.output
    sample = CliRunner().invoke(main, ["pact-fields", "--rapor"])
    assert "mis. Wali Kota Malang" in sample.output  # without a folder: the bundled sample's


def test_the_monitoring_form_prints_the_turun_formula_the_panel_chose_too(tmp_path):
    root = eval_auction(tmp_path, with_samples=False)
    args = ["pantau", "template", str(root), "--year", "2020", "--opd", "DINKES"]
    assert CliRunner().invoke(main, args).exit_code == 0
    path = root / "pantau/2020/formulir/DINKES.xlsx"
    assert "Turun: (2 − R ÷ T) × 100" in _petunjuk(path)
    set_panel_setting(root, C.RUMUS_TURUN_FIELD.label, "T/R")
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    text = _petunjuk(path)
    assert "Turun: T ÷ R × 100" in text and "2 − " not in text


def test_an_opd_held_back_last_year_shows_no_earlier_realisation(tmp_path):
    """DINKES's 2019 form had an error (ditahan: not evaluated), so its 2020 form shows '–'
    where the others show their 2019 realisation."""
    root = eval_auction(tmp_path)
    shutil.copy(RUSAK / "LK703_realisasi_kosong.xlsx", masuk(root) / "DINKES.xlsx")
    assert CliRunner().invoke(main, ["eval", "run", str(root), "--year", str(YEAR), "-j", "1"]).exit_code == 1
    status = {o["kode"]: o["status"] for o in json.loads(
        (root / f"evaluasi/{YEAR}/hasil/evaluasi.json").read_text(encoding="utf-8"))["opd"]}
    assert status["DINKES"] == "ditahan" and status["DISDIK"] == "dievaluasi"
    folder = _template(root, YEAR + 1)
    held = _table(openpyxl.load_workbook(folder / "DINKES.xlsx")["Realisasi"])
    assert {r[f"Realisasi {YEAR}"].value for r in held} == {"–"}
    shown = _table(openpyxl.load_workbook(folder / "DISDIK.xlsx")["Realisasi"])
    assert all(isinstance(r[f"Realisasi {YEAR}"].value, (int, float)) for r in shown)
