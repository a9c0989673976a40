"""Every finding code: what it means, why it matters, an example and the fix.

One registry (a plain dict) serves the checks (code, severity, message template), the
``lelang rules`` command and the generated ``docs/rules.md``. Codes are stable: a code
never changes meaning; a new check takes a new number. All text is Indonesian because
the secretariat and the OPD operators read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ERROR = "E"
WARNING = "W"
SEVERITY_NAMES = {ERROR: "galat", WARNING: "peringatan"}
SEVERITY_LEGEND = ("galat = harus diperbaiki; berkas dengan galat belum masuk rekap dan pakta (sel merah). "
                   "peringatan = periksa kembali; tidak menahan rekap (sel kuning).")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: str
    message: str  # str.format template; unknown keys are rendered as '?'
    why: str
    example: str
    fix: str
    meaning: str = ""  # "Artinya": what the finding says, in more words than the title

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAMES[self.severity]

    def explanation(self) -> str:
        """The "Artinya" text: the rule's own meaning, else its message with '…' for the values."""
        if self.meaning:
            return self.meaning
        return f"{self.title}. Pesannya: " + re.sub(r"\{[a-z_0-9]+\}", "…", self.message)

    def render(self, **params: object) -> str:
        return self.message.format_map(_Defaults(params))


class _Defaults(dict):
    def __missing__(self, key: str) -> str:  # pragma: no cover - defensive
        return "?"


def _r(code, severity, title, message, why, example, fix, meaning="") -> Rule:
    return Rule(code, severity, title, message, why, example, fix, meaning)


_RULES = [
    # ----------------------------------------------------------------- file level
    _r("LK101", ERROR, "Berkas tidak dapat dibaca sebagai buku kerja .xlsx",
       "Berkas tidak dapat dibaca sebagai buku kerja .xlsx: {detail}. Simpan ulang sebagai 'Excel Workbook (.xlsx)' lalu kirim kembali.",
       "Pemeriksa hanya membaca format .xlsx (Office Open XML). Berkas kosong, terpotong saat dikirim, "
       "terkunci kata sandi, atau berformat lain (.xls, .ods, .csv, .docx yang diganti namanya) tidak dapat dibaca isinya.",
       "Berkas 'dinkes.xlsx' berukuran 0 bita karena unggahan gagal.",
       "Buka berkas di Excel atau LibreOffice Calc, pilih Simpan Sebagai > Excel Workbook (.xlsx), tanpa kata sandi, lalu kirim ulang.",
       "Isi berkas tidak dapat dibuka sama sekali, sehingga tidak satu sel pun diperiksa: berkas kosong atau "
       "terpotong, terkunci kata sandi, atau sebenarnya berformat lain yang diberi akhiran .xlsx."),
    _r("LK102", ERROR, "Lembar wajib tidak ada",
       "Lembar '{sheet_name}' tidak ditemukan. Gunakan formulir resmi dan jangan mengganti nama atau menghapus lembar.",
       "Isian dibaca dari lembar dengan nama yang sudah ditetapkan. Lembar yang diganti namanya atau dihapus membuat isiannya tidak terbaca.",
       "Lembar 'Indikator' diganti nama menjadi 'Indikator (2)'.",
       "Kembalikan nama lembar persis seperti di formulir resmi, atau salin isian ke formulir baru dari sekretariat.",
       "Salah satu lembar isian (Identitas, Indikator, Data Pendukung) tidak ditemukan dengan nama "
       "persisnya, sehingga isinya tidak dibaca."),
    _r("LK103", ERROR, "Judul kolom wajib tidak ada atau ganda",
       "Judul kolom '{header}' {problem}. Kembalikan baris judul seperti di formulir resmi.",
       "Setiap nilai dibaca berdasarkan judul kolomnya. Judul yang hilang atau muncul dua kali membuat kolom tidak dapat dipastikan.",
       "Kolom 'Nilai Dasar' dihapus, atau 'Target 2020' muncul dua kali.",
       "Salin baris judul dari formulir resmi; jangan menghapus, menggandakan, atau mengganti nama kolom.",
       "Baris judul sebuah tabel tidak memuat salah satu judul kolom wajib, atau memuat judul yang sama dua "
       "kali. Temuan ditandai di baris judul, di tempat kolom itu seharusnya berada, dan menyebut kolom di "
       "sebelahnya. Kolom lain tetap dibaca berdasarkan judulnya dan diperiksa dalam putaran yang sama; dari "
       "judul ganda hanya kolom pertama yang dibaca."),
    _r("LK104", WARNING, "Versi formulir tidak dikenal",
       "{detail}. Formulir tetap diperiksa, tetapi sebaiknya gunakan formulir versi {expected} dari sekretariat.",
       "Formulir dibuat untuk satu versi kontrak. Formulir lama atau buatan sendiri mungkin berbeda susunannya.",
       "Formulir dibuat sendiri dengan menyalin tabel, sehingga penanda versi yang tersembunyi tidak ada.",
       "Minta formulir terbaru dari sekretariat (lelang template) dan salin isian ke sana.",
       "Penanda versi di lembar tersembunyi _Daftar tidak ada atau berbeda, tanda formulir bukan dari "
       "sekretariat atau versi lama. Isian tetap diperiksa."),
    _r("LK105", ERROR, "Rumus tanpa nilai tersimpan",
       "Sel berisi rumus '{formula}' tetapi tidak ada nilai hasil hitungan yang tersimpan. Buka dan simpan ulang berkas di Excel atau LibreOffice Calc, atau ketik nilainya langsung.",
       "Berkas yang ditulis oleh program selain aplikasi lembar kerja tidak menyimpan hasil rumus, sehingga nilai sel tidak diketahui.",
       "Sel K7 berisi =J7*0,9 dalam berkas yang dibuat oleh skrip.",
       "Buka berkas di Excel/LibreOffice lalu simpan, atau ganti rumus dengan nilainya.",
       "Sebuah sel berisi rumus, tetapi berkas tidak menyimpan hasil hitungannya, sehingga nilainya tidak "
       "diketahui."),
    _r("LK106", ERROR, "Berkas melampaui batas",
       "Berkas melampaui batas: {detail}. Hapus baris, kolom, atau isi yang tidak perlu lalu kirim ulang.",
       "Batas ukuran melindungi proses dari berkas yang rusak atau sengaja dibuat sangat besar.",
       "Lembar Indikator mengaku berisi 1.048.576 baris karena format diterapkan ke seluruh kolom.",
       "Hapus baris/kolom kosong yang berformat, kompres gambar, atau pisahkan isian yang tidak perlu.",
       "Berkas, lembar atau isinya melampaui batas ukuran yang diperiksa; berkas tidak diproses lebih "
       "lanjut."),
    _r("LK107", WARNING, "Data tersembunyi atau sel gabungan di dalam tabel",
       "{detail}. {action}",
       "Baris atau kolom tersembunyi dan sel gabungan membuat isi tabel mudah terlewat atau salah terbaca. Sel gabungan "
       "menyimpan isinya hanya di sel kiri atas: sel lain di bawahnya tetap kosong bagi pemeriksa dan Tim Penilai.",
       "Sel Program E2:E3 di lembar Indikator digabung untuk dua indikator; baris 12 disembunyikan tetapi masih berisi indikator.",
       "Sel gabungan: buka dulu proteksi lembar (Excel: Review → Unprotect Sheet; LibreOffice: Alat → Buka Proteksi "
       "Lembar), pilih sel gabungan, klik Merge & Center → Unmerge Cells (Pisahkan Sel), isi setiap sel yang kosong, "
       "lalu lindungi lagi (Protect Sheet, tanpa kata sandi). Baris/kolom tersembunyi: pilih seluruh lembar, klik kanan "
       "judul baris/kolom > Unhide (Tampilkan).",
       "Ada baris atau kolom berisi data yang disembunyikan, atau sel yang digabung (merge) di dalam tabel isian. "
       "Isinya tetap dibaca, tetapi mudah terlewat; pada sel gabungan hanya sel kiri atas yang berisi nilai."),
    # ----------------------------------------------------------------- identity
    _r("LK201", ERROR, "Isian identitas wajib kosong",
       "'{label}' wajib diisi di lembar Identitas kolom B.",
       "Identitas OPD dan Kepala OPD dicetak di Pakta Integritas; tanpa itu pakta tidak dapat dibuat.",
       "Sel B5 (Pangkat/Golongan) dibiarkan kosong.",
       "Isi sel di kolom B pada baris label tersebut.",
       "Salah satu isian Identitas bertanda * (wajib) dibiarkan kosong, atau labelnya tidak ditemukan di "
       "kolom A."),
    _r("LK202", ERROR, "Kode OPD tidak terdaftar",
       "Kode OPD '{value}' tidak ada dalam daftar OPD buku kerja Tim Penilai. Gunakan kode yang diberikan sekretariat{hint}.",
       "Kode OPD menghubungkan isian dengan daftar peserta lelang; kode yang salah membuat isian tidak dapat direkap.",
       "Kode 'DINKES ' ditulis 'DKK'.",
       "Tulis kode OPD persis seperti di formulir yang dikirim sekretariat.",
       "Kode OPD di lembar Identitas tidak ada dalam daftar OPD peserta lelang di buku kerja Tim Penilai."),
    _r("LK203", ERROR, "NIP tidak valid",
       "NIP '{value}' tidak valid: {detail}. Ketik NIP 18 digit sebagai teks, misalnya 19680411 199303 1 009.",
       "NIP dicetak di pakta dan harus dapat diverifikasi: 8 digit tanggal lahir, 6 digit TMT CPNS, 1 digit jenis kelamin, 3 digit urut. "
       "NIP yang diketik sebagai angka kehilangan digit terakhir karena Excel hanya menyimpan 15 digit.",
       "196804111993031009 diketik sebagai angka; Excel menampilkannya 1,96804E+17 dan menyimpan 196804111993031000.",
       "Format sel sebagai Teks (atau awali dengan tanda petik ') lalu ketik ulang NIP lengkap.",
       "NIP Kepala OPD tidak berbentuk NIP yang sah: bukan 18 digit, tanggal lahir atau TMT CPNS yang tidak "
       "ada, digit jenis kelamin salah, atau disimpan sebagai angka sehingga digit terakhir hilang."),
    _r("LK204", ERROR, "Lebih dari satu isian untuk OPD yang sama",
       "Ada {count} berkas untuk OPD '{value}' ({detail}); belum ada yang dipakai untuk rekap dan pakta. "
       "OPD: kirim ulang satu berkas saja, yang terbaru. Sekretariat: sisakan satu berkas OPD ini di folder masuk/ "
       "(pindahkan yang lain keluar) lalu jalankan ulang.",
       "Rekap dan pakta dibuat satu per OPD; dua isian membuat tidak jelas mana yang berlaku, sehingga tidak satu pun dipakai.",
       "dinkes.xlsx dan dinkes_revisi.xlsx sama-sama berkode DINKES.",
       "OPD: kirim ulang satu berkas yang berlaku. Sekretariat: pindahkan berkas lama keluar dari folder masuk/ "
       "(misalnya ke masuk-lama/) lalu jalankan ulang.",
       "Dua berkas atau lebih di folder masuk/ berisi Kode OPD yang sama. Pemeriksa tidak memilih salah satunya: "
       "semua ditahan sampai hanya satu yang tersisa."),
    _r("LK205", WARNING, "OPD belum mengirim isian",
       "OPD '{value}' ({name}) ada dalam daftar peserta tetapi belum ada isiannya di folder masuk/.",
       "Sekretariat perlu tahu OPD mana yang belum mengirim sebelum sesi Tim Penilai.",
       "Dinas Perhubungan belum mengirim formulir.",
       "Hubungi OPD tersebut atau keluarkan dari daftar OPD di panel.xlsx.",
       "Sebuah OPD dalam daftar peserta belum mengirim formulir ke folder masuk/; hanya sekretariat yang "
       "melihatnya."),
    _r("LK206", WARNING, "Nama OPD berbeda dari daftar",
       "Nama OPD '{value}' berbeda dengan daftar Tim Penilai ('{expected}'). Nama dari daftar yang dipakai di pakta.",
       "Nama resmi OPD dicetak di pakta; perbedaan ejaan biasanya salah ketik.",
       "'Dinkes Kota Malang' padahal daftar berisi 'Dinas Kesehatan'.",
       "Samakan nama dengan daftar, atau minta sekretariat memperbaiki daftar.",
       "Nama OPD yang diketik berbeda dari nama dalam daftar Tim Penilai; nama dari daftar yang dicetak di "
       "pakta."),
    # ----------------------------------------------------------------- indicators
    _r("LK301", ERROR, "Sel wajib kosong",
       "'{header}' wajib diisi{context}.",
       "Setiap kolom wajib diperlukan untuk menguji target dan mencetak pakta.",
       "Sumber Data untuk indikator IK-03 kosong.",
       "Isi sel tersebut; jika datanya memang belum ada, tulis sumber dan nilai perkiraan lalu jelaskan di Cara Perhitungan.",
       "Sebuah kolom wajib (judulnya bertanda *) kosong pada baris indikator, sehingga indikator itu tidak "
       "lengkap."),
    _r("LK302", ERROR, "Bukan angka",
       "'{header}' harus berupa angka, tetapi berisi '{value}'. Ketik angka saja tanpa satuan, desimal memakai koma (12,5).",
       "Target dan nilai dasar dibandingkan dan dihitung; teks tidak dapat dihitung.",
       "Nilai Dasar diisi '± 120 kasus'.",
       "Hapus teks dan satuan, ketik angkanya saja; satuan ditulis di kolom Satuan.",
       "Sel yang harus berisi angka (nilai dasar atau target) berisi teks yang tidak dapat dibaca sebagai "
       "angka."),
    _r("LK303", WARNING, "Angka ditulis sebagai teks",
       "'{header}' ditulis sebagai teks '{value}' dan dibaca sebagai {number}. Periksa kebenarannya, atau ketik sebagai angka.",
       "Angka yang disimpan sebagai teks tidak dapat dijumlah di Excel dan mudah salah baca; pemeriksa membacanya hanya jika maknanya pasti.",
       "'12,5' dalam sel berformat teks dibaca 12,5; '85%' dibaca 85.",
       "Hapus isi sel lalu ketik ulang angkanya saja (tanpa tanda petik ' di depan, tanpa titik ribuan); sel di formulir "
       "resmi sudah menerima angka, formatnya tidak perlu diubah.",
       "Angka diketik sebagai teks (misalnya diawali tanda petik atau dengan tanda %), tetapi maknanya "
       "pasti; nilai itu dipakai, dan Anda diminta memastikan."),
    _r("LK304", ERROR, "Angka teks yang bermakna ganda",
       "'{header}' berisi teks '{value}' yang bermakna ganda (bisa {a} atau {b}). Hapus isi sel lalu ketik angkanya "
       "tanpa titik ribuan: {a} atau {b}, sesuai maksudnya.",
       "Dalam penulisan Indonesia titik memisahkan ribuan dan koma menandai desimal, di format Inggris sebaliknya. "
       "'1.234' bisa berarti seribu dua ratus tiga puluh empat atau satu koma dua tiga empat; pemeriksa tidak pernah menebak.",
       "Nilai Dasar diisi '1.234' sebagai teks.",
       "Hapus isi sel dan ketik angkanya tanpa titik ribuan: 1234 (seribu dua ratus tiga puluh empat) atau 1,234 (satu "
       "koma dua tiga empat). Format sel tidak perlu diubah.",
       "Sebuah angka diketik sebagai teks dengan titik, misalnya '1.234', sehingga bisa dibaca sebagai ribuan maupun "
       "desimal. Pemeriksa tidak menebak: nilainya dianggap belum diisi sampai diketik ulang."),
    _r("LK305", ERROR, "Kode Indikator ganda",
       "Kode Indikator '{value}' sudah dipakai di baris {other_row}. Setiap indikator harus punya kode unik.",
       "Kode indikator menghubungkan data pendukung dan penawaran; kode ganda membuat hubungan itu kabur.",
       "IK-02 dipakai untuk dua indikator.",
       "Beri kode baru, misalnya IK-07, dan sesuaikan Data Pendukung.",
       "Dua baris indikator memakai Kode Indikator yang sama; baris kedua ditandai dengan rujukan ke baris "
       "pertama."),
    _r("LK306", ERROR, "Misi tidak dikenal",
       "Misi '{value}' bukan kode misi Wali Kota. Pilih salah satu: {allowed}.",
       "Setiap indikator harus melayani salah satu misi dalam RPJMD.",
       "Misi diisi 'Misi ke-2' padahal kodenya 'M2'.",
       "Pilih kode misi dari daftar pilihan di sel.",
       "Isi kolom Misi bukan salah satu kode misi dalam daftar (misalnya M1 sampai M4)."),
    _r("LK307", ERROR, "Polaritas tidak valid",
       "Polaritas '{value}' tidak dikenal. Isi Naik, Turun, atau Tetap.",
       "Polaritas menentukan arah perbaikan dan rumus capaian (SAKIP).",
       "Polaritas diisi 'Meningkat'.",
       "Pilih Naik (makin tinggi makin baik), Turun (makin rendah makin baik), atau Tetap.",
       "Isi kolom Polaritas bukan Naik, Turun atau Tetap, sehingga arah perbaikan indikator tidak diketahui."),
    _r("LK308", ERROR, "Tahun Dasar tidak valid",
       "Tahun Dasar '{value}' harus tahun (4 digit) sebelum tahun pertama periode ({first}).",
       "Titik nol adalah kondisi sebelum periode RPJMD dimulai.",
       "Tahun Dasar 2019 untuk periode 2019–2023.",
       "Isi tahun data titik nol, misalnya 2017 atau 2018.",
       "Tahun Dasar bukan tahun 4 digit, atau tidak sebelum tahun pertama periode target."),
    _r("LK309", ERROR, "Titik akhir tidak lebih baik dari titik nol",
       "Target akhir {end} tidak lebih baik dari Nilai Dasar {base} untuk polaritas {polarity}: {expect}. Perbaiki target akhir, atau polaritasnya jika keliru.",
       "Lelang kinerja menuntut perbaikan: untuk Naik target akhir harus di atas nilai dasar, untuk Turun di bawahnya.",
       "Angka Kematian Ibu (Turun) dengan nilai dasar 120 dan target 2023 sebesar 130.",
       "Periksa polaritas dan target akhir; jika memang dijaga tetap, pilih polaritas Tetap.",
       "Target tahun terakhir (titik akhir) dibandingkan dengan Nilai Dasar (titik nol) menurut polaritas: untuk Naik "
       "titik akhir harus lebih besar, untuk Turun harus lebih kecil. Jika tidak, usulan tidak menjanjikan perbaikan "
       "apa pun dan tidak dapat dilelang."),
    _r("LK310", WARNING, "Target tahunan tidak bergerak searah",
       "Target {year} ({value}) {detail} untuk polaritas {polarity}. Target tahunan sebaiknya bergerak searah menuju titik akhir.",
       "Jalur target yang naik-turun menyulitkan evaluasi tahunan dan biasanya salah ketik.",
       "Polaritas Turun, nilai dasar 59,3: target 56, 58, 60, 62, 64 (2020–2023 masing-masing naik); atau nilai dasar "
       "104,5 dengan target 2019 sebesar 106.",
       "Periksa setiap target yang ditandai; urutkan agar tidak mundur dari tahun sebelumnya (untuk tahun pertama: "
       "dari Nilai Dasar).",
       "Jalur target dibaca dari Nilai Dasar, lalu tahun demi tahun sampai titik akhir. Setiap tahun yang mundur "
       "dibanding tahun sebelumnya (untuk tahun pertama: dibanding Nilai Dasar) ditandai, semuanya sekaligus."),
    _r("LK311", ERROR, "Nilai di luar batas satuannya",
       "Nilai {value} untuk satuan {unit} harus {range} (lembar Satuan di panel.xlsx). Perbaiki nilainya, atau "
       "ganti satuan jika nilainya memang benar.",
       "Setiap satuan punya rentang yang masuk akal: % berarti 0 sampai 100, jumlah orang tidak negatif, angka "
       "per 100.000 KH tidak lebih dari 100.000. Nilai di luarnya hampir pasti salah satuan atau salah ketik.",
       "Target 2023 diisi 8500 untuk satuan %, atau Indeks Kepuasan Masyarakat 123 untuk satuan indeks (0–100).",
       "Perbaiki nilai, atau ganti satuan jika indikator bukan persentase. Batas setiap satuan ada di lembar "
       "Satuan panel.xlsx (sekretariat dapat menyesuaikannya).",
       "Nilai dasar atau target berada di luar Batas Bawah/Batas Atas satuannya menurut lembar Satuan panel.xlsx "
       "(satuan % selalu 0–100)."),
    _r("LK312", WARNING, "Sel berformat persen dibaca sebagai 0–100",
       "Sel berformat persen menyimpan {raw} (tampil {shown}); untuk satuan % dibaca sebagai {number}.",
       "Excel menyimpan 85% sebagai 0,85. Untuk satuan % yang dimaksud adalah 85; pemeriksa mengonversinya dan memberi tahu.",
       "Sel Target 2020 berformat persen menampilkan 85%.",
       "Tidak wajib diperbaiki: nilainya sudah dibaca benar. Pada isian berikutnya ketik 85 (tanpa tanda %) di sel "
       "formulir resmi.",
       "Sel berformat persen menyimpan pecahan (85% disimpan 0,85); untuk satuan % nilainya dibaca 85 dan "
       "Anda diberi tahu."),
    _r("LK313", WARNING, "Toleransi pada indikator yang bukan Tetap",
       "Toleransi (±) {value} diisi untuk indikator berpolaritas {polarity}; toleransi hanya dipakai untuk "
       "polaritas Tetap dan diabaikan di sini. Kosongkan selnya, atau ganti polaritas menjadi Tetap bila "
       "nilainya memang dijaga dalam rentang.",
       "Toleransi membuat setiap realisasi di dalam rentang target ± toleransi bercapaian 100 %. Untuk Naik "
       "dan Turun makin jauh makin baik (atau buruk), sehingga rentang tidak bermakna dan tidak dihitung.",
       "Persentase penduduk miskin (Turun) diberi Toleransi (±) 0,5.",
       "Kosongkan sel Toleransi (±), atau ubah Polaritas menjadi Tetap bila indikator memang dijaga "
       "(misalnya inflasi 3,5 ± 1).",
       "Kolom Toleransi (±) terisi pada indikator Naik atau Turun; nilainya tidak dipakai dalam evaluasi."),
    _r("LK314", ERROR, "Toleransi negatif",
       "Toleransi (±) berisi {value}; toleransi adalah lebar rentang di sekitar target dan tidak boleh negatif. "
       "Isi angka 0 atau lebih (inflasi 3,5 ± 1: isi 1), atau kosongkan.",
       "Rentang target ± toleransi dengan toleransi negatif tidak ada; capaian tidak dapat dihitung darinya.",
       "Toleransi (±) diisi -1 untuk tingkat inflasi.",
       "Ketik toleransi tanpa tanda minus, dalam satuan indikator, atau kosongkan sel.",
       "Kolom Toleransi (±) berisi angka di bawah 0."),
    _r("LK315", WARNING, "Polaritas tampaknya terbalik",
       "Polaritas '{polarity}' tampaknya terbalik: dari Nilai Dasar {base} setiap target tahunan ({path}) dan titik "
       "akhirnya bergerak {moves}. Jika indikator ini makin {good} makin baik, ganti Polaritas menjadi {other}; jika "
       "tidak, perbaiki targetnya.",
       "Satu polaritas yang keliru membuat titik akhir dan setiap target tahunan tampak salah; yang perlu diperbaiki "
       "hanya sel Polaritas.",
       "Angka Kematian Ibu dengan polaritas Naik, nilai dasar 59,3 dan target 56, 52, 48, 44 (semuanya turun).",
       "Ganti Polaritas (Naik menjadi Turun atau sebaliknya) bila arah target memang benar; temuan LK309 dan LK310 "
       "di baris yang sama hilang bersamanya.",
       "Bila titik akhir tidak lebih baik dari Nilai Dasar (LK309) dan setiap langkah tahunan juga bergerak ke arah "
       "yang salah (LK310), penyebabnya hampir pasti polaritas yang terbalik. Sel Polaritas ikut ditandai, sekali "
       "per indikator."),
    # ----------------------------------------------------------------- supporting data
    _r("LK401", ERROR, "Indikator tanpa data pendukung",
       "Indikator '{value}' belum punya data pendukung. Tambahkan minimal satu baris di lembar Data Pendukung.",
       "Data pendukung membuat target dapat diuji Tim Penilai, misalnya jumlah ibu hamil per kecamatan untuk Angka Kematian Ibu.",
       "IK-04 tidak muncul di lembar Data Pendukung.",
       "Tambahkan baris di Data Pendukung dengan Kode Indikator tersebut.",
       "Sebuah indikator tidak punya satu pun baris dengan Kode Indikator-nya di lembar Data Pendukung."),
    _r("LK402", ERROR, "Data pendukung untuk indikator yang tidak ada",
       "Kode Indikator '{value}' tidak ada di lembar Indikator. Pilih kode dari daftar, atau tambahkan indikatornya di lembar Indikator.",
       "Data pendukung harus terkait dengan indikator yang diusulkan.",
       "Data pendukung memakai IK-9 padahal indikatornya IK-09.",
       "Pilih kode dari daftar pilihan di sel, atau tambahkan indikatornya.",
       "Sebuah baris Data Pendukung memakai Kode Indikator yang tidak ada di lembar Indikator (sering salah "
       "ketik)."),
    _r("LK403", ERROR, "Data pendukung kosong atau tidak valid",
       "Data pendukung: {detail}. Lengkapi atau perbaiki sel ini.",
       "Setiap angka pendukung harus lengkap dengan tahun, nilai, satuan, dan sumber agar dapat diverifikasi.",
       "Baris data pendukung tanpa Tahun.",
       "Lengkapi sel tersebut dengan nilai yang benar.",
       "Sebuah baris Data Pendukung tidak lengkap (Tahun, Nilai, Satuan atau Sumber Data kosong) atau berisi "
       "nilai yang bukan angka/tahun."),
    # ----------------------------------------------------------------- offers
    _r("LK501", ERROR, "Baris penawaran untuk OPD atau indikator yang tidak dikenal",
       "Baris penawaran untuk {detail} tidak cocok dengan isian yang valid. Periksa Kode OPD dan Kode Indikator.",
       "Penawaran hanya berlaku untuk indikator yang diusulkan OPD; baris lain tidak dapat dimasukkan ke pakta.",
       "Kode Indikator IK-07 untuk DINKES padahal DINKES hanya punya IK-01 sampai IK-06.",
       "Jalankan ulang 'lelang offers' agar baris sesuai isian terbaru, lalu pindahkan tawaran ke baris yang benar."),
    _r("LK502", ERROR, "Tawaran tanpa keputusan",
       "Ada tawaran untuk {value} tetapi Keputusan kosong. Isi Sanggup atau Tidak Sanggup; pakta OPD ini ditahan sampai diputuskan.",
       "Pakta mencatat jawaban Kepala OPD atas setiap tawaran.",
       "Tawaran Target Akhir 95 tanpa Keputusan.",
       "Pilih Sanggup atau Tidak Sanggup dari daftar pilihan."),
    _r("LK503", ERROR, "Keputusan tidak valid",
       "Keputusan '{value}' tidak dikenal. Isi Sanggup atau Tidak Sanggup.",
       "Hanya dua jawaban yang sah dalam pakta.",
       "Keputusan diisi 'Sangup'.",
       "Pilih dari daftar pilihan di sel."),
    _r("LK504", WARNING, "Tawaran lebih ringan dari usulan",
       "Tawaran {offer} lebih ringan daripada usulan OPD {proposal} untuk polaritas {polarity}. Periksa kembali nilai tawaran.",
       "Tim Penilai biasanya menawarkan target yang lebih menantang; tawaran lebih ringan mungkin salah ketik.",
       "Usulan 95 (Naik), tawaran 90.",
       "Periksa kembali nilai tawaran."),
    _r("LK505", ERROR, "Tahun tawaran atau kesepakatan di luar periode",
       "{header} '{value}' harus antara {first} dan {last}.",
       "Target hanya dapat dicapai dalam periode RPJMD.",
       "Tawaran Tahun 2025 untuk periode 2019–2023.",
       "Isi tahun di dalam periode, atau kosongkan untuk tahun terakhir."),
    _r("LK506", ERROR, "Nilai tawaran atau kesepakatan bukan angka",
       "'{header}' harus berupa angka, tetapi berisi '{value}'. {advice}",
       "Nilai tawaran dan kesepakatan dicetak dan dibandingkan sebagai angka; angka teks bermakna ganda seperti "
       "'1.600' (1600 atau 1,6) tidak pernah ditebak.",
       "Tawaran Target Akhir diisi 'naik 5 poin', atau '1.600' sebagai teks.",
       "Ketik angkanya saja, desimal memakai koma (12,5); untuk '1.600' ketik 1600 atau 1,6 sesuai maksudnya."),
    _r("LK507", WARNING, "Keputusan tanpa tawaran",
       "Keputusan '{value}' diisi padahal tidak ada tawaran; usulan OPD yang berlaku.",
       "Keputusan hanya bermakna untuk tawaran.",
       "Keputusan Sanggup di baris tanpa Tawaran Target Akhir.",
       "Isi Tawaran Target Akhir, atau kosongkan Keputusan."),
    # ----------------------------------------------------------------- sessions and the pact (offer workbook version 2)
    _r("LK508", ERROR, "Sesi selesai tetapi pakta belum dapat diterbitkan",
       "Sesi Selesai berisi Ya untuk {kode}, tetapi {detail}. Pakta OPD ini ditahan sampai diperbaiki.",
       "Pakta hanya diterbitkan bila isian OPD tanpa galat dan setiap tawaran sudah diputuskan dengan benar; "
       "tanda Sesi Selesai yang terlalu cepat berarti masih ada yang harus diselesaikan.",
       "Sesi Selesai DINKES diisi Ya padahal Penawaran!L27 (Keputusan) masih kosong.",
       "Lengkapi sel yang disebut (Keputusan, angka tawaran) atau minta OPD memperbaiki formulirnya; bila sesi "
       "belum benar-benar selesai, kosongkan Sesi Selesai."),
    _r("LK509", ERROR, "Isi formulir atau tawaran berubah setelah pakta terbit",
       "Pakta {kode} sudah terbit ({pact}), tetapi isi {what} berubah sesudahnya: {changes}. Pakta dan catatan "
       "kesepakatannya tidak diubah.",
       "Pakta yang sudah terbit mungkin sudah ditandatangani; mengubahnya diam-diam membuat dokumen yang "
       "ditandatangani berbeda dari catatan. Yang dibandingkan adalah isi (angka sebagai angka, teks tanpa spasi "
       "di tepi), bukan berkasnya: formulir yang hanya disimpan ulang, diganti nama, atau salinan beranotasi yang "
       "dikirim kembali tidak mengunci pakta.",
       "DINKES mengirim formulir perbaikan setelah pakta diterbitkan: 'DINKES-01 Target 2021: 86 → 87'.",
       "Jika perubahan tidak disengaja, kembalikan nilai itu seperti semula. Jika kesepakatan memang diubah: "
       "kosongkan Sesi Selesai dan jalankan 'lelang run' (pakta lama tetap berlaku), isi Berlaku Mulai dan "
       "Alasan Perubahan, isi Ya lagi, lalu jalankan lagi."),
    _r("LK510", ERROR, "Isi Sesi Selesai tidak dikenal",
       "Sesi Selesai berisi '{value}'. Isi Ya bila sesi OPD ini selesai, atau kosongkan.",
       "Hanya Ya yang menerbitkan pakta; isian lain (Tidak, Sudah, tanggal, rumus) tidak jelas maksudnya.",
       "Sesi Selesai diisi 'sudah' atau '1'.",
       "Pilih Ya dari daftar pilihan, atau kosongkan sel."),
    _r("LK511", WARNING, "Catatan kesepakatan diubah di luar pemroses",
       "{detail}. Catatan itu tidak dipercaya dan disusun ulang dari pakta yang terbit.",
       "hasil/kesepakatan.json dibaca evaluasi tahunan; isinya hanya boleh ditulis pemroses saat pakta terbit, "
       "dan setiap catatan membawa sidik (SHA-256) isinya sendiri.",
       "Target 2021 DINKES di kesepakatan.json diganti tangan dari 97,4 menjadi 90.",
       "Jangan menyunting kesepakatan.json atau kesepakatan.xlsx. Periksa siapa yang mengubahnya; pemroses "
       "sudah menyusunnya kembali dari pakta yang terbit."),
    _r("LK512", WARNING, "Lembar Status OPD hilang dan dibuat ulang",
       "Lembar 'Status OPD' tidak ada di penawaran.xlsx; lembar itu dibuat ulang dengan Sesi Selesai = Ya untuk "
       "setiap OPD yang paktanya sudah terbit. Isi lagi Sesi Selesai dan Catatan Sesi lain yang hilang.",
       "Lembar Status OPD menyimpan keputusan Tim Penilai bahwa sesi setiap OPD selesai; tanpa lembar itu pakta tidak "
       "diterbitkan. Pakta yang sudah terbit tidak ditarik karena lembarnya terhapus.",
       "Lembar 'Status OPD' terhapus saat penawaran.xlsx disunting.",
       "Periksa lembar Status OPD yang baru; versi sebelumnya ada di hasil/arsip/."),
    _r("LK108", WARNING, "Teks sangat panjang",
       "Isian {header} berisi {length} karakter (wajar paling banyak {limit}). Di bahan paparan dan pakta teks ini "
       "dipendekkan; ringkas isinya lalu kirim ulang bila memang terlalu panjang.",
       "Teks yang sangat panjang tidak muat di slide, tabel rekap dan pakta; ia dipotong dan maknanya bisa hilang. "
       "Teks ribuan karakter biasanya tertempel tidak sengaja.",
       "Sel Sasaran Strategis berisi 10.000 karakter hasil tempel dari dokumen lain.",
       "Ringkas isi sel menjadi satu atau dua kalimat; uraian panjang cukup di dokumen Renstra.",
       "Sel berisi teks jauh lebih panjang dari yang wajar untuk isian itu; formulir tetap diproses, tetapi teksnya "
       "dipendekkan di bahan paparan."),
    _r("LK109", WARNING, "Karakter kendali tak terlihat",
       "Isian {header} berisi karakter kendali tak terlihat ({chars}) yang dapat membalik arah atau menyembunyikan "
       "teks. Karakter itu dibuang di pakta, bahan paparan dan nama berkas; ketik ulang isian ini tanpa menempel.",
       "Karakter pengatur arah (misalnya U+202E) dan karakter lebar-nol tidak terlihat, tetapi mengubah cara teks "
       "tampil: 'gnp.exe' dapat tampil sebagai 'exe.png', 'RTL' sebagai 'LTR'.",
       "Nama OPD ditempel dari pesan singkat dan membawa U+202E.",
       "Hapus isi sel, ketik ulang tanpa menempel, lalu kirim ulang.",
       "Sel berisi karakter kendali tak terlihat; yang dicetak adalah teks tanpa karakter itu."),
    _r("LK513", ERROR, "Berlaku Mulai bukan tahun yang dapat diubah",
       "Berlaku Mulai {kode} berisi '{value}': {detail}. Pakta yang berlaku tidak diubah.",
       "Perubahan pakta berlaku sejak satu tahun periode ke depan. Tahun yang sudah dievaluasi, atau tahun lalu "
       "yang Perjanjian Kinerjanya sudah terbit, dibekukan: targetnya sudah dipakai dan tidak boleh berubah.",
       "Berlaku Mulai DINKES diisi 2019, padahal evaluasi 2019 sudah menilai DINKES.",
       "Isi Berlaku Mulai dengan tahun pertama yang belum dibekukan (misalnya 2020), sebagai angka tahun."),
    _r("LK514", ERROR, "Perubahan pakta tanpa Berlaku Mulai atau Alasan Perubahan yang sah",
       "Pakta {kode} tidak diterbitkan ulang: {detail}. Pakta yang berlaku tidak diubah.",
       "Sesudah evaluasi memakai kesepakatan, perubahan hanya boleh berlaku ke depan dan harus tercatat alasannya; "
       "alasan dipilih dari daftar agar riwayat kesepakatan dapat dibaca sama oleh semua pihak.",
       "DINKES diterbitkan ulang setelah evaluasi 2019 tanpa Berlaku Mulai, atau Alasan Perubahan diketik "
       "'ganti kadis'.",
       "Isi Berlaku Mulai (tahun pertama yang diubah) dan pilih Alasan Perubahan dari daftar: Mutasi pejabat, "
       "Perubahan anggaran, Perubahan prioritas atau Koreksi."),
    _r("LK515", WARNING, "Pakta terbit untuk OPD tanpa tawaran",
       "Tim Penilai tidak memberi tawaran kepada {kode}; pakta memuat pernyataan bahwa target usulan OPD sendiri "
       "yang disepakati.",
       "Teks pakta yang biasa menyebut tawaran Tim Penilai; untuk OPD tanpa tawaran teks itu tidak benar, jadi "
       "pakta memakai pernyataan lain.",
       "Semua baris DISHUB di penawaran.xlsx tanpa Tawaran Target Akhir dan Tawaran Tahun.",
       "Tidak perlu tindakan bila memang tidak ada tawaran; bila ada yang terlewat, kosongkan Sesi Selesai, isi "
       "tawarannya, lalu isi Ya lagi."),
    _r("LK516", ERROR, "Tanggal di Status OPD tidak valid",
       "{label} {kode} berisi '{value}': {detail}.",
       "Tanggal Pakta dicetak di pakta dan Ditandatangani dicatat di daftar kesepakatan; tanggal yang tidak "
       "terbaca atau mustahil (ditandatangani sebelum pakta bertanggal) membuat catatan itu salah.",
       "Ditandatangani 1 Desember 2018 untuk pakta bertanggal 8 Desember 2018, atau Tanggal Pakta 'minggu depan'.",
       "Ketik tanggal seperti 8 Desember 2018 atau 2018-12-08, tidak sebelum Tanggal Pakta."),
    _r("LK517", WARNING, "Kepala OPD berbeda dari penanda tangan pakta yang berlaku",
       "Kepala OPD di formulir {kode} ({new}) berbeda dari penanda tangan pakta yang berlaku ({old}).",
       "Pakta mengikat pejabat yang menandatanganinya; pejabat baru perlu menandatangani perubahan pakta.",
       "Kepala Dinas Kesehatan diganti pada 2020; formulir baru menyebut kepala yang baru.",
       "Terbitkan perubahan pakta: kosongkan Sesi Selesai, jalankan, isi Berlaku Mulai (tahun pertama yang "
       "belum dievaluasi) dan Alasan Perubahan = Mutasi pejabat, isi Ya lagi, lalu jalankan."),
    # ----------------------------------------------------------------- panel workbook
    _r("LK601", ERROR, "Pengaturan buku kerja Tim Penilai kosong atau tidak valid",
       "Pengaturan '{label}' {detail} di panel.xlsx. Perbaiki sel ini di panel.xlsx lalu jalankan ulang.",
       "Pengaturan menentukan periode, daftar misi dan OPD, serta penanda tangan pakta.",
       "Tahun Akhir lebih kecil dari Tahun Awal.",
       "Perbaiki sel tersebut di panel.xlsx."),
    _r("LK602", ERROR, "Kode ganda dalam daftar buku kerja Tim Penilai",
       "Kode '{value}' muncul lebih dari sekali di lembar {sheet_name} (baris {other_row}). Hapus atau ganti salah satu baris.",
       "Kode misi dan kode OPD harus unik agar isian dapat dicocokkan.",
       "DINKES tercantum dua kali di lembar OPD.",
       "Hapus atau ganti salah satu baris."),
    _r("LK605", ERROR, "Kode OPD tidak dapat dipakai",
       "Kode OPD '{value}' tidak dapat dipakai: {detail}. Pakai huruf A–Z, angka, '-' atau '_' (paling banyak "
       "{limit} karakter), misalnya DINKES atau DP3AP2KB; OPD ini tidak diproses sampai kodenya diperbaiki.",
       "Kode OPD menjadi nama formulir, folder per OPD, pakta dan bahan paparan. Kode berisi '/', '..' atau nama "
       "khusus Windows (CON, NUL, COM1) dapat menulis berkas di luar folder lelang atau tidak dapat dibuat; dua kode "
       "yang hanya berbeda huruf besar-kecil atau bentuk huruf beraksen akan tercampur.",
       "Kode '../../ESC', 'A/B', 'CON', kode 300 karakter, atau 'dinkes' di samping 'DINKES'.",
       "Ganti kode di lembar OPD panel.xlsx dengan singkatan resmi OPD (huruf dan angka saja), lalu jalankan ulang.",
       "Kode di lembar OPD panel.xlsx memuat karakter yang tidak diizinkan, terlalu panjang, memakai nama khusus "
       "sistem berkas, atau sama dengan kode lain setelah huruf besar-kecil dan bentuk Unicode disamakan."),
    # ----------------------------------------------------------------- points (panel workbook version 2)
    _r("LK603", WARNING, "Lembar atau pengaturan panel.xlsx versi baru tidak ada atau tidak lengkap",
       "{detail}: nilai bawaan yang dipakai. Jalankan 'lelang init' pada folder lelang ini untuk menambahkan "
       "yang belum ada ke panel.xlsx (isian Anda tidak diubah; salinan lama disimpan di hasil/arsip/).",
       "Poin, insentif, batas satuan, dasar peringkat dan rumus capaian Turun dibaca dari panel.xlsx. Buku kerja "
       "Tim Penilai yang dibuat versi lama belum memiliki lembar atau baris pengaturan itu.",
       "panel.xlsx dibuat sebelum evaluasi tahunan ada, sehingga lembar Poin, Satuan dan Insentif tidak ada.",
       "Jalankan lelang init <folder-lelang>: lembar dan baris yang belum ada ditambahkan dengan nilai bawaan, "
       "lalu sesuaikan nilainya bila perlu.",
       "Lembar Poin, Satuan atau Insentif, atau baris Dasar Peringkat, Rumus Capaian Turun atau Poin Tidak "
       "Melapor, tidak ditemukan di panel.xlsx; selama belum ditambahkan, nilai bawaan yang dipakai."),
    _r("LK604", ERROR, "Isian lembar Poin, Insentif atau Satuan tidak valid",
       "{detail}. Perbaiki sel ini di panel.xlsx; sampai diperbaiki, tabel bawaan yang dipakai.",
       "Poin atau insentif yang salah membuat peringkat, rapor kinerja dan insentif salah untuk semua OPD; "
       "batas satuan yang salah membuat pemeriksaan nilai keliru.",
       "Capaian Minimal diisi '90 persen', baris tidak urut dari besar ke kecil, Bobot Sanksi -1, Persentase "
       "Insentif 120, atau Batas Bawah satuan lebih besar dari Batas Atas.",
       "Isi angka saja; urutkan Capaian Minimal dan Poin per Indikator Minimal dari terbesar ke terkecil; bobot "
       "tidak boleh di bawah 0; persentase insentif 0 sampai 100 dan tidak naik ke bawah; Batas Bawah tidak "
       "di atas Batas Atas."),
    # ----------------------------------------------------------------- realisation workbook (docs/evaluasi.md)
    _r("LK701", ERROR, "Baris indikator yang disepakati hilang atau tidak dikenal",
       "{detail}. Gunakan baris yang sudah terisi di formulir realisasi; jangan menghapus atau menambah indikator.",
       "Evaluasi mengukur tepat indikator yang ditandatangani dalam pakta; indikator lain tidak dapat dinilai.",
       "Baris IK-03 terhapus, atau ditambah baris IK-09 yang tidak ada dalam kesepakatan.",
       "Minta formulir realisasi baru dari sekretariat (lelang eval template) atau kembalikan baris yang hilang."),
    _r("LK702", ERROR, "Nilai terkunci diubah",
       "'{header}' berisi '{value}', padahal kesepakatan mencatat '{expected}'{context}. Kembalikan nilainya atau minta formulir realisasi baru.",
       "Indikator, satuan, polaritas, target, keputusan dan tahun diambil dari pakta; bila berubah, capaian tidak lagi diukur terhadap yang disepakati. Bila pakta diterbitkan ulang, formulir lama tidak berlaku.",
       "Target 2019 diubah dari 97,4 menjadi 100.",
       "Kembalikan nilai seperti tercatat, atau minta formulir realisasi baru dari sekretariat."),
    _r("LK703", ERROR, "Realisasi kosong",
       "Realisasi {year}{context} belum diisi. Ketik angka realisasi tahun {year}.",
       "Tanpa realisasi, capaian dan poin indikator tidak dapat dihitung.",
       "Kolom Realisasi 2019 kosong untuk IK-02.",
       "Isi angka realisasi; bila data belum ada, tanyakan ke sekretariat sebelum mengirim."),
    _r("LK704", ERROR, "Sumber Data atau Bukti Dukung kosong",
       "'{header}'{context} wajib diisi: sebutkan {what}.",
       "Tim evaluasi harus dapat menelusuri dari mana angka realisasi berasal.",
       "Bukti Dukung kosong untuk Angka Kematian Ibu.",
       "Isi sumber data (mis. Profil Kesehatan 2019) dan letak bukti (dokumen, halaman, atau tautan)."),
    _r("LK705", ERROR, "Target tidak tercapai tanpa penjelasan",
       "Capaian{context} {capaian} di bawah 100%, tetapi Penjelasan kosong. Jelaskan mengapa target tidak tercapai.",
       "Rapor kinerja memuat alasan setiap target yang tidak tercapai.",
       "Realisasi 90 dari target 95 (Naik) tanpa penjelasan.",
       "Tulis penyebabnya di kolom Penjelasan; rencana perbaikan boleh ditulis di Upaya Perbaikan."),
    _r("LK706", WARNING, "Realisasi tidak wajar",
       "Realisasi {value}{context} {detail}. Periksa kembali angkanya (salah ketik satuan atau desimal?).",
       "Angka negatif untuk sesuatu yang dihitung, atau sepuluh kali lipat dari nilai dasar, biasanya salah ketik.",
       "Realisasi 9850 untuk persentase dengan nilai dasar 98,5.",
       "Periksa angka dan satuannya; bila memang benar, jelaskan di kolom Penjelasan."),
    _r("LK707", ERROR, "Bukan formulir realisasi tahun ini",
       "{detail}. Isi formulir realisasi tahun {year} dari sekretariat.",
       "Realisasi tahun lain atau formulir lelang tidak dapat dibandingkan dengan target tahun ini.",
       "Formulir realisasi 2019 dikirim untuk evaluasi 2020, atau formulir lelang dikirim ke folder evaluasi.",
       "Minta formulir realisasi tahun yang benar (lelang eval template FOLDER --year TAHUN) dan isi ulang."),
    _r("LK708", WARNING, "Kepala OPD berbeda dari penanda tangan pakta",
       "{detail}. Pergantian pejabat dicatat di rapor kinerja.",
       "Rapor kinerja mencatat siapa yang menandatangani pakta dan siapa kepala OPD saat evaluasi.",
       "Kepala dinas diganti pada pertengahan 2019.",
       "Tidak perlu tindakan bila memang ada pergantian; bila salah ketik, perbaiki nama atau NIP."),
    _r("LK709", ERROR, "OPD tidak memiliki pakta yang terbit",
       "OPD '{value}' tidak memiliki pakta yang terbit dalam daftar kesepakatan, sehingga tidak ada yang dievaluasi.",
       "Evaluasi hanya mengukur kesepakatan yang ditandatangani.",
       "Kode OPD di formulir diketik DINKESS, atau OPD belum menandatangani pakta.",
       "Periksa Kode OPD; bila OPD memang belum memiliki pakta, selesaikan dulu lelangnya."),
    _r("LK710", WARNING, "Data pendukung realisasi tidak ada",
       "Tidak ada data pendukung untuk indikator {value} di lembar Data Pendukung. Tambahkan minimal satu angka pendukung realisasi.",
       "Angka pendukung membuat realisasi dapat diuji.",
       "Indikator IK-04 tidak memiliki baris di Data Pendukung.",
       "Tambahkan baris dengan Kode Indikator tersebut, tahun evaluasi, nilai dan sumbernya."),
]

def _gather_rounds() -> None:
    """Each round keeps its codes next to its checks (``<round>/rules.py``); the one
    registry gathers them here, in code order."""
    from .pk.rules import RULES as pk_rules
    from .pantau.rules import RULES as pantau_rules

    _RULES.extend(pk_rules + pantau_rules)
    _RULES.sort(key=lambda r: r.code)


_gather_rounds()
RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}


def get(code: str) -> Rule:
    return RULES[code]


def docs_markdown() -> str:
    """The text of docs/rules.md, generated from this registry."""
    lines = [
        "# Kode temuan (finding codes)",
        "",
        "<!-- Generated by `python -m lelang_xlsx.docs_gen` from lelang_xlsx/rules.py; do not edit. -->",
        "",
        "Tingkat: **galat** harus diperbaiki (berkas dengan galat belum masuk rekap dan pakta; sel merah di salinan "
        "beranotasi); **peringatan** perlu diperiksa tetapi tidak menahan apa pun (sel kuning).",
        "",
        "| kode | tingkat | judul |",
        "| --- | --- | --- |",
    ]
    lines += [f"| [{r.code}](#{r.code.lower()}) | {r.severity_name} | {r.title} |" for r in _RULES]
    for r in _RULES:
        lines += [
            "",
            f"## {r.code}",
            "",
            f"**{r.title}** — {r.severity_name}",
            "",
            f"- **Artinya:** {r.explanation()}",
            f"- **Pesan:** _{r.message}_",
            f"- **Mengapa penting:** {r.why}",
            f"- **Contoh:** {r.example}",
            f"- **Perbaikan:** {r.fix}",
        ]
    return "\n".join(lines) + "\n"


def explain(code: str) -> str:
    """Plain-text explanation printed by ``lelang rules CODE``."""
    r = RULES[code]
    return (
        f"{r.code} ({SEVERITY_NAMES[r.severity]}): {r.title}\n\n"
        f"Artinya:\n  {r.explanation()}\n\n"
        f"Mengapa penting:\n  {r.why}\n\n"
        f"Contoh:\n  {r.example}\n\n"
        f"Perbaikan:\n  {r.fix}\n"
    )
