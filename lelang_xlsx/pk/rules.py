"""This round's finding codes, gathered into the one registry by :mod:`lelang_xlsx.rules`
(``lelang rules``, docs/rules.md). Define each with ``Rule(code, severity, title, message,
why, example, fix)`` from :mod:`lelang_xlsx.rules`."""

from __future__ import annotations

from ..rules import ERROR, WARNING, Rule

RULES: list = [
    Rule("LK801", ERROR, "Nilai terkunci di formulir PK diubah",
         "{detail}. Nilai ini berasal dari kesepakatan yang berlaku untuk tahun {year} dan terkunci. Kembalikan nilainya, "
         "atau minta formulir PK baru dari sekretariat (lelang pk template).",
         "Target dalam Perjanjian Kinerja harus sama dengan target yang disepakati dalam Pakta Integritas; bila berbeda, "
         "target resmi dan target lelang berjalan sendiri-sendiri. Formulir yang dibuat sebelum perubahan kesepakatan "
         "memuat target lama dan juga ditandai di sini.",
         "Target 2019 DINKES-01 diubah dari 97,4 menjadi 95; atau formulir dibuat sebelum Perubahan ke-1 yang "
         "mengubah target 2020.",
         "Ketik kembali nilai seperti tercatat, atau minta formulir PK baru (lelang pk template) dan salin isian Program "
         "dan Anggaran ke formulir baru.",
         "Salah satu nilai yang diisi pemroses dari kesepakatan (kode, misi, sasaran, indikator, satuan, polaritas, "
         "target, tahun, kode atau nama OPD) tidak sama dengan kesepakatan yang berlaku untuk tahun PK."),
    Rule("LK802", ERROR, "Bukan formulir PK untuk tahun atau OPD ini",
         "{detail}. Kirim formulir PK tahun {year} milik OPD sendiri (lelang pk template menulisnya di pk/{year}/formulir/).",
         "Setiap formulir PK dibuat untuk satu OPD dan satu tahun; formulir tahun lain, milik OPD lain, atau formulir "
         "lelang/realisasi tidak dapat dipakai untuk PK tahun ini.",
         "Formulir PK 2019 diletakkan di pk/2020/masuk/, atau Kode OPD di formulir DINKES diganti menjadi DISDIK.",
         "Ambil formulir yang benar dari pk/<tahun>/formulir/<KODE>.xlsx, isi, lalu kirim ulang.",
         "Penanda tersembunyi formulir (lembar _Daftar) menunjukkan bahwa berkas ini bukan formulir PK, dibuat untuk "
         "tahun lain, atau dibuat untuk OPD lain."),
    Rule("LK803", ERROR, "Baris program tanpa Program atau tanpa Anggaran yang sah",
         "{detail}. Setiap baris program wajib berisi nama Program dan Anggaran (Rp) berupa angka rupiah 0 atau lebih, "
         "diketik tanpa Rp dan tanpa titik, mis. 1250000000.",
         "Lampiran PK memuat program beserta anggarannya dan jumlahnya; anggaran yang kosong, negatif, atau tidak dapat "
         "dibaca pasti membuat jumlah anggaran salah.",
         "Anggaran diketik '1.250' (seribu dua ratus lima puluh rupiah, atau 1,25?), '-500000000', atau 'sekitar 1 M'.",
         "Ketik pagu program menurut DPA sebagai angka, mis. 1250000000; isi nama program."),
    Rule("LK804", ERROR, "Indikator tanpa program pendukung",
         "Indikator {kode} ({indikator}) tidak didukung program mana pun. Tulis kode {kode} di kolom Kode Indikator "
         "Didukung pada baris program yang mendukungnya.",
         "Perjanjian Kinerja menghubungkan setiap target dengan program dan anggaran yang mewujudkannya; target tanpa "
         "program tidak dapat dipertanggungjawabkan.",
         "DINKES-03 tidak disebut di kolom Kode Indikator Didukung pada baris program mana pun.",
         "Tambahkan kode indikator pada program yang mendukungnya (satu program boleh mendukung beberapa indikator)."),
    Rule("LK805", ERROR, "Program menyebut kode indikator yang tidak ada dalam kesepakatan",
         "{detail}. Pakai kode dari lembar Sasaran dan Target: {codes}.",
         "Anggaran program dijumlahkan per indikator; kode yang tidak dikenal membuat anggaran itu tidak terhubung ke "
         "target mana pun.",
         "Baris program menulis 'DINKES-9' atau 'IK-01', padahal kodenya DINKES-01 sampai DINKES-04.",
         "Salin kode persis seperti di lembar Sasaran dan Target, dipisah koma bila lebih dari satu.",
         "Kolom Kode Indikator Didukung sebuah baris program menyebut kode yang tidak ada dalam kesepakatan yang berlaku "
         "untuk tahun PK, atau kosong."),
    Rule("LK806", WARNING, "Penanggung Jawab kosong",
         "Penanggung Jawab indikator {kode} kosong. Isi unit kerja atau pejabat yang bertanggung jawab.",
         "Perjanjian Kinerja menyebut siapa yang bertanggung jawab atas setiap target; pemantauan triwulanan juga "
         "memerlukannya.",
         "Kolom Penanggung Jawab DINKES-02 tidak diisi.",
         "Isi nama bidang atau jabatan, mis. Bidang Kesehatan Masyarakat."),
    Rule("LK807", ERROR, "OPD tanpa kesepakatan yang berlaku untuk tahun ini",
         "OPD '{value}' tidak memiliki kesepakatan (pakta) yang berlaku untuk tahun {year}, sehingga PK tidak dapat "
         "dibuat dari formulir ini.",
         "Target PK hanya diambil dari kesepakatan yang berlaku untuk tahun itu; tanpa pakta yang terbit tidak ada "
         "target yang dapat dicantumkan.",
         "Formulir PK dengan Kode OPD DISKOMINFO, padahal DISKOMINFO tidak mengikuti lelang.",
         "Periksa Kode OPD. Bila OPD ini memang belum memiliki pakta, selesaikan dulu lelangnya (lelang run) sampai "
         "pakta terbit."),
    Rule("LK808", WARNING, "Penanda tangan PK berbeda dari penanda tangan kesepakatan",
         "{detail}. Dicatat saja: PK ditandatangani oleh pejabat yang sedang menjabat. Periksa bahwa nama dan NIP benar; "
         "bila kepala OPD berganti, pertimbangkan perubahan kesepakatan (Mutasi pejabat).",
         "Perjanjian Kinerja ditandatangani oleh kepala OPD saat ini, yang bisa berbeda dari penanda tangan pakta.",
         "Pakta ditandatangani dr. Husnul Muarif, formulir PK 2020 diisi dengan nama kepala dinas yang baru.",
         "Tidak ada yang wajib diubah bila kepala OPD memang berganti; perbaiki bila hanya salah ketik."),
]
