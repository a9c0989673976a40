"""Regenerate the evaluation round's samples (2019) from the agreement register.

    python sample_workbooks/build_evaluasi.py

Writes ``malang-2018/evaluasi/2019/masuk/<KODE>.xlsx`` (plausible realisations for the
nine OPDs, checking clean: targets met, exceeded past the cap, missed with an
explanation, a ``Turun`` indicator that got worse than its baseline) and
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

from lelang_xlsx.auction import Auction  # noqa: E402
from lelang_xlsx.batch import run_batch  # noqa: E402
from lelang_xlsx.evaluasi.form import FormData, prefill_rows, write_form  # noqa: E402
from lelang_xlsx.agreement.agreed import Agreement, load_register  # noqa: E402

YEAR = 2019
CLEAN = HERE / "malang-2018"
MASUK = CLEAN / "evaluasi" / str(YEAR) / "masuk"
RUSAK = HERE / "rusak-evaluasi"
BASE = "DINKES"

PETUGAS = {"petugas": "Staf Subbagian Perencanaan", "kontak": "0341-000000"}


def _r(v: float) -> float:
    return round(v, 2)


def scenario(i: int, ind, target: float) -> tuple[float, str, str]:
    """(realisation, explanation, improvement) for the i-th indicator of an OPD."""
    base = ind.nilai_dasar if ind.nilai_dasar is not None else target
    pol = ind.polaritas
    if pol == "Tetap":
        return target, "", ""
    up = pol == "Naik"
    kind = i % 5
    if kind == 0:  # met, a little better than the target
        return _r(target * (1.02 if up else 0.98)), "", ""
    if kind == 1:  # exceeded past the cap
        return _r(target * (1.5 if up else 0.3)), "", ""
    if kind == 2:  # missed, explained
        return _r(target * (0.9 if up else 1.1)), (
            "Anggaran kegiatan pendukung baru cair pada triwulan III sehingga pelaksanaan mundur."), (
            "Kegiatan dijadwalkan sejak triwulan I tahun berikutnya.")
    if kind == 3 and not up:  # a Turun indicator that got worse than its baseline
        return _r(max(base, target) * 1.25), (
            "Terjadi peningkatan kasus akibat perubahan cara pencatatan dan pendataan yang lebih lengkap."), (
            "Pendataan diperbaiki dan intervensi difokuskan pada kecamatan dengan angka tertinggi.")
    if kind == 3:
        return _r(target * 0.7), "Target tidak tercapai karena keterbatasan sumber daya pelaksana.", \
            "Penambahan tenaga pelaksana melalui kerja sama dengan perguruan tinggi."
    return target, "", ""  # met exactly


def filled(a: Agreement, shift: int = 0) -> FormData:
    """``shift`` varies which indicator of an OPD gets which scenario."""
    rows = prefill_rows(a, YEAR)
    figures = []
    for i, (row, ind) in enumerate(zip(rows, a.indicators)):
        real, why, fix = scenario(i + shift, ind, ind.target[YEAR])
        if ind.satuan == "%":
            real = min(max(real, 0), 100)  # a percentage stays within 0–100
        row.update(realisasi=real, sumber=f"Laporan Kinerja {a.nama_opd} {YEAR}",
                   bukti=f"LKjIP {YEAR} {a.kode_opd}, Bab III, hlm. {12 + 2 * i}", penjelasan=why, upaya=fix)
        figures.append({"kode": ind.kode, "uraian": f"Realisasi {ind.indikator}", "rincian": "Total", "tahun": YEAR,
                        "nilai": real, "satuan": ind.satuan, "sumber": f"Laporan Kinerja {a.nama_opd} {YEAR}"})
    return FormData(identity=dict(PETUGAS), rows=rows, figures=figures)


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
            [["LK702", "Realisasi", "G2"]])
    variant("LK703_realisasi_kosong.xlsx", lambda d: d.rows[3].update(realisasi=None), [["LK703", "Realisasi", "I5"]])
    variant("LK704_bukti_kosong.xlsx", lambda d: d.rows[1].update(bukti=""), [["LK704", "Realisasi", "K3"]])
    variant("LK705_tanpa_penjelasan.xlsx", lambda d: d.rows[missed].update(penjelasan=""),
            [["LK705", "Realisasi", f"L{missed + 2}"]])
    naik = next(i for i, ind in enumerate(a.indicators) if ind.polaritas == "Naik")
    variant("LK706_realisasi_tidak_wajar.xlsx",
            lambda d: d.rows[naik].update(realisasi=_r(a.indicators[naik].nilai_dasar / 20), penjelasan="Salah ketik?"),
            [["LK706", "Realisasi", f"I{naik + 2}"]])
    pct = next(i for i, ind in enumerate(a.indicators) if ind.satuan == "%" and ind.polaritas == "Naik")
    variant("LK311_persen_di_luar_rentang.xlsx", lambda d: d.rows[pct].update(realisasi=150),
            [["LK311", "Realisasi", f"I{pct + 2}"]])
    variant("LK707_tahun_lain.xlsx", lambda d: setattr(d, "marker", ("realisasi-1", YEAR + 1)), [["LK707", "", ""]])
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
    if MASUK.is_dir():
        shutil.rmtree(MASUK)
    shifts = {kode: 2 * i for i, kode in enumerate(reg.opd)}
    for kode, a in reg.opd.items():
        write_form(MASUK / f"{kode}.xlsx", a, YEAR, pemda, filled(a, shifts[kode]))
    RUSAK.mkdir(exist_ok=True)
    expected = {}
    for name, (data, exp) in broken(reg.opd[BASE], shifts[BASE]).items():
        write_form(RUSAK / name, reg.opd[BASE], YEAR, pemda, data)
        expected[name] = exp
    (RUSAK / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    print(f"{len(reg.opd)} realisasi di {MASUK}, {len(expected)} contoh rusak di {RUSAK}")


if __name__ == "__main__":
    build()
