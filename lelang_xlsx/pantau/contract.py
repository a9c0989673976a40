"""The monitoring workbook's contract ("Formulir Rencana Aksi dan Pemantauan Kinerja"):
the one source of its sheet names, labels, headers and values, and of the round's folders.

Matching rules are the OPD workbook's (:func:`lelang_xlsx.contract.norm`).
"""

from __future__ import annotations

from pathlib import Path

from .. import contract as C
from ..contract import Field
from ..rounds.folder import RoundFolder
from ..vocab import ERROR_FILL, NEUTRAL_FILL, OK_FILL, WARNING_FILL

FORM_TITLE = "Formulir Rencana Aksi dan Pemantauan Kinerja"
# Hidden marker (sheet _Daftar): A1 "Versi Templat"/B1 FORM_VERSION, A2 YEAR_LABEL/B2 the year,
# A3 "Kode OPD"/B3 the OPD the form was written for.
FORM_VERSION = "pantau-1"
YEAR_LABEL = "Tahun"
OPD_LABEL = "Kode OPD"

SHEET_PETUNJUK = C.SHEET_PETUNJUK
SHEET_IDENTITAS = C.SHEET_IDENTITAS
SHEET_RENCANA = "Rencana Aksi"
SHEET_REALISASI = "Realisasi Triwulan"
SHEET_LISTS = C.SHEET_LISTS
REQUIRED_SHEETS = (SHEET_IDENTITAS, SHEET_RENCANA, SHEET_REALISASI)

QUARTERS = (1, 2, 3, 4)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

KUMULATIF, NILAI_AKHIR, RATA_RATA = "Kumulatif", "Nilai Akhir", "Rata-rata"
SIFAT_DATA = (KUMULATIF, NILAI_AKHIR, RATA_RATA)

# Lights (docs/pantau.md, the status of a quarter).
HIJAU, KUNING, MERAH, ABU = "hijau", "kuning", "merah", "abu-abu"
LIGHTS = (HIJAU, KUNING, MERAH, ABU)
LIGHT_BG = {HIJAU: OK_FILL, KUNING: WARNING_FILL, MERAH: ERROR_FILL, ABU: NEUTRAL_FILL}
GREEN_FROM, YELLOW_FROM = 100.0, 76.0

_by_key = {f.key: f for f in C.IDENTITAS_FIELDS}
IDENTITAS_FIELDS = (
    _by_key["kode_opd"],
    _by_key["nama_opd"],
    Field("tahun", YEAR_LABEL, True, "year", "Tahun yang dipantau (terisi, terkunci)."),
    _by_key["petugas"],
    _by_key["kontak"],
)
LOCKED_IDENTITY = ("kode_opd", "nama_opd", "tahun")


def tw(q: int) -> str:
    return f"TW {ROMAN[q]}"


def target_tw_header(q: int) -> str:
    return f"Target {tw(q)}"


SIFAT_HELP = {
    KUMULATIF: ("Kumulatif: angka triwulan dijumlahkan sejak awal tahun. Target dan realisasi setiap triwulan "
                "diisi kumulatif (s.d. triwulan itu). Contoh: 300 wirausaha baru setahun -> TW I 60, TW II 140, "
                "TW III 220, TW IV 300. Target TW IV harus sama dengan target tahunan."),
    NILAI_AKHIR: ("Nilai Akhir: tingkat yang diukur pada suatu saat (persentase, indeks). Contoh: APM 88,06% -> "
                  "TW I 85, TW II 86, TW III 87, TW IV 88,06. Target TW IV harus sama dengan target tahunan."),
    RATA_RATA: ("Rata-rata: nilai tahunan adalah rata-rata keempat triwulan. Contoh: rata-rata waktu izin 5 hari -> "
                "TW I 6, TW II 5, TW III 5, TW IV 4 (rata-rata 5). Rata-rata TW I-IV harus sama dengan target tahunan."),
}


def rencana_locked(year: int) -> tuple[Field, ...]:
    return (
        Field("no", "No", False, "number", "Nomor urut (terkunci)."),
        Field("kode", "Kode Indikator", True, "code", "Kode indikator dari kesepakatan (terkunci)."),
        Field("indikator", "Indikator Kinerja", True, "text", "Nama indikator (terkunci)."),
        Field("satuan", "Satuan", True, "text", "Satuan (terkunci)."),
        Field("polaritas", "Polaritas", True, "text", "Naik, Turun atau Tetap (terkunci)."),
        Field("target", C.target_header(year), True, "number", f"Target tahun {year} yang berlaku (terkunci)."),
    )


def rencana_opd() -> tuple[Field, ...]:
    help_tw = "Target triwulan dalam satuan indikator; desimal memakai koma. Kumulatif: isi angka s.d. triwulan ini."
    return (
        Field("sifat", "Sifat Data", True, "text", "Pilih Kumulatif, Nilai Akhir atau Rata-rata."),
        *(Field(f"t{q}", target_tw_header(q), True, "number", help_tw) for q in QUARTERS),
        Field("rencana", "Rencana Aksi", False, "text", "Kegiatan yang dilakukan untuk mencapai target."),
    )


def rencana_fields(year: int) -> tuple[Field, ...]:
    return rencana_locked(year) + rencana_opd()


def realisasi_locked() -> tuple[Field, ...]:
    return (
        Field("no", "No", False, "number", "Nomor urut (terkunci)."),
        Field("kode", "Kode Indikator", True, "code", "Kode indikator (terkunci)."),
        Field("indikator", "Indikator Kinerja", True, "text", "Nama indikator (terkunci)."),
        Field("satuan", "Satuan", True, "text", "Satuan (terkunci)."),
    )


def realisasi_opd() -> tuple[Field, ...]:
    out = []
    for q in QUARTERS:
        out += [
            Field(f"r{q}", f"Realisasi {tw(q)}", True, "number",
                  f"Realisasi s.d. triwulan {ROMAN[q]} (Kumulatif: jumlah sejak Januari). Kosongkan bila belum waktunya."),
            Field(f"b{q}", f"Bukti {tw(q)}", False, "text", "Letak bukti: dokumen, halaman, atau tautan."),
            Field(f"p{q}", f"Penjelasan {tw(q)}", False, "text",
                  "Wajib bila realisasi di bawah target triwulan: mengapa, dan apa yang akan dilakukan."),
        ]
    return tuple(out)


def realisasi_fields() -> tuple[Field, ...]:
    return realisasi_locked() + realisasi_opd()


# --------------------------------------------------------------------------- folders

PANTAU_DIR = "pantau"
REGISTER_FILE = "kesepakatan.json"
PEMANTAUAN_XLSX = "pemantauan.xlsx"
PEMANTAUAN_JSON = "pemantauan.json"


class Round(RoundFolder):
    """``<auction>/pantau/<year>/``: formulir/, masuk/, hasil/ (:class:`rounds.folder.RoundFolder`)."""

    DIR = PANTAU_DIR

    @property
    def xlsx(self) -> Path:
        return self.hasil / PEMANTAUAN_XLSX

    @property
    def json(self) -> Path:
        return self.hasil / PEMANTAUAN_JSON

    @property
    def paparan(self) -> Path:
        return self.hasil / "paparan"
