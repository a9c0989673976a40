"""The realisation workbook's contract ("Formulir Realisasi Kinerja"): the one source
of its sheet names, labels and headers, and of the round's folder names.

Matching rules are the OPD workbook's (:func:`lelang_xlsx.contract.norm`).
"""

from __future__ import annotations

from pathlib import Path

from .. import contract as C
from ..contract import Field
from ..rounds.folder import RoundFolder

FORM_TITLE = "Formulir Realisasi Kinerja"
# Hidden marker (sheet _Daftar): A1 "Versi Templat" / B1 FORM_VERSION, A2 YEAR_LABEL / B2 the year.
# realisasi-2 adds the informative locked columns (Cara Perhitungan, Nilai Dasar, last year's
# realisation); a realisasi-1 form already sent out is read as it is (those columns are optional).
FORM_VERSION = "realisasi-2"
FORM_VERSIONS = ("realisasi-1", FORM_VERSION)
YEAR_LABEL = "Tahun Evaluasi"

SHEET_PETUNJUK = C.SHEET_PETUNJUK
SHEET_IDENTITAS = C.SHEET_IDENTITAS
SHEET_REALISASI = "Realisasi"
SHEET_PENDUKUNG = C.SHEET_PENDUKUNG
SHEET_LISTS = C.SHEET_LISTS
REQUIRED_SHEETS = (SHEET_IDENTITAS, SHEET_REALISASI, SHEET_PENDUKUNG)

_by_key = {f.key: f for f in C.IDENTITAS_FIELDS}
IDENTITAS_FIELDS = (
    _by_key["kode_opd"],
    _by_key["nama_opd"],
    Field("tahun", YEAR_LABEL, True, "year", "Tahun yang dievaluasi (terisi, terkunci)."),
    Field("nama_kepala", "Nama Kepala OPD", True, "text", "Terisi dari pakta; ubah bila kepala OPD sudah berganti."),
    Field("nip_kepala", "NIP Kepala OPD", True, "nip", "Terisi dari pakta; 18 digit, ketik sebagai teks."),
    Field("pangkat", "Pangkat/Golongan", True, "text", "Terisi dari pakta; ubah bila berganti."),
    Field("jabatan", "Jabatan", True, "text", "Terisi dari pakta; ubah bila berganti."),
    _by_key["petugas"],
    _by_key["kontak"],
)
# Identity values the OPD must not change.
LOCKED_IDENTITY = ("kode_opd", "nama_opd", "tahun")


def realisasi_header(year: int) -> str:
    return f"Realisasi {year}"


def previous_header(year: int) -> str:
    """The informative column with last year's realisation (from the earlier round's results)."""
    return f"Realisasi {year - 1}"


def info_fields(year: int) -> tuple[Field, ...]:
    """Locked columns for information only (realisasi-2): the values come from the register
    and the earlier round, never from the form, so they are optional and never compared."""
    return (
        Field("cara", "Cara Perhitungan", False, "text", "Cara menghitung nilai indikator, dari pakta (terkunci)."),
        Field("nilai_dasar", "Nilai Dasar", False, "number", "Titik nol dari pakta (terkunci)."),
        Field("realisasi_lalu", previous_header(year), False, "number",
              f"Realisasi tahun {year - 1} dari hasil evaluasi tahun itu; – bila belum dievaluasi (terkunci)."),
    )


INFO_KEYS = ("cara", "nilai_dasar", "realisasi_lalu")


def locked_fields(year: int) -> tuple[Field, ...]:
    """Columns pre-filled from the register (and the earlier round) and locked."""
    cara, dasar, lalu = info_fields(year)
    return (
        Field("no", "No", False, "number", "Nomor urut (terkunci)."),
        Field("kode", "Kode Indikator", True, "code", "Kode indikator dari pakta (terkunci)."),
        Field("misi", "Misi", True, "code", "Kode misi (terkunci)."),
        Field("indikator", "Indikator Kinerja", True, "text", "Nama indikator dari pakta (terkunci)."),
        cara,
        Field("satuan", "Satuan", True, "text", "Satuan (terkunci)."),
        Field("polaritas", "Polaritas", True, "text", "Naik, Turun atau Tetap (terkunci)."),
        dasar,
        lalu,
        Field("target", C.target_header(year), True, "number", f"Target tahun {year} yang disepakati (terkunci)."),
        Field("keputusan", "Keputusan", True, "text", "Sanggup, Tidak Sanggup, atau – tanpa tawaran (terkunci)."),
    )


def opd_fields(year: int) -> tuple[Field, ...]:
    """Columns the OPD fills."""
    return (
        Field("realisasi", realisasi_header(year), True, "number",
              f"Angka realisasi tahun {year}, satuan sama dengan target. Desimal memakai koma: 12,5."),
        Field("sumber", "Sumber Data", True, "text", f"Dokumen sumber angka realisasi, mis. Profil Kesehatan {year}."),
        Field("bukti", "Bukti Dukung", True, "text", "Letak bukti: nama dokumen, halaman, atau tautan."),
        Field("penjelasan", "Penjelasan", False, "text", "Wajib bila capaian di bawah 100%: mengapa target tidak tercapai."),
        Field("upaya", "Upaya Perbaikan", False, "text", "Boleh kosong: apa yang akan dilakukan."),
    )


def realisasi_fields(year: int) -> tuple[Field, ...]:
    return locked_fields(year) + opd_fields(year)


NO_DECISION = "–"  # Keputusan cell of an indicator without an offer

# --------------------------------------------------------------------------- folders

EVALUASI_DIR = "evaluasi"
REGISTER_FILE = "kesepakatan.json"
EVALUASI_XLSX = "evaluasi.xlsx"
EVALUASI_JSON = "evaluasi.json"
RAPOR_DIR = "rapor"


class Round(RoundFolder):
    """``<auction>/evaluasi/<year>/``: formulir/, masuk/, hasil/ (:class:`rounds.folder.RoundFolder`)."""

    DIR = EVALUASI_DIR

    @property
    def evaluasi_xlsx(self) -> Path:
        return self.hasil / EVALUASI_XLSX

    @property
    def evaluasi_json(self) -> Path:
        return self.hasil / EVALUASI_JSON

    @property
    def rapor(self) -> Path:
        return self.hasil / RAPOR_DIR

    def earlier_results(self) -> list[Path]:
        """evaluasi.json of every earlier round that has one, oldest first."""
        base = self.auction.root / EVALUASI_DIR
        out = []
        if base.is_dir():
            for d in sorted(base.iterdir()):
                if d.name.isdigit() and int(d.name) < self.year:
                    p = d / C.HASIL_DIR / EVALUASI_JSON
                    if p.is_file():
                        out.append(p)
        return out
