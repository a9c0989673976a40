"""Panel, Submission and Resolution objects for the pact tests (the Malang example)."""

from __future__ import annotations

import datetime as dt

from lelang_xlsx.model import (ACCEPTED, NO_OFFER, REFUSED, UNDECIDED, Identity, Indicator, Panel,
                               Resolution, Submission)

YEARS = range(2019, 2024)
HOSTILE = "Catatan & <b>\"kutip\"</b> 'tunggal' 😀 ꦩꦭꦁ =SUM(A1) +cmd|' /C calc'!A0\x07\x0b"


def panel() -> Panel:
    return Panel(
        path="panel.xlsx",
        nama_pemda="Pemerintah Kota Malang",
        jabatan_kepala_daerah="Wali Kota Malang",
        nama_kepala_daerah="Drs. H. Sutiaji",
        nama_sekda="Wasto",
        nip_sekda="196302151984031011",
        tahun_awal=2019,
        tahun_akhir=2023,
        tempat="Malang",
        tanggal=dt.date(2018, 12, 8),
        missions={
            "M1": "Menjamin akses dan kualitas pendidikan, kesehatan dan layanan dasar lainnya bagi semua warga.",
            "M2": "Mewujudkan kota produktif dan berdaya saing berbasis ekonomi kreatif, keberlanjutan dan keterpaduan.",
            "M3": "Mewujudkan kota yang rukun dan toleran berazaskan keberagaman dan keberpihakan terhadap "
                  "masyarakat rentan dan gender.",
            "M4": "Memastikan kepuasan masyarakat atas layanan pemerintah yang tertib hukum, profesional dan akuntabel.",
        },
        opds={"DINKES": "Dinas Kesehatan", "DISDIK": "Dinas Pendidikan"},
        members=[("Prof. Dr. Ir. Anna Sari", "Universitas Brawijaya"),
                 ("Dr. Budi Santoso, M.Si.", "Universitas Negeri Malang")],
    )


def _ind(row, kode, misi, indikator, satuan, polaritas, dasar, targets, sasaran="Meningkatnya derajat kesehatan"):
    return Indicator(row=row, kode=kode, misi=misi, sasaran=sasaran, program="Program Upaya Kesehatan Masyarakat",
                     indikator=indikator, cara="Jumlah kejadian dibagi kelahiran hidup", satuan=satuan,
                     polaritas=polaritas, tahun_dasar=2017, nilai_dasar=dasar, sumber="Profil Kesehatan 2017",
                     targets=dict(zip(YEARS, targets)))


def submission(hostile: bool = False) -> Submission:
    inds = [
        # listed with mission M2 first to check that rows follow the panel's mission order
        _ind(2, "IK-04", "M2", "Jumlah kunjungan wisata kesehatan", "orang", "Naik", 1234.5,
             [1300, 1400, 1500, 1600, 1700], sasaran="Meningkatnya daya saing layanan kesehatan"),
        _ind(3, "IK-01", "M1", "Angka Kematian Ibu Turun", "per 100.000 KH", "Turun", 112.5,
             [110, 105, 100, 95, 90]),
        _ind(4, "IK-02", "M1", "Cakupan imunisasi dasar lengkap", "%", "Naik", 85.25, [87, 89, 91, 93, 95]),
        _ind(5, "IK-03", "M1", "Prevalensi balita stunting", "%", "Turun", 24.0, [22, 20, 18, 16, 14]),
        _ind(6, "IK-05", "M2", "Indeks kepuasan layanan puskesmas", "indeks", "Naik", 78.0, [79, 80, 81, 82, 83]),
    ]
    if hostile:
        inds[1].indikator = "Angka Kematian Ibu Turun & <Anak> \"AKI\" 😀 ꦩꦭꦁ"
        inds[2].sasaran = "=HYPERLINK(\"http://x\")"
    ident = Identity(kode_opd="DINKES", nama_opd="Dinas Kesehatan Kota Malang", nama_kepala="dr. Husnul Muarif",
                     nip_kepala="196804111993031009", pangkat="Pembina Utama Muda (IV/c)",
                     jabatan="Kepala Dinas Kesehatan")
    return Submission(path="dinkes.xlsx", readable=True, identity=ident, indicators=inds)


def resolutions(sub: Submission, hostile: bool = False) -> list[Resolution]:
    by = {i.kode: i for i in sub.indicators}

    def res(kode, **kw):
        ind = by[kode]
        return Resolution(kode_opd="DINKES", nama_opd="Dinas Kesehatan", indicator=ind,
                          usulan_nilai=ind.target_akhir, usulan_tahun=ind.tahun_akhir, **kw)

    return [
        res("IK-04", status=NO_OFFER, disepakati_nilai=1700, disepakati_tahun=2023),
        # Angka Kematian Ibu: offer 85 by 2022, Sanggup
        res("IK-01", tawaran_nilai=85, tawaran_tahun=2022, keputusan=ACCEPTED, status=ACCEPTED,
            disepakati_nilai=85, disepakati_tahun=2022, catatan=HOSTILE if hostile else "Disepakati dalam sidang"),
        # Tidak Sanggup with a negotiated value
        res("IK-02", tawaran_nilai=98.5, tawaran_tahun=2023, keputusan=REFUSED, status=REFUSED,
            disepakati_nilai=96.75, disepakati_tahun=2023),
        # Tidak Sanggup without a negotiated value: the proposal stands
        res("IK-03", tawaran_nilai=12, tawaran_tahun=2022, keputusan=REFUSED, status=REFUSED,
            disepakati_nilai=14, disepakati_tahun=2023),
        res("IK-05", tawaran_nilai=1234.5, tawaran_tahun=2021, keputusan=ACCEPTED, status=ACCEPTED,
            disepakati_nilai=1234.5, disepakati_tahun=2021),
    ]


def undecided(sub: Submission) -> list[Resolution]:
    rs = resolutions(sub)
    rs[1].keputusan, rs[1].status = None, UNDECIDED
    return rs
