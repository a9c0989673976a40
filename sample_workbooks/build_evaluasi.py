"""Regenerate the evaluation round's samples (2019 and 2020) from the agreement register.

    python sample_workbooks/build_evaluasi.py

Writes ``malang-2018/evaluasi/2019/masuk/<KODE>.xlsx`` (plausible realisations for the
nine OPDs, checking clean: targets met, exceeded past the cap, missed with an
explanation, a ``Turun`` indicator that got worse than its baseline),
``malang-2018/evaluasi/2020/masuk/<KODE>.xlsx`` (the second year, so the trend and the
comparisons show: each realisation is the year's value of the 2020 monitoring scenario of
``build_pantau.py`` carried to the fourth quarter — COVID-19 flows far behind, levels a
little behind, the inflation rate of 2,1 just below its 3,5 ± 1 band — with an
explanation wherever a target is missed, and the 2019 realisations in the informative
``Realisasi 2019`` column) and
``rusak-evaluasi/`` (one broken realisation per LK7xx code and one for LK311, plus ``expected.json``: the
exact findings each must produce). Realisations are computed from each indicator's
agreed 2019 target, so the samples follow the register they are built from: the one
``lelang run`` writes on a temporary copy of the sample auction (its panel sessions are
closed, so every pact is issued).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from lelang_xlsx import contract as C  # noqa: E402
from lelang_xlsx.auction import Auction  # noqa: E402
from lelang_xlsx.batch import run_batch  # noqa: E402
from lelang_xlsx.evaluasi import contract as E  # noqa: E402
from lelang_xlsx.evaluasi.form import FormData, prefill_rows, write_form  # noqa: E402
from lelang_xlsx.checking.findings import col_letter  # noqa: E402
from lelang_xlsx.agreement.agreed import Agreement, load_register  # noqa: E402
from lelang_xlsx.rounds.scoring import capaian  # noqa: E402
from lelang_xlsx.pantau.prefill import _year_value  # noqa: E402

YEAR = 2019
NEXT = 2020  # the second evaluated year (the monitoring sample's year)
CLEAN = HERE / "malang-2018"
MASUK = CLEAN / "evaluasi" / str(YEAR) / "masuk"
MASUK_NEXT = CLEAN / "evaluasi" / str(NEXT) / "masuk"
RUSAK = HERE / "rusak-evaluasi"
BASE = "DINKES"

PETUGAS = {"petugas": "Staf Subbagian Perencanaan", "kontak": "0341-000000"}


def _r(v: float) -> float:
    return round(v, 2)


# How far each OPD's results lie from its targets (met by, exceeded by, missed at, fell to), so the
# OPDs do not all land on the same mean: DINKES and DISDIK keep the round numbers the tests compute
# by hand; the others are spread the way a year's reports are (a few points above or below target).
SPREAD = {
    "DINKES": (1.02, 1.5, 0.9, 0.7), "DISDIK": (1.02, 1.5, 0.9, 0.7),
    "DISDAG": (1.01, 1.12, 0.93, 0.8), "DPMPTSP": (1.04, 1.08, 0.96, 0.85),
    "DISPERIN": (1.0, 1.1, 0.88, 0.62), "DISBUDPAR": (1.03, 1.25, 0.95, 0.9),
    "DPUPR": (1.005, 1.06, 0.8, 0.55), "DISHUB": (1.015, 1.18, 0.92, 0.75),
    "DISPERKIM": (1.025, 1.3, 0.94, 0.82),
}


def scenario(i: int, ind, target: float, spread=SPREAD["DINKES"]) -> tuple[float, str, str]:
    """(realisation, explanation, improvement) for the i-th indicator of an OPD."""
    base = ind.nilai_dasar if ind.nilai_dasar is not None else target
    pol = ind.polaritas
    met, exceeded, missed, low = spread
    if pol == "Tetap":  # inside the band: the inflation rate at the band's lower edge (3,5 ± 1 -> 2,5)
        return _r(target - (ind.toleransi or 0)), "", ""
    up = pol == "Naik"
    kind = i % 5
    if kind == 0:  # met, a little better than the target
        return _r(target * (met if up else 2 - met)), "", ""
    if kind == 1:  # exceeded (past the cap for some)
        return _r(target * (exceeded if up else max(2 - exceeded, 0.3))), "", ""
    if kind == 2:  # missed, explained
        return _r(target * (missed if up else 2 - missed)), (
            "Anggaran kegiatan pendukung baru cair pada triwulan III sehingga pelaksanaan mundur."), (
            "Kegiatan dijadwalkan sejak triwulan I tahun berikutnya.")
    if kind == 3 and not up:  # a Turun indicator that got worse than its baseline
        return _r(max(base, target) * 1.25), (
            "Terjadi peningkatan kasus akibat perubahan cara pencatatan dan pendataan yang lebih lengkap."), (
            "Pendataan diperbaiki dan intervensi difokuskan pada kecamatan dengan angka tertinggi.")
    if kind == 3:
        return _r(target * low), "Target tidak tercapai karena keterbatasan sumber daya pelaksana.", \
            "Penambahan tenaga pelaksana melalui kerja sama dengan perguruan tinggi."
    return target, "", ""  # met exactly


WHOLE = {"orang", "unit", "kasus", "lokasi"}  # counted things: no 16.775,61 tourists


def _bounded(value: float, satuan: str) -> float:
    """Within the unit's default bounds (% and indeks 0–100: an IKM never reads 123); a count
    is a whole number."""
    if satuan in WHOLE:
        value = float(round(value))
    for unit, lo, hi in C.DEFAULT_UNITS:
        if C.norm(unit) == C.norm(satuan):
            value = max(value, lo) if lo is not None else value
            return min(value, hi) if hi is not None else value
    return value


def filled(a: Agreement, shift: int = 0) -> FormData:
    """``shift`` varies which indicator of an OPD gets which scenario."""
    rows = prefill_rows(a, YEAR)
    figures = []
    for i, (row, ind) in enumerate(zip(rows, a.indicators)):
        real, why, fix = scenario(i + shift, ind, ind.target[YEAR], SPREAD.get(a.kode_opd, SPREAD["DINKES"]))
        real = _bounded(real, ind.satuan)
        row.update(realisasi=real, sumber=f"Laporan Kinerja {a.nama_opd} {YEAR}",
                   bukti=f"LKjIP {YEAR} {a.kode_opd}, Bab III, hlm. {12 + 2 * i}", penjelasan=why, upaya=fix)
        figures.append({"kode": ind.kode, "uraian": f"Realisasi {ind.indikator}", "rincian": "Total", "tahun": YEAR,
                        "nilai": real, "satuan": ind.satuan, "sumber": f"Laporan Kinerja {a.nama_opd} {YEAR}"})
    return FormData(identity=dict(PETUGAS), rows=rows, figures=figures)


# Why a 2020 target was missed, and what will be done, by monitoring scenario (a year's words,
# not a quarter's); a scenario not listed: the "behind" words.
WHY_NEXT = {
    "behind": ("Sebagian kegiatan pendukung tertunda oleh pembatasan sosial dan refocusing anggaran 2020, sehingga "
               "realisasi akhir tahun sedikit di bawah target.",
               "Kegiatan yang tertunda dijadwalkan ulang pada triwulan I 2021 dan dipantau bulanan bersama Bappeda."),
    "far behind": ("Kegiatan tertunda hampir sepanjang tahun karena refocusing anggaran penanganan COVID-19 dan "
                   "penutupan sementara layanan tatap muka.",
                   "Program pemulihan disusun bersama Bappeda dalam APBD 2021; layanan daring diperluas."),
    "Tetap": ("Inflasi 2020 di bawah rentang sasaran karena permintaan turun selama pembatasan sosial.",
              "Pengendalian harga diarahkan ke stabilitas pasokan pangan bersama TPID."),
}


def year_end(ind, i: int, shift: int) -> tuple[float, tuple[str, str]]:
    """The 2020 value of the i-th indicator: the monitoring scenario (build_pantau.py) carried
    to TW IV (an indicator reported late there is reported by the year's end), and the
    (explanation, improvement) of that scenario should the target be missed."""
    import build_pantau as BP

    assert BP.YEAR == NEXT
    sifat = BP.sifat_of(ind)
    scenario = BP.scenario_of(ind, i, shift, sifat)
    scenario = BP.ON_TRACK if scenario == BP.LATE else scenario
    value = _year_value(sifat, BP.realised(ind, BP.plan(ind, sifat), scenario, reported=4))
    words = WHY_NEXT.get("Tetap" if ind.polaritas == "Tetap" else scenario, WHY_NEXT["behind"])
    return value, words


def filled_next(a: Agreement, shift: int, previous: dict[str, float]) -> FormData:
    """The 2020 realisation form of OPD ``a`` (``shift`` as in build_pantau.py); ``previous``:
    its 2019 realisations (the form's informative column)."""
    rows = prefill_rows(a, NEXT, previous)
    figures = []
    for i, (row, ind) in enumerate(zip(rows, a.indicators)):
        real, (why, fix) = year_end(ind, i, shift)
        real = _bounded(real, ind.satuan)
        missed = capaian(ind.polaritas, real, ind.target[NEXT], C.DEFAULT_CAP, ind.toleransi) < 100
        row.update(realisasi=real, sumber=f"Laporan Kinerja {a.nama_opd} {NEXT}",
                   bukti=f"LKjIP {NEXT} {a.kode_opd}, Bab III, hlm. {14 + 2 * i}",
                   penjelasan=why if missed else "", upaya=fix if missed else "")
        figures.append({"kode": ind.kode, "uraian": f"Realisasi {ind.indikator}", "rincian": "Total", "tahun": NEXT,
                        "nilai": real, "satuan": ind.satuan, "sumber": f"Laporan Kinerja {a.nama_opd} {NEXT}"})
    return FormData(identity=dict(PETUGAS), rows=rows, figures=figures)


def cell(key: str, i: int) -> str:
    """The Realisasi cell of column ``key`` on the i-th indicator row (from the contract)."""
    keys = [f.key for f in E.realisasi_fields(YEAR)]
    return f"{col_letter(keys.index(key) + 1)}{i + 2}"


def broken(a: Agreement, shift: int) -> dict[str, tuple[FormData, list]]:
    """name -> (form data, expected [code, sheet, cell] findings)."""
    out = {}
    missed = next(i for i, r in enumerate(filled(a, shift).rows) if r["penjelasan"])

    def variant(name, change, expected):
        d = filled(a, shift)
        change(d)
        out[name] = (d, expected)

    variant("LK701_baris_hilang.xlsx", lambda d: d.rows.pop(2), [["LK701", "Realisasi", ""]])
    variant("LK702_target_diubah.xlsx", lambda d: d.rows[0].update(target=d.rows[0]["target"] + 5),
            [["LK702", "Realisasi", cell("target", 0)]])
    variant("LK703_realisasi_kosong.xlsx", lambda d: d.rows[3].update(realisasi=None), [["LK703", "Realisasi", cell("realisasi", 3)]])
    variant("LK704_bukti_kosong.xlsx", lambda d: d.rows[1].update(bukti=""), [["LK704", "Realisasi", cell("bukti", 1)]])
    variant("LK705_tanpa_penjelasan.xlsx", lambda d: d.rows[missed].update(penjelasan=""),
            [["LK705", "Realisasi", cell("penjelasan", missed)]])
    naik = next(i for i, ind in enumerate(a.indicators) if ind.polaritas == "Naik")
    variant("LK706_realisasi_tidak_wajar.xlsx",
            lambda d: d.rows[naik].update(realisasi=_r(a.indicators[naik].nilai_dasar / 20), penjelasan="Salah ketik?"),
            [["LK706", "Realisasi", cell("realisasi", naik)]])
    pct = next(i for i, ind in enumerate(a.indicators) if ind.satuan == "%" and ind.polaritas == "Naik")
    variant("LK311_persen_di_luar_rentang.xlsx", lambda d: d.rows[pct].update(realisasi=150),
            [["LK311", "Realisasi", cell("realisasi", pct)]])
    variant("LK707_tahun_lain.xlsx", lambda d: setattr(d, "marker", (E.FORM_VERSION, YEAR + 1)), [["LK707", "", ""]])
    variant("LK708_kepala_berganti.xlsx",
            lambda d: d.identity.update(nama_kepala="dr. Sri Wahyuni, M.Kes.", nip_kepala="197205141998032003"),
            [["LK708", "Identitas", "B6"]])
    variant("LK709_tanpa_pakta.xlsx", lambda d: d.identity.update(kode_opd="DISKOMINFO"),
            [["LK709", "Identitas", "B2"]])
    variant("LK710_tanpa_data_pendukung.xlsx", lambda d: d.figures.pop(0), [["LK710", "Data Pendukung", ""]])
    return out


def build() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "a"
        shutil.copytree(CLEAN, work, ignore=shutil.ignore_patterns("evaluasi", "hasil"))
        run_batch(Auction.at(work))  # the sample's sessions are closed: every pact is issued and registered
        reg = load_register(work / "hasil" / "kesepakatan.json", work)
    pemda = reg.pemda
    for folder in (MASUK, MASUK_NEXT):
        if folder.is_dir():
            shutil.rmtree(folder)
    shifts = {kode: 2 * i for i, kode in enumerate(reg.opd)}
    realised = {}
    for kode, a in reg.opd.items():
        data = filled(a, shifts[kode])
        write_form(MASUK / f"{kode}.xlsx", a, YEAR, pemda, data)
        realised[kode] = {row["kode"]: row["realisasi"] for row in data.rows}  # every 2019 form checks clean
    pantau_shift = {kode: i for i, kode in enumerate(reg.opd)}  # build_pantau.py's
    for kode in reg.opd:
        a = reg.in_force(kode, NEXT)
        write_form(MASUK_NEXT / f"{kode}.xlsx", a, NEXT, pemda, filled_next(a, pantau_shift[kode], realised[kode]),
                   previous=realised[kode])
    RUSAK.mkdir(exist_ok=True)
    expected = {}
    for name, (data, exp) in broken(reg.opd[BASE], shifts[BASE]).items():
        write_form(RUSAK / name, reg.opd[BASE], YEAR, pemda, data)
        expected[name] = exp
    (RUSAK / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    print(f"{len(reg.opd)} realisasi di {MASUK} dan {MASUK_NEXT}, {len(expected)} contoh rusak di {RUSAK}")


if __name__ == "__main__":
    build()
