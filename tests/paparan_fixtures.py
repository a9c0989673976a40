"""Submissions built directly as model objects, with the data that breaks layouts:
long names, many and few supporting figures, negative and decimal values, % units,
missing Rincian and odd text."""

from __future__ import annotations

from types import SimpleNamespace

from lelang_xlsx.model import ACCEPTED, NO_OFFER, Figure, Identity, Indicator, Panel, Resolution, Submission

ODD = "A&B <c> \"d\" 'e' 🙂 ꦧꦱꦗꦮ =SUM(A1)"
NAME_40 = "Persentase rumah tangga ber-akses air mi"  # 40 characters
NAME_200 = ("Persentase penduduk miskin dan rentan miskin di wilayah kota yang telah memperoleh layanan "
            "perlindungan sosial terpadu melalui program bantuan sosial pangan, kesehatan, pendidikan dan "
            "perumahan layanan")[:200]


def panel() -> Panel:
    return Panel(path="panel.xlsx", nama_pemda="Pemerintah Kota Contoh", tahun_awal=2019, tahun_akhir=2023,
                 missions={"M1": "Menjamin akses dan kualitas pendidikan, kesehatan dan layanan dasar lainnya bagi "
                                 "semua warga kota tanpa kecuali, termasuk kelompok rentan.",
                           "M2": ODD},
                 opds={"ODD": "Dinas " + ODD, "X": "Dinas Tanpa Formulir"})


def _ind(row, kode, name, satuan, polaritas, base, targets, misi="M1", cara="A ÷ B × 100", sumber="Sumber A"):
    return Indicator(row=row, kode=kode, misi=misi, sasaran="Sasaran " + ODD, program="Program " + "x" * 150,
                     indikator=name, cara=cara, satuan=satuan, polaritas=polaritas, tahun_dasar=2017,
                     nilai_dasar=base, sumber=sumber, targets=dict(zip(range(2019, 2024), targets)))


def submission() -> Submission:
    inds = [
        _ind(2, "ODD-01", NAME_40, "%", "Naik", 12.5, [13.25, 14, 15.75, 16, 17.125]),
        _ind(3, "ODD-02", NAME_200, "Rp juta", "Turun", -1234.5, [-1300, -1400.25, -1500, -1600, -1734567.89],
             cara="(" + "sangat panjang " * 30 + ")", sumber="Sumber " * 40),
        _ind(4, "ODD-03", ODD, ODD, "Naik", 0.001, [0.002, 0.003, 0.004, 0.005, 0.006], misi="M2"),
        _ind(5, "ODD-04", "Tanpa data pendukung", "indeks", "Naik", 1, [2, 3, 4, 5, 6]),
    ]
    figs = [Figure(row=2, kode="ODD-01", uraian="Satu angka saja", rincian="", tahun=2017, nilai=42.5, satuan="%",
                   sumber="BPS")]
    for i in range(12):  # twelve figures, some negative, some without Rincian
        figs.append(Figure(row=3 + i, kode="ODD-02", uraian="Uraian " + ("panjang sekali " * 8 if i == 0 else str(i % 3)),
                           rincian="" if i % 5 == 4 else f"Kecamatan {'Nama Sangat Panjang Sekali ' * (2 if i == 1 else 0)}{i}",
                           tahun=2017, nilai=(-1) ** i * 1234.5 * (i + 1), satuan="Rp juta", sumber=f"Sumber {i % 2}"))
    figs.append(Figure(row=20, kode="ODD-03", uraian=ODD, rincian=ODD, tahun=2017, nilai=-0.5, satuan=ODD, sumber=ODD))
    figs.append(Figure(row=21, kode="ODD-03", uraian="Tak terhingga", rincian="", tahun=2017, nilai=float("nan"),
                       satuan="", sumber=ODD))  # not a number a chart can hold: left out
    ident = Identity(kode_opd="ODD", nama_opd="Dinas " + ODD, nama_kepala="Dr. " + ODD, nip_kepala="196804111993031009",
                     jabatan="Kepala " + ODD)
    return Submission(path="odd.xlsx", sha256="0" * 64, readable=True, identity=ident, indicators=inds, figures=figs)


def resolutions(sub: Submission) -> list[Resolution]:
    ind = sub.indicators[0]
    agreed = {2019: 13.5, 2020: 14.5, 2021: 16.0, 2022: 17.5, 2023: 17.5}
    kept = sub.indicators[3]  # no offer: the agreed path is the proposal
    return [Resolution("ODD", "Dinas", ind, ind.target_akhir, 2023, tawaran_nilai=17.5, tawaran_tahun=2022,
                       keputusan=ACCEPTED, disepakati_nilai=17.5, disepakati_tahun=2022, status=ACCEPTED, tahunan=agreed),
            Resolution("ODD", "Dinas", kept, kept.target_akhir, 2023, disepakati_nilai=kept.target_akhir,
                       disepakati_tahun=2023, status=NO_OFFER, tahunan=dict(kept.targets))]


def result(sub: Submission | None = None):
    """What paparan_stage reads of a CheckResult."""
    sub = sub or submission()
    return SimpleNamespace(panel=panel(), submissions=[sub], valid_submissions=[sub])
