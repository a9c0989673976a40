"""`lelang eval run` on the Malang sample: hand-computed achievement, predicate and points,
an OPD's totals, the ranking, the outputs; register and year problems exit 2."""

import json
import shutil
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from lelang_xlsx.cli import main
from lelang_xlsx.evaluasi.form import FormData, prefill_rows, write_form
from lelang_xlsx.agreement.agreed import load_register
from lelang_xlsx.reading.panel import read_panel
from lelang_xlsx.rounds.points import read_points

from .eval_support import RUSAK, YEAR, eval_auction, masuk
from .support import tree_hashes


def _run(root, year=YEAR, *extra):
    res = CliRunner().invoke(main, ["eval", "run", str(root), "--year", str(year), *extra])
    assert "Traceback" not in res.output
    return res


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    root = eval_auction(tmp_path_factory.mktemp("eval"))
    before = tree_hashes(masuk(root))
    res = _run(root)
    return root, res, before


def _opd(data, kode):
    return next(o for o in data["opd"] if o["kode"] == kode)


def _ind(opd, kode):
    return next(i for i in opd["indikator"] if i["kode"] == kode)


def test_sample_round_is_clean_and_inputs_untouched(sample_run):
    root, res, before = sample_run
    assert res.exit_code == 0, res.output
    assert "LK" not in res.output.split("Ringkasan")[0]
    assert tree_hashes(masuk(root)) == before


def _table(root):
    """The points table of the panel the round loaded (its Poin sheet): the points below are
    computed from it, so a change of the default table in the code fails or passes here for
    what the auction's own panel.xlsx says."""
    table, findings = read_points(root / "panel.xlsx")
    assert not findings
    return table


def test_hand_computed_indicators(sample_run):
    root, _, _ = sample_run
    data = json.loads((root / "evaluasi/2019/hasil/evaluasi.json").read_text(encoding="utf-8"))
    table = _table(root)
    dinkes = _opd(data, "DINKES")
    # Turun, Sanggup: agreed 2019 target 51,9, realisation 57,09 -> (2 - 57,09/51,9) x 100 = (2 - 1,1) x 100 = 90
    # -> Tinggi -> the 76 % band's points (0 in the sample's table)
    i = _ind(dinkes, "DINKES-01")
    assert (i["polaritas"], i["keputusan"], i["target"], i["realisasi"]) == ("Turun", "Sanggup", 51.9, 57.09)
    assert (i["capaian"], i["kategori"], i["poin"]) == (90.0, "Tinggi", table.points(90.0, "Sanggup"))
    # Turun got worse than its baseline: 8,06 against 5,92 -> (2 - 1,36149) x 100 = 63,85 -> Rendah
    # -> the lowest band (-10) x the punishment weight of Tidak Sanggup (1)
    i = _ind(dinkes, "DINKES-02")
    assert (i["keputusan"], i["target"], i["realisasi"]) == ("Tidak Sanggup", 5.92, 8.06)
    assert (i["capaian"], i["kategori"], i["poin"]) == (63.85, "Rendah", table.points(63.85, "Tidak Sanggup"))
    assert i["poin"] == table.bands[-1][1] * table.weights["Tidak Sanggup"][1] < 0
    assert "pencatatan" in i["penjelasan"]
    # Naik, Sanggup, exceeded past the cap: 88,2 / 58,8 = 150% -> the panel's cap (120) -> the top band
    # (10) x the reward weight of Sanggup (1,5) = 15 in the sample's table
    i = _ind(dinkes, "DINKES-05")
    assert i["capaian"] == table.cap == 120.0 and i["kategori"] == "Sangat Tinggi"
    assert i["poin"] == table.points(120.0, "Sanggup") == table.bands[0][1] * table.weights["Sanggup"][0]
    # Naik, Sanggup: 87,91 / 86,19 = 101,996% -> 102,0 -> 10 x 1,5 = 15
    i = _ind(_opd(data, "DISDIK"), "DISDIK-01")
    assert (i["target"], i["realisasi"]) == (86.19, 87.91)
    assert (i["capaian"], i["kategori"], i["poin"]) == (102.0, "Sangat Tinggi", table.points(102.0, "Sanggup"))
    # Tetap inside its band: inflation 2,5 against 3,5 ± 1 -> d = max(0, 1 - 1) = 0 -> 100 -> 10
    i = _ind(_opd(data, "DISDAG"), "DISDAG-01")
    assert (i["polaritas"], i["target"], i["toleransi"], i["realisasi"]) == ("Tetap", 3.5, 1.0, 2.5)
    assert (i["capaian"], i["kategori"]) == (100.0, "Sangat Tinggi")
    assert i["poin"] == table.points(100.0, i["keputusan"])


def test_the_points_follow_the_panels_own_table(tmp_path):
    """A panel.xlsx whose Poin sheet gives 20 points from 100 % (not the default 10) is what the
    round uses: the points move with the auction's own table, not with the code's default."""
    root = eval_auction(tmp_path)
    wb = openpyxl.load_workbook(root / "panel.xlsx")
    ws = wb["Poin"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == 100)
    assert ws.cell(row, 2).value == 10  # the sample's top band, as the default
    ws.cell(row, 2).value = 20
    wb.save(root / "panel.xlsx")
    assert _run(root).exit_code == 0
    data = json.loads((root / "evaluasi/2019/hasil/evaluasi.json").read_text(encoding="utf-8"))
    table = _table(root)
    assert table.bands[0] == (100.0, 20.0)
    i = _ind(_opd(data, "DINKES"), "DINKES-05")  # capped at 120, Sanggup: 20 x 1,5
    assert i["poin"] == table.points(i["capaian"], "Sanggup") == 30.0


def test_opd_totals_and_ranking(sample_run):
    root, _, _ = sample_run
    data = json.loads((root / "evaluasi/2019/hasil/evaluasi.json").read_text(encoding="utf-8"))
    d = _opd(data, "DINKES")
    # achievements 90, 63,85, 100, 102, 120 -> mean 475,85 / 5 = 95,17; rewards and punishments are the sum
    # of its indicators' points by the panel's table (0+10+10+15 = 35 and -10 in the sample's)
    pts = [i["poin"] for i in d["indikator"]]
    assert (d["capaian"], d["kategori"]) == (95.17, "Sangat Tinggi")
    assert (d["penghargaan"], d["sanksi"], d["bersih"]) == (sum(p for p in pts if p > 0), sum(p for p in pts if p < 0),
                                                           sum(pts))
    ranks = {o["kode"]: o["peringkat"] for o in data["opd"]}
    # ranked by the panel's Dasar Peringkat (Capaian): equal achievements (two decimals) share a rank
    assert data["peringkat"]["dasar"] == "Capaian"
    caps = {o["kode"]: o["capaian"] for o in data["opd"]}
    assert len(set(caps.values())) == len(caps)  # the sample's OPDs do not all land on one mean
    assert ranks["DINKES"] == 1 + sum(c > caps["DINKES"] for c in caps.values())  # 95,17: six OPDs above it
    assert sorted(ranks.values()) == list(range(1, 10))
    assert [k for k, _ in sorted(caps.items(), key=lambda kv: -kv[1])] == sorted(ranks, key=ranks.get)
    # points per indicator: net / 5 (25 / 5 = 5 in the sample) -> the panel's Insentif row (5 -> 90 %)
    assert d["poin_per_indikator"] == round(d["bersih"] / len(pts), 2)
    assert d["insentif"] == read_panel(root / "panel.xlsx").incentive(d["poin_per_indikator"])
    assert d["register"]["entry_sha256"] and d["formulir"]["sha256"]


def test_outputs(sample_run):
    root, _, _ = sample_run
    hasil = root / "evaluasi/2019/hasil"
    wb = openpyxl.load_workbook(hasil / "evaluasi.xlsx")
    assert wb.sheetnames == ["Per OPD", "Per Indikator", "Per Misi", "Cara Menghitung", "Insentif", "Grafik"]
    first = [c.value for c in wb["Per OPD"][2]]
    assert first[:3] == [1, "DISBUDPAR", "Dinas Kebudayaan dan Pariwisata"]
    with zipfile.ZipFile(hasil / "evaluasi.xlsx") as z:
        assert sum(n.startswith("xl/charts/chart") for n in z.namelist()) == 2
    cards = sorted(p.name for p in (hasil / "rapor").glob("*.docx"))
    assert len(cards) == 9 and "DINKES_dinas-kesehatan_rapor-2019.docx" in cards
    with zipfile.ZipFile(hasil / "rapor/DINKES_dinas-kesehatan_rapor-2019.docx") as z:
        xml = z.read("word/document.xml").decode()
    for text in ("RAPOR KINERJA", "DINAS KESEHATAN", "95,17%", "ke-7 dari 9", "Angka Kematian Bayi", "63,85"):
        assert text in xml
    assert (hasil / "laporan.xlsx").is_file()
    assert len(list((hasil / "umpan-balik").glob("*.xlsx"))) == 9
    assert (hasil / "per-opd/DINKES/DINKES_dinas-kesehatan_rapor-2019.docx").is_file()
    manifest = json.loads((hasil / "manifest.json").read_text())
    paths = {o["path"] for o in manifest["outputs"]}
    assert "evaluasi/2019/hasil/evaluasi.xlsx" in paths and manifest["summary"]["rapor"] == 9
    assert any(i["path"] == "hasil/kesepakatan.json" for i in manifest["inputs"])


def test_per_indikator_sheet_values_formats_and_rows(sample_run):
    """The big sheet (written as raw XML rows) reads as the cell-by-cell writer wrote it:
    one row per indicator, values, the two-decimal achievement, the predicate colour,
    wrapped names with taller rows, frozen panes and the filter over every row."""
    root, _, _ = sample_run
    data = json.loads((root / "evaluasi/2019/hasil/evaluasi.json").read_text(encoding="utf-8"))
    wb = openpyxl.load_workbook(root / "evaluasi/2019/hasil/evaluasi.xlsx")
    ws = wb["Per Indikator"]
    head = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(head)}
    assert head[:3] == ["Kode OPD", "Nama OPD", "Kode Indikator"]
    assert col["Kategori Capaian"] == col["Capaian (%)"] + 1 and col["Poin"] == col["Bobot"] + 1 == col["Poin Dasar"] + 2
    n = sum(len(o["indikator"]) for o in data["opd"])
    last = openpyxl.utils.get_column_letter(len(head))
    assert ws.max_row == n + 1 and ws.auto_filter.ref == f"A1:{last}{n + 1}" and ws.freeze_panes == "D2"
    rows = {r[2].value: r for r in ws.iter_rows(min_row=2)}
    dinkes02 = rows["DINKES-02"]  # Turun, worse than its baseline: 63,85 -> Rendah, -10 x 1 = -10 points
    assert [c.value for c in dinkes02[:2]] == ["DINKES", "Dinas Kesehatan"]
    cap = dinkes02[col["Capaian (%)"]]
    assert (cap.value, cap.number_format) == (63.85, "0.00")
    kat = dinkes02[col["Kategori Capaian"]]
    assert (kat.value, kat.fill.fgColor.rgb) == ("Rendah", "FFFCE4D6")
    assert [dinkes02[col[h]].value for h in ("Poin Dasar", "Bobot", "Poin", "Dihitung")] == [-10, 1, -10, "ya"]
    note = dinkes02[col["Penjelasan"]]
    assert note.value.startswith("Terjadi peningkatan kasus")
    assert note.alignment.wrap_text and ws.row_dimensions[dinkes02[0].row].height > 15
    card = next((root / "evaluasi/2019/hasil/rapor").glob("DINKES_*.docx"))
    stamp = card.stat().st_mtime_ns
    assert _run(root).exit_code == 0
    assert card.stat().st_mtime_ns == stamp


def test_errors_give_exit_1_and_no_card_for_that_opd(tmp_path):
    root = eval_auction(tmp_path)
    shutil.copy(RUSAK / "LK703_realisasi_kosong.xlsx", masuk(root) / "DINKES.xlsx")
    res = _run(root)
    assert res.exit_code == 1
    cell = json.loads((RUSAK / "expected.json").read_text(encoding="utf-8"))["LK703_realisasi_kosong.xlsx"][0][2]
    assert cell == "L5"  # Realisasi 2019 (column L, after the informative columns) of the 4th indicator
    assert f"DINKES.xlsx:Realisasi!{cell}: LK703" in res.output
    assert not list((root / "evaluasi/2019/hasil/rapor").glob("DINKES_*"))
    assert len(list((root / "evaluasi/2019/hasil/rapor").glob("*.docx"))) == 8


def test_two_workbooks_for_one_opd_and_one_missing(tmp_path):
    root = eval_auction(tmp_path)
    m = masuk(root)
    shutil.copy(m / "DINKES.xlsx", m / "dinkes revisi.xlsx")
    (m / "DISHUB.xlsx").unlink()
    res = _run(root)
    assert res.exit_code == 1
    assert "DINKES.xlsx:Identitas!B2: LK204" in res.output and "dinkes revisi.xlsx:Identitas!B2: LK204" in res.output
    assert "hasil/kesepakatan.json: LK205" in res.output and "'DISHUB'" in res.output
    data = json.loads((root / "evaluasi/2019/hasil/evaluasi.json").read_text(encoding="utf-8"))
    dinkes, dishub = _opd(data, "DINKES"), _opd(data, "DISHUB")
    assert (dinkes["status"], dinkes["peringkat"], dinkes["dihitung"]) == ("ditahan", None, False)
    assert "lebih dari satu berkas" in dinkes["keterangan"]
    # no form: Poin Tidak Melapor (-10) on each of its 5 indicators, ranked last (after the 7 evaluated)
    assert (dishub["status"], dishub["bersih"], dishub["peringkat"]) == ("belum mengirim", -50.0, 8)
    assert [i["poin"] for i in dishub["indikator"]] == [-10.0] * 5
    assert sorted(o["peringkat"] for o in data["opd"] if o["peringkat"]) == list(range(1, 9))


def _reseal(root, change):
    from lelang_xlsx.agreement.register import seal

    p = root / "hasil/kesepakatan.json"
    data = json.loads(p.read_text(encoding="utf-8"))
    change(data)
    data["opd"] = {k: seal(dict(v, versi=[seal(e) for e in v["versi"]])) for k, v in data["opd"].items()}
    p.write_text(json.dumps(data), encoding="utf-8")


def test_register_pact_path_outside_the_auction_is_refused(tmp_path):
    root = eval_auction(tmp_path)
    _reseal(root, lambda d: d["opd"]["DINKES"]["versi"][-1]["pakta"].update(berkas="../../../../etc/passwd"))
    res = _run(root)
    assert res.exit_code == 2 and "tidak ditemukan" in res.output


def test_register_of_another_period_exit_2(tmp_path):
    root = eval_auction(tmp_path)
    _reseal(root, lambda d: d["periode"].update(awal=2020, akhir=2024))
    res = _run(root)
    assert res.exit_code == 2 and "periode 2020–2024" in res.output and "2019–2023" in res.output


def test_annotated_copy_speaks_of_the_evaluation_and_its_year(sample_run):
    from .support import feedback_intro
    text = feedback_intro(sample_run[0] / "evaluasi/2019/hasil/umpan-balik/DINKES.xlsx")
    assert text.startswith(f"Umpan Balik Evaluasi Kinerja Tahun {YEAR}")
    assert "DINKES" in text and "DINKES.xlsx" in text and f"rapor kinerja tahun {YEAR}" in text
    assert "pakta" not in text.lower() and "Lelang Kinerja" not in text
