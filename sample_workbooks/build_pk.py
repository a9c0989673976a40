"""Regenerate the yearly PK round's samples (2019) from the agreement register.

    python sample_workbooks/build_pk.py

Writes ``malang-2018/pk/2019/masuk/<KODE>.xlsx`` (the nine OPDs' PK forms, filled: a
Penanggung Jawab per indicator, programmes with kegiatan, budgets in rupiah and their
sources, checking clean; DPUPR with fifteen programmes) and ``rusak-pk/`` (one broken
form per LK8xx code, plus budgets typed as text, with ``expected.json``: the exact
findings each must produce). The forms follow the register ``lelang run`` writes on a
temporary copy of the sample auction. Output is deterministic (same bytes every run).
"""

from __future__ import annotations

import hashlib
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
from lelang_xlsx.pk.form import FormData, prefill_targets, write_form  # noqa: E402
from lelang_xlsx.workbooks.formulir import Raw  # noqa: E402

YEAR = 2019
CLEAN = HERE / "malang-2018"
MASUK = CLEAN / "pk" / str(YEAR) / "masuk"
RUSAK = HERE / "rusak-pk"
BASE = "DINKES"
PETUGAS = {"petugas": "Staf Subbagian Perencanaan dan Pelaporan", "kontak": "0341-000000"}

# Kegiatan per programme (DPA 2019 wording, abridged)
KEGIATAN = {
    "Program Upaya Kesehatan Masyarakat": "Peningkatan pelayanan kesehatan ibu dan anak di puskesmas",
    "Program Perbaikan Gizi Masyarakat": "Pemberian makanan tambahan dan pemantauan tumbuh kembang balita",
    "Program Jaminan Kesehatan Masyarakat": "Pembayaran iuran jaminan kesehatan penduduk miskin",
    "Program Pencegahan dan Penanggulangan Penyakit Tidak Menular": "Pos pembinaan terpadu penyakit tidak menular",
    "Program Pendidikan Menengah Pertama": "Bantuan operasional sekolah daerah SMP",
    "Program Wajib Belajar Pendidikan Dasar Sembilan Tahun": "Penyediaan sarana belajar sekolah dasar",
    "Program Peningkatan Mutu Pendidik dan Satuan Pendidikan": "Pendampingan akreditasi sekolah",
    "Program Pendidikan Inklusif": "Penyediaan guru pendamping khusus",
    "Program Stabilisasi Harga": "Operasi pasar dan pemantauan harga bahan pokok",
    "Program Pengembangan Pasar Rakyat": "Revitalisasi pasar rakyat",
    "Program Metrologi Legal": "Tera dan tera ulang alat ukur, takar, timbang",
    "Program Peningkatan dan Pengembangan Ekspor": "Fasilitasi pameran dagang luar negeri",
    "Program Penataan Pedagang Kaki Lima": "Penataan dan relokasi pedagang kaki lima",
}
PROGRAM_DPUPR_EXTRA = [  # DPUPR: fifteen programmes (looked at in the PK's PDF)
    ("Program Pembangunan Jembatan", "Rehabilitasi jembatan Kedungkandang", "DPUPR-01"),
    ("Program Peningkatan Sarana dan Prasarana Kebinamargaan", "Pengadaan alat berat pemeliharaan jalan", "DPUPR-01"),
    ("Program Rehabilitasi dan Pemeliharaan Talud", "Perbaikan talud Kali Brantas ruas Kota Lama", "DPUPR-02"),
    ("Program Pembangunan Saluran Drainase/Gorong-gorong", "Pembangunan saluran drainase Jalan Soekarno-Hatta", "DPUPR-02, DPUPR-03"),
    ("Program Pengembangan dan Pengelolaan Jaringan Irigasi", "Normalisasi saluran irigasi Lowokwaru", "DPUPR-03"),
    ("Program Penyediaan dan Pengelolaan Air Baku", "Pembangunan sumur resapan di kawasan rawan genangan", "DPUPR-02"),
    ("Program Pengembangan Sistem Pengelolaan Air Limbah Setempat", "Pembangunan IPAL komunal", "DPUPR-04"),
    ("Program Perencanaan Tata Ruang", "Penyusunan rencana detail tata ruang", "DPUPR-05"),
    ("Program Pemanfaatan Ruang", "Penataan taman kota dan jalur hijau", "DPUPR-05"),
    ("Program Pengendalian Pemanfaatan Ruang", "Pengawasan pemanfaatan ruang kawasan strategis", "DPUPR-05"),
    ("Program Pelayanan Administrasi Perkantoran", "Penyediaan jasa administrasi perkantoran", "DPUPR-01, DPUPR-05"),
]
SUMBER = {"Program Jaminan Kesehatan Masyarakat": "APBN/DAK", "Program Pendidikan Inklusif": "APBN/DAK",
          "Program Pengendalian Banjir dan Drainase": "APBN/DAK", "Program Pengembangan Pasar Rakyat": "APBN/DAK",
          "Program Pengembangan Sistem Pengelolaan Air Limbah Setempat": "Lainnya"}


def budget(name: str) -> int:
    """A plausible pagu in rupiah, the same on every run: 350 million to 9.5 billion, to
    the nearest 250,000."""
    h = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16)
    return 350_000_000 + (h % 36_600) * 250_000


def pj(program: str) -> str:
    return "Kepala Bidang " + program.removeprefix("Program ").split(" dan ")[0]


def programs(a: Agreement) -> list[dict]:
    by_program: dict[str, list[str]] = {}
    for ind in a.indicators:
        by_program.setdefault(ind.program, []).append(ind.kode)
    rows = [{"program": p, "kegiatan": KEGIATAN.get(p, f"Kegiatan utama {p.removeprefix('Program ').lower()}"),
             "kode": ", ".join(codes)} for p, codes in by_program.items()]
    if a.kode_opd == "DPUPR":
        rows += [{"program": p, "kegiatan": k, "kode": c} for p, k, c in PROGRAM_DPUPR_EXTRA][:15 - len(rows)]
    for i, row in enumerate(rows, start=1):
        row.update(no=i, anggaran=budget(f"{a.kode_opd} {row['program']}"), sumber=SUMBER.get(row["program"], "APBD"),
                   keterangan="DPA 2019" if i % 3 else "DPA 2019; termasuk belanja modal")
    return rows


def filled(a: Agreement) -> FormData:
    targets = prefill_targets(a, YEAR)
    for row, ind in zip(targets, a.indicators):
        row["pj"] = pj(ind.program)
    return FormData(identity=dict(PETUGAS), targets=targets, programs=programs(a))


def broken(a: Agreement) -> dict[str, tuple[FormData, list]]:
    """name -> (form data, expected [code, sheet, cell] findings)."""
    out = {}

    def variant(name, change, expected):
        d = filled(a)
        change(d)
        out[name] = (d, expected)

    variant("LK801_target_diubah.xlsx", lambda d: d.targets[0].update(target=d.targets[0]["target"] + 5),
            [["LK801", "Sasaran dan Target", "I2"]])
    variant("LK801_tahun_diubah.xlsx", lambda d: d.identity.update(tahun=2020), [["LK801", "Identitas", "B4"]])
    variant("LK802_tahun_lain.xlsx", lambda d: setattr(d, "marker", ("pk-1", YEAR + 1, None)), [["LK802", "", ""]])
    variant("LK802_opd_lain.xlsx", lambda d: d.identity.update(kode_opd="DISDIK"), [["LK802", "Identitas", "B2"]])
    variant("LK803_anggaran_ambigu.xlsx", lambda d: d.programs[0].update(anggaran=Raw("1.250", as_text=True)),
            [["LK803", "Program dan Anggaran", "D2"]])
    variant("LK803_anggaran_negatif.xlsx", lambda d: d.programs[1].update(anggaran=-500_000_000),
            [["LK803", "Program dan Anggaran", "D3"]])
    variant("LK803_program_kosong.xlsx", lambda d: d.programs[2].update(program=""),
            [["LK803", "Program dan Anggaran", "B4"]])
    variant("LK303_anggaran_rp_teks.xlsx", lambda d: (
        d.programs[0].update(anggaran=Raw("Rp 1.250.000.000", as_text=True)),
        d.programs[1].update(anggaran=Raw("1,25 M", as_text=True)),
        d.programs[2].update(anggaran=Raw("1.250.000.000,-", as_text=True))),
        [["LK303", "Program dan Anggaran", "D2"], ["LK303", "Program dan Anggaran", "D3"],
         ["LK303", "Program dan Anggaran", "D4"]])
    # DINKES-03 is supported by its one programme only (row 3)
    variant("LK804_indikator_tanpa_program.xlsx", lambda d: d.programs[1].update(kode="DINKES-04"),
            [["LK804", "Sasaran dan Target", "B4"]])
    variant("LK805_kode_tidak_dikenal.xlsx", lambda d: d.programs[0].update(kode="DINKES-01, DINKES-02, DINKES-09"),
            [["LK805", "Program dan Anggaran", "F2"]])
    variant("LK806_penanggung_jawab_kosong.xlsx", lambda d: d.targets[1].update(pj=""),
            [["LK806", "Sasaran dan Target", "J3"]])
    variant("LK807_tanpa_kesepakatan.xlsx", lambda d: (d.identity.update(kode_opd="DISKOMINFO"),
                                                       setattr(d, "marker", ("pk-1", None, "DISKOMINFO"))),
            [["LK807", "Identitas", "B2"]])
    variant("LK808_kepala_berganti.xlsx",
            lambda d: d.identity.update(nama_kepala="dr. Sri Wahyuni, M.Kes.", nip_kepala="197205141998032003"),
            [["LK808", "Identitas", "B6"]])
    return out


def build() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "a"
        shutil.copytree(CLEAN, work, ignore=shutil.ignore_patterns("evaluasi", "pk", "hasil"))
        run_batch(Auction.at(work))  # the sample's sessions are closed: every pact is issued and registered
        reg = load_register(work / "hasil" / "kesepakatan.json", work)
    if MASUK.is_dir():
        shutil.rmtree(MASUK)
    for kode in reg.opd:
        a = reg.in_force(kode, YEAR)
        write_form(MASUK / f"{kode}.xlsx", a, YEAR, reg.pemda, filled(a))
    if RUSAK.is_dir():
        shutil.rmtree(RUSAK)
    RUSAK.mkdir()
    expected = {}
    base = reg.in_force(BASE, YEAR)
    for name, (data, exp) in broken(base).items():
        write_form(RUSAK / name, base, YEAR, reg.pemda, data)
        expected[name] = exp
    (RUSAK / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    print(f"{len(reg.opd)} formulir PK di {MASUK}, {len(expected)} contoh rusak di {RUSAK}")


if __name__ == "__main__":
    build()
