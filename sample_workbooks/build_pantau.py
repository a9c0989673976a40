"""Regenerate the monitoring round's samples (2020, reported up to the third quarter).

    python sample_workbooks/build_pantau.py

Writes ``malang-2018/pantau/2020/masuk/<KODE>.xlsx`` (the nine OPDs' monitoring workbooks:
a Rencana Aksi per indicator with a Sifat Data that fits it, realisations for TW I–III, some
indicators on track, some behind with an explanation, one per OPD not yet reported for
TW III) and ``rusak-pantau/`` (one broken workbook per LK9xx code, plus ``expected.json``:
the exact findings each must produce when checked alone). Quarterly plans and realisations
are computed from each indicator's agreed 2020 target, so the samples follow the register
they are built from: the one ``lelang run`` writes on a temporary copy of the sample
auction. The output is deterministic (same bytes on every run).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from lelang_xlsx.agreement.agreed import Agreement, load_register  # noqa: E402
from lelang_xlsx.auction import Auction  # noqa: E402
from lelang_xlsx.batch import run_batch  # noqa: E402
from lelang_xlsx.pantau import contract as P  # noqa: E402
from lelang_xlsx.pantau.form import FormData, prefill_realisasi, prefill_rencana, write_form  # noqa: E402
from lelang_xlsx.pantau.status import quarter_status  # noqa: E402

YEAR = 2020
REPORTED = 3
CLEAN = HERE / "malang-2018"
MASUK = CLEAN / "pantau" / str(YEAR) / "masuk"
RUSAK = HERE / "rusak-pantau"
BASE = "DISPERIN"
PETUGAS = {"petugas": "Staf Subbagian Perencanaan", "kontak": "0341-000000"}

COUNTS = {"orang", "unit", "kasus"}  # flows counted through the year
FLOWS = {"juta USD", "Rp miliar", "Rp juta"}
SIFAT_OF = {"DISPERIN-04": P.NILAI_AKHIR, "DISPERIN-02": P.NILAI_AKHIR, "DISPERKIM-05": P.KUMULATIF}
# Scenario of the i-th indicator: ratio of realisation to each quarter's target (Naik; Turun
# mirrored). 2020 in Malang: flows counted through the year fell far behind after the first
# quarter (COVID-19); levels slipped a little; one indicator per OPD not yet reported for TW III.
ON_TRACK, BEHIND, FAR_BEHIND, LATE = "on track", "behind", "far behind", "late"
SCENARIOS = (ON_TRACK, BEHIND, ON_TRACK, FAR_BEHIND, LATE)
RATIO = {ON_TRACK: (1.01, 1.03, 1.02), BEHIND: (0.97, 0.93, 0.9), FAR_BEHIND: (0.8, 0.66, 0.6),
         LATE: (1.0, 1.01, 1.01)}
INFLATION = (2.96, 2.27, 1.52)  # the Tetap indicator (target 3,5): inflation fell with demand in 2020
WHY = {BEHIND: "Pengadaan kegiatan pendukung baru selesai akhir triwulan; realisasi dikejar dengan percepatan jadwal "
               "pada triwulan berikutnya.",
       FAR_BEHIND: "Kegiatan tertunda karena refocusing anggaran penanganan COVID-19; rencana pengganti disusun bersama "
                   "Bappeda dan diajukan pada APBD Perubahan.",
       "Tetap": "Inflasi di bawah sasaran karena permintaan turun selama pembatasan sosial; pengendalian harga "
                "diarahkan ke stabilitas pasokan pangan."}


def sifat_of(ind) -> str:
    if ind.kode in SIFAT_OF:
        return SIFAT_OF[ind.kode]
    if ind.satuan in COUNTS or ind.satuan in FLOWS:
        return P.KUMULATIF
    if ind.satuan in ("hari", "km/jam"):
        return P.RATA_RATA
    return P.NILAI_AKHIR


def _round(v: float, whole: bool) -> float:
    return float(round(v)) if whole else round(v, 2)


def plan(ind, sifat: str) -> list[float]:
    """Four quarterly targets that satisfy LK904/LK905 for the year's target."""
    t = ind.target[YEAR]
    whole = ind.satuan in COUNTS
    if sifat == P.KUMULATIF:
        return [_round(t * f, whole) for f in (0.2, 0.45, 0.7)] + [t]
    if sifat == P.RATA_RATA:
        d = round(abs(t) * 0.06, 2)
        sign = 1 if ind.polaritas == "Naik" else -1
        return [round(t - sign * d, 2), round(t - sign * d / 3, 2), round(t + sign * d / 3, 2), round(t + sign * d, 2)]
    start = ind.target.get(YEAR - 1)
    start = t if start is None else start
    return [round(start + (t - start) * q / 4, 2) for q in (1, 2, 3)] + [t]


COVID = {"DISBUDPAR-01", "DISBUDPAR-02", "DPMPTSP-03"}  # tourists and investment: far behind all year


def scenario_of(ind, i: int, shift: int, sifat: str) -> str:
    if ind.kode in COVID:
        return FAR_BEHIND
    s = SCENARIOS[(i + shift) % len(SCENARIOS)]
    if s == FAR_BEHIND and sifat != P.KUMULATIF:
        return BEHIND  # a level does not collapse within a year
    if s == LATE and shift % 2:
        return ON_TRACK  # every other OPD reported everything
    return s


def realised(ind, targets: list[float], scenario: str, reported: int = REPORTED) -> list[float | None]:
    if ind.polaritas == "Tetap":
        return (list(INFLATION) + [2.1])[:reported] + [None] * (4 - reported)
    whole = ind.satuan in COUNTS
    out: list[float | None] = []
    for q in range(1, reported + 1):
        if scenario == LATE and q == reported:
            out.append(None)
            continue
        ratio = RATIO[scenario][min(q, 3) - 1]
        v = _round(targets[q - 1] * (2 - ratio if ind.polaritas == "Turun" else ratio), whole)
        out.append(min(v, 100.0) if ind.satuan == "%" else v)
    return out + [None] * (4 - reported)


def rows_for(a: Agreement, shift: int, reported: int = REPORTED) -> tuple[list[dict], list[dict]]:
    rencana, realisasi = prefill_rencana(a, YEAR), prefill_realisasi(a)
    for i, (plan_row, real_row, ind) in enumerate(zip(rencana, realisasi, a.indicators)):
        sifat = sifat_of(ind)
        targets = plan(ind, sifat)
        scenario = scenario_of(ind, i, shift, sifat)
        values = realised(ind, targets, scenario, reported)
        plan_row.update(sifat=sifat, t1=targets[0], t2=targets[1], t3=targets[2], t4=targets[3],
                        rencana=f"Kegiatan pendukung {ind.kode} ({ind.indikator[:60]}) dijadwalkan merata per "
                                "triwulan; pemantauan bulanan oleh bidang teknis.")
        st = quarter_status(sifat, ind.polaritas, ind.target[YEAR], targets, values, reported)
        for q in st.quarters:
            if values[q.q - 1] is None:
                continue
            real_row.update({f"r{q.q}": values[q.q - 1], f"b{q.q}": f"Laporan Triwulan {P.ROMAN[q.q]} {a.kode_opd} "
                             f"{YEAR}, lampiran {i + 1}"})
            if q.capaian < 100:
                real_row[f"p{q.q}"] = WHY.get(scenario) or WHY.get(ind.polaritas) or ("Realisasi sedikit di bawah target triwulan karena data "
                                                            "sebagian kecamatan belum masuk; dilengkapi bulan depan.")
    return rencana, realisasi


def filled(a: Agreement, shift: int = 0, reported: int = REPORTED) -> FormData:
    """The workbook as the OPD returns it after quarter ``reported``."""
    rencana, realisasi = rows_for(a, shift, reported)
    return FormData(identity=dict(PETUGAS), rencana=rencana, realisasi=realisasi)


def ahead(ind, target: float) -> float:
    """A realisation a little better than ``target`` in the indicator's direction."""
    return round(target * {"Naik": 1.02, "Turun": 0.98}.get(ind.polaritas, 1.0), 2)


def broken(a: Agreement, shift: int) -> dict[str, tuple[FormData, list]]:
    """name -> (form data, expected [code, sheet, cell] findings)."""
    out = {}
    base = filled(a, shift)
    sifat = [r["sifat"] for r in base.rencana]
    kum = sifat.index(P.KUMULATIF)
    late = next(i for i, r in enumerate(base.realisasi) if "r2" in r and "r3" not in r)
    behind = next(i for i, r in enumerate(base.realisasi) if r.get("p3"))
    on_track = next(i for i, r in enumerate(base.realisasi) if "r3" in r and not any(r.get(f"p{q}") for q in (1, 2, 3)))

    def variant(name, change, expected):
        d = filled(a, shift)
        change(d)
        out[name] = (d, expected)

    variant("LK901_target_diubah.xlsx", lambda d: d.rencana[0].update(target=d.rencana[0]["target"] + 5),
            [["LK901", P.SHEET_RENCANA, "F2"]])
    variant("LK902_tahun_lalu.xlsx", lambda d: setattr(d, "marker", (P.FORM_VERSION, YEAR - 1, None)),
            [["LK902", "", ""]])
    variant("LK903_sifat_data_kosong.xlsx", lambda d: d.rencana[1].update(sifat=""),
            [["LK903", P.SHEET_RENCANA, "G3"]])
    variant("LK904_tw4_bukan_target_tahunan.xlsx", lambda d: d.rencana[kum].update(t4=d.rencana[kum]["t4"] + 10),
            [["LK904", P.SHEET_RENCANA, f"K{kum + 2}"]])
    variant("LK905_kumulatif_mundur.xlsx", lambda d: d.rencana[kum].update(t2=d.rencana[kum]["t1"] - 1),
            [["LK905", P.SHEET_RENCANA, f"I{kum + 2}"]])
    variant("LK906_tw2_kosong_tw4_terisi.xlsx",
            lambda d: d.realisasi[on_track].update(r2=None, r4=ahead(a.indicators[on_track], d.rencana[on_track]["t4"])),
            [["LK906", P.SHEET_REALISASI, f"H{on_track + 2}"]])
    variant("LK907_tanpa_penjelasan.xlsx", lambda d: d.realisasi[behind].update(p3=""),
            [["LK907", P.SHEET_REALISASI, f"M{behind + 2}"]])
    variant("LK908_tanpa_kesepakatan.xlsx",
            lambda d: (d.identity.update(kode_opd="DISKOMINFO"), setattr(d, "marker", (P.FORM_VERSION, None, "DISKOMINFO"))),
            [["LK908", P.SHEET_IDENTITAS, "B2"]])
    assert late is not None
    return out


def register_of_sample() -> tuple[object, Path]:
    tmp = Path(tempfile.mkdtemp(prefix="pantau-sample-"))
    work = tmp / "a"
    shutil.copytree(CLEAN, work, ignore=shutil.ignore_patterns("evaluasi", "pantau", "hasil"))
    run_batch(Auction.at(work))  # the sample's sessions are closed: every pact is issued and registered
    return load_register(work / "hasil" / "kesepakatan.json", work), tmp


def build() -> None:
    reg, tmp = register_of_sample()
    try:
        if MASUK.is_dir():
            shutil.rmtree(MASUK)
        shifts = {kode: i for i, kode in enumerate(reg.opd)}
        for kode in reg.opd:
            a = reg.in_force(kode, YEAR)
            write_form(MASUK / f"{kode}.xlsx", a, YEAR, reg.pemda, filled(a, shifts[kode]))
        if RUSAK.is_dir():
            shutil.rmtree(RUSAK)
        RUSAK.mkdir()
        expected = {}
        a = reg.in_force(BASE, YEAR)
        for name, (data, exp) in broken(a, shifts[BASE]).items():
            write_form(RUSAK / name, a, YEAR, reg.pemda, data)
            expected[name] = exp
        (RUSAK / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(reg.opd)} formulir pemantauan di {MASUK}, {len(expected)} contoh rusak di {RUSAK}")


if __name__ == "__main__":
    build()
