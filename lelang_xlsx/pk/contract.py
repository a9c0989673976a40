"""The PK form's contract ("Formulir Perjanjian Kinerja", docs/pk.md): the one source of
its sheet names, labels and headers, the hidden marker, and the round's folder names.

Matching rules are the OPD workbook's (:func:`lelang_xlsx.contract.norm`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .. import contract as C
from ..contract import Field
from ..errors import LelangError
from ..rounds.folder import RoundFolder

FORM_TITLE = "Formulir Perjanjian Kinerja"
# Hidden marker (sheet _Daftar): A1 "Versi Templat"/B1 FORM_VERSION, A2 YEAR_LABEL/B2 the year,
# A3 OPD_LABEL/B3 the OPD code the form was written for.
FORM_VERSION = "pk-1"
YEAR_LABEL = "Tahun PK"
OPD_LABEL = "Kode OPD Formulir"
SOURCES_LABEL = "Sumber Dana"  # A5.. the dropdown's values

SHEET_PETUNJUK = C.SHEET_PETUNJUK
SHEET_IDENTITAS = C.SHEET_IDENTITAS
SHEET_SASARAN = "Sasaran dan Target"
SHEET_PROGRAM = "Program dan Anggaran"
SHEET_LISTS = C.SHEET_LISTS
REQUIRED_SHEETS = (SHEET_IDENTITAS, SHEET_SASARAN, SHEET_PROGRAM)

SUMBER_DANA = ("APBD", "APBN/DAK", "Lainnya")

_by_key = {f.key: f for f in C.IDENTITAS_FIELDS}
IDENTITAS_FIELDS = (
    _by_key["kode_opd"],
    _by_key["nama_opd"],
    Field("tahun", "Tahun", True, "year", "Tahun Perjanjian Kinerja (terisi, terkunci)."),
    Field("nama_kepala", "Nama Kepala OPD", True, "text",
          "Pejabat yang menandatangani PK ini (pihak pertama). Terisi dari kesepakatan; ganti bila kepala OPD berganti."),
    Field("nip_kepala", "NIP Kepala OPD", True, "nip", "18 digit, ketik sebagai teks. Ganti bila kepala OPD berganti."),
    Field("pangkat", "Pangkat/Golongan", True, "text", "Mis. Pembina Utama Muda (IV/c)."),
    Field("jabatan", "Jabatan", True, "text", "Jabatan lengkap, mis. Kepala Dinas Kesehatan Kota Malang."),
    _by_key["petugas"],
    _by_key["kontak"],
)
LOCKED_IDENTITY = ("kode_opd", "nama_opd", "tahun")


def target_header(year: int) -> str:
    return C.target_header(year)


def sasaran_locked(year: int) -> tuple[Field, ...]:
    """Columns of Sasaran dan Target pre-filled from the agreement in force and locked."""
    return (
        Field("no", "No", False, "number", "Nomor urut (terkunci)."),
        Field("kode", "Kode Indikator", True, "code", "Kode indikator dari kesepakatan (terkunci)."),
        Field("misi", "Misi", True, "code", "Kode misi (terkunci)."),
        Field("sasaran", "Sasaran Strategis", False, "text", "Sasaran strategis (terkunci)."),
        Field("indikator", "Indikator Kinerja", True, "text", "Indikator kinerja (terkunci)."),
        Field("cara", "Cara Perhitungan", False, "text", "Cara perhitungan (terkunci)."),
        Field("satuan", "Satuan", True, "text", "Satuan (terkunci)."),
        Field("polaritas", "Polaritas", True, "text", "Naik, Turun atau Tetap (terkunci)."),
        Field("target", target_header(year), True, "number", f"Target tahun {year} yang disepakati (terkunci)."),
    )


PJ_FIELD = Field("pj", "Penanggung Jawab", False, "text",
                 "Unit kerja atau pejabat yang bertanggung jawab atas indikator ini, mis. Bidang Pencegahan dan "
                 "Pengendalian Penyakit.")


def sasaran_fields(year: int) -> tuple[Field, ...]:
    return sasaran_locked(year) + (PJ_FIELD,)


PROGRAM_FIELDS = (
    Field("no", "No", False, "number", "Nomor urut (boleh kosong)."),
    Field("program", "Program", True, "text", "Nama program persis seperti di DPA tahun ini."),
    Field("kegiatan", "Kegiatan", False, "text", "Kegiatan utama program ini (boleh kosong)."),
    Field("anggaran", "Anggaran (Rp)", True, "number",
          "Pagu program dalam rupiah menurut DPA, diketik sebagai angka tanpa Rp dan tanpa titik: 1250000000."),
    Field("sumber", "Sumber Dana", False, "text", "Pilih: APBD, APBN/DAK, atau Lainnya."),
    Field("kode", "Kode Indikator Didukung", True, "text",
          "Kode indikator (lembar Sasaran dan Target) yang didukung program ini; lebih dari satu dipisah koma."),
    Field("keterangan", "Keterangan", False, "text", "Catatan singkat (boleh kosong)."),
)

# --------------------------------------------------------------------------- folders

PK_DIR = "pk"
REGISTER_FILE = "kesepakatan.json"
STATUS_FILE = "status-pk.xlsx"
PK_JSON = "pk.json"
DOCS_DIR = "pk"
ARSIP_DIR = "arsip"


TEMPLATE_FILE = "perjanjian_kinerja.docx"


def default_template() -> Path:
    """The stock PK template (``templates/perjanjian_kinerja.docx``; found without
    importing the renderer)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "templates" / TEMPLATE_FILE, here.parent / "templates" / TEMPLATE_FILE):
        if candidate.is_file() and zipfile.is_zipfile(candidate):
            return candidate
    raise LelangError("Templat PK bawaan (templates/perjanjian_kinerja.docx) tidak ditemukan; pasang ulang lelang-xlsx.")


def workbook_name(year: int) -> str:
    return f"perjanjian-kinerja-{year}.xlsx"


class Round(RoundFolder):
    """``<auction>/pk/<year>/``: formulir/, masuk/, hasil/ (:class:`rounds.folder.RoundFolder`),
    status-pk.xlsx, the PK documents and their archive."""

    DIR = PK_DIR

    @property
    def status(self) -> Path:
        return self.root / STATUS_FILE

    @property
    def pk_json(self) -> Path:
        return self.hasil / PK_JSON

    @property
    def workbook(self) -> Path:
        return self.hasil / workbook_name(self.year)

    @property
    def docs(self) -> Path:
        return self.hasil / DOCS_DIR

    @property
    def arsip(self) -> Path:
        return self.hasil / ARSIP_DIR
