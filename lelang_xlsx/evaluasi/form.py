"""The realisation workbook writer ("Formulir Realisasi Kinerja", docs/evaluasi.md).

One code path writes the pre-filled form sent to each OPD (``lelang eval template``) and
a filled one (the samples and the tests): :func:`write_form` with or without
:class:`FormData`. Layout (the reader relies on it):

* ``Petunjuk``; ``Identitas`` (header row, then one row per field from row 2: label in
  A, value in B, help in C); ``Realisasi`` and ``Data Pendukung`` (one header row, data
  from row 2); the hidden ``_Daftar`` (A1/B1 version marker, A2/B2 the year).
* Every sheet is protected without a password: what comes from the pact is locked, the
  OPD's columns are not. Number cells carry an input message, no dropdown.
* Besides what is compared (LK702), ``Realisasi`` shows locked, for information only, the
  ``Cara Perhitungan`` and ``Nilai Dasar`` of the register and last year's realisation
  from the earlier round's results ("–" when there is none); a ``Tetap`` target with a
  tolerance is displayed ``3,5 ± 1`` by its number format (the cell stays the number).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import contract as C
from ..output.atomic import write_with
from ..workbooks.formulir import DATA_ROWS, PENDUKUNG_WIDTHS, PROTECT_OPTIONS, Raw
from ..workbooks.roundform import Guide, RoundFormWriter
from ..output.textfmt import nip_spaced, number
from ..output.xlsxstyle import line_height, wrapped_lines
from . import contract as E
from ..rounds.scoring import TETAP, TURUN, capaian, formula_text, kategori
from .explain import kategori_text
from ..agreement.agreed import Agreement

WIDTHS = {"no": 5, "kode": 13, "misi": 7, "indikator": 36, "cara": 30, "satuan": 13, "polaritas": 10,
          "nilai_dasar": 11, "realisasi_lalu": 11, "target": 12, "keputusan": 15, "realisasi": 13, "sumber": 28,
          "bukti": 30, "penjelasan": 36, "upaya": 30}
NONE = "–"  # an informative cell with nothing to show (no baseline, no earlier realisation)


@dataclass
class FormData:
    """A filled form: identity values by field key, the Realisasi rows (each keyed by
    :func:`contract.realisasi_fields` keys; ``None`` = pre-filled from the register,
    OPD columns blank), the Data Pendukung rows, and the version marker to write."""

    identity: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, Any]] | None = None
    figures: list[dict[str, Any]] = field(default_factory=list)
    marker: tuple[str, Any] = (E.FORM_VERSION, None)  # (version, year); None = the form's year


def prefill_rows(agreement: Agreement, year: int, previous: dict[str, float] | None = None) -> list[dict[str, Any]]:
    """The locked columns of each agreed indicator, as the register records them; ``previous``
    is last year's realisation by Kode Indikator (the earlier round's results)."""
    return [{"no": i, "kode": ind.kode, "misi": ind.misi, "indikator": ind.indikator, "satuan": ind.satuan,
             "polaritas": ind.polaritas, "target": ind.target.get(year), "keputusan": decision_label(ind.status),
             **info_values(ind, previous)} for i, ind in enumerate(agreement.indicators, start=1)]


def info_values(ind, previous: dict[str, float] | None) -> dict[str, Any]:
    """The informative locked cells of one indicator: Cara Perhitungan, Nilai Dasar, last
    year's realisation ("–" where there is nothing to show)."""
    prev = {C.norm(k): v for k, v in (previous or {}).items()}.get(C.norm(ind.kode))
    return {"cara": ind.cara or NONE, "nilai_dasar": NONE if ind.nilai_dasar is None else ind.nilai_dasar,
            "realisasi_lalu": NONE if prev is None else prev}


def decision_label(status: str) -> str:
    return status if status in C.DECISIONS else E.NO_DECISION


def prefill_identity(agreement: Agreement, year: int) -> dict[str, Any]:
    s = agreement.signer
    return {"kode_opd": agreement.kode_opd, "nama_opd": agreement.nama_opd, "tahun": year, "nama_kepala": s.nama,
            "nip_kepala": nip_spaced(s.nip), "pangkat": s.pangkat, "jabatan": s.jabatan}


def write_form(path: str | os.PathLike, agreement: Agreement, year: int, pemda: str = "",
               filled: FormData | None = None, cap: float = C.DEFAULT_CAP, rumus_turun: str = C.TURUN_2_MINUS,
               previous: dict[str, float] | None = None) -> Path:
    """One realisation workbook, atomically. ``cap`` and ``rumus_turun`` are the panel's
    (Petunjuk); ``previous`` is last year's realisation by Kode Indikator (informative column)."""
    path = Path(path)
    write_with(path, lambda tmp: _Writer(tmp, agreement, year, pemda, filled or FormData(), cap, rumus_turun,
                                         previous).write())
    return path


class _Writer(RoundFormWriter):
    title, version = E.FORM_TITLE, E.FORM_VERSION

    def __init__(self, tmp: Path, agreement: Agreement, year: int, pemda: str, data: FormData, cap: float,
                 rumus_turun: str = C.TURUN_2_MINUS, previous: dict[str, float] | None = None):
        super().__init__(tmp, agreement, year, pemda, data)
        self.cap, self.turun, self.previous = cap, rumus_turun, previous

    def write(self) -> None:
        self.properties()
        sheets = {name: self.wb.add_worksheet(name) for name in (
            E.SHEET_PETUNJUK, E.SHEET_IDENTITAS, E.SHEET_REALISASI, E.SHEET_PENDUKUNG, E.SHEET_LISTS)}
        self._lists(sheets[E.SHEET_LISTS])
        self._petunjuk(sheets[E.SHEET_PETUNJUK])
        self._identitas(sheets[E.SHEET_IDENTITAS])
        self._realisasi(sheets[E.SHEET_REALISASI])
        self._pendukung(sheets[E.SHEET_PENDUKUNG])
        sheets[E.SHEET_REALISASI].activate()
        self.wb.close()

    def _protect(self, ws) -> None:
        ws.protect("", PROTECT_OPTIONS)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)

    # ------------------------------------------------------------------ sheets
    def _lists(self, ws) -> None:
        version, year = self.data.marker
        self.marker(ws, [(C.VERSION_LABEL, version), (E.YEAR_LABEL, self.year if year is None else year)])
        ws.set_column(0, 0, 18)
        self.hide(ws)

    def _petunjuk(self, ws) -> None:
        g = Guide(self, ws, f"{E.FORM_TITLE} {self.year} – {self.a.kode_opd} {self.a.nama_opd}")
        heading, line = g.heading, g.line
        y = self.year
        heading("Tujuan formulir")
        line("Untuk apa", f"Laporan realisasi tahun {y} atas setiap indikator yang disepakati dalam Pakta Integritas "
             "Kesanggupan. Dari realisasi dihitung capaian, Kategori Capaian, dan poin penghargaan atau sanksi; hasilnya "
             "menjadi peringkat OPD dan rapor kinerja.")
        heading("Langkah pengisian")
        for a, b in (
            ("1. Identitas", "Periksa data Kepala OPD (terisi dari pakta). Bila kepala OPD sudah berganti, ganti nama, "
             "NIP, pangkat dan jabatan. Isi nama dan kontak petugas."),
            ("2. Realisasi", f"Kolom abu-abu terkunci (dari pakta). Isi kolom putih: {E.realisasi_header(y)} (angka), "
             "Sumber Data, Bukti Dukung, Penjelasan (wajib bila capaian di bawah 100%), Upaya Perbaikan."),
            ("3. Data Pendukung", "Minimal satu angka pendukung realisasi untuk setiap indikator, sebaiknya dirinci "
             "per kecamatan atau kelompok ditambah baris Total."),
            ("4. Simpan dan kirim", "Simpan sebagai .xlsx (nama berkas bebas) tanpa kata sandi; jangan mengganti nama "
             "lembar atau judul kolom. Jika ada temuan, Anda menerima salinan dengan sel bermasalah diberi warna."),
        ):
            line(a, b)
        heading("Kolom informasi (terkunci)")
        for a, b in self._info_lines():
            line(a, b)
        heading("Cara menghitung capaian")
        for a, b in self._formula_lines():
            line(a, b)
        heading("Contoh perhitungan")
        for pol, t, real in (("Naik", 95.0, 97.0), ("Turun", 56.0, 60.0)):
            cap = capaian(pol, real, t, self.cap, rumus_turun=self.turun)
            formula = (f"{number(real)} ÷ {number(t)} × 100" if pol == "Naik" else
                       f"{number(t)} ÷ {number(real)} × 100" if self.turun == C.TURUN_RATIO else
                       f"(2 − {number(real)} ÷ {number(t)}) × 100")
            line(f"{pol}: target {number(t)}, realisasi {number(real)}",
                 f"Capaian = {formula} = {number(cap, 2)}% → Kategori Capaian {kategori(cap)}."
                 + (" Target tidak tercapai: Penjelasan wajib diisi." if cap < 100 else ""))
        heading("Menulis angka")
        line("Angka, bukan teks", "Ketik angka sebagai angka; desimal memakai koma: 12,5. Jangan memakai titik "
             "ribuan. Satuan %: ketik 85 untuk 85%, jangan memformat sel sebagai persen.")
        self._protect(ws)

    def _formula_lines(self) -> list[tuple[str, str]]:
        """The formulas as the panel set them (Rumus Capaian Turun, the cap)."""
        zero = " Bila target 0: 100% jika realisasi 0 atau kurang, selain itu 0%."
        ratio = " Bila realisasi 0 atau kurang: batas capaian maksimum." if self.turun == C.TURUN_RATIO else ""
        band = next((i for i in self.a.indicators if i.polaritas == TETAP and i.toleransi is not None), None)
        shown = (f"{number(band.target.get(self.year))} ± {number(band.toleransi)}"
                 if band is not None and band.target.get(self.year) is not None else "Target ± t")
        return [
            ("Naik", f"Makin tinggi makin baik: capaian = {formula_text('Naik')}."),
            ("Turun", f"Makin rendah makin baik: capaian = {formula_text(TURUN, self.turun)} (rumus pilihan panel: "
             f"{self.turun})." + zero + ratio),
            ("Tetap", f"Dijaga pada target: capaian = {formula_text(TETAP)}. Target dengan toleransi t, tertulis "
             f"{shown}: d = maks(0, |Realisasi − Target| − t), capaian = (1 − d ÷ |Target|) × 100; realisasi di "
             "dalam rentang itu bercapaian 100%."),
            ("Batas", "Capaian tidak pernah di bawah 0% dan tidak dihitung di atas batas capaian maksimum "
             f"{number(self.cap)}%."),
            ("Kategori Capaian", kategori_text() + "."),
        ]

    def _info_lines(self) -> list[tuple[str, str]]:
        y = self.year
        return [
            ("Cara Perhitungan", "Dari pakta: hitung realisasi dengan cara yang sama setiap tahun, agar angkanya "
             "dapat dibandingkan."),
            ("Nilai Dasar", "Titik nol indikator dari pakta; – bila pakta tidak mencatatnya."),
            (E.previous_header(y), f"Realisasi tahun {y - 1} dari hasil evaluasi tahun itu; – bila tahun {y - 1} "
             "belum dievaluasi (mis. tahun pertama periode) atau indikator ini belum dinilai."),
            ("Mengubah kolom ini", "Tidak mengubah apa pun: nilainya selalu diambil dari daftar kesepakatan dan hasil "
             "evaluasi sebelumnya."),
        ]

    def _identitas(self, ws) -> None:
        values = prefill_identity(self.a, self.year)
        values.update(self.data.identity)
        self.identity_sheet(ws, E.IDENTITAS_FIELDS, E.LOCKED_IDENTITY, values, 24)
        self._protect(ws)

    def _realisasi(self, ws) -> None:
        fields = E.realisasi_fields(self.year)
        locked = {f.key for f in E.locked_fields(self.year)}
        rows = self.data.rows if self.data.rows is not None else prefill_rows(self.a, self.year, self.previous)
        agreed = {C.norm(ind.kode): ind for ind in self.a.indicators}
        rows = [self._shown(row, agreed.get(C.norm(str(row.get("kode") or "")))) for row in rows]
        for c, f in enumerate(fields):
            ws.write_string(0, c, f.label, self.st.header() if f.key in locked else self.st.header(bg="#375623"))
            ws.set_column(c, c, WIDTHS.get(f.key, 12), None if f.key in locked else self.st.fmt(locked=False))
        ws.set_row(0, 32)
        for i, row in enumerate(rows, start=1):
            lines = 1
            for c, f in enumerate(fields):
                if f.key in row:
                    self.cell(ws, i, c, row[f.key], f.key in locked, f.kind)
                    lines = max(lines, wrapped_lines(getattr(row[f.key], "value", row[f.key]), WIDTHS.get(f.key, 12)))
                elif f.key not in locked:
                    self.cell(ws, i, c, None, False)
            ws.set_row(i, min(line_height(lines), 150))
        last = max(len(rows) + 20, 50)
        for c, f in enumerate(fields):
            if f.key in locked:
                continue
            v: dict[str, Any] = {"validate": "any", "input_title": (f.label + (" *" if f.required else ""))[:32],
                                 "input_message": f.help[:255]}
            if f.kind == "number":
                v.update(validate="decimal", criteria="between", minimum=-1e15, maximum=1e15, error_type="warning",
                         error_title=f.label[:32], error_message="Isi dengan angka (desimal memakai koma, tanpa titik ribuan).")
            ws.data_validation(1, c, last, c, v)
        ws.freeze_panes(1, 4)
        ws.autofilter(0, 0, max(len(rows), 1), len(fields) - 1)
        ws.repeat_rows(0)
        self._protect(ws)

    def _shown(self, row: dict[str, Any], ind) -> dict[str, Any]:
        """A row as written: the informative cells it lacks from the register, a Tetap target
        with its tolerance displayed ``3,5 ± 1`` (the cell keeps the number)."""
        if ind is None:
            return row
        out = {**{k: v for k, v in info_values(ind, self.previous).items() if k not in row}, **row}
        t = out.get("target")
        if ind.polaritas == TETAP and ind.toleransi is not None and isinstance(t, (int, float)):
            out["target"] = Raw(t, num_format=f'General" ± {number(ind.toleransi)}"')
        return out

    def _pendukung(self, ws) -> None:
        fields = C.PENDUKUNG_FIELDS
        unlocked = self.st.fmt(locked=False, text_wrap=True)
        for c, f in enumerate(fields):
            ws.write_string(0, c, f.label, self.st.header(bg="#375623"))
            ws.set_column(c, c, PENDUKUNG_WIDTHS.get(f.key, 12), unlocked)
        ws.set_row(0, 32)
        for i, row in enumerate(self.data.figures, start=1):
            for c, f in enumerate(fields):
                if f.key in row:
                    self.cell(ws, i, c, row[f.key], False, f.kind)
        for c, f in enumerate(fields):
            v: dict[str, Any] = {"validate": "any", "input_title": (f.label + (" *" if f.required else ""))[:32],
                                 "input_message": f.help[:255]}
            if f.kind == "number":
                v.update(validate="decimal", criteria="between", minimum=-1e15, maximum=1e15, error_type="warning",
                         error_title=f.label, error_message="Isi dengan angka.")
            elif f.kind == "year":
                v.update(validate="integer", criteria="between", minimum=1900, maximum=2100, error_type="stop",
                         error_title=f.label, error_message=f"Tahun 4 digit, misalnya {self.year}.")
            ws.data_validation(1, c, DATA_ROWS - 1, c, v)
        ws.freeze_panes(1, 1)
        ws.autofilter(0, 0, max(len(self.data.figures), 1), len(fields) - 1)
        self._protect(ws)


