"""The PK form writer ("Formulir Perjanjian Kinerja", docs/pk.md).

One code path writes the pre-filled form sent to each OPD (``lelang pk template``) and a
filled one (samples, tests): :func:`write_form` with or without :class:`FormData`.
Layout (the reader relies on it): ``Petunjuk``; ``Identitas`` (header row, then one row
per field: label A, value B, help C); ``Sasaran dan Target`` and ``Program dan Anggaran``
(one header row, data from row 2); the hidden ``_Daftar`` (A1/B1 version, A2/B2 year,
A3/B3 the OPD code, A5.. the Sumber Dana list). Every sheet is protected without a
password: what comes from the agreement is locked, the OPD's cells are not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import contract as C
from ..agreement.agreed import Agreement
from ..output.atomic import write_with
from ..output.textfmt import nip_spaced, number
from ..output.xlsxstyle import line_height, wrapped_lines
from ..workbooks.formulir import PROTECT_OPTIONS
from ..workbooks.formulir_text import Place
from ..workbooks.roundform import MONEY, OPD_BG, Guide, RoundFormWriter
from . import contract as K

WIDTHS = {"no": 5, "kode": 13, "misi": 7, "sasaran": 28, "indikator": 32, "cara": 30, "satuan": 11,
          "polaritas": 10, "target": 11, "pj": 30}
PROGRAM_WIDTHS = {"no": 5, "program": 40, "kegiatan": 40, "anggaran": 18, "sumber": 13, "kode": 22, "keterangan": 30}
PROGRAM_ROWS = 60  # unlocked, validated rows below the header (rows can be inserted too)


@dataclass
class FormData:
    """A filled form: identity values by field key; Sasaran dan Target rows (keys of
    :func:`contract.sasaran_fields`; ``None`` = pre-filled); Program dan Anggaran rows
    (keys of :data:`contract.PROGRAM_FIELDS`; ``None`` = pre-filled from the agreement's
    programmes); the marker to write ((version, year, kode); None parts = the form's)."""

    identity: dict[str, Any] = field(default_factory=dict)
    targets: list[dict[str, Any]] | None = None
    programs: list[dict[str, Any]] | None = None
    marker: tuple[str, Any, Any] = (K.FORM_VERSION, None, None)


def prefill_targets(a: Agreement, year: int) -> list[dict[str, Any]]:
    return [{"no": i, "kode": ind.kode, "misi": ind.misi, "sasaran": ind.sasaran, "indikator": ind.indikator,
             "cara": ind.cara, "satuan": ind.satuan, "polaritas": ind.polaritas, "target": ind.target.get(year)}
            for i, ind in enumerate(a.indicators, start=1)]


def prefill_programs(a: Agreement) -> list[dict[str, Any]]:
    """The programmes named in the auction form, each with the indicators it named; the
    OPD completes them from its DPA (Anggaran blank)."""
    by_program: dict[str, list[str]] = {}
    for ind in a.indicators:
        if ind.program:
            by_program.setdefault(ind.program, []).append(ind.kode)
    return [{"no": i, "program": p, "kode": ", ".join(codes)} for i, (p, codes) in enumerate(by_program.items(), 1)]


def prefill_identity(a: Agreement, year: int) -> dict[str, Any]:
    s = a.signer
    return {"kode_opd": a.kode_opd, "nama_opd": a.nama_opd, "tahun": year, "nama_kepala": s.nama,
            "nip_kepala": nip_spaced(s.nip), "pangkat": s.pangkat, "jabatan": s.jabatan}


def write_form(path: str | os.PathLike, agreement: Agreement, year: int, pemda: str = "",
               filled: FormData | None = None) -> Path:
    """One PK form, atomically."""
    path = Path(path)
    write_with(path, lambda tmp: _Writer(tmp, agreement, year, pemda, filled or FormData()).write())
    return path


class _Writer(RoundFormWriter):
    title, version = K.FORM_TITLE, K.FORM_VERSION

    def __init__(self, tmp: Path, agreement: Agreement, year: int, pemda: str, data: FormData):
        super().__init__(tmp, agreement, year, pemda, data)
        self.say = Place.named(pemda).say  # the examples in the help texts: this pemda's city

    def write(self) -> None:
        self.properties()
        names = (K.SHEET_PETUNJUK, K.SHEET_IDENTITAS, K.SHEET_SASARAN, K.SHEET_PROGRAM, K.SHEET_LISTS)
        sheets = {name: self.wb.add_worksheet(name) for name in names}
        self._lists(sheets[K.SHEET_LISTS])
        self._petunjuk(sheets[K.SHEET_PETUNJUK])
        self._identitas(sheets[K.SHEET_IDENTITAS])
        self._sasaran(sheets[K.SHEET_SASARAN])
        self._program(sheets[K.SHEET_PROGRAM])
        sheets[K.SHEET_PROGRAM].activate()
        self.wb.close()

    def _protect(self, ws, landscape: bool = True) -> None:
        ws.protect("", PROTECT_OPTIONS)
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_footer("&L&8" + f"{K.FORM_TITLE} {self.year} – {self.a.kode_opd}".replace("&", "&&")
                      + "&R&8Halaman &P dari &N")

    # ------------------------------------------------------------------ sheets
    def _lists(self, ws) -> None:
        version, year, kode = self.data.marker
        self.marker(ws, [(C.VERSION_LABEL, version), (K.YEAR_LABEL, self.year if year is None else year),
                         (K.OPD_LABEL, self.a.kode_opd if kode is None else kode)])
        ws.write_string(4, 0, K.SOURCES_LABEL, self.st.fmt(bold=True))
        for i, s in enumerate(K.SUMBER_DANA, start=5):
            ws.write_string(i, 0, s)
        ws.set_column(0, 0, 20)
        self.hide(ws)

    def _example(self) -> tuple[str, str]:
        """An example programme row from this OPD's own agreement, city and year."""
        ind = self.a.indicators[0] if self.a.indicators else None
        kode = ind.kode if ind else f"{self.a.kode_opd}-01"
        program = (ind.program if ind and ind.program else "Program Pelayanan Administrasi Perkantoran")
        return program, kode

    def _petunjuk(self, ws) -> None:
        g = Guide(self, ws, f"{K.FORM_TITLE} {self.year} – {self.a.kode_opd} {self.a.nama_opd}")
        heading, line = g.heading, g.line
        y, pemda = self.year, self.pemda or "Pemerintah Daerah"
        heading("Tujuan formulir")
        line("Untuk apa", f"Bahan Perjanjian Kinerja (PK) tahun {y} {self.a.nama_opd} {pemda}. Target diambil dari "
             "kesepakatan (Pakta Integritas) yang berlaku untuk tahun ini; OPD melengkapi penanggung jawab setiap "
             "indikator serta program dan anggaran dari DPA. Dari formulir ini dibuat dokumen PK yang ditandatangani "
             "kepala OPD (pihak pertama) dan kepala daerah (pihak kedua).")
        heading("Langkah pengisian")
        for a, b in (
            ("1. Identitas", "Periksa data kepala OPD yang akan menandatangani PK (terisi dari kesepakatan). Bila kepala "
             "OPD sudah berganti, ganti nama, NIP, pangkat dan jabatan. Isi nama dan kontak petugas."),
            ("2. Sasaran dan Target", f"Kolom abu-abu terkunci (dari kesepakatan, target tahun {y}). Isi kolom "
             "Penanggung Jawab: bidang atau pejabat yang bertanggung jawab atas indikator itu."),
            ("3. Program dan Anggaran", "Satu baris per program menurut DPA: Program, Kegiatan (boleh kosong), "
             "Anggaran (Rp) sebagai angka, Sumber Dana (pilih dari daftar), Kode Indikator Didukung (satu atau lebih, "
             "dipisah koma), Keterangan. Program dari formulir lelang sudah terisi; ubah atau tambah sesuai DPA. Setiap "
             "indikator harus didukung minimal satu program."),
            ("4. Simpan dan kirim", "Simpan sebagai .xlsx tanpa kata sandi (nama berkas bebas); jangan mengganti nama "
             "lembar atau judul kolom. Jika ada temuan, Anda menerima salinan dengan sel bermasalah diberi warna."),
        ):
            line(a, b)
        program, kode = self._example()
        heading(f"Contoh pengisian ({pemda}, {y})")
        line("Program", program)
        line("Kegiatan", "Kegiatan utama program sesuai DPA (boleh kosong).")
        line("Anggaran (Rp)", f"Ketik 1250000000 untuk Rp {number(1_250_000_000)}. Bukan 'Rp 1.250.000.000', bukan "
             "'1,25 M': teks seperti itu dibaca bila maknanya pasti, dengan peringatan.")
        line("Sumber Dana", "APBD")
        line("Kode Indikator Didukung", f"{kode}; program yang mendukung dua indikator: dua kode dipisah koma.")
        heading("Sesudah dikirim")
        line("Dokumen PK", f"Sekretariat membuat dokumen PK {y} beserta lampirannya (target dan anggaran). PK yang sudah "
             "terbit terkunci: perubahan formulir sesudahnya ditahan sampai sekretariat menerbitkan PK Perubahan.")
        self._protect(ws, landscape=False)

    def _identitas(self, ws) -> None:
        values = prefill_identity(self.a, self.year)
        values.update(self.data.identity)
        self.identity_sheet(ws, K.IDENTITAS_FIELDS, K.LOCKED_IDENTITY, values, 24, self.say)
        self._protect(ws)

    def _sasaran(self, ws) -> None:
        fields = K.sasaran_fields(self.year)
        rows = self.data.targets if self.data.targets is not None else prefill_targets(self.a, self.year)
        for c, f in enumerate(fields):
            opd = f.key == "pj"
            ws.write_string(0, c, f.label, self.st.header(bg=OPD_BG) if opd else self.st.header())
            ws.set_column(c, c, WIDTHS.get(f.key, 12), self.st.fmt(locked=False) if opd else None)
        ws.set_row(0, 32)
        for i, row in enumerate(rows, start=1):
            lines = 1
            for c, f in enumerate(fields):
                value = row.get(f.key)
                self.cell(ws, i, c, value, f.key != "pj", f.kind)
                lines = max(lines, wrapped_lines(getattr(value, "value", value), WIDTHS.get(f.key, 12)))
            ws.set_row(i, min(line_height(lines), 150))
        pj = len(fields) - 1
        ws.data_validation(1, pj, max(len(rows), 1), pj, {"validate": "any", "input_title": K.PJ_FIELD.label,
                                                          "input_message": self.say(K.PJ_FIELD.help)[:255]})
        ws.freeze_panes(1, 2)
        ws.autofilter(0, 0, max(len(rows), 1), len(fields) - 1)
        ws.repeat_rows(0)
        self._protect(ws)

    def _program(self, ws) -> None:
        fields = K.PROGRAM_FIELDS
        rows = self.data.programs if self.data.programs is not None else prefill_programs(self.a)
        unlocked = self.st.fmt(locked=False, text_wrap=True)
        for c, f in enumerate(fields):
            ws.write_string(0, c, f.shown if f.required else f.label, self.st.header(bg=OPD_BG))
            ws.set_column(c, c, PROGRAM_WIDTHS.get(f.key, 12),
                          self.st.fmt(locked=False, num_format=MONEY) if f.key == "anggaran" else unlocked)
        ws.set_row(0, 32)
        for i, row in enumerate(rows, start=1):
            lines = 1
            for c, f in enumerate(fields):
                if f.key in row:
                    self.cell(ws, i, c, row[f.key], False, "money" if f.key == "anggaran" else f.kind)
                    lines = max(lines, wrapped_lines(getattr(row[f.key], "value", row[f.key]), PROGRAM_WIDTHS[f.key]))
            ws.set_row(i, min(line_height(lines), 150))
        last = max(len(rows) + 20, PROGRAM_ROWS)
        for r in range(len(rows) + 1, last + 1):  # bordered, unlocked cells to type in
            for c, f in enumerate(fields):
                self.cell(ws, r, c, None, False, "money" if f.key == "anggaran" else f.kind)
        for c, f in enumerate(fields):
            v: dict[str, Any] = {"validate": "any", "input_title": f.shown[:32], "input_message": self.say(f.help)[:255]}
            if f.key == "anggaran":
                v.update(validate="decimal", criteria=">=", value=0, error_type="warning", error_title=f.label,
                         error_message="Anggaran adalah angka rupiah 0 atau lebih, tanpa Rp dan tanpa titik: 1250000000.")
            elif f.key == "sumber":
                v.update(validate="list", source=f"='{K.SHEET_LISTS}'!$A$6:$A${5 + len(K.SUMBER_DANA)}",
                         error_type="warning", error_title=f.label, error_message="Pilih APBD, APBN/DAK, atau Lainnya.")
            ws.data_validation(1, c, last, c, v)
        ws.freeze_panes(1, 2)
        ws.autofilter(0, 0, max(len(rows), 1), len(fields) - 1)
        ws.repeat_rows(0)
        self._protect(ws)
