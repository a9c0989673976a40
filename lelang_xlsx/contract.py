"""The workbook contract (version 1): the single source of truth.

Sheet names, labels and column headers that the people filling the workbooks see.
The template generator, the readers, the checks and the docs all import them from
here; nothing else in the package spells a sheet name or a header.

A reader matches headers and labels ignoring case, surrounding spaces and the
required-field mark (a trailing ``*``), nothing else (see :func:`norm_label`).
"""

from __future__ import annotations

import unicodedata

from dataclasses import dataclass

TEMPLATE_VERSION = "1"
TEMPLATE_TITLE = "Formulir Lelang Kinerja"
PANEL_TITLE = "Buku Kerja Tim Penilai"


def norm(text: object) -> str:
    """Normalise a header, label or code for matching: Unicode NFC, case-folded, outer
    spaces removed (so 'Dinkes' typed with a combining accent matches its composed form)."""
    if text is None:
        return ""
    text = str(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.strip().casefold()


REQUIRED_MARK = "*"  # shown after the label/header of a required field


def norm_label(text: object) -> str:
    """Normalise a header or label for matching: like :func:`norm`, and a trailing
    required-field mark is ignored ('Kode OPD *' matches 'Kode OPD')."""
    return norm(text).rstrip(REQUIRED_MARK).rstrip()


@dataclass(frozen=True)
class Field:
    """One labelled field (Identitas / Pengaturan) or one column of a table."""

    key: str  # stable identifier used in code
    label: str  # exact text in the workbook
    required: bool = True
    kind: str = "text"  # text | number | year | date | nip | code
    help: str = ""  # Indonesian input message shown in the template
    # the outputs that show it besides its own sheet (indicator columns: RECAP, SESSION,
    # REGISTER, REGISTER_SHEET, PACT); each of those places takes its columns from here
    shown_in: frozenset[str] = frozenset()

    @property
    def shown(self) -> str:
        """The label as the template shows it: required fields carry ' *'."""
        return f"{self.label} {REQUIRED_MARK}" if self.required else self.label


# --------------------------------------------------------------------------- where a field is shown

# An indicator column of the OPD form is shown in the outputs named in its ``shown_in``
# (docs/design/add-a-column.md); the form itself always shows it.
RECAP = "rekap"  # hasil/rekap.xlsx, sheet Indikator (one column, after the indicator's own ones)
SESSION = "sesi"  # the recap's session view (a text column after Indikator); implies RECAP
REGISTER = "kesepakatan"  # the indicator's record in kesepakatan.json (what was agreed; content of a pact)
REGISTER_SHEET = "kesepakatan.xlsx"  # a column of sheet Kesepakatan of the register workbook
PACT = "pakta"  # a value of the pact's indicator row ({{ baris.<key> }} in the template)
_EVERYWHERE = frozenset({RECAP, REGISTER, REGISTER_SHEET, PACT})
_SHOWN = frozenset({RECAP, SESSION, REGISTER, REGISTER_SHEET, PACT})


def shown_in(fields, place: str) -> tuple[Field, ...]:
    """The fields of ``fields`` that ``place`` shows, in their order."""
    return tuple(f for f in fields if place in f.shown_in)


# --------------------------------------------------------------------------- OPD workbook

SHEET_PETUNJUK = "Petunjuk"
SHEET_IDENTITAS = "Identitas"
SHEET_INDIKATOR = "Indikator"
SHEET_PENDUKUNG = "Data Pendukung"
# Hidden sheet holding the template version marker and the dropdown lists.
SHEET_LISTS = "_Daftar"
VERSION_LABEL = "Versi Templat"

OPD_REQUIRED_SHEETS = (SHEET_IDENTITAS, SHEET_INDIKATOR, SHEET_PENDUKUNG)
OPD_SHEETS = (SHEET_PETUNJUK, *OPD_REQUIRED_SHEETS)

IDENTITAS_FIELDS = (
    Field("kode_opd", "Kode OPD", True, "code", "Kode OPD sesuai daftar dari sekretariat, misalnya DINKES."),
    Field("nama_opd", "Nama OPD", True, "text", "Nama lengkap OPD, misalnya Dinas Kesehatan."),
    Field("nama_kepala", "Nama Kepala OPD", True, "text", "Nama lengkap Kepala OPD beserta gelar."),
    Field(
        "nip_kepala",
        "NIP Kepala OPD",
        True,
        "nip",
        "18 digit, boleh dengan spasi: 19680411 199303 1 009. Ketik sebagai teks.",
    ),
    Field("pangkat", "Pangkat/Golongan", True, "text", "Misalnya Pembina Utama Muda (IV/c)."),
    Field("jabatan", "Jabatan", True, "text", "Misalnya Kepala Dinas Kesehatan Kota Malang."),
    Field("petugas", "Nama Petugas Pengisi", False, "text", "Nama staf yang mengisi formulir ini."),
    Field("kontak", "Kontak Petugas", False, "text", "Nomor telepon atau surel petugas."),
    Field("tanggal", "Tanggal Pengisian", False, "date", "Tanggal pengisian, misalnya 5 November 2018 atau 2018-11-05."),
)

POLARITIES = ("Naik", "Turun", "Tetap")
COMMON_UNITS = (
    "%",
    "orang",
    "per 100.000 KH",
    "per 1.000 KH",
    "indeks",
    "unit",
    "km",
    "Rp",
    "hari",
    "kasus",
    "dokumen",
    "lokasi",
    "kegiatan",
    "nilai",
    "poin",
)
PERCENT_UNIT = "%"

INDIKATOR_FIELDS = (
    Field("no", "No", False, "number", "Nomor urut (boleh kosong)."),
    Field("kode", "Kode Indikator", True, "code", "Kode unik di formulir ini, misalnya IK-01.", _EVERYWHERE),
    Field("misi", "Misi", True, "code", "Pilih kode misi Wali Kota dari daftar.", _EVERYWHERE),
    Field("sasaran", "Sasaran Strategis", True, "text", "Sasaran strategis yang diukur indikator.",
          frozenset({RECAP, REGISTER, PACT})),
    Field("program", "Program", True, "text", "Program anggaran yang mendukung.", frozenset({RECAP, REGISTER, PACT})),
    Field("indikator", "Indikator Kinerja", True, "text", "Nama indikator, misalnya Angka Kematian Ibu.", _EVERYWHERE),
    Field("cara", "Cara Perhitungan", True, "text", "Rumus atau cara menghitung nilai indikator.",
          frozenset({REGISTER})),
    Field("satuan", "Satuan", True, "text", "Pilih dari daftar atau ketik sendiri. Batas nilai tiap satuan "
          "ada di lembar Petunjuk (Satuan % berarti 0-100).", _SHOWN),
    Field("polaritas", "Polaritas", True, "text", "Naik: makin tinggi makin baik. Turun: makin rendah makin baik. "
          "Tetap: dijaga.", _SHOWN),
    Field("tahun_dasar", "Tahun Dasar", True, "year", "Tahun titik nol, sebelum tahun pertama periode.", _EVERYWHERE),
    Field("nilai_dasar", "Nilai Dasar", True, "number", "Nilai titik nol. Desimal memakai koma: 12,5.", _EVERYWHERE),
    Field("sumber", "Sumber Data", True, "text", "Sumber data titik nol, misalnya Profil Kesehatan 2017.",
          frozenset({REGISTER})),
)
TARGET_PREFIX = "Target"


def target_header(year: int) -> str:
    return f"{TARGET_PREFIX} {year}"


def target_field(year: int) -> Field:
    return Field(
        f"target_{year}",
        target_header(year),
        True,
        "number",
        f"Target tahun {year}. Target tahun terakhir adalah titik akhir.",
    )


def indikator_fields(years: range) -> tuple[Field, ...]:
    """The Indikator sheet's columns: the fixed ones, one target per year, then the
    optional ones (:data:`INDIKATOR_TAIL_FIELDS`; a form without them reads as before)."""
    return INDIKATOR_FIELDS + tuple(target_field(y) for y in years) + INDIKATOR_TAIL_FIELDS


PENDUKUNG_FIELDS = (
    Field("kode", "Kode Indikator", True, "code", "Pilih kode indikator dari lembar Indikator."),
    Field("uraian", "Uraian Data", True, "text", "Misalnya Jumlah ibu hamil."),
    Field("rincian", "Rincian", False, "text", "Rincian, misalnya Kecamatan Klojen, Keluarga prasejahtera, Total."),
    Field("tahun", "Tahun", True, "year", "Tahun data."),
    Field("nilai", "Nilai", True, "number", "Nilai data. Desimal memakai koma: 12,5."),
    Field("satuan", "Satuan", True, "text", "Satuan nilai data."),
    Field("sumber", "Sumber Data", True, "text", "Sumber data pendukung."),
)

# --------------------------------------------------------------------------- panel workbook

SHEET_PENGATURAN = "Pengaturan"
SHEET_MISI = "Misi"
SHEET_OPD = "OPD"
SHEET_TIM = "Tim Penilai"
PANEL_SHEETS = (SHEET_PENGATURAN, SHEET_MISI, SHEET_OPD, SHEET_TIM)

PENGATURAN_FIELDS = (
    Field("nama_pemda", "Nama Pemerintah Daerah", True, "text", "Misalnya Pemerintah Kota Malang."),
    Field("jabatan_kepala_daerah", "Jabatan Kepala Daerah", True, "text", "Misalnya Wali Kota Malang."),
    Field("nama_kepala_daerah", "Nama Kepala Daerah", True, "text", ""),
    Field("nama_sekda", "Nama Sekretaris Daerah", True, "text", ""),
    Field("nip_sekda", "NIP Sekretaris Daerah", True, "nip", ""),
    Field("tahun_awal", "Tahun Awal", True, "year", ""),
    Field("tahun_akhir", "Tahun Akhir", True, "year", ""),
    Field("tempat", "Tempat Penandatanganan", True, "text", ""),
    Field("tanggal", "Tanggal Penandatanganan", True, "date", ""),
)
MISI_FIELDS = (Field("kode", "Kode", True, "code"), Field("uraian", "Uraian", True, "text"))
OPD_FIELDS = (Field("kode", "Kode OPD", True, "code"), Field("nama", "Nama OPD", True, "text"))
TIM_FIELDS = (Field("nama", "Nama", True, "text"), Field("jabatan", "Jabatan / Instansi", True, "text"))

# --------------------------------------------------------------------------- offer workbook

SHEET_PENAWARAN = "Penawaran"
PENAWARAN_PROCESSOR_FIELDS = (
    Field("kode_opd", "Kode OPD"),
    Field("nama_opd", "Nama OPD"),
    Field("kode", "Kode Indikator"),
    Field("indikator", "Indikator Kinerja"),
    Field("satuan", "Satuan"),
    Field("polaritas", "Polaritas"),
    Field("nilai_dasar", "Nilai Dasar", kind="number"),
    Field("usulan_nilai", "Usulan Target Akhir", kind="number"),
    Field("usulan_tahun", "Usulan Tahun", kind="year"),
)
PENAWARAN_PANEL_FIELDS = (
    Field("tawaran_nilai", "Tawaran Target Akhir", False, "number", "Kosongkan jika tidak ada tawaran."),
    Field("tawaran_tahun", "Tawaran Tahun", False, "year", "Kosong = tahun terakhir periode."),
    Field("keputusan", "Keputusan", False, "text", "Sanggup atau Tidak Sanggup. Wajib jika ada tawaran."),
    Field("disepakati", "Target Disepakati", False, "number", "Nilai hasil negosiasi jika Tidak Sanggup."),
    Field("disepakati_tahun", "Tahun Disepakati", False, "year",
          "Tahun nilai hasil negosiasi. Kosong = tahun terakhir periode."),
    Field("catatan", "Catatan", False, "text", "Catatan yang dicetak di pakta."),
)
# Columns added in version 2 of the offer workbook: a version-1 file without them is upgraded.
PENAWARAN_V2_KEYS = ("disepakati_tahun",)
PENAWARAN_FIELDS = PENAWARAN_PROCESSOR_FIELDS + PENAWARAN_PANEL_FIELDS
PENAWARAN_LABELS = {f.key: f.label for f in PENAWARAN_FIELDS}  # field key -> header
# Extra processor column: marks rows whose indicator disappeared from the submission.
PENAWARAN_STATUS_HEADER = "Status Baris"
DECISIONS = ("Sanggup", "Tidak Sanggup")
OFFER_VERSION = "3"  # the offer workbook's contract version (Petunjuk sheet, document keywords)

# Sheet Status OPD (version 2): the panel closes each OPD's session.
SHEET_STATUS_OPD = "Status OPD"
STATUS_OPD_PROCESSOR_FIELDS = (
    Field("kode_opd", "Kode OPD"),
    Field("nama_opd", "Nama OPD"),
    Field("status_formulir", "Status Formulir"),
    Field("jumlah_indikator", "Jumlah Indikator", kind="number"),
    Field("jumlah_tawaran", "Jumlah Tawaran", kind="number"),
    Field("belum_diputuskan", "Belum Diputuskan", kind="number"),
)
STATUS_OPD_PANEL_FIELDS = (
    Field("sesi_selesai", "Sesi Selesai", False, "text",
          "Isi Ya setelah sesi Tim Penilai dengan OPD ini selesai; pakta lalu diterbitkan."),
    Field("catatan_sesi", "Catatan Sesi", False, "text", "Catatan Tim Penilai tentang sesi (tidak dicetak)."),
    # version 3 (kesepakatan.md): the date of each OPD's pact, amendments, the signed paper's return
    Field("tanggal_pakta", "Tanggal Pakta", False, "date",
          "Tanggal yang dicetak di pakta OPD ini, misalnya 8 Desember 2018. Kosong = Tanggal Penandatanganan "
          "di panel.xlsx."),
    Field("berlaku_mulai", "Berlaku Mulai", False, "year",
          "Untuk perubahan pakta: tahun pertama yang diubah, misalnya 2020. Target tahun sebelumnya tetap."),
    Field("alasan_perubahan", "Alasan Perubahan", False, "text",
          "Untuk perubahan pakta: Mutasi pejabat, Perubahan anggaran, Perubahan prioritas atau Koreksi."),
    Field("ditandatangani", "Ditandatangani", False, "date",
          "Tanggal pakta yang sudah ditandatangani diterima kembali, misalnya 12 Desember 2018."),
)
# Alasan Perubahan (kesepakatan.md): the reasons an agreement may be amended
REASON_TRANSFER = "Mutasi pejabat"
REASON_CORRECTION = "Koreksi"
AMENDMENT_REASONS = (REASON_TRANSFER, "Perubahan anggaran", "Perubahan prioritas", REASON_CORRECTION)
STATUS_OPD_FIELDS = STATUS_OPD_PROCESSOR_FIELDS + STATUS_OPD_PANEL_FIELDS
SESSION_DONE = "Ya"
# Status Formulir values
FORM_VALID = "valid"
# A form with errors: one word everywhere the secretariat reads it (Status OPD, the pact state,
# the report's and the recap's status, the rounds). Before (CHANGELOG.md) Status OPD said 'galat' and
# the pact state 'galat di formulir'; Status OPD is recomputed on every run, never read back.
FORM_ERRORS = "ada galat"
FORM_MISSING = "belum mengirim"

# --------------------------------------------------------------------------- auction folder

PANEL_FILE = "panel.xlsx"
FORMULIR_DIR = "formulir"
MASUK_DIR = "masuk"
PENAWARAN_FILE = "penawaran.xlsx"
HASIL_DIR = "hasil"
LAPORAN_FILE = "laporan.xlsx"
UMPAN_BALIK_DIR = "umpan-balik"
REKAP_FILE = "rekap.xlsx"
PAKTA_DIR = "pakta"
MANIFEST_FILE = "manifest.json"
PER_OPD_DIR = "per-opd"
ARSIP_DIR = "arsip"
PAPARAN_DIR = "paparan"  # hasil/paparan/: the presentation decks (lelang run --paparan)
KESEPAKATAN_JSON = "kesepakatan.json"
KESEPAKATAN_XLSX = "kesepakatan.xlsx"

# --------------------------------------------------------------------------- panel workbook, version 2: points

# Optional Pengaturan row (docs/design/evaluation.md): achievement never counts above this (default 120).
CAP_FIELD = Field("batas_capaian", "Batas Capaian Maksimum (%)", False, "number",
                  "Capaian di atas batas ini dihitung sama dengan batas (bawaan 120).")
# Optional Pengaturan row (the pact): the stamp-duty box text of the pact; blank = by the
# signing date (Meterai 6.000 before 2021, Meterai 10.000 from 2021).
METERAI_FIELD = Field("meterai", "Teks Meterai", False, "text",
                      "Teks kotak meterai di pakta; kosong = menurut tanggal penandatanganan.")
SHEET_POIN = "Poin"
POIN_BAND_FIELDS = (
    Field("minimal", "Capaian Minimal (%)", True, "number", "Batas bawah capaian untuk poin di sebelahnya."),
    Field("poin", "Poin", True, "number", "Poin untuk capaian mulai batas ini."),
)
POIN_WEIGHT_FIELDS = (
    Field("keputusan", "Keputusan", True, "text", "Sanggup, Tanpa tawaran atau Tidak Sanggup."),
    Field("bobot_penghargaan", "Bobot Penghargaan", True, "number", "Pengali poin positif."),
    Field("bobot_sanksi", "Bobot Sanksi", True, "number", "Pengali poin negatif."),
)
# Decision labels as every view shows them (recap, deck, register workbook, evaluation): one
# spelling each. The register's JSON keeps its own status values (model.NO_OFFER ...).
DECISION_SANGGUP = "Sanggup"
DECISION_TIDAK_SANGGUP = "Tidak Sanggup"
DECISION_BELUM = "Belum diputuskan"
DECISION_TANPA = "Tanpa tawaran"
DECISION_INVALID = "Tidak valid"
# Rows of the weight table, in order (matched without regard to case: 'Tanpa Tawaran' still reads).
POIN_DECISIONS = (DECISION_SANGGUP, DECISION_TANPA, DECISION_TIDAK_SANGGUP)
DEFAULT_CAP = 120.0
DEFAULT_BANDS = ((100.0, 10.0), (91.0, 5.0), (76.0, 0.0), (66.0, -5.0), (0.0, -10.0))
DEFAULT_WEIGHTS = {DECISION_SANGGUP: (1.5, 1.0), DECISION_TANPA: (1.0, 1.0), DECISION_TIDAK_SANGGUP: (1.0, 1.0)}

# --------------------------------------------------------------------------- version 3 (docs/evaluasi.md)

# OPD workbook, sheet Indikator: the optional band around each target of a Tetap indicator.
TOLERANSI_FIELD = Field("toleransi", "Toleransi (±)", False, "number",
                        "Hanya untuk polaritas Tetap: rentang ± di sekitar setiap target, dalam satuan indikator "
                        "(inflasi 3,5 ± 1: isi 1). Kosongkan untuk Naik dan Turun.", frozenset({REGISTER}))
# The optional columns after the targets, in form order. A new optional indicator column is
# one entry here (its key an attribute of model.Indicator) plus, if the pact shows it, its
# template cell: the form, the reader and every place in its ``shown_in`` follow. The register
# records such a column only when it holds a value (entries issued before keep their bytes).
INDIKATOR_TAIL_FIELDS = (TOLERANSI_FIELD,)
# Pengaturan: how OPDs are ranked, and the achievement formula of a Turun indicator.
RANK_CAPAIAN, RANK_PER_INDIKATOR, RANK_BERSIH = "Capaian", "Poin per Indikator", "Poin Bersih"
RANKING_BASES = (RANK_CAPAIAN, RANK_PER_INDIKATOR, RANK_BERSIH)
TURUN_2_MINUS, TURUN_RATIO = "2 - R/T", "T/R"
TURUN_FORMULAS = (TURUN_2_MINUS, TURUN_RATIO)
DASAR_PERINGKAT_FIELD = Field("dasar_peringkat", "Dasar Peringkat", False, "choice",
                              "Capaian (bawaan: rata-rata capaian OPD), Poin per Indikator (poin bersih dibagi "
                              "jumlah indikator) atau Poin Bersih (jumlah poin, cara versi 2).")
RUMUS_TURUN_FIELD = Field("rumus_turun", "Rumus Capaian Turun", False, "choice",
                          "2 - R/T (bawaan, PermenPAN-RB) atau T/R (dipakai sebagian aplikasi e-SAKIP).")
CHOICES = {"dasar_peringkat": RANKING_BASES, "rumus_turun": TURUN_FORMULAS}
# Sheet Poin: the sanction per agreed indicator of an OPD with a pact but no valid realisation.
POIN_TIDAK_MELAPOR_FIELD = Field("poin_tidak_melapor", "Poin Tidak Melapor", False, "number",
                                 "Sanksi per indikator yang disepakati bagi OPD yang tidak mengirim formulir "
                                 "realisasi yang sah (bawaan -10).")
DEFAULT_POIN_TIDAK_MELAPOR = -10.0
# Sheet Satuan: units and the bounds of a plausible value (either bound optional).
SHEET_SATUAN = "Satuan"
SATUAN_FIELDS = (
    Field("satuan", "Satuan", True, "text", "Satuan seperti ditulis OPD di formulir."),
    Field("batas_bawah", "Batas Bawah", False, "number", "Nilai terkecil yang masuk akal; kosong = tanpa batas."),
    Field("batas_atas", "Batas Atas", False, "number", "Nilai terbesar yang masuk akal; kosong = tanpa batas."),
)
DEFAULT_UNITS: tuple[tuple[str, float | None, float | None], ...] = (
    ("%", 0.0, 100.0),
    ("persen", 0.0, 100.0),
    ("indeks", 0.0, 100.0),
    ("orang", 0.0, None),
    ("unit", 0.0, None),
    ("hari", 0.0, 366.0),
    ("tahun", 0.0, None),
    ("km", 0.0, None),
    ("Ha", 0.0, None),
    ("Rp", 0.0, None),
    ("Rp juta", 0.0, None),
    ("Rp miliar", 0.0, None),
    ("per 100.000 KH", 0.0, 100000.0),
    ("per 1.000 KH", 0.0, 1000.0),
    ("per 1.000 penduduk", 0.0, 1000.0),
    ("kasus", 0.0, None),
    ("dokumen", 0.0, None),
    ("lokasi", 0.0, None),
    ("kegiatan", 0.0, None),
    ("kunjungan", 0.0, None),
    ("nilai", None, None),
    ("poin", None, None),
)
# Sheet Insentif: points per evaluated indicator -> incentive percentage (highest first).
SHEET_INSENTIF = "Insentif"
INSENTIF_FIELDS = (
    Field("minimal", "Poin per Indikator Minimal", True, "number",
          "Batas bawah poin per indikator untuk persentase di sebelahnya."),
    Field("persen", "Persentase Insentif", True, "number", "Persentase insentif (0-100) mulai batas ini."),
)
DEFAULT_INSENTIF = ((10.0, 100.0), (5.0, 90.0), (0.0, 75.0), (-5.0, 50.0), (-10.0, 25.0))
