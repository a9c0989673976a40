"""Content of the Kota Malang 2018 sample submissions (nine OPDs).

The city, its missions, its kecamatan and the nine OPDs follow public sources; the
people are fictional and the figures are plausible illustrations, not official
statistics. Each OPD has five indicators, each with several supporting figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

KEC = ("Blimbing", "Kedungkandang", "Klojen", "Lowokwaru", "Sukun")
YEARS = range(2019, 2024)


def fig_kec(uraian, satuan, values, sumber, tahun=2017, total=True):
    """One figure per kecamatan (in KEC order), plus a Total row."""
    rows = [dict(uraian=uraian, rincian=f"Kecamatan {k}", tahun=tahun, nilai=v, satuan=satuan, sumber=sumber)
            for k, v in zip(KEC, values, strict=True)]
    if total:
        t = round(sum(values), 4)
        rows.append(dict(uraian=uraian, rincian="Total", tahun=tahun, nilai=int(t) if float(t).is_integer() else t,
                         satuan=satuan, sumber=sumber))
    return rows


def fig_items(uraian, satuan, items, sumber, tahun=2017, total=False):
    """One figure per (rincian, value) pair, optionally plus a Total row."""
    rows = [dict(uraian=uraian, rincian=r, tahun=tahun, nilai=v, satuan=satuan, sumber=sumber) for r, v in items]
    if total:
        t = round(sum(v for _, v in items), 4)
        rows.append(dict(uraian=uraian, rincian="Total", tahun=tahun, nilai=int(t) if float(t).is_integer() else t,
                         satuan=satuan, sumber=sumber))
    return rows


def path(base: float, end: float, decimals: int = 2, step: float | None = None, n: int = 5) -> list[float]:
    """Yearly targets moving linearly from the baseline to the end point."""
    out = []
    for i in range(1, n + 1):
        v = base + (end - base) * i / n
        v = round(v / step) * step if step else round(v, decimals)
        out.append(int(v) if decimals == 0 or (step and float(step).is_integer()) else round(v, decimals))
    out[-1] = end
    return out


@dataclass
class Ind:
    misi: str
    sasaran: str
    program: str
    indikator: str
    cara: str
    satuan: str
    polaritas: str
    tahun_dasar: int
    nilai_dasar: float
    sumber: str
    targets: list[float]
    figures: list[dict] = field(default_factory=list)
    toleransi: float | None = None  # version 3: the ± band of a Tetap target (Toleransi (±))


@dataclass
class Opd:
    kode: str
    nama: str
    kepala: str
    nip: str
    pangkat: str
    petugas: str
    kontak: str
    tanggal: dt.date
    indicators: list[Ind]


PROFIL_KES = "Profil Kesehatan Kota Malang 2017"
BPS = "BPS Kota Malang, Kota Malang Dalam Angka 2018"
DAPODIK = "Dapodik Dinas Pendidikan Kota Malang 2017"

OPDS: list[Opd] = [
    Opd("DISDIK", "Dinas Pendidikan", "Dra. Sri Wahyuningsih, M.Pd.", "19660614 199003 2 007",
        "Pembina Utama Muda (IV/c)", "Ratna Puspitasari, S.Pd.", "0341-551330", dt.date(2018, 11, 5), [
            Ind("M1", "Meningkatnya akses pendidikan dasar", "Program Pendidikan Menengah Pertama",
                "Angka Partisipasi Murni SMP/MTs", "Jumlah siswa SMP/MTs usia 13-15 tahun ÷ jumlah penduduk usia "
                "13-15 tahun × 100", "%", "Naik", 2017, 82.45, DAPODIK, path(82.45, 90.0),
                fig_kec("Jumlah penduduk usia 13-15 tahun", "orang", [6812, 8120, 3105, 7390, 7215], BPS)
                + fig_kec("Siswa SMP/MTs usia 13-15 tahun", "orang", [5630, 6505, 2690, 6180, 5900], DAPODIK)),
            Ind("M1", "Meningkatnya mutu pendidikan", "Program Wajib Belajar Pendidikan Dasar Sembilan Tahun",
                "Rata-rata Lama Sekolah", "Rata-rata jumlah tahun sekolah penduduk usia 25 tahun ke atas",
                "tahun", "Naik", 2017, 10.15, BPS, path(10.15, 10.65),
                fig_items("Penduduk usia 25 tahun ke atas menurut pendidikan tertinggi", "%", [
                    ("Tidak/belum tamat SD", 9.8), ("SD/sederajat", 17.6), ("SMP/sederajat", 15.9),
                    ("SMA/sederajat", 33.4), ("Perguruan tinggi", 23.3)], BPS)),
            Ind("M1", "Menurunnya angka putus sekolah", "Program Pendidikan Menengah Pertama",
                "Angka Putus Sekolah SMP/MTs", "Jumlah siswa putus sekolah ÷ jumlah siswa SMP/MTs × 100", "%",
                "Turun", 2017, 0.42, DAPODIK, [0.35, 0.28, 0.22, 0.16, 0.1],
                fig_kec("Siswa SMP/MTs putus sekolah", "orang", [26, 41, 9, 30, 34], DAPODIK)
                + fig_kec("Jumlah siswa SMP/MTs", "orang", [7120, 8460, 3390, 7950, 7640], DAPODIK)),
            Ind("M1", "Meningkatnya mutu satuan pendidikan", "Program Peningkatan Mutu Pendidik dan Satuan "
                "Pendidikan", "Persentase SD dan SMP terakreditasi minimal B", "Jumlah SD dan SMP berakreditasi A "
                "atau B ÷ jumlah SD dan SMP × 100", "%", "Naik", 2017, 78.6, "BAN S/M Provinsi Jawa Timur 2017",
                path(78.6, 92.0, 1),
                fig_items("Jumlah SD dan SMP menurut akreditasi", "sekolah", [
                    ("Akreditasi A", 214), ("Akreditasi B", 148), ("Akreditasi C", 61), ("Belum terakreditasi", 38)],
                    "BAN S/M Provinsi Jawa Timur 2017", total=True)),
            Ind("M3", "Meningkatnya layanan pendidikan bagi anak berkebutuhan khusus", "Program Pendidikan "
                "Inklusif", "Persentase anak berkebutuhan khusus usia sekolah yang terlayani",
                "Jumlah ABK usia 7-15 tahun yang bersekolah ÷ jumlah ABK usia 7-15 tahun × 100", "%", "Naik",
                2017, 61.2, DAPODIK, path(61.2, 80.0, 1),
                fig_kec("Anak berkebutuhan khusus usia 7-15 tahun", "orang", [212, 265, 98, 201, 236],
                        "Pendataan ABK Dinas Pendidikan 2017")
                + fig_items("Sekolah penyelenggara pendidikan inklusif", "sekolah", [("SD", 48), ("SMP", 21)],
                            DAPODIK, total=True)),
        ]),
    Opd("DINKES", "Dinas Kesehatan", "dr. Hendra Kusuma, M.Kes.", "19690723 199503 1 004",
        "Pembina Utama Muda (IV/c)", "Dewi Anggraini, S.KM.", "0341-406878", dt.date(2018, 11, 6), [
            Ind("M1", "Meningkatnya derajat kesehatan ibu dan anak", "Program Upaya Kesehatan Masyarakat",
                "Angka Kematian Ibu", "Jumlah kematian ibu hamil, bersalin dan nifas ÷ jumlah kelahiran hidup × "
                "100.000", "per 100.000 KH", "Turun", 2017, 59.3, PROFIL_KES, [56, 53, 50, 47, 44],
                fig_kec("Jumlah ibu hamil", "orang", [2890, 3915, 1402, 3102, 3380], PROFIL_KES)
                + fig_kec("Ibu hamil usia kandungan 8 bulan", "orang", [241, 327, 117, 259, 284], PROFIL_KES)
                + fig_kec("Ibu hamil dari keluarga prasejahtera", "orang", [352, 611, 118, 327, 466],
                          "Basis Data Terpadu Kota Malang 2017")
                + fig_items("Kematian ibu", "orang", [("Total", 8)], PROFIL_KES)
                + fig_items("Kelahiran hidup", "orang", [("Total", 13490)], PROFIL_KES)),
            Ind("M1", "Meningkatnya derajat kesehatan ibu dan anak", "Program Upaya Kesehatan Masyarakat",
                "Angka Kematian Bayi", "Jumlah kematian bayi usia 0-11 bulan ÷ jumlah kelahiran hidup × 1.000",
                "per 1.000 KH", "Turun", 2017, 6.45, PROFIL_KES, [6.2, 5.9, 5.6, 5.3, 5.0],
                fig_kec("Kematian bayi", "orang", [17, 26, 7, 18, 19], PROFIL_KES)
                + fig_kec("Kelahiran hidup", "orang", [2650, 3590, 1290, 2870, 3090], PROFIL_KES)),
            Ind("M1", "Meningkatnya status gizi masyarakat", "Program Perbaikan Gizi Masyarakat",
                "Prevalensi balita pendek (stunting)", "Jumlah balita dengan tinggi badan menurut umur < -2 SD ÷ "
                "jumlah balita diukur × 100", "%", "Turun", 2018, 21.8, "Bulan Penimbangan Balita Agustus 2018",
                [20.0, 18.5, 17.0, 15.5, 14.0],
                fig_kec("Balita diukur tinggi badan", "orang", [9820, 12760, 4310, 10150, 11230],
                        "Bulan Penimbangan Balita Agustus 2018", tahun=2018)
                + fig_kec("Balita pendek dan sangat pendek", "orang", [2110, 3090, 790, 2080, 2560],
                          "Bulan Penimbangan Balita Agustus 2018", tahun=2018)),
            Ind("M1", "Meningkatnya akses pelayanan kesehatan", "Program Jaminan Kesehatan Masyarakat",
                "Persentase penduduk yang memiliki jaminan kesehatan", "Jumlah peserta JKN ÷ jumlah penduduk × "
                "100", "%", "Naik", 2017, 74.5, "BPJS Kesehatan Cabang Malang 2017", path(74.5, 95.0, 1),
                fig_items("Peserta JKN menurut segmen", "orang", [
                    ("PBI APBN", 178450), ("PBI APBD", 42310), ("Pekerja penerima upah", 294820),
                    ("Pekerja bukan penerima upah dan bukan pekerja", 136230)],
                    "BPJS Kesehatan Cabang Malang 2017", total=True)
                + fig_items("Jumlah penduduk", "orang", [("Total", 874890)], BPS)),
            Ind("M1", "Terkendalinya penyakit tidak menular", "Program Pencegahan dan Penanggulangan Penyakit "
                "Tidak Menular", "Cakupan pelayanan kesehatan penderita hipertensi sesuai standar",
                "Penderita hipertensi usia ≥ 15 tahun yang dilayani sesuai standar ÷ estimasi penderita × 100",
                "%", "Naik", 2017, 38.2, PROFIL_KES, path(38.2, 90.0, 1),
                fig_kec("Estimasi penderita hipertensi usia 15 tahun ke atas", "orang",
                        [30850, 38920, 17640, 33110, 35280], PROFIL_KES)
                + fig_kec("Penderita hipertensi dilayani sesuai standar", "orang",
                          [11620, 13980, 7240, 12710, 13120], PROFIL_KES)),
        ]),
    Opd("DISDAG", "Dinas Perdagangan", "Drs. Agus Setiawan, M.M.", "19670302 199203 1 011",
        "Pembina Tingkat I (IV/b)", "Fajar Nugroho, S.E.", "0341-362005", dt.date(2018, 11, 6), [
            Ind("M2", "Terkendalinya harga barang kebutuhan pokok", "Program Stabilisasi Harga",
                "Tingkat inflasi", "Perubahan Indeks Harga Konsumen tahun berjalan terhadap tahun sebelumnya",
                "%", "Tetap", 2017, 3.5, "BPS Kota Malang, Inflasi 2017", [3.5, 3.5, 3.5, 3.5, 3.5],
                fig_items("Inflasi menurut kelompok pengeluaran", "%", [
                    ("Bahan makanan", 2.31), ("Makanan jadi, minuman, rokok dan tembakau", 4.12),
                    ("Perumahan, air, listrik, gas dan bahan bakar", 5.04), ("Sandang", 2.87),
                    ("Kesehatan", 3.11), ("Pendidikan, rekreasi dan olahraga", 2.96),
                    ("Transpor, komunikasi dan jasa keuangan", 3.62)], "BPS Kota Malang, Inflasi 2017"),
                toleransi=1.0),  # the national target band: 3,5 ± 1
            Ind("M2", "Meningkatnya kualitas sarana perdagangan", "Program Pengembangan Pasar Rakyat",
                "Persentase pasar rakyat dalam kondisi baik", "Jumlah pasar rakyat kondisi baik ÷ jumlah pasar "
                "rakyat × 100", "%", "Naik", 2017, 42.3, "Pendataan Pasar Dinas Perdagangan 2017",
                [50.0, 57.7, 65.4, 73.1, 80.8],
                fig_items("Pasar rakyat menurut kondisi bangunan", "unit", [
                    ("Baik", 11), ("Sedang", 9), ("Rusak", 6)], "Pendataan Pasar Dinas Perdagangan 2017",
                    total=True)),
            Ind("M2", "Meningkatnya perlindungan konsumen", "Program Metrologi Legal",
                "Persentase alat ukur, takar, timbang dan perlengkapannya bertanda tera sah",
                "Jumlah UTTP bertanda tera sah ÷ jumlah UTTP wajib tera × 100", "%", "Naik", 2017, 71.5,
                "UPT Metrologi Legal Kota Malang 2017", path(71.5, 90.0, 1),
                fig_items("UTTP wajib tera ulang", "unit", [
                    ("Timbangan", 9850), ("Pompa ukur BBM", 412), ("Meter taksi dan argometer", 96),
                    ("Alat ukur lainnya", 1340)], "UPT Metrologi Legal Kota Malang 2017", total=True)
                + fig_items("UTTP bertanda tera sah", "unit", [
                    ("Timbangan", 6910), ("Pompa ukur BBM", 405), ("Meter taksi dan argometer", 71),
                    ("Alat ukur lainnya", 940)], "UPT Metrologi Legal Kota Malang 2017", total=True)),
            Ind("M2", "Meningkatnya ekspor daerah", "Program Peningkatan dan Pengembangan Ekspor",
                "Nilai ekspor non-migas", "Jumlah nilai ekspor non-migas berdasarkan Surat Keterangan Asal",
                "juta USD", "Naik", 2017, 380.5, "Dinas Perdagangan, rekap SKA 2017", path(380.5, 460.0, 1),
                fig_items("Nilai ekspor menurut komoditas", "juta USD", [
                    ("Rokok dan hasil tembakau", 254.3), ("Kertas dan barang dari kertas", 51.2),
                    ("Furnitur dan kerajinan", 28.9), ("Makanan olahan", 22.4), ("Lainnya", 23.7)],
                    "Dinas Perdagangan, rekap SKA 2017", total=True)),
            Ind("M3", "Tertatanya pedagang kaki lima", "Program Penataan Pedagang Kaki Lima",
                "Persentase pedagang kaki lima yang tertata", "Jumlah PKL di lokasi binaan ÷ jumlah PKL × 100",
                "%", "Naik", 2017, 35.0, "Pendataan PKL Dinas Perdagangan 2017", [43.0, 51.0, 59.0, 67.0, 75.0],
                fig_kec("Jumlah pedagang kaki lima", "orang", [1120, 890, 2350, 1780, 960],
                        "Pendataan PKL Dinas Perdagangan 2017")
                + fig_kec("Pedagang kaki lima di lokasi binaan", "orang", [390, 310, 820, 630, 335],
                          "Pendataan PKL Dinas Perdagangan 2017")),
        ]),
    Opd("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Ir. Bayu Pratama, M.T.",
        "19700918 199603 1 003", "Pembina Tingkat I (IV/b)", "Yuliana Rahmawati, S.AP.", "0341-751942",
        dt.date(2018, 11, 7), [
            Ind("M4", "Meningkatnya kualitas pelayanan perizinan", "Program Peningkatan Pelayanan Perizinan",
                "Indeks Kepuasan Masyarakat pelayanan perizinan", "Rata-rata tertimbang nilai sembilan unsur "
                "pelayanan hasil survei kepuasan masyarakat (skala 25-100)", "indeks", "Naik", 2017, 78.25,
                "Survei Kepuasan Masyarakat DPMPTSP 2017", [80.0, 81.5, 83.0, 84.5, 86.0],
                fig_items("Responden survei kepuasan masyarakat", "orang", [
                    ("Izin mendirikan bangunan", 140), ("Izin usaha perdagangan", 165), ("Izin gangguan", 95),
                    ("Izin reklame", 60)], "Survei Kepuasan Masyarakat DPMPTSP 2017", total=True)),
            Ind("M4", "Meningkatnya kepastian waktu layanan", "Program Peningkatan Pelayanan Perizinan",
                "Persentase izin yang diselesaikan tepat waktu", "Jumlah izin selesai sesuai standar waktu ÷ "
                "jumlah permohonan izin × 100", "%", "Naik", 2017, 86.4, "Aplikasi SIMPEL DPMPTSP 2017",
                path(86.4, 98.0, 1),
                fig_items("Permohonan izin diterima", "dokumen", [
                    ("Izin mendirikan bangunan", 2410), ("Izin usaha perdagangan", 5320), ("Tanda daftar perusahaan",
                                                                                          4870),
                    ("Izin lainnya", 3150)], "Aplikasi SIMPEL DPMPTSP 2017", total=True)
                + fig_items("Izin selesai tepat waktu", "dokumen", [
                    ("Izin mendirikan bangunan", 1870), ("Izin usaha perdagangan", 4830),
                    ("Tanda daftar perusahaan", 4520), ("Izin lainnya", 2590)], "Aplikasi SIMPEL DPMPTSP 2017",
                    total=True)),
            Ind("M2", "Meningkatnya investasi", "Program Peningkatan Iklim Investasi",
                "Nilai realisasi investasi PMA dan PMDN", "Jumlah realisasi investasi PMA dan PMDN yang dilaporkan "
                "dalam LKPM", "Rp miliar", "Naik", 2017, 1834.6, "LKPM DPMPTSP 2017",
                path(1834.6, 2900.0, 0, step=10),
                fig_items("Realisasi investasi", "Rp miliar", [("PMA", 512.8), ("PMDN", 1321.8)],
                          "LKPM DPMPTSP 2017", total=True)),
            Ind("M4", "Meningkatnya kecepatan layanan", "Program Peningkatan Pelayanan Perizinan",
                "Rata-rata waktu penyelesaian izin usaha", "Jumlah hari kerja penyelesaian seluruh izin usaha ÷ "
                "jumlah izin usaha yang terbit", "hari", "Turun", 2017, 7.0, "Aplikasi SIMPEL DPMPTSP 2017",
                [6.0, 5.0, 4.0, 3.5, 3.0],
                fig_items("Rata-rata waktu penyelesaian menurut jenis izin", "hari", [
                    ("Izin usaha perdagangan", 5.2), ("Tanda daftar perusahaan", 4.1), ("Izin usaha industri", 9.8),
                    ("Izin usaha jasa konstruksi", 8.6)], "Aplikasi SIMPEL DPMPTSP 2017")),
            Ind("M2", "Meningkatnya investasi", "Program Promosi dan Kerja Sama Investasi",
                "Jumlah perusahaan penanam modal baru", "Jumlah perusahaan PMA dan PMDN baru yang terdaftar dalam "
                "tahun berjalan", "unit", "Naik", 2017, 112, "LKPM DPMPTSP 2017", [124, 136, 148, 160, 170],
                fig_kec("Perusahaan penanam modal baru", "unit", [22, 19, 31, 27, 13], "LKPM DPMPTSP 2017")),
        ]),
    Opd("DISPERIN", "Dinas Perindustrian", "Dra. Endah Purwanti, M.Si.", "19691127 199403 2 005",
        "Pembina Tingkat I (IV/b)", "Andi Wibisono, S.T.", "0341-491480", dt.date(2018, 11, 7), [
            Ind("M2", "Meningkatnya peran industri dalam perekonomian", "Program Pengembangan Industri Kecil dan "
                "Menengah", "Kontribusi sektor industri pengolahan terhadap PDRB", "PDRB industri pengolahan ÷ "
                "PDRB total atas dasar harga berlaku × 100", "%", "Naik", 2017, 26.4, BPS,
                [26.8, 27.2, 27.7, 28.1, 28.5],
                fig_items("PDRB atas dasar harga berlaku", "Rp miliar", [
                    ("Industri pengolahan", 15234.7), ("Perdagangan besar dan eceran", 17102.5),
                    ("Seluruh lapangan usaha", 57706.1)], BPS)),
            Ind("M2", "Meningkatnya daya saing produk IKM", "Program Peningkatan Kemampuan Teknologi Industri",
                "Jumlah IKM bersertifikat", "Jumlah IKM yang memiliki sertifikat SNI, halal atau PIRT (kumulatif)",
                "unit", "Naik", 2017, 312, "Pendataan IKM Dinas Perindustrian 2017", [430, 550, 670, 790, 900],
                fig_items("IKM bersertifikat menurut jenis sertifikat", "unit", [
                    ("PIRT", 226), ("Halal", 71), ("SNI", 15)], "Pendataan IKM Dinas Perindustrian 2017",
                    total=True)),
            Ind("M2", "Tumbuhnya wirausaha industri baru", "Program Pengembangan Industri Kecil dan Menengah",
                "Jumlah wirausaha industri baru", "Jumlah wirausaha industri baru hasil pelatihan yang mulai "
                "berproduksi dalam tahun berjalan", "orang", "Naik", 2017, 180,
                "Pendataan IKM Dinas Perindustrian 2017", [240, 300, 360, 430, 500],
                fig_kec("Wirausaha industri baru", "orang", [38, 45, 22, 41, 34],
                        "Pendataan IKM Dinas Perindustrian 2017")),
            Ind("M2", "Meningkatnya penyerapan tenaga kerja industri", "Program Pengembangan Industri Kecil dan "
                "Menengah", "Tenaga kerja sektor industri", "Jumlah tenaga kerja pada unit usaha industri yang "
                "terdaftar", "orang", "Naik", 2017, 38450, "Pendataan Industri Dinas Perindustrian 2017",
                path(38450, 44000, 0, step=50),
                fig_items("Tenaga kerja industri menurut skala usaha", "orang", [
                    ("Industri kecil", 12380), ("Industri menengah", 7940), ("Industri besar", 18130)],
                    "Pendataan Industri Dinas Perindustrian 2017", total=True)),
            Ind("M2", "Berkembangnya sentra industri", "Program Pengembangan Sentra Industri Potensial",
                "Persentase sentra IKM yang dibina", "Jumlah sentra IKM yang mendapat pembinaan ÷ jumlah sentra IKM "
                "× 100", "%", "Naik", 2017, 40.0, "Pendataan IKM Dinas Perindustrian 2017",
                [49.0, 58.0, 67.0, 76.0, 85.0],
                fig_items("Unit usaha di sentra IKM", "unit", [
                    ("Sentra keripik tempe Sanan", 135), ("Sentra keramik Dinoyo", 28),
                    ("Sentra rotan Balearjosari", 34), ("Sentra mebel Tunjungsekar", 41),
                    ("Sentra topeng Kedungmonggo", 12)], "Pendataan IKM Dinas Perindustrian 2017", total=True)),
        ]),
    Opd("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata", "Drs. Wahyu Hidayat, M.AP.", "19710505 199703 1 006",
        "Pembina Tingkat I (IV/b)", "Nadia Safitri, S.Par.", "0341-327712", dt.date(2018, 11, 8), [
            Ind("M2", "Meningkatnya kunjungan wisatawan", "Program Pengembangan Pemasaran Pariwisata",
                "Jumlah kunjungan wisatawan mancanegara", "Jumlah tamu asing yang menginap di hotel dan yang "
                "tercatat di daya tarik wisata", "orang", "Naik", 2017, 12860,
                "Statistik Pariwisata Kota Malang 2017", path(12860, 20000, 0, step=10),
                fig_items("Wisatawan mancanegara menurut asal", "orang", [
                    ("ASEAN", 4920), ("Asia lainnya", 2630), ("Eropa", 3710), ("Australia dan Oseania", 870),
                    ("Amerika", 560), ("Lainnya", 170)], "Statistik Pariwisata Kota Malang 2017", total=True)),
            Ind("M2", "Meningkatnya kunjungan wisatawan", "Program Pengembangan Destinasi Pariwisata",
                "Jumlah kunjungan wisatawan nusantara", "Jumlah tamu domestik yang menginap di hotel dan yang "
                "tercatat di daya tarik wisata", "orang", "Naik", 2017, 4106860,
                "Statistik Pariwisata Kota Malang 2017", [4380000, 4660000, 4940000, 5220000, 5500000],
                fig_items("Wisatawan nusantara menurut jenis daya tarik", "orang", [
                    ("Wisata kota dan taman", 1854200), ("Kampung tematik", 612400),
                    ("Wisata belanja dan kuliner", 1240560), ("Museum dan cagar budaya", 399700)],
                    "Statistik Pariwisata Kota Malang 2017", total=True)),
            Ind("M2", "Meningkatnya lama tinggal wisatawan", "Program Pengembangan Destinasi Pariwisata",
                "Rata-rata lama menginap wisatawan", "Jumlah malam menginap ÷ jumlah tamu hotel", "hari", "Naik",
                2017, 1.62, "BPS Kota Malang, Statistik Hotel 2017", [1.72, 1.81, 1.91, 2.0, 2.1],
                fig_items("Malam menginap tamu hotel", "malam", [
                    ("Hotel berbintang", 812400), ("Hotel non-bintang", 398600)],
                    "BPS Kota Malang, Statistik Hotel 2017", total=True)
                + fig_items("Tamu hotel", "orang", [
                    ("Hotel berbintang", 478300), ("Hotel non-bintang", 268700)],
                    "BPS Kota Malang, Statistik Hotel 2017", total=True)),
            Ind("M2", "Berkembangnya destinasi berbasis masyarakat", "Program Pengembangan Destinasi Pariwisata",
                "Jumlah kampung tematik yang dikelola aktif", "Jumlah kampung tematik dengan kelompok sadar wisata "
                "aktif dan kunjungan tercatat", "lokasi", "Naik", 2017, 12, "Pendataan Pokdarwis 2017",
                [16, 20, 24, 27, 30],
                fig_kec("Kampung tematik aktif", "lokasi", [2, 3, 4, 2, 1], "Pendataan Pokdarwis 2017")),
            Ind("M3", "Lestarinya warisan budaya", "Program Pengelolaan Kekayaan Budaya",
                "Persentase cagar budaya yang dilestarikan", "Jumlah cagar budaya yang dipugar atau dipelihara ÷ "
                "jumlah cagar budaya yang ditetapkan × 100", "%", "Naik", 2017, 25.0,
                "Tim Ahli Cagar Budaya Kota Malang 2017", [32.0, 39.0, 46.0, 53.0, 60.0],
                fig_items("Cagar budaya yang ditetapkan", "unit", [
                    ("Bangunan", 28), ("Struktur", 6), ("Situs", 4), ("Benda", 10)],
                    "Tim Ahli Cagar Budaya Kota Malang 2017", total=True)
                + fig_items("Cagar budaya yang dipelihara", "unit", [("Bangunan", 8), ("Benda", 4)],
                            "Tim Ahli Cagar Budaya Kota Malang 2017", total=True)),
        ]),
    Opd("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "Ir. Rudi Hartono, M.T.", "19650930 199102 1 002",
        "Pembina Utama Muda (IV/c)", "Galih Permana, S.T.", "0341-364672", dt.date(2018, 11, 8), [
            Ind("M2", "Meningkatnya kualitas jalan kota", "Program Pembangunan dan Pemeliharaan Jalan",
                "Persentase panjang jalan kota dalam kondisi mantap", "Panjang jalan kondisi baik dan sedang ÷ "
                "panjang jalan kota × 100", "%", "Naik", 2017, 78.9, "Survei Kondisi Jalan DPUPR 2017",
                path(78.9, 92.0, 1),
                fig_items("Panjang jalan kota menurut kondisi", "km", [
                    ("Baik", 574.2), ("Sedang", 338.7), ("Rusak ringan", 167.5), ("Rusak berat", 76.6)],
                    "Survei Kondisi Jalan DPUPR 2017", total=True)),
            Ind("M1", "Berkurangnya genangan", "Program Pengendalian Banjir dan Drainase",
                "Luas genangan saat hujan lebat", "Jumlah luas wilayah tergenang lebih dari 30 cm selama lebih "
                "dari 2 jam", "ha", "Turun", 2017, 85.3, "Pemantauan Genangan DPUPR 2017",
                [72.0, 59.0, 46.0, 33.0, 20.0],
                fig_kec("Titik genangan", "lokasi", [6, 9, 8, 11, 7], "Pemantauan Genangan DPUPR 2017")
                + fig_kec("Luas genangan", "ha", [14.2, 12.8, 18.5, 24.1, 15.7], "Pemantauan Genangan DPUPR 2017")),
            Ind("M1", "Meningkatnya kualitas drainase", "Program Pengendalian Banjir dan Drainase",
                "Persentase saluran drainase dalam kondisi baik", "Panjang saluran kondisi baik ÷ panjang saluran "
                "drainase × 100", "%", "Naik", 2017, 60.5, "Pendataan Drainase DPUPR 2017", path(60.5, 85.0, 1),
                fig_items("Panjang saluran drainase menurut kondisi", "km", [
                    ("Baik", 412.6), ("Sedang", 168.4), ("Rusak", 100.9)], "Pendataan Drainase DPUPR 2017",
                    total=True)),
            Ind("M1", "Meningkatnya akses sanitasi layak", "Program Pengembangan Kinerja Pengelolaan Air Limbah",
                "Cakupan layanan air limbah domestik", "Rumah tangga dengan akses air limbah layak ÷ jumlah rumah "
                "tangga × 100", "%", "Naik", 2017, 68.7, "Buku Putih Sanitasi Kota Malang", path(68.7, 90.0, 1),
                fig_kec("Jumlah rumah tangga", "rumah tangga", [49850, 56930, 26240, 52110, 54870], BPS)
                + fig_kec("Rumah tangga dengan akses air limbah layak", "rumah tangga",
                          [34620, 35870, 20150, 37240, 36310], "Buku Putih Sanitasi Kota Malang")),
            Ind("M2", "Bertambahnya ruang terbuka hijau publik", "Program Penataan Ruang",
                "Persentase ruang terbuka hijau publik", "Luas RTH publik ÷ luas wilayah kota × 100", "%", "Naik",
                2017, 4.3, "Inventarisasi RTH DPUPR 2017", [5.2, 6.1, 7.1, 8.0, 9.0],
                fig_items("Luas RTH publik menurut jenis", "ha", [
                    ("Taman kota", 121.4), ("Hutan kota", 42.8), ("Jalur hijau jalan", 198.6),
                    ("Sempadan sungai", 110.5)], "Inventarisasi RTH DPUPR 2017", total=True)
                + fig_items("Luas wilayah kota", "ha", [("Total", 11006)], BPS)),
        ]),
    Opd("DISHUB", "Dinas Perhubungan", "Drs. Joko Susilo, M.Si.", "19680117 199303 1 008",
        "Pembina Tingkat I (IV/b)", "Rizky Maulana, S.ST.", "0341-491204", dt.date(2018, 11, 9), [
            Ind("M2", "Meningkatnya kelancaran lalu lintas", "Program Peningkatan Pelayanan Angkutan",
                "Rata-rata kecepatan kendaraan di ruas jalan utama pada jam sibuk", "Rata-rata kecepatan tempuh "
                "hasil survei pada 10 koridor utama pukul 06.00-08.00 dan 16.00-18.00", "km/jam", "Naik", 2017,
                18.5, "Survei Kinerja Lalu Lintas Dishub 2017", [19.8, 21.1, 22.4, 23.7, 25.0],
                fig_items("Kecepatan rata-rata jam sibuk menurut koridor", "km/jam", [
                    ("Jl. Soekarno-Hatta", 15.2), ("Jl. Ahmad Yani", 17.8), ("Jl. Ijen", 22.4),
                    ("Jl. S. Supriadi", 16.9), ("Jl. Mayjen Sungkono", 20.1)],
                    "Survei Kinerja Lalu Lintas Dishub 2017")),
            Ind("M2", "Meningkatnya keselamatan lalu lintas", "Program Peningkatan Keselamatan Lalu Lintas",
                "Jumlah kecelakaan lalu lintas", "Jumlah kejadian kecelakaan lalu lintas yang tercatat dalam "
                "setahun", "kasus", "Turun", 2017, 612, "Satlantas Polresta Malang 2017",
                [580, 548, 515, 483, 450],
                fig_kec("Kecelakaan lalu lintas", "kasus", [131, 118, 104, 152, 107], "Satlantas Polresta Malang 2017")),
            Ind("M2", "Meningkatnya kinerja simpang", "Program Pembangunan Prasarana dan Fasilitas Perhubungan",
                "Persentase simpang bersinyal yang berfungsi baik", "Jumlah simpang bersinyal berfungsi baik ÷ "
                "jumlah simpang bersinyal × 100", "%", "Naik", 2017, 72.0, "Inventarisasi APILL Dishub 2017",
                [76.0, 81.0, 86.0, 91.0, 95.0],
                fig_items("Simpang bersinyal", "lokasi", [("Berfungsi baik", 36), ("Perlu perbaikan", 14)],
                          "Inventarisasi APILL Dishub 2017", total=True)),
            Ind("M4", "Meningkatnya mutu angkutan umum", "Program Peningkatan Pelayanan Angkutan",
                "Persentase angkutan kota laik jalan", "Jumlah angkutan kota lulus uji berkala ÷ jumlah angkutan "
                "kota beroperasi × 100", "%", "Naik", 2017, 64.0, "UPT Pengujian Kendaraan Bermotor 2017",
                [69.0, 74.0, 80.0, 85.0, 90.0],
                fig_items("Angkutan kota beroperasi menurut hasil uji berkala", "unit", [
                    ("Lulus uji", 1421), ("Tidak lulus atau tidak diuji", 799)],
                    "UPT Pengujian Kendaraan Bermotor 2017", total=True)),
            Ind("M4", "Meningkatnya pendapatan daerah dari parkir", "Program Pengelolaan Perparkiran",
                "Pendapatan retribusi parkir tepi jalan umum", "Jumlah setoran retribusi parkir tepi jalan umum "
                "dalam setahun", "Rp juta", "Naik", 2017, 9850, "Laporan Realisasi Pendapatan Dishub 2017",
                [10850, 11900, 12900, 13950, 15000],
                fig_kec("Retribusi parkir tepi jalan umum", "Rp juta", [1720, 1140, 3980, 1890, 1120],
                        "Laporan Realisasi Pendapatan Dishub 2017")),
        ]),
    Opd("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman", "Dra. Nurul Aini, M.M.", "19720820 199803 2 004",
        "Pembina Tingkat I (IV/b)", "Bagus Prakoso, S.T.", "0341-369377", dt.date(2018, 11, 9), [
            Ind("M1", "Meningkatnya kualitas hunian", "Program Pengembangan Perumahan",
                "Persentase rumah tidak layak huni", "Jumlah rumah tidak layak huni ÷ jumlah rumah × 100", "%",
                "Turun", 2017, 3.85, "Pendataan RTLH Disperkim 2017", [3.4, 2.9, 2.4, 2.0, 1.5],
                fig_kec("Rumah tidak layak huni", "unit", [1310, 2460, 640, 1120, 1730], "Pendataan RTLH Disperkim 2017")
                + fig_kec("Jumlah rumah", "unit", [42810, 51230, 24190, 47380, 49070], "Pendataan RTLH Disperkim 2017")),
            Ind("M1", "Berkurangnya kawasan kumuh", "Program Peningkatan Kualitas Kawasan Permukiman",
                "Luas kawasan permukiman kumuh", "Jumlah luas kawasan kumuh sesuai Surat Keputusan Wali Kota yang "
                "belum tertangani", "ha", "Turun", 2017, 608.6, "SK Kawasan Kumuh Kota Malang", [520.0, 440.0,
                                                                                                  360.0, 280.0,
                                                                                                  200.0],
                fig_kec("Luas kawasan kumuh", "ha", [118.3, 162.9, 74.6, 131.2, 121.6], "SK Kawasan Kumuh Kota Malang")),
            Ind("M4", "Tertibnya penyerahan prasarana perumahan", "Program Pengelolaan Prasarana, Sarana dan "
                "Utilitas", "Persentase perumahan yang telah menyerahkan PSU", "Jumlah perumahan yang telah "
                "menyerahkan PSU ÷ jumlah perumahan × 100", "%", "Naik", 2017, 45.0, "Inventarisasi PSU Disperkim "
                "2017", [52.0, 59.0, 66.0, 73.0, 80.0],
                fig_items("Perumahan menurut status penyerahan PSU", "lokasi", [
                    ("Sudah diserahkan", 117), ("Dalam proses", 49), ("Belum diserahkan", 94)],
                    "Inventarisasi PSU Disperkim 2017", total=True)),
            Ind("M1", "Meningkatnya layanan penerangan jalan", "Program Pengelolaan Penerangan Jalan Umum",
                "Persentase lampu penerangan jalan umum yang menyala", "Jumlah titik PJU menyala ÷ jumlah titik PJU "
                "× 100", "%", "Naik", 2017, 88.0, "Inventarisasi PJU Disperkim 2017", [90.0, 92.0, 94.0, 96.0, 98.0],
                fig_kec("Titik penerangan jalan umum", "unit", [5120, 4380, 6240, 5510, 4670],
                        "Inventarisasi PJU Disperkim 2017")
                + fig_kec("Titik penerangan jalan umum padam", "unit", [610, 580, 640, 690, 560],
                          "Inventarisasi PJU Disperkim 2017")),
            Ind("M3", "Meningkatnya hunian layak bagi masyarakat berpenghasilan rendah", "Program Pengembangan "
                "Perumahan", "Jumlah rumah tidak layak huni yang diperbaiki", "Jumlah kumulatif rumah tidak layak "
                "huni milik keluarga berpenghasilan rendah yang diperbaiki", "unit", "Naik", 2017, 420,
                "Laporan Bedah Rumah Disperkim 2017", [700, 1020, 1340, 1670, 2000],
                fig_kec("Rumah tidak layak huni yang diperbaiki (kumulatif)", "unit", [92, 131, 38, 71, 88],
                        "Laporan Bedah Rumah Disperkim 2017")
                + fig_items("Rumah tidak layak huni milik keluarga prasejahtera", "unit", [("Total", 4980)],
                            "Basis Data Terpadu Kota Malang 2017")),
        ]),
]


def filled_rows(opd: Opd):
    """(identity, indicator rows, figure rows) keyed by contract field keys."""
    identity = dict(
        kode_opd=opd.kode, nama_opd=opd.nama, nama_kepala=opd.kepala, nip_kepala=opd.nip, pangkat=opd.pangkat,
        jabatan=f"Kepala {opd.nama} Kota Malang", petugas=opd.petugas, kontak=opd.kontak, tanggal=opd.tanggal,
    )
    indicators, figures = [], []
    for i, ind in enumerate(opd.indicators, start=1):
        kode = f"{opd.kode}-{i:02d}"
        row = dict(no=i, kode=kode, misi=ind.misi, sasaran=ind.sasaran, program=ind.program,
                   indikator=ind.indikator, cara=ind.cara, satuan=ind.satuan, polaritas=ind.polaritas,
                   tahun_dasar=ind.tahun_dasar, nilai_dasar=ind.nilai_dasar, sumber=ind.sumber)
        for y, t in zip(YEARS, ind.targets, strict=True):
            row[f"target_{y}"] = t
        if ind.toleransi is not None:
            row["toleransi"] = ind.toleransi
        indicators.append(row)
        for fig in ind.figures:
            figures.append(dict(kode=kode, **fig))
    return identity, indicators, figures
