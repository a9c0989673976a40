"""Version 3 of the evaluation (evaluasi.md "Version 3"), with hand-computed values:
tolerance and the Turun formula; ranking by the panel's Dasar Peringkat (all OPDs at
100 % share rank 1 under Capaian whatever their offers; Poin Bersih gives the version-2
order); the incentive follows the panel's Insentif table; every OPD of the panel list is
accounted for; a reader recomputes every point of a report card from what it prints.
Expectations come from the panel each test loads, never from copied constants."""

from __future__ import annotations

import json
import re

import openpyxl
import pytest
from click.testing import CliRunner

from lelang_xlsx import contract as C
from lelang_xlsx.cli import main
from lelang_xlsx.rounds.scoring import capaian
from lelang_xlsx.evaluasi.form import FormData, prefill_rows, write_form
from lelang_xlsx.rounds.points import read_points
from lelang_xlsx.agreement.agreed import load_register
from lelang_xlsx.reading.panel import read_panel

from .eval_support import YEAR, eval_auction, masuk
from .support import set_panel_setting


def test_inflation_inside_the_tolerance_scores_100_and_outside_85_71():
    # 2,5 against 3,5 ± 1: |2,5 - 3,5| = 1, inside the band -> d = 0 -> 100
    assert capaian("Tetap", 2.5, 3.5, toleransi=1) == 100.0
    # 5,0 against 3,5 ± 1: d = 1,5 - 1 = 0,5 -> (1 - 0,5 / 3,5) x 100 = 85,714... -> 85,71
    assert capaian("Tetap", 5.0, 3.5, toleransi=1) == 85.71
    # without a tolerance the version-2 formula: (1 - 1 / 3,5) x 100 = 71,43
    assert capaian("Tetap", 2.5, 3.5) == 71.43


def test_turun_formula_setting():
    # AKI target 56, realisation 60: 2 - R/T = (2 - 60/56) x 100 = 92,857 -> 92,86; T/R = 56/60 x 100 = 93,33
    assert capaian("Turun", 60, 56) == 92.86
    assert capaian("Turun", 60, 56, rumus_turun=C.TURUN_RATIO) == 93.33
    assert capaian("Turun", 0, 56, rumus_turun=C.TURUN_RATIO) == 120.0  # nothing left: the cap


def _run(root, year=YEAR):
    res = CliRunner().invoke(main, ["eval", "run", str(root), "--year", str(year)])
    assert "Traceback" not in res.output
    return res


def _all_on_target(root, year=YEAR, skip=()):
    """Every OPD reports exactly its agreed target of ``year`` (100 % on every indicator)."""
    m = masuk(root, year)
    for p in m.glob("*.xlsx"):
        p.unlink()
    reg = load_register(root / "hasil/kesepakatan.json", root).for_year(year)
    for kode, a in reg.opd.items():
        if kode in skip:
            continue
        rows = prefill_rows(a, year)
        for r in rows:
            r.update(realisasi=r["target"], sumber=f"LKjIP {year}", bukti="Bab III")
        figs = [{"kode": r["kode"], "uraian": "Realisasi", "rincian": "Total", "tahun": year, "nilai": r["target"],
                 "satuan": r["satuan"], "sumber": f"LKjIP {year}"} for r in rows]
        write_form(m / f"{kode}.xlsx", a, year, reg.pemda, FormData(rows=rows, figures=figs))
    return reg


def _results(root, year=YEAR):
    return json.loads((root / f"evaluasi/{year}/hasil/evaluasi.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def on_target(tmp_path_factory):
    root = eval_auction(tmp_path_factory.mktemp("v3"), with_samples=False)
    reg = _all_on_target(root)
    res = _run(root)
    assert res.exit_code == 0, res.output
    return root, reg


def test_all_at_100_share_rank_1_under_capaian_whatever_their_offers(on_target):
    root, reg = on_target
    data = _results(root)
    panel = read_panel(root / "panel.xlsx")
    assert panel.dasar_peringkat == "Capaian" and data["peringkat"]["dasar"] == "Capaian"
    opds = {o["kode"]: o for o in data["opd"]}
    assert set(opds) == set(panel.opds)
    accepted = {k: sum(i.status == "Sanggup" for i in a.indicators) for k, a in reg.opd.items()}
    assert len(set(accepted.values())) > 1  # the OPDs did receive and accept different numbers of offers
    for kode, o in opds.items():
        assert o["capaian"] == 100.0 and o["peringkat"] == 1, kode


def test_poin_bersih_reproduces_version_2(on_target, tmp_path):
    root, reg = on_target
    copy = tmp_path / "lelang"
    import shutil

    shutil.copytree(root, copy)
    set_panel_setting(copy, "Dasar Peringkat", "Poin Bersih")
    assert _run(copy).exit_code == 0
    data = _results(copy)
    points, _ = read_points(copy / "panel.xlsx")
    top = points.bands[0][1]  # every indicator at 100 % -> the first band
    expected = {}
    for kode, a in reg.opd.items():  # version 2: band points x the decision's reward weight, summed
        expected[kode] = sum(top * points.weights[{"Sanggup": "Sanggup", "Tidak Sanggup": "Tidak Sanggup"}.get(
            i.status, C.DECISION_TANPA)][0] for i in a.indicators)
    got = {o["kode"]: o for o in data["opd"]}
    assert {k: o["bersih"] for k, o in got.items()} == expected
    # version 2 ranked by net points (then achievement, here all 100): equal net points share a rank
    order = sorted(expected.values(), reverse=True)
    for kode, o in got.items():
        assert o["peringkat"] == order.index(expected[kode]) + 1, kode
        assert o["nilai_peringkat"] == expected[kode]


def test_incentive_follows_the_table(on_target, tmp_path):
    root, reg = on_target
    import shutil

    copy = tmp_path / "lelang"
    shutil.copytree(root, copy)
    wb = openpyxl.load_workbook(copy / "panel.xlsx")
    ws = wb[C.SHEET_INSENTIF]
    for r, (m, p) in enumerate(((12, 100), (11, 80), (10, 60), (0, 40)), start=2):
        ws.cell(r, 1, m)
        ws.cell(r, 2, p)
    ws.delete_rows(6, 10)
    wb.save(copy / "panel.xlsx")
    assert _run(copy).exit_code == 0
    panel = read_panel(copy / "panel.xlsx")
    assert panel.findings == []
    for o in _results(copy)["opd"]:
        per = o["bersih"] / len(o["indikator"])
        assert o["poin_per_indikator"] == pytest.approx(per)
        want = next((p for m, p in panel.insentif if round(per, 2) >= m), 0)
        assert o["insentif"] == want, o["kode"]
    assert {o["insentif"] for o in _results(copy)["opd"]} != {100}  # the table did separate the OPDs


def test_everyone_is_accounted_for(tmp_path):
    root = eval_auction(tmp_path, with_samples=False)
    _all_on_target(root, skip=("DISHUB",))
    (masuk(root) / "DISDAG.xlsx").write_bytes(b"not a workbook")  # unreadable: no valid form
    wb = openpyxl.load_workbook(root / "panel.xlsx")
    wb[C.SHEET_OPD].append(["BPBD", "Badan Penanggulangan Bencana Daerah"])  # listed, no pact
    wb.save(root / "panel.xlsx")
    res = _run(root)
    data = _results(root)
    points, _ = read_points(root / "panel.xlsx")
    got = {o["kode"]: o for o in data["opd"]}
    assert got["BPBD"]["status"] == "tanpa pakta" and got["BPBD"]["peringkat"] is None
    for kode in ("DISHUB", "DISDAG"):
        o = got[kode]
        assert o["status"] == "belum mengirim" and o["peringkat"] == 8  # after the 7 evaluated
        assert o["bersih"] == points.tidak_melapor * len(o["indikator"])
    assert sorted(o["peringkat"] for o in got.values() if o["status"] == "dievaluasi") == [1] * 7
    for text in ("tanpa pakta", "belum mengirim", "BPBD"):
        assert text in res.output
    per_opd = openpyxl.load_workbook(root / "evaluasi/2019/hasil/evaluasi.xlsx")["Per OPD"]
    states = {r[1]: r[3] for r in per_opd.iter_rows(min_row=2, values_only=True)}
    assert set(states) == set(got) and states["BPBD"].startswith("tanpa pakta")


# ------------------------------------------------------------------ the report card, recomputed


def _num(text: str) -> float:
    return float(text.strip().rstrip("%").replace(".", "").replace(",", "."))


def _docx_tables(path):
    from docx import Document

    doc = Document(str(path))
    return doc, [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def test_a_reader_recomputes_every_point_of_a_report_card(tmp_path):
    root = eval_auction(tmp_path)  # the sample's realisations: met, exceeded, missed
    assert _run(root).exit_code == 0
    card = next((root / "evaluasi/2019/hasil/rapor").glob("DINKES_*_rapor-2019.docx"))
    doc, tables = _docx_tables(card)
    text = "\n".join(p.text for p in doc.paragraphs)
    # the printed rules: bands, weights, formulas, incentive table
    bands = [(_num(m), _num(p)) for m, p in re.findall(r"capaian ≥ ([\d.,]+) % → (-?[\d.,]+)", text)]
    weights = {d: (_num(a), _num(b)) for d, a, b in
               re.findall(r"(Sanggup|Tidak Sanggup|Tanpa tawaran) × ([\d.,]+) bila positif, × ([\d.,]+) bila negatif", text)}
    incentive = [(_num(m), _num(p)) for m, p in re.findall(r"≥ (-?[\d.,]+) → ([\d.,]+) %", text)]
    cap = _num(re.search(r"tidak lebih dari ([\d.,]+) %", text).group(1))
    assert bands and weights and incentive and "Turun = (2 − Realisasi ÷ Target) × 100" in text
    rows = next(t for t in tables if t[0][:2] == ["No", "Indikator Kinerja"])[1:]
    total = 0.0
    for no, name, satuan, target, real, cap_txt, kat, base, weight, pts in rows:
        pol = re.search(r"· (Naik|Turun|Tetap) ·", name).group(1)
        decision = re.search(r"· (Sanggup|Tidak Sanggup|Tanpa tawaran)", name).group(1)
        t, r = _num(target.split("±")[0]), _num(real)
        raw = {"Naik": r / t, "Turun": 2 - r / t, "Tetap": 1 - abs(r - t) / abs(t)}[pol] * 100
        got = round(min(max(raw, 0), cap), 2)
        assert _num(cap_txt) == got, name
        want_base = next(p for m, p in bands if got >= m)
        assert _num(base) == want_base, name
        w = weights[decision][0 if want_base > 0 else 1] if want_base else 1
        assert _num(weight) == w and _num(pts) == want_base * w, name
        total += want_base * w
    summary = next(t for t in tables if t[0][0].startswith("Capaian rata"))[1]
    reward, sanction, net = (_num(x) for x in summary[2].split("/"))
    assert net == total == reward + sanction
    per = _num(summary[3])
    assert per == round(total / len(rows), 2)
    assert _num(summary[5]) == next((p for m, p in incentive if per >= m), 0)
    assert "Peringkat menurut Capaian" in text


def test_eval_template_names_the_opds_without_a_form(tmp_path):
    root = eval_auction(tmp_path, with_samples=False)
    wb = openpyxl.load_workbook(root / "panel.xlsx")
    wb[C.SHEET_OPD].append(["BPBD", "Badan Penanggulangan Bencana Daerah"])
    wb.save(root / "panel.xlsx")
    res = CliRunner().invoke(main, ["eval", "template", str(root), "--year", str(YEAR)])
    assert res.exit_code == 0, res.output
    assert "1 OPD di panel.xlsx tidak mendapat formulir" in res.output
    assert "BPBD (Badan Penanggulangan Bencana Daerah): tidak ada pakta yang berlaku untuk tahun 2019" in res.output
    assert not (root / f"evaluasi/{YEAR}/formulir/BPBD.xlsx").exists()


def test_comparisons_earlier_year_progress_and_pk_budget(tmp_path):
    root = eval_auction(tmp_path)  # the 2019 sample realisations
    assert _run(root).exit_code == 0
    y19 = {o["kode"]: o for o in _results(root)["opd"]}
    reg = _all_on_target(root, 2020)
    pk = root / "pk/2020/hasil/pk.json"
    pk.parent.mkdir(parents=True)
    pk.write_text(json.dumps({"schema": "lelang-xlsx/pk", "version": 1, "tahun": 2020, "opd": {
        "DINKES": {"status": "terbit", "indikator": [{"kode": "DINKES-01", "anggaran": 1250000000}]},
        "DISDIK": {"status": "ditahan", "indikator": [{"kode": "DISDIK-01", "anggaran": 5}]},
        "DISHUB": "not an object"}}), encoding="utf-8")
    assert _run(root, 2020).exit_code == 0
    got = {o["kode"]: o for o in _results(root, 2020)["opd"]}
    ind = next(i for i in got["DINKES"]["indikator"] if i["kode"] == "DINKES-01")
    before = next(i for i in y19["DINKES"]["indikator"] if i["kode"] == "DINKES-01")
    assert ind["realisasi_lalu"] == {"2019": before["realisasi"]}
    a = next(x for x in reg.opd["DINKES"].indicators if x.kode == "DINKES-01")
    v0, end = a.nilai_dasar, a.target[max(a.target)]
    want = round(min((ind["realisasi"] - v0) / (end - v0) * 100, 100), 2)  # Turun: toward the lower end point
    assert (ind["nilai_dasar"], ind["target_akhir"], ind["progres"]) == (v0, end, want) and 0 < want < 100
    assert ind["anggaran"] == 1250000000
    assert all(i["anggaran"] is None for i in got["DISDIK"]["indikator"])  # a PK not issued is not read
    ws = openpyxl.load_workbook(root / "evaluasi/2020/hasil/evaluasi.xlsx")["Per Indikator"]
    head = [c.value for c in ws[1]]
    assert "Realisasi 2019" in head and "Anggaran PK 2020 (Rp)" in head
    card = next((root / "evaluasi/2020/hasil/rapor").glob("DINKES_*_rapor-2020.docx"))
    from docx import Document

    cells = " ".join(c.text for t in Document(str(card)).tables for row in t.rows for c in row.cells)
    assert "Realisasi 2019" in cells and "Anggaran PK 2020 Rp 1.250.000.000" in cells


def test_realisation_outside_its_units_bounds_is_lk706(tmp_path):
    """An Indeks Kepuasan Masyarakat of 123 (unit indeks, 0-100 in the panel's Satuan)."""
    root = eval_auction(tmp_path, with_samples=False)
    reg = _all_on_target(root)
    a = reg.opd["DPMPTSP"]
    rows = prefill_rows(a, YEAR)
    ikm = next(r for r in rows if r["satuan"] == "indeks")
    for r in rows:
        r.update(realisasi=r["target"], sumber="LKjIP", bukti="Bab III")
    ikm["realisasi"] = 123.06
    figs = [{"kode": r["kode"], "uraian": "Realisasi", "rincian": "Total", "tahun": YEAR, "nilai": r["target"],
             "satuan": r["satuan"], "sumber": "LKjIP"} for r in rows]
    write_form(masuk(root) / "DPMPTSP.xlsx", a, YEAR, reg.pemda, FormData(rows=rows, figures=figs))
    res = _run(root)
    panel = read_panel(root / "panel.xlsx")
    lo, hi = panel.units["indeks"]
    line = next(x for x in res.output.splitlines() if "LK706" in x)
    assert "DPMPTSP.xlsx:Realisasi!" in line and "123,06" in line and f"antara {lo:g} dan {hi:g}" in line


def test_a_misspelled_round_setting_is_listed_once_by_the_round(tmp_path):
    """A panel finding about what the evaluation reads (here the Turun formula) is in the
    round's report once: the check prints one line for it, at its cell, and exits 1."""
    root = eval_auction(tmp_path)
    set_panel_setting(root, C.RUMUS_TURUN_FIELD.label, "R/T terbalik")
    res = CliRunner().invoke(main, ["eval", "check", str(root), "--year", str(YEAR)])
    lines = [ln for ln in res.output.splitlines() if " LK601 " in ln]
    assert len(lines) == 1, res.output
    assert lines[0].startswith("panel.xlsx:Pengaturan!B") and "'R/T terbalik'" in lines[0]
    assert res.exit_code == 1
