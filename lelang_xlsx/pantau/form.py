"""The monitoring workbook writer ("Formulir Rencana Aksi dan Pemantauan Kinerja", docs/pantau.md).

One code path writes the pre-filled form sent to each OPD (``lelang pantau template``)
and a filled one (samples, tests, benchmark): :func:`write_form` with or without
:class:`FormData`. Layout the reader relies on: ``Identitas`` (header row, then label in
A, value in B, help in C from row 2); ``Rencana Aksi`` and ``Realisasi Triwulan`` (one
header row, data from row 2); hidden ``_Daftar`` (A1/B1 version marker, A2/B2 the year,
A3/B3 the OPD). Every sheet is protected without a password: what comes from the
agreement in force is locked, the OPD's columns are not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import contract as C
from ..agreement.agreed import Agreement
from ..output.atomic import write_with
from ..output.textfmt import number
from ..output.xlsxstyle import line_height, print_fit_width, wrapped_lines
from ..workbooks.roundform import OPD_BG, Guide, RoundFormWriter
from . import contract as P

WIDTHS = {"no": 5, "kode": 13, "indikator": 34, "satuan": 11, "polaritas": 9, "target": 11, "sifat": 13,
          "t1": 10, "t2": 10, "t3": 10, "t4": 10, "rencana": 40}
REAL_WIDTHS = {"no": 5, "kode": 13, "indikator": 30, "satuan": 10} | {
    f"{k}{q}": w for q in P.QUARTERS for k, w in (("r", 10), ("b", 16), ("p", 24))}
SIFAT_MESSAGE = ("Kumulatif: dijumlah sejak Januari (300 orang: 60/140/220/300). Nilai Akhir: tingkat saat diukur "
                 "(APM 85/86/87/88,06). Keduanya: Target TW IV = target tahunan. Rata-rata: tahun = rata-rata "
                 "4 triwulan (5 hari: 6/5/5/4).")
TW4_MESSAGE = ("Kumulatif dan Nilai Akhir: Target TW IV harus sama dengan target tahunan. Rata-rata: rata-rata "
               "Target TW I-IV harus sama dengan target tahunan.")


@dataclass
class FormData:
    """A filled form: identity values by field key; the Rencana Aksi rows and the
    Realisasi Triwulan rows, each a dict by field key (``None``: pre-filled from the
    agreement, OPD columns blank); the marker to write (None parts: the form's own)."""

    identity: dict[str, Any] = field(default_factory=dict)
    rencana: list[dict[str, Any]] | None = None
    realisasi: list[dict[str, Any]] | None = None
    marker: tuple[str, Any, Any] = (P.FORM_VERSION, None, None)  # (version, year, kode OPD)
    drop_sheets: tuple[str, ...] = ()  # sheets left out (broken samples)


def prefill_rencana(a: Agreement, year: int) -> list[dict[str, Any]]:
    return [{"no": i, "kode": ind.kode, "indikator": ind.indikator, "satuan": ind.satuan, "polaritas": ind.polaritas,
             "target": ind.target.get(year)} for i, ind in enumerate(a.indicators, start=1)]


def prefill_realisasi(a: Agreement) -> list[dict[str, Any]]:
    return [{"no": i, "kode": ind.kode, "indikator": ind.indikator, "satuan": ind.satuan}
            for i, ind in enumerate(a.indicators, start=1)]


def write_form(path: str | os.PathLike, agreement: Agreement, year: int, pemda: str = "",
               filled: FormData | None = None, rumus_turun: str = C.TURUN_2_MINUS) -> Path:
    """One monitoring workbook, atomically; ``rumus_turun`` is the panel's Turun formula (Petunjuk)."""
    path = Path(path)

    def write(tmp: Path) -> None:
        w = _Writer(tmp, agreement, year, pemda, filled or FormData())
        w.turun = rumus_turun
        w.write()

    write_with(path, write)
    return path


class _Writer(RoundFormWriter):
    title, version = P.FORM_TITLE, P.FORM_VERSION
    turun = C.TURUN_2_MINUS  # the panel's Rumus Capaian Turun, printed in Petunjuk

    def write(self) -> None:
        self.properties()
        names = [n for n in (P.SHEET_PETUNJUK, P.SHEET_IDENTITAS, P.SHEET_RENCANA, P.SHEET_REALISASI, P.SHEET_LISTS)
                 if n not in self.data.drop_sheets]
        sheets = {n: self.wb.add_worksheet(n) for n in names}
        for name, fill in ((P.SHEET_LISTS, self._lists), (P.SHEET_PETUNJUK, self._petunjuk),
                           (P.SHEET_IDENTITAS, self._identitas), (P.SHEET_RENCANA, self._rencana),
                           (P.SHEET_REALISASI, self._realisasi)):
            if name in sheets:
                fill(sheets[name])
        first = P.SHEET_RENCANA if P.SHEET_RENCANA in sheets else names[0]
        sheets[first].activate()
        self.wb.close()

    def _finish(self, ws, title: str, repeat: bool = True) -> None:
        self.protect(ws)
        print_fit_width(ws, repeat_rows=0 if repeat else None, title=title)

    def _title(self) -> str:
        return f"{P.FORM_TITLE} {self.year} – {self.a.kode_opd} {self.a.nama_opd}"

    # ------------------------------------------------------------------ sheets
    def _lists(self, ws) -> None:
        version, year, kode = self.data.marker
        self.marker(ws, [(C.VERSION_LABEL, version), (P.YEAR_LABEL, self.year if year is None else year),
                         (P.OPD_LABEL, self.a.kode_opd if kode is None else kode)])
        for r, value in enumerate(P.SIFAT_DATA):
            ws.write_string(r, 3, value)
        ws.set_column(0, 0, 18)
        self.hide(ws)

    def _petunjuk(self, ws) -> None:
        g = Guide(self, ws, self._title(), (26, 92))
        heading, line = g.heading, g.line
        y = self.year
        heading("Tujuan formulir")
        line("Untuk apa", f"Target tahun {y} yang disepakati dalam Pakta Integritas dibagi ke empat triwulan (Rencana "
             "Aksi), lalu realisasi dilaporkan setiap triwulan. Dari situ dihitung lampu (hijau, kuning, merah) dan "
             "proyeksi akhir tahun, sehingga yang tertinggal terlihat saat masih ada waktu untuk bertindak.")
        heading("Langkah pengisian")
        for a, b in (
            ("1. Identitas", "Isi nama dan kontak petugas. Kode OPD, Nama OPD dan Tahun terkunci."),
            ("2. Rencana Aksi (awal tahun)", "Untuk setiap indikator pilih Sifat Data, isi Target TW I sampai TW IV "
             "dan tuliskan Rencana Aksi. Kolom abu-abu terkunci (dari kesepakatan yang berlaku)."),
            ("3. Realisasi Triwulan (setiap triwulan)", "Isi Realisasi, Bukti dan Penjelasan triwulan yang baru "
             "berakhir. Penjelasan wajib bila realisasi di bawah target triwulan. Triwulan yang belum waktunya "
             "dibiarkan kosong."),
            ("4. Simpan dan kirim", "Simpan sebagai .xlsx tanpa kata sandi, jangan mengganti nama lembar atau judul "
             "kolom. Kirim berkas yang sama setiap triwulan dengan satu triwulan lagi terisi; sekretariat memakai "
             "berkas terbaru."),
        ):
            line(a, b)
        heading("Sifat Data dan target triwulan")
        for sifat in P.SIFAT_DATA:
            line(sifat, P.SIFAT_HELP[sifat])
        heading("Lampu dan proyeksi")
        line("Capaian triwulan", "Realisasi dibandingkan target triwulan dengan rumus capaian evaluasi tahunan (Naik: "
             f"R ÷ T × 100; Turun: {'T ÷ R × 100' if self.turun == C.TURUN_RATIO else '(2 − R ÷ T) × 100'}; "
             "Tetap: (1 − |R − T| ÷ |T|) × 100, dengan toleransi bila ada). "
             "Rata-rata: rata-rata realisasi s.d. triwulan itu dibandingkan rata-rata targetnya.")
        line("Lampu", "Hijau: capaian ≥ 100%. Kuning: ≥ 76%. Merah: di bawah 76%. Abu-abu: belum dilaporkan.")
        line("Proyeksi akhir tahun", "Kumulatif: realisasi × target tahunan ÷ target triwulan itu. Nilai Akhir: nilai "
             "terakhir. Rata-rata: rata-rata sejauh ini. Proyeksi diberi capaian dan kategori seperti evaluasi tahunan.")
        ex = next((i for i in self.a.indicators if i.target.get(y) is not None), None)
        if ex is not None:
            t = ex.target[y]
            line(f"Contoh: {ex.kode}", f"{ex.indikator} ({ex.satuan}), target {y} {number(t)}. Bila Nilai Akhir, "
                 f"Target TW IV = {number(t)}. Bila Rata-rata, rata-rata Target TW I-IV = {number(t)}.")
        heading("Menulis angka")
        line("Angka, bukan teks", "Ketik angka sebagai angka; desimal memakai koma: 12,5. Jangan memakai titik ribuan "
             "dan jangan memformat sel sebagai persen (satuan %: ketik 85 untuk 85%).")
        self._finish(ws, self._title(), repeat=False)

    def _identitas(self, ws) -> None:
        values = {"kode_opd": self.a.kode_opd, "nama_opd": self.a.nama_opd, "tahun": self.year} | self.data.identity
        self.identity_sheet(ws, P.IDENTITAS_FIELDS, P.LOCKED_IDENTITY, values, 22)
        self._finish(ws, self._title())

    def _table(self, ws, fields, locked: set, rows: list[dict], widths: dict) -> None:
        for c, f in enumerate(fields):
            ws.write_string(0, c, f.label, self.st.header() if f.key in locked else self.st.header(bg=OPD_BG))
            ws.set_column(c, c, widths.get(f.key, 12), None if f.key in locked else self.st.fmt(locked=False))
        ws.set_row(0, 32)
        for i, row in enumerate(rows, start=1):
            lines = 1
            for c, f in enumerate(fields):
                v = row.get(f.key)
                if f.key in row or f.key not in locked:
                    self.cell(ws, i, c, v, f.key in locked, f.kind)
                lines = max(lines, wrapped_lines(getattr(v, "value", v), widths.get(f.key, 12)))
            ws.set_row(i, min(line_height(lines), 150))
        ws.freeze_panes(1, 3)

    def _number_rule(self, f) -> dict:
        return {"validate": "decimal", "criteria": "between", "minimum": -1e15, "maximum": 1e15,
                "error_type": "warning", "error_title": f.label[:32],
                "error_message": "Isi dengan angka (desimal memakai koma, tanpa titik ribuan).",
                "input_title": f.label[:32], "input_message": f.help[:255]}

    def _rencana(self, ws) -> None:
        fields = P.rencana_fields(self.year)
        locked = {f.key for f in P.rencana_locked(self.year)}
        rows = self.data.rencana if self.data.rencana is not None else prefill_rencana(self.a, self.year)
        self._table(ws, fields, locked, rows, WIDTHS)
        last = max(len(rows) + 20, 50)
        col = {f.key: c for c, f in enumerate(fields)}
        ws.data_validation(1, col["sifat"], last, col["sifat"], {
            "validate": "list", "source": list(P.SIFAT_DATA), "input_title": "Sifat Data *",
            "input_message": SIFAT_MESSAGE, "error_type": "stop", "error_title": "Sifat Data",
            "error_message": "Pilih Kumulatif, Nilai Akhir atau Rata-rata."})
        for f in P.rencana_opd():
            if f.kind == "number":
                rule = self._number_rule(f)
                if f.key == "t4":
                    rule["input_message"] = TW4_MESSAGE
                ws.data_validation(1, col[f.key], last, col[f.key], rule)
        ws.data_validation(1, col["rencana"], last, col["rencana"], {
            "validate": "any", "input_title": "Rencana Aksi", "input_message": P.rencana_opd()[-1].help})
        ws.autofilter(0, 0, max(len(rows), 1), len(fields) - 1)
        self._finish(ws, self._title())

    def _realisasi(self, ws) -> None:
        fields = P.realisasi_fields()
        locked = {f.key for f in P.realisasi_locked()}
        rows = self.data.realisasi if self.data.realisasi is not None else prefill_realisasi(self.a)
        self._table(ws, fields, locked, rows, REAL_WIDTHS)
        last = max(len(rows) + 20, 50)
        for c, f in enumerate(fields):
            if f.key in locked:
                continue
            rule = self._number_rule(f) if f.kind == "number" else {
                "validate": "any", "input_title": f.label[:32], "input_message": f.help[:255]}
            ws.data_validation(1, c, last, c, rule)
        ws.autofilter(0, 0, max(len(rows), 1), len(fields) - 1)
        self._finish(ws, self._title())
        # printed as two pages wide, TW I–II then TW III–IV, the indicator columns on both
        ws.fit_to_pages(0, 0)
        ws.set_print_scale(62)
        ws.repeat_columns(0, len(P.realisasi_locked()) - 1)
        ws.set_v_pagebreaks([len(P.realisasi_locked()) + 6])
