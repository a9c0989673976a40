"""`lelang pantau run` on the Malang 2020 sample (reported up to TW III): the lights,
projections and early warnings derived by hand for one indicator of each Sifat Data
(and the Tetap inflation rate), the outputs, the cache, usage errors."""

from __future__ import annotations

import json

import openpyxl
import pytest

from .pantau_support import SAMPLE_MASUK, YEAR, hasil, masuk, pantau_auction, run_cli
from .support import tree_hashes


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    root = pantau_auction(tmp_path_factory.mktemp("pantau"))
    before = tree_hashes(masuk(root))
    res = run_cli("run", root, "--year", YEAR, "--jobs", 1)
    data = json.loads((hasil(root) / "pemantauan.json").read_text(encoding="utf-8"))
    return root, res, before, data


def _ind(data, opd, kode):
    o = next(o for o in data["opd"] if o["kode"] == opd)
    return next(i for i in o["indikator"] if i["kode"] == kode)


def _inputs(kode, row):
    """The sample workbook's own numbers for one indicator (row 2 = first indicator)."""
    wb = openpyxl.load_workbook(SAMPLE_MASUK / f"{kode}.xlsx", read_only=True)
    plan = [c.value for c in next(wb["Rencana Aksi"].iter_rows(min_row=row, max_row=row))]
    real = [c.value for c in next(wb["Realisasi Triwulan"].iter_rows(min_row=row, max_row=row))]
    return plan[5:11], [real[4], real[7], real[10], real[13]]


def test_clean_exit_and_inputs_untouched(sample_run):
    root, res, before, data = sample_run
    assert res.exit_code == 0, res.output
    assert tree_hashes(masuk(root)) == before
    assert data["triwulan"] == 3 and data["tahun"] == YEAR


def test_kumulatif_wirausaha_baru_is_yellow(sample_run):
    *_, data = sample_run
    plan, real = _inputs("DISPERIN", 4)  # DISPERIN-03 Jumlah wirausaha industri baru (orang, Naik)
    assert plan == [300, "Kumulatif", 60, 135, 210, 300]
    assert real == [58, 126, 189, None]
    i = _ind(data, "DISPERIN", "DISPERIN-03")
    # 58/60 = 96.67; 126/135 = 93.33; 189/210 = 90.00 -> kuning all three quarters
    assert i["capaian"][:3] == [96.67, 93.33, 90.0]
    assert i["lampu"][:3] == ["kuning"] * 3
    # at this pace: 189 × 300 / 210 = 270 -> 90 % -> Tinggi
    assert i["proyeksi"] == 270.0 and i["capaian_proyeksi"] == 90.0 and i["kategori"] == "Tinggi"


def test_kumulatif_tourists_far_behind_is_red_and_warned(sample_run):
    *_, data = sample_run
    plan, real = _inputs("DISBUDPAR", 2)  # DISBUDPAR-01 foreign tourists, 2020
    assert plan == [18001, "Kumulatif", 3600, 8100, 12601, 18001]
    assert real == [2880, 5346, 7561, None]
    i = _ind(data, "DISBUDPAR", "DISBUDPAR-01")
    # 2880/3600 = 80.0 kuning; 5346/8100 = 66.0 merah; 7561/12601 = 60.00 merah
    assert i["capaian"][:3] == [80.0, 66.0, 60.0] and i["lampu"][:3] == ["kuning", "merah", "merah"]
    warned = [(w["kode_opd"], w["kode"], w["lampu"]) for w in data["peringatan_dini"]]
    assert ("DISBUDPAR", "DISBUDPAR-01", "merah") in warned
    w = next(w for w in data["peringatan_dini"] if w["kode"] == "DISBUDPAR-01")
    assert "COVID-19" in w["penjelasan"] and w["rencana"]


def test_nilai_akhir_not_reported_is_grey(sample_run):
    *_, data = sample_run
    plan, real = _inputs("DISDIK", 6)  # DISDIK-05, a percentage level
    assert plan[:2] == [72.5, "Nilai Akhir"] and plan[-1] == 72.5
    assert real[0] is not None and real[1] == 71.31 and real[2] is None
    i = _ind(data, "DISDIK", "DISDIK-05")
    # TW II 71.31 / 70.6 = 101.01 hijau; TW III not reported -> abu-abu
    assert i["capaian"][1] == 101.01 and i["lampu"][:3] == ["hijau", "hijau", "abu-abu"]
    # the latest level is the projection: 71.31 / 72.5 = 98.36 -> Sangat Tinggi
    assert i["proyeksi"] == 71.31 and i["capaian_proyeksi"] == 98.36 and i["kategori"] == "Sangat Tinggi"
    assert ("DISDIK", "DISDIK-05", "abu-abu") in [(w["kode_opd"], w["kode"], w["lampu"]) for w in data["peringatan_dini"]]


def test_rata_rata_permit_days(sample_run):
    *_, data = sample_run
    plan, real = _inputs("DPMPTSP", 5)  # DPMPTSP-04 average days to issue a permit (Turun)
    assert plan == [5, "Rata-rata", 5.3, 5.1, 4.9, 4.7]
    assert real == [5.46, 5.46, 5.39, None]
    i = _ind(data, "DPMPTSP", "DPMPTSP-04")
    # TW III: mean R 16.31/3 = 5.4367 vs mean T 15.3/3 = 5.1 -> (2 − 1.0660) = 93.40 kuning
    assert i["capaian"][2] == 93.4 and i["lampu"][2] == "kuning"
    # projection: the mean so far 5.4367 -> (2 − 5.4367/5) = 91.27 -> Sangat Tinggi
    assert i["proyeksi"] == pytest.approx(5.4367, abs=1e-4) and i["capaian_proyeksi"] == 91.27
    assert i["kategori"] == "Sangat Tinggi"


def test_tetap_inflation(sample_run):
    *_, data = sample_run
    plan, real = _inputs("DISDAG", 2)
    assert plan == [3.5, "Nilai Akhir", 3.5, 3.5, 3.5, 3.5] and real[:3] == [2.96, 2.27, 1.52]
    i = _ind(data, "DISDAG", "DISDAG-01")
    # the agreed band 3,5 ± 1 (Toleransi): 0,54 inside -> 100; d = 1,23 − 1 = 0,23 -> 1 − 0,23/3,5 = 93,43;
    # d = 1,98 − 1 = 0,98 -> 1 − 0,98/3,5 = 72
    assert i["capaian"][:3] == [100.0, 93.43, 72.0]
    assert i["lampu"][:3] == ["hijau", "kuning", "merah"]
    assert i["kategori"] == "Sedang"  # 72 -> ≥ 66


def test_early_warning_list_order_and_contents(sample_run):
    *_, data = sample_run
    warned = [(w["kode_opd"], w["kode"], w["lampu"]) for w in data["peringatan_dini"]]
    # sorted by OPD, then the largest gap first, grey (no capaian) last
    assert [w[0] for w in warned] == sorted(w[0] for w in warned)
    assert warned[:3] == [("DISBUDPAR", "DISBUDPAR-01", "merah"), ("DISBUDPAR", "DISBUDPAR-02", "merah"),
                          ("DISDAG", "DISDAG-01", "merah")]
    assert {w[2] for w in warned} == {"merah", "abu-abu"}
    # every merah or abu-abu indicator of TW III is there, nothing else
    lit = {(o["kode"], i["kode"]) for o in data["opd"] for i in o["indikator"] if i["lampu"][2] in ("merah", "abu-abu")}
    assert {(w[0], w[1]) for w in warned} == lit


def test_cli_output_shows_lights_and_warnings(sample_run):
    _, res, _, _ = sample_run
    assert "Pemantauan Kinerja TW III 2020" in res.output
    assert "Peringatan dini TW III" in res.output and "DISBUDPAR-01" in res.output
    assert "belum dilaporkan" in res.output  # a grey indicator has no capaian to show


def test_pemantauan_xlsx_sheets_and_values(sample_run):
    root, *_ = sample_run
    wb = openpyxl.load_workbook(hasil(root) / "pemantauan.xlsx")
    assert wb.sheetnames == ["Ringkasan", "Per Indikator", "Peringatan Dini", "Per Misi", "Grafik"]
    ws = wb["Ringkasan"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    # DISBUDPAR: hijau 2, kuning 1, merah 2, abu-abu 0; 2 of 5 on track = 40 %
    assert rows["DISBUDPAR"][2:8] == ("s.d. TW III", 2, 1, 2, 0, 40.0)
    assert ws.cell(3, 4).fill.fgColor.rgb.endswith("C6EFCE")  # the hijau count is green
    per = wb["Per Indikator"]
    head = [c.value for c in per[1]]
    row = next(r for r in per.iter_rows(min_row=2, values_only=True) if r[2] == "DISPERIN-03")
    assert row[head.index("Lampu TW III")] == "Kuning" and row[head.index("Capaian TW III (%)")] == 90.0
    warn = [r[2] for r in wb["Peringatan Dini"].iter_rows(min_row=2, values_only=True)]
    assert warn[0] == "DISBUDPAR-01" and "DISDIK-05" in warn
    assert len(wb["Grafik"]._charts) == 2


def test_outputs_and_manifest(sample_run):
    root, *_ = sample_run
    h = hasil(root)
    for name in ("laporan.xlsx", "pemantauan.xlsx", "pemantauan.json", "manifest.json", "umpan-balik/DINKES.xlsx",
                 "per-opd/DINKES/DINKES.xlsx"):
        assert (h / name).is_file(), name
    manifest = json.loads((h / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["summary"]["triwulan"] == 3 and manifest["summary"]["dilaporkan"] == 9


def test_rerun_unchanged_uses_cache_and_keeps_outputs(tmp_path):
    root = pantau_auction(tmp_path)
    assert run_cli("run", root, "--year", YEAR, "--jobs", 1).exit_code == 0
    first = tree_hashes(hasil(root))
    mtime = (hasil(root) / "pemantauan.xlsx").stat().st_mtime_ns
    assert run_cli("run", root, "--year", YEAR, "--jobs", 1).exit_code == 0
    assert (hasil(root) / "pemantauan.xlsx").stat().st_mtime_ns == mtime  # not written again
    second = tree_hashes(hasil(root))

    def outputs(tree):
        return {k: v for k, v in tree.items() if not k.startswith(".cache") and k != "manifest.json"}

    assert outputs(second) == outputs(first)


def test_triwulan_option_looks_at_an_earlier_quarter(tmp_path):
    root = pantau_auction(tmp_path)
    res = run_cli("run", root, "--year", YEAR, "--triwulan", 2, "--jobs", 1)
    assert res.exit_code == 0
    data = json.loads((hasil(root) / "pemantauan.json").read_text(encoding="utf-8"))
    assert data["triwulan"] == 2
    # at TW II DISDIK-05 was reported (hijau): no grey warning for it
    assert "DISDIK-05" not in [w["kode"] for w in data["peringatan_dini"]]


def test_year_outside_period_and_no_register_exit_2(tmp_path):
    root = pantau_auction(tmp_path)
    res = run_cli("run", root, "--year", 2030)
    assert res.exit_code == 2 and "di luar periode" in res.output
    (root / "hasil" / "kesepakatan.json").unlink()
    res = run_cli("check", root, "--year", YEAR)
    assert res.exit_code == 2 and "kesepakatan" in res.output


def test_annotated_copy_speaks_of_quarterly_monitoring(sample_run):
    from .support import feedback_intro
    text = feedback_intro(hasil(sample_run[0]) / "umpan-balik/DINKES.xlsx")
    assert text.startswith(f"Hasil Pemeriksaan Pemantauan Triwulan Tahun {YEAR}")
    assert f"pemantauan triwulan Rencana Aksi tahun {YEAR}" in text and "DINKES" in text
    assert "pakta" not in text.lower() and "Lelang Kinerja" not in text
