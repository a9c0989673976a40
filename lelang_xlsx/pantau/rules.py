"""This round's finding codes, gathered into the one registry by :mod:`lelang_xlsx.rules`
(``lelang rules``, docs/rules.md). Define each with ``Rule(code, severity, title, message,
why, example, fix)`` from :mod:`lelang_xlsx.rules`."""

from __future__ import annotations


def _rules() -> list:
    from ..rules import ERROR, WARNING, Rule

    return [
        Rule("LK901", ERROR, "Nilai terkunci di formulir pemantauan diubah",
             "{detail}. Kembalikan nilai yang terkunci, atau minta formulir pemantauan baru (lelang pantau template).",
             "Indikator, satuan, polaritas dan target tahunan diambil dari kesepakatan yang berlaku untuk tahun ini; "
             "bila berubah, pemantauan tidak lagi mengukur apa yang disepakati.",
             "Target 2020 DINKES-04 diubah dari 82,7 menjadi 80, atau baris DINKES-03 dihapus.",
             "Kembalikan nilai seperti tercatat, atau salin isian ke formulir pemantauan baru dari sekretariat."),
        Rule("LK902", ERROR, "Bukan formulir pemantauan OPD ini untuk tahun ini",
             "{detail}. Isi formulir pemantauan tahun {year} milik OPD Anda dari sekretariat.",
             "Realisasi triwulan tahun lain, milik OPD lain, atau dari formulir lain tidak dapat dibandingkan dengan "
             "target tahun ini.",
             "Formulir pemantauan 2019 dikirim lagi untuk pemantauan 2020, atau formulir realisasi tahunan dikirim "
             "ke folder pantau.",
             "Minta formulir pemantauan tahun yang benar (lelang pantau template FOLDER --year TAHUN) dan isi ulang."),
        Rule("LK903", ERROR, "Sifat Data kosong atau tidak dikenal",
             "Sifat Data '{value}'{context} {detail}. Pilih Kumulatif, Nilai Akhir atau Rata-rata dari daftar.",
             "Sifat Data menentukan cara target triwulan dibandingkan dengan target tahunan dan cara realisasi "
             "diproyeksikan ke akhir tahun.",
             "Sifat Data diketik 'kumulativ' atau dibiarkan kosong.",
             "Pilih salah satu dari daftar di sel Sifat Data (Kumulatif, Nilai Akhir, Rata-rata)."),
        Rule("LK904", ERROR, "Target triwulan kosong atau tidak sesuai target tahunan",
             "{detail}{context}. {expected}",
             "Rencana Aksi membagi target tahunan yang disepakati ke empat triwulan; bila tidak cocok, lampu dan "
             "proyeksi diukur terhadap target yang lain dari yang disepakati.",
             "Kumulatif dengan target tahunan 300 tetapi Target TW IV 280; atau Rata-rata 5 dengan triwulan 6, 6, 5, 5.",
             "Isi keempat target triwulan; untuk Kumulatif dan Nilai Akhir Target TW IV = target tahunan, untuk "
             "Rata-rata rata-rata keempatnya = target tahunan."),
        Rule("LK905", WARNING, "Target triwulan mundur atau menjauh dari target tahunan",
             "{detail}{context}. Periksa kembali urutan target triwulan.",
             "Target kumulatif tidak dapat berkurang; target Nilai Akhir yang menjauh dari target tahunan biasanya "
             "salah ketik atau kolom tertukar.",
             "Kumulatif: TW II 140 lalu TW III 120. Nilai Akhir (Naik, target 88): TW II 86 lalu TW III 84.",
             "Perbaiki angkanya; bila memang demikian rencananya, jelaskan di kolom Rencana Aksi."),
        Rule("LK906", ERROR, "Realisasi triwulan kosong padahal triwulan berikutnya terisi",
             "Realisasi {tw}{context} kosong, padahal {later} sudah diisi. Isi realisasi setiap triwulan secara urut.",
             "Lampu dan proyeksi dihitung dari triwulan ke triwulan; triwulan yang dilewati membuat perbandingan salah.",
             "Realisasi TW IV diisi sementara TW II kosong.",
             "Isi realisasi triwulan yang kosong, atau kosongkan triwulan yang belum waktunya."),
        Rule("LK907", ERROR, "Realisasi di bawah target triwulan tanpa penjelasan",
             "Capaian {tw}{context} {capaian} di bawah 100%, tetapi {header} kosong. Jelaskan mengapa tertinggal dan "
             "apa yang akan dilakukan.",
             "Peringatan dini memuat alasan dan rencana setiap indikator yang tertinggal agar pimpinan dapat bertindak "
             "sebelum akhir tahun.",
             "Realisasi TW II 120 dari target kumulatif 140 tanpa penjelasan.",
             "Tulis penyebab keterlambatan dan langkah mengejarnya di kolom Penjelasan triwulan itu."),
        Rule("LK908", ERROR, "OPD tidak memiliki kesepakatan yang berlaku untuk tahun ini",
             "OPD '{value}' tidak memiliki kesepakatan (pakta) yang berlaku untuk tahun {year}, sehingga tidak ada "
             "yang dipantau.",
             "Pemantauan mengukur target kesepakatan yang berlaku; tanpa pakta tidak ada target.",
             "Kode OPD di formulir diketik DINKESS, atau OPD belum menandatangani pakta.",
             "Periksa Kode OPD; bila OPD memang belum memiliki pakta, selesaikan dulu lelangnya."),
    ]


def __getattr__(name: str):
    """``RULES`` is built on first use: this module may be imported before the registry,
    which gathers it while it is itself still loading (``Rule`` is defined by then)."""
    if name == "RULES":
        globals()["RULES"] = value = _rules()
        return value
    raise AttributeError(name)

# This round's wording of LK204 (the code's meaning is the registry's: more than one workbook
# for one OPD). A quarterly workbook comes back every quarter, so the newest valid one is
# used and each older one is reported with this text instead of "none is used".
LK204_NEWER = ("Ada {count} berkas untuk OPD '{value}' ({detail}); yang dipakai untuk pemantauan adalah yang "
               "terbaru, {newest}. Sekretariat: sisakan hanya berkas terbaru OPD ini di folder masuk/ (pindahkan "
               "yang lama keluar) lalu jalankan ulang.")
