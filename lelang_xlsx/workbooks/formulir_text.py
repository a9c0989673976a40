"""The words of the OPD form (``formulir``): the Petunjuk sheet's prose and the examples
in instructions, input messages and error messages.

Every example comes from the auction's own city, period and dates (:class:`Place`, from
the panel): a form for Kota Blitar 2025–2029 says "Kepala Dinas Kesehatan Kota Blitar",
"5 November 2024" and "Profil Kesehatan 2023". The texts are written with the sample's
words (Kota Malang, 2017, 2018) and :meth:`Place.say` puts the panel's own in; for the
Malang panel it changes nothing, so the sample's forms stay byte-identical.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import contract as C
from .. import rules
from ..model import Panel
from ..output.textfmt import date_long

SAMPLE_CITY = "Kota Malang"
SAMPLE_FIRST = 2019  # the sample's first year: its examples use the two years before
SAMPLE_KECAMATAN = ("Blimbing", "Kedungkandang", "Klojen", "Lowokwaru", "Sukun")  # Kota Malang's


@dataclass(frozen=True)
class Place:
    """Where and when the examples are: the panel's city and the years before its period."""

    city: str = SAMPLE_CITY
    first: int = SAMPLE_FIRST

    @classmethod
    def of(cls, panel: Panel) -> "Place":
        years = list(panel.years)
        return cls.named(panel.nama_pemda, years[0] if years else SAMPLE_FIRST)

    @classmethod
    def named(cls, pemda: str | None, first: int = SAMPLE_FIRST) -> "Place":
        """The place of a ``Pemerintah ...`` name (the register's ``pemda``), from ``first`` on."""
        name = " ".join((pemda or "").split())
        for prefix in ("Pemerintah ", "Pemkot ", "Pemkab "):
            if name.startswith(prefix):
                name = name[len(prefix):]
        return cls(name or SAMPLE_CITY, first)

    @property
    def base_year(self) -> int:
        """The baseline year of the examples (two years before the period)."""
        return self.first - 2

    @property
    def fill_date(self) -> dt.date:
        """The example date a form is filled on (the year before the period)."""
        return dt.date(self.first - 1, 11, 5)

    @property
    def kecamatan(self) -> tuple[str, ...]:
        """The sample's districts for its own city; elsewhere, neutral names."""
        return SAMPLE_KECAMATAN if self.city == SAMPLE_CITY else ("A", "B", "C", "D", "E")

    def say(self, text: str) -> str:
        """``text`` with the sample's city, dates and years replaced by this place's."""
        if self == Place():
            return text
        sample = Place()
        pairs = (
            (date_long(sample.fill_date), date_long(self.fill_date)),
            (sample.fill_date.isoformat(), self.fill_date.isoformat()),
            ("Kecamatan Klojen", f"Kecamatan {self.kecamatan[2]}"),
            (SAMPLE_CITY, self.city),
            (f"Kesehatan {sample.base_year}", f"Kesehatan {self.base_year}"),
            (f"misalnya {sample.base_year}", f"misalnya {self.base_year}"),
        )
        for old, new in pairs:
            text = text.replace(old, new)
        return text


PURPOSE = (
    "Formulir ini memuat usulan target kinerja OPD untuk Lelang Kinerja: titik nol (nilai dasar, "
    "tahun dan sumbernya), target setiap tahun sampai titik akhir (target tahun terakhir), dan data "
    "pendukung yang dirinci sehingga target dapat diuji oleh Tim Penilai. Setelah dikirim, formulir "
    "diperiksa otomatis; setiap kesalahan dilaporkan sampai ke sel, lengkap dengan cara memperbaikinya."
)
STEPS = (
    ("1. Identitas", "Isi kolom Isian di lembar Identitas: kode dan nama OPD, data Kepala OPD, petugas pengisi. "
     f"Label dan judul kolom bertanda {C.REQUIRED_MARK} wajib diisi."),
    ("2. Indikator", "Satu baris untuk setiap indikator kinerja, mulai baris 2. Semua kolom wajib diisi "
     "kecuali No. Pilih Misi, Satuan dan Polaritas dari daftar pilihan di sel."),
    ("3. Data Pendukung", "Satu baris untuk setiap angka pendukung. Setiap indikator memerlukan minimal satu "
     "data pendukung; sebaiknya dirinci per kecamatan atau per kelompok, ditambah baris Total."),
    ("4. Simpan", "Simpan sebagai Buku Kerja Excel (.xlsx), nama berkas bebas. Jangan mengganti nama "
     "lembar atau teks judul kolom, jangan menyembunyikan baris/kolom berisi data, jangan menggabungkan "
     "sel (merge) di dalam tabel, dan jangan memberi kata sandi pada berkas."),
    ("5. Kirim", "Kirim berkas ke sekretariat. Jika ada temuan, Anda menerima salinan berkas dengan sel "
     "yang bermasalah diberi warna dan komentar; perbaiki di berkas Anda lalu kirim ulang."),
)
FEEDBACK_GUIDE = (  # (label, text, severity whose colour the label shows)
    ("Salinan beranotasi", "Setelah diperiksa, Anda menerima salinan berkas Anda sendiri. Lembar pertamanya, Hasil "
     "Pemeriksaan, menyebut jumlah galat dan peringatan dan mendaftar setiap temuan: kode, tingkat, lembar, sel dan "
     "pesan. Klik alamat di kolom Sel untuk menuju selnya.", None),
    ("Merah = galat", "Harus diperbaiki. Selama masih ada galat, formulir belum masuk rekap dan pakta.", rules.ERROR),
    ("Kuning = peringatan", "Periksa kembali. Perbaiki jika memang keliru; boleh dibiarkan jika isiannya sudah benar.",
     rules.WARNING),
    ("Komentar", "Arahkan tetikus ke sel berwarna untuk membaca pesannya (satu sel bisa memuat beberapa temuan). "
     "Semua temuan dilaporkan sekaligus: perbaiki semuanya dalam satu kali kirim ulang.", None),
    ("Sel gabungan", "Jika temuan menunjuk sel gabungan (merge), buka dulu proteksi lembar (Excel: Review → "
     "Unprotect Sheet; LibreOffice: Alat → Buka Proteksi Lembar), pisahkan sel (Unmerge), lalu isi setiap sel.", None),
    ("Kirim ulang", "Perbaiki sel yang ditandai, simpan, lalu kirim ulang berkas itu. Warna, komentar dan lembar "
     "Hasil Pemeriksaan tidak perlu dihapus.", None),
)
TOLERANCE = "Realisasi di dalam target ± toleransi bercapaian 100 %. (boleh kosong)"


def targets_text(last_header: str) -> str:
    return (f"Satu kolom per tahun periode, semua wajib diisi angka. {last_header} adalah titik "
            "akhir: harus lebih baik dari nilai dasar sesuai polaritas, dan target tahunan bergerak searah "
            "menuju titik akhir.")


POLARITIES = (
    ("Naik", "Makin tinggi makin baik (misalnya angka partisipasi sekolah). Titik akhir harus lebih besar "
     "dari nilai dasar, dan target tahunan tidak boleh turun."),
    ("Turun", "Makin rendah makin baik (misalnya Angka Kematian Ibu). Titik akhir harus lebih kecil dari "
     "nilai dasar, dan target tahunan tidak boleh naik."),
    ("Tetap", "Nilai dijaga dalam rentang tertentu (misalnya tingkat inflasi). Target dijaga di sekitar "
     "nilai dasar."),
)
NUMBERS = (
    ("Angka, bukan teks", "Ketik angka sebagai angka. Desimal memakai koma sesuai pengaturan komputer "
     "berbahasa Indonesia: 12,5. Jangan mengetik titik sebagai pemisah ribuan: ketik 1234, bukan 1.234 "
     "(tulisan 1.234 bisa berarti seribu dua ratus tiga puluh empat atau satu koma dua tiga empat)."),
    ("Satuan %", "Nilai 0 sampai 100: ketik 85 untuk 85%. Jangan memformat sel sebagai persen (sel "
     "berformat persen menyimpan 0,85)."),
    ("Rumus", "Rumus boleh dipakai asalkan berkas disimpan dengan Excel, LibreOffice atau WPS (nilai "
     "hasil rumus ikut tersimpan). Lebih aman: tempel sebagai nilai (Paste Special > Values)."),
    ("NIP", "Ketik NIP sebagai teks, 18 digit, boleh dengan spasi: 19680411 199303 1 009. Sel NIP sudah "
     "berformat teks. Jika NIP berubah menjadi 1,96804E+17, hapus lalu ketik ulang diawali tanda petik "
     "tunggal: '19680411 199303 1 009."),
)
EXAMPLE_HEADING = "Contoh baris Indikator (Dinas Kesehatan)"
FIGURES_HEADING = "Contoh Data Pendukung untuk indikator tersebut"
FIGURE_HEADS = ("Uraian Data", "Rincian", "Tahun · Nilai · Satuan · Sumber Data")
DATE_ERROR = "Ketik tanggal yang benar, misalnya 5 November 2018 atau 2018-11-05."
YEAR_ERROR = "Tahun 4 digit, misalnya 2017."


def example_indicator(years: list[int], place: Place) -> dict[str, Any]:
    """The maternal-mortality example shown on the Petunjuk sheet."""
    ex: dict[str, Any] = {
        "no": "1",
        "kode": "DINKES-01",
        "misi": "M1",
        "sasaran": "Meningkatnya derajat kesehatan ibu dan anak",
        "program": "Program Upaya Kesehatan Masyarakat",
        "indikator": "Angka Kematian Ibu",
        "cara": "Jumlah kematian ibu hamil, bersalin dan nifas ÷ jumlah kelahiran hidup × 100.000",
        "satuan": "per 100.000 KH",
        "polaritas": "Turun",
        "tahun_dasar": str(place.base_year),
        "nilai_dasar": 59.3,
        "sumber": f"Profil Kesehatan {place.city} {place.base_year}",
    }
    path = (56.0, 53.0, 50.0, 47.0, 44.0)
    for i, y in enumerate(years):
        ex[f"target_{y}"] = path[i] if i < len(path) else path[-1]
    return ex


def example_figures(place: Place) -> list[dict[str, Any]]:
    year = place.base_year
    src = f"Profil Kesehatan {place.city} {year}"
    pregnant = (2890, 3915, 1402, 3102, 3380)
    out = [
        {"uraian": "Jumlah ibu hamil", "rincian": f"Kecamatan {k}", "tahun": year, "nilai": float(v),
         "satuan": "orang", "sumber": src}
        for k, v in zip(place.kecamatan, pregnant)
    ]
    out.append({"uraian": "Jumlah ibu hamil", "rincian": "Total", "tahun": year, "nilai": float(sum(pregnant)),
                "satuan": "orang", "sumber": src})
    out.append({"uraian": "Ibu hamil usia kandungan 8 bulan", "rincian": "Total", "tahun": year, "nilai": 1228.0,
                "satuan": "orang", "sumber": src})
    out.append({"uraian": "Ibu hamil dari keluarga prasejahtera", "rincian": "Total", "tahun": year,
                "nilai": 1874.0, "satuan": "orang", "sumber": f"Basis Data Terpadu {place.city} {year}"})
    return out
