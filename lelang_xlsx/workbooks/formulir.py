"""The OPD workbook ("Formulir Lelang Kinerja") writer.

One code path writes the blank template sent to each OPD and a filled workbook (the
samples and the tests): :func:`write_formulir` with or without :class:`FilledData`.

The layout is fixed because the reader relies on it (see docs/design/contract.md):

* sheets ``Petunjuk``, ``Identitas``, ``Indikator``, ``Data Pendukung`` and the hidden
  ``_Daftar`` (A1 = version label, B1 = template version, dropdown lists to the right);
* ``Identitas``: header row, then one row per :data:`contract.IDENTITAS_FIELDS` from
  row 2 (label in A, value in B, help in C);
* ``Indikator`` / ``Data Pendukung``: one header row, data from row 2.

Every sheet is protected without a password: the header rows and the instructions are
locked, the data area is not, and rows may be inserted, deleted, sorted and filtered.
The output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter

from .. import contract as C
from .annotate_fast import FILL
from ..output.atomic import write_with
from ..checking.findings import col_letter
from ..output.xlsxstyle import wrapped_lines, write_value
from ..model import Panel
from ..output.textfmt import date_long, number
from . import formulir_text as T

FIXED_CREATED = dt.datetime(2018, 11, 12, 8, 0, 0)
DATA_ROWS = 1000  # validations and dropdowns cover rows 2..DATA_ROWS
HEADER_BG = "#1F4E79"
HEADER_FG = "#FFFFFF"
LABEL_BG = "#DDEBF7"
INPUT_BG = "#FFFFFF"
NOTE_COLOR = "#595959"
DATE_FORMAT = "d mmmm yyyy"
YEAR_FORMAT = "0"

PROTECT_OPTIONS = {
    "insert_rows": True,
    "delete_rows": True,
    "format_columns": True,
    "format_rows": True,
    "autofilter": True,
    "sort": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}

# Column widths (characters) per field key.
INDIKATOR_WIDTHS = {
    "no": 5, "kode": 14, "misi": 8, "sasaran": 30, "program": 30, "indikator": 34, "cara": 40,
    "satuan": 14, "polaritas": 11, "tahun_dasar": 10, "nilai_dasar": 12, "sumber": 28,
}
TARGET_WIDTH = 11
PETUNJUK_WIDTHS = (26, 84)
# Printing Indikator: A4 landscape, two pages wide; row 1 and the No/Kode Indikator columns
# are repeated on every page.
INDIKATOR_BREAK_KEY = "satuan"
PENDUKUNG_WIDTHS = {"kode": 14, "uraian": 34, "rincian": 28, "tahun": 9, "nilai": 13, "satuan": 14, "sumber": 34}


@dataclass(frozen=True)
class Raw:
    """A value written exactly as described, bypassing the usual typing.

    ``as_text=True`` writes ``str(value)`` as a text cell (e.g. the text ``'1.234'`` in
    a number column); ``num_format`` gives a number cell its own format (e.g. ``0.85``
    with ``'0%'``).
    """

    value: Any
    num_format: str | None = None
    as_text: bool = False


@dataclass
class FilledData:
    """The content of a filled OPD workbook.

    ``identity`` is keyed by :data:`contract.IDENTITAS_FIELDS` keys; each indicator row
    by :func:`contract.indikator_fields` keys (``target_<year>`` for the targets); each
    figure row by :data:`contract.PENDUKUNG_FIELDS` keys. Values are written as given:
    ``int``/``float`` as numbers, ``str`` always as text (never a formula), dates as
    date cells, ``None`` as blank, :class:`Raw` as described there.
    """

    identity: dict[str, Any] = field(default_factory=dict)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)


def write_formulir(
    path: str | os.PathLike,
    panel: Panel,
    kode_opd: str | None = None,
    nama_opd: str | None = None,
    filled: FilledData | None = None,
) -> None:
    """Write one OPD workbook (blank, prefilled with code/name, or filled) atomically."""
    write_with(Path(path), lambda tmp: _Writer(tmp, panel, kode_opd, nama_opd, filled).write())


def _col(n: int) -> str:
    """0-based column index -> letters."""
    return col_letter(n + 1)


def _wrapped_lines(value: Any, width: int) -> int:
    """Estimated lines a wrapped text needs in a column ``width`` characters wide."""
    return wrapped_lines(value.value if isinstance(value, Raw) else value, width, chars_per_unit=1.2)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Petunjuk:
    """The Petunjuk sheet being written: its formats and the next row."""

    def __init__(self, writer: "_Writer", ws) -> None:
        fmt = writer.fmt
        self.ws = ws
        self.r = 0
        self.title = fmt(bold=True, font_size=16, font_color=HEADER_BG)
        self.sub = fmt(italic=True, font_color=NOTE_COLOR)
        self.h = fmt(bold=True, font_size=12, font_color=HEADER_FG, bg_color=HEADER_BG)
        self.th = fmt(bold=True, bg_color=LABEL_BG, border=1, border_color="#BFBFBF", text_wrap=True)
        self.td = fmt(text_wrap=True, border=1, border_color="#D9D9D9")
        self.tdb = fmt(text_wrap=True, border=1, border_color="#D9D9D9", bold=True)
        self.para = fmt(text_wrap=True)
        ws.set_column(0, 0, PETUNJUK_WIDTHS[0])
        ws.set_column(1, 1, PETUNJUK_WIDTHS[1])
        ws.set_column(2, 2, 12)
        ws.hide_gridlines(2)

    def line(self, a: str, b: str = "", fa=None, fb=None) -> None:
        ws, r = self.ws, self.r
        if a:
            ws.write_string(r, 0, a, fa or self.tdb)
        else:
            ws.write_blank(r, 0, None, fa or self.td)
        if b:
            ws.write_string(r, 1, b, fb or self.td)
        # both columns wrap: the row must fit the taller one (else rows overlap when printed)
        lines = max(_wrapped_lines(a, PETUNJUK_WIDTHS[0]), _wrapped_lines(b, PETUNJUK_WIDTHS[1]))
        if lines > 1:
            ws.set_row(r, 15 * lines + 2)
        self.r += 1

    def heading(self, text: str) -> None:
        self.r += 1
        self.ws.write_string(self.r, 0, text, self.h)
        self.ws.write_blank(self.r, 1, None, self.h)
        self.r += 1


class _Writer:
    def __init__(self, tmp: Path, panel: Panel, kode: str | None, nama: str | None, filled: FilledData | None):
        self.tmp = tmp
        self.panel = panel
        self.years = list(panel.years)
        self.kode = kode
        self.nama = nama
        self.filled = filled
        self.say = T.Place.of(panel).say  # the panel's city and years in every example
        self.wb = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
             "nan_inf_to_errors": False},
        )
        self._formats: dict[tuple, Any] = {}

    # ------------------------------------------------------------------ formats
    def fmt(self, **props: Any):
        key = tuple(sorted(props.items()))
        f = self._formats.get(key)
        if f is None:
            base = {"valign": "top", "font_name": "Calibri", "font_size": 11}
            base.update(props)
            f = self.wb.add_format(base)
            self._formats[key] = f
        return f

    @property
    def header(self):
        return self.fmt(bold=True, font_color=HEADER_FG, bg_color=HEADER_BG, text_wrap=True, valign="vcenter",
                        align="center", border=1, border_color="#BFBFBF", locked=True)

    def input_fmt(self, **props: Any):
        return self.fmt(locked=False, text_wrap=True, border=1, border_color="#D9D9D9", **props)

    def put(self, ws, row: int, col: int, value: Any, kind: str = "text") -> None:
        """Write a data cell (unlocked) following the FilledData value rules."""
        extra: dict[str, Any] = {}
        if kind == "year":
            extra["num_format"] = YEAR_FORMAT
        elif kind == "date":
            extra["num_format"] = DATE_FORMAT
            extra["align"] = "left"
        elif kind == "nip":
            extra["num_format"] = "@"
        if isinstance(value, Raw):
            if value.as_text:
                ws.write_string(row, col, "" if value.value is None else str(value.value), self.input_fmt(**extra))
                return
            if value.num_format:
                extra["num_format"] = value.num_format
            value = value.value
        write_value(ws, row, col, value, self.input_fmt(**extra))

    # ------------------------------------------------------------------ workbook
    def write(self) -> None:
        wb = self.wb
        pemda = self.panel.nama_pemda or ""
        period = f"{self.years[0]}–{self.years[-1]}" if self.years else ""
        title = C.TEMPLATE_TITLE + (f" – {self.kode}" if self.kode else "")
        wb.set_properties(
            {
                "title": title,
                "subject": f"Lelang Kinerja {pemda} {period}".strip(),
                "author": "Sekretariat Lelang Kinerja",
                "company": pemda,
                "category": "Lelang Kinerja",
                "keywords": "lelang kinerja, indikator, target",
                "comments": f"{C.VERSION_LABEL} {C.TEMPLATE_VERSION}",
                "created": FIXED_CREATED,
            }
        )
        wb.set_custom_property(C.VERSION_LABEL, C.TEMPLATE_VERSION)
        petunjuk = wb.add_worksheet(C.SHEET_PETUNJUK)
        identitas = wb.add_worksheet(C.SHEET_IDENTITAS)
        indikator = wb.add_worksheet(C.SHEET_INDIKATOR)
        pendukung = wb.add_worksheet(C.SHEET_PENDUKUNG)
        lists = wb.add_worksheet(C.SHEET_LISTS)
        self._lists(lists)
        self._petunjuk(petunjuk)
        self._identitas(identitas)
        self._indikator(indikator)
        self._pendukung(pendukung)
        (identitas if self.filled is None else petunjuk).activate()
        wb.close()

    # ------------------------------------------------------------------ _Daftar
    def _lists(self, ws) -> None:
        """Hidden sheet: version marker in A1/B1, dropdown lists from column D."""
        bold = self.fmt(bold=True)
        ws.write_string(0, 0, C.VERSION_LABEL, bold)
        ws.write_string(0, 1, C.TEMPLATE_VERSION)
        columns = (
            ("Daftar_Misi", "Misi", list(self.panel.missions)),
            ("Daftar_Uraian_Misi", "Uraian Misi", list(self.panel.missions.values())),
            ("Daftar_Satuan", "Satuan", list(self.panel.units) or list(C.COMMON_UNITS)),  # panel.xlsx › Satuan
            ("Daftar_Polaritas", "Polaritas", list(C.POLARITIES)),
            ("Daftar_OPD", "Kode OPD", list(self.panel.opds)),
            ("Daftar_Nama_OPD", "Nama OPD", list(self.panel.opds.values())),
        )
        self.list_refs: dict[str, str | None] = {}
        for i, (name, head, values) in enumerate(columns):
            c = 3 + i
            ws.write_string(0, c, head, bold)
            for r, v in enumerate(values, start=1):
                ws.write_string(r, c, str(v))
            if values:
                letter = _col(c)
                ref = f"='{C.SHEET_LISTS}'!${letter}$2:${letter}${len(values) + 1}"
                self.wb.define_name(name, ref)
                self.list_refs[name] = f"={name}"
            else:
                self.list_refs[name] = None
        ws.write_string(2, 0, "Periode", bold)
        ws.write_string(2, 1, f"{self.years[0]}-{self.years[-1]}" if self.years else "")
        ws.set_column(0, 0, 16)
        ws.set_column(3, 8, 18)
        ws.hide()
        ws.protect("", PROTECT_OPTIONS)

    # ------------------------------------------------------------------ Petunjuk
    def _petunjuk(self, ws) -> None:
        sheet = _Petunjuk(self, ws)
        self._petunjuk_head(sheet)
        self._petunjuk_fields(sheet)
        self._petunjuk_examples(sheet)
        p, years = self.panel, self.years
        sheet.heading("Versi dan periode")
        sheet.line(C.VERSION_LABEL, C.TEMPLATE_VERSION)
        sheet.line("Periode", f"{years[0]}–{years[-1]}" if years else "(periode belum diatur)")
        if p.nama_pemda:
            sheet.line("Pemerintah daerah", p.nama_pemda)
        if p.missions:
            sheet.line("Misi", "\n".join(f"{k}: {v}" for k, v in p.missions.items()))
        if p.tanggal:
            sheet.line("Penandatanganan", f"{p.tempat}, {date_long(p.tanggal)}".strip(", "))
        ws.protect("", PROTECT_OPTIONS)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)

    def _petunjuk_head(self, sheet: "_Petunjuk") -> None:
        """Title, period line, purpose, steps and how to read the check's result."""
        p, years, ws = self.panel, self.years, sheet.ws
        ws.write_string(sheet.r, 0, C.TEMPLATE_TITLE + (f" – {p.nama_pemda}" if p.nama_pemda else ""), sheet.title)
        ws.set_row(sheet.r, 24)
        sheet.r += 1
        period = f"{years[0]}–{years[-1]}" if years else "(periode belum diatur)"
        who = f"{self.kode} – {self.nama}" if self.kode and self.nama else (self.kode or "")
        ws.write_string(sheet.r, 0, f"Periode target {period} · {C.VERSION_LABEL} {C.TEMPLATE_VERSION}"
                        + (f" · OPD {who}" if who else ""), sheet.sub)
        sheet.r += 1
        sheet.heading("Tujuan formulir")
        sheet.line("Untuk apa", T.PURPOSE, fb=sheet.para)
        sheet.heading("Langkah pengisian")
        for a, b in T.STEPS:
            sheet.line(a, b)
        sheet.heading("Membaca hasil pemeriksaan")
        for a, b, severity in T.FEEDBACK_GUIDE:  # the colour rows in the colours of the annotated copy
            sheet.line(a, b, fa=self.fmt(text_wrap=True, border=1, border_color="#D9D9D9", bold=True,
                                         bg_color="#" + FILL[severity]) if severity else None)

    def _petunjuk_fields(self, sheet: "_Petunjuk") -> None:
        """What every field and column means, polarity and how to write numbers."""
        years = self.years

        def described(f: C.Field) -> None:
            sheet.line(f.label, self.say(f"{f.help} {'(wajib)' if f.required else '(boleh kosong)'}"))

        sheet.heading("Lembar Identitas")
        for f in C.IDENTITAS_FIELDS:
            described(f)
        sheet.heading("Lembar Indikator: arti setiap kolom")
        for f in C.indikator_fields(self.panel.years)[: len(C.INDIKATOR_FIELDS)]:
            described(f)
        if years:
            sheet.line(f"{C.target_header(years[0])} … {C.target_header(years[-1])}",
                       T.targets_text(C.target_header(years[-1])))
        for f in C.INDIKATOR_TAIL_FIELDS:  # the optional columns after the targets
            if f is C.TOLERANSI_FIELD:
                sheet.line(f.label, f"{f.help} {T.TOLERANCE}")
            else:
                described(f)
        sheet.heading("Lembar Data Pendukung: arti setiap kolom")
        for f in C.PENDUKUNG_FIELDS:
            described(f)
        for title, rows in (("Polaritas", T.POLARITIES), ("Menulis angka", T.NUMBERS)):
            sheet.heading(title)
            for a, b in rows:
                sheet.line(a, b)

    def _petunjuk_examples(self, sheet: "_Petunjuk") -> None:
        """The example row and its figures: the panel's city and years."""
        place = T.Place.of(self.panel)
        sheet.heading(T.EXAMPLE_HEADING)
        ex = T.example_indicator(self.years, place)
        for f in C.indikator_fields(self.panel.years):
            if ex.get(f.key) is not None:
                sheet.line(f.label, number(ex[f.key]) if isinstance(ex[f.key], float) else str(ex[f.key]))
        sheet.heading(T.FIGURES_HEADING)
        sheet.ws.write_string(sheet.r, 0, T.FIGURE_HEADS[0], sheet.th)
        sheet.ws.write_string(sheet.r, 1, f"{T.FIGURE_HEADS[1]} — {T.FIGURE_HEADS[2]}", sheet.th)
        sheet.r += 1
        for fig in T.example_figures(place):
            sheet.line(fig["uraian"], f"{fig['rincian']} — {fig['tahun']} · {number(fig['nilai'])} {fig['satuan']} · "
                       f"{fig['sumber']}")

    # ------------------------------------------------------------------ Identitas
    def _identitas(self, ws) -> None:
        for c, text in enumerate(("Data", "Isian", "Keterangan")):
            ws.write_string(0, c, text, self.header)
        ws.set_row(0, 20)
        label = self.fmt(bold=True, bg_color=LABEL_BG, border=1, border_color="#BFBFBF", text_wrap=True, locked=True)
        note = self.fmt(italic=True, font_color=NOTE_COLOR, text_wrap=True, locked=True)
        values = dict(self.filled.identity) if self.filled else {}
        unknown = set(values) - {f.key for f in C.IDENTITAS_FIELDS}
        if unknown:
            raise ValueError(f"unknown identity keys: {sorted(unknown)}")
        if self.kode is not None and "kode_opd" not in values:
            values["kode_opd"] = self.kode
        if self.nama is not None and "nama_opd" not in values:
            values["nama_opd"] = self.nama
        for r, f in enumerate(C.IDENTITAS_FIELDS, start=1):
            required = " *" if f.required else ""
            ws.write_string(r, 0, f.shown, label)
            self.put(ws, r, 1, values.get(f.key), f.kind)
            ws.write_string(r, 2, self.say(f.help) + ("" if f.required else " Boleh kosong."), note)
            ws.set_row(r, 30)
            v = {"input_title": _clip(f.label + required, 32), "input_message": _clip(self.say(f.help), 255)}
            if f.key == "kode_opd" and self.list_refs.get("Daftar_OPD"):
                v.update(validate="list", source=self.list_refs["Daftar_OPD"], error_type="information",
                         error_title="Kode OPD", error_message="Kode ini tidak ada di daftar OPD dari sekretariat.")
            elif f.kind == "date":
                v.update(validate="date", criteria="between", minimum=dt.date(2000, 1, 1),
                         maximum=dt.date(2100, 12, 31), error_type="warning", error_title="Tanggal",
                         error_message=self.say(T.DATE_ERROR))
            else:
                v.update(validate="any")
            ws.data_validation(r, 1, r, 1, v)
        ws.write_string(len(C.IDENTITAS_FIELDS) + 2, 0, f"Tanda {C.REQUIRED_MARK} = wajib diisi.", note)
        ws.set_column(0, 0, 24)
        ws.set_column(1, 1, 44)
        ws.set_column(2, 2, 56)
        ws.freeze_panes(1, 0)
        ws.protect("", PROTECT_OPTIONS)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)

    # ------------------------------------------------------------------ tables
    def _table(self, ws, fields: tuple[C.Field, ...], rows: list[dict[str, Any]], widths: dict[str, int],
               freeze_cols: int) -> None:
        for c, f in enumerate(fields):
            ws.write_string(0, c, f.shown, self.header)
            kind_fmt = {"year": {"num_format": YEAR_FORMAT}}.get(f.kind, {})
            ws.set_column(c, c, widths.get(f.key, TARGET_WIDTH), self.input_fmt(**kind_fmt))
        ws.set_row(0, 32)
        keys = {f.key for f in fields}
        kinds = {f.key: f.kind for f in fields}
        for i, row in enumerate(rows, start=1):
            unknown = set(row) - keys
            if unknown:
                raise ValueError(f"unknown keys in {ws.name} row {i + 1}: {sorted(unknown)}")
            lines = 1
            for c, f in enumerate(fields):
                if f.key in row:
                    self.put(ws, i, c, row[f.key], kinds[f.key])
                    lines = max(lines, _wrapped_lines(row[f.key], widths.get(f.key, TARGET_WIDTH)))
            if lines > 1:  # neither XlsxWriter nor a spreadsheet on load fits rows to wrapped text
                ws.set_row(i, min(15 * lines, 150))
        last = DATA_ROWS - 1
        ws.freeze_panes(1, freeze_cols)
        ws.autofilter(0, 0, max(len(rows), 1), len(fields) - 1)
        ws.protect("", PROTECT_OPTIONS)
        ws.set_landscape()
        ws.set_paper(9)
        ws.repeat_rows(0)
        keys = [f.key for f in fields]
        if ws.name == C.SHEET_INDIKATOR and INDIKATOR_BREAK_KEY in keys:
            # 17+ columns on one A4 width would print at about 5 pt: two pages wide instead,
            # No and Kode Indikator repeated on the second page
            ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
            ws.fit_to_pages(2, 0)
            ws.repeat_columns(0, keys.index("kode"))
        else:
            ws.fit_to_pages(1, 0)
        for c, f in enumerate(fields):
            v: dict[str, Any] = {
                "input_title": _clip(f.shown, 32),
                "input_message": _clip(self.say(self._help(ws.name, f)), 255),
                "validate": "any",
            }
            v.update(self._validation(ws.name, f))
            ws.data_validation(1, c, last, c, v)

    def _help(self, sheet: str, f: C.Field) -> str:
        """The input message; for Misi it says what each code means (the dropdown shows codes only)."""
        if sheet == C.SHEET_INDIKATOR and f.key == "misi" and self.panel.missions:
            return mission_help(self.panel.missions)
        return f.help

    def _validation(self, sheet: str, f: C.Field) -> dict[str, Any]:
        first = self.years[0] if self.years else 2100
        if sheet == C.SHEET_INDIKATOR and f.key == "misi" and self.list_refs.get("Daftar_Misi"):
            return {"validate": "list", "source": self.list_refs["Daftar_Misi"], "error_type": "stop",
                    "error_title": "Misi", "error_message": "Pilih salah satu kode misi dari daftar."}
        if f.key == "satuan":
            return {"validate": "list", "source": self.list_refs["Daftar_Satuan"], "error_type": "information",
                    "error_title": "Satuan", "error_message": "Satuan ini tidak ada di daftar. Tekan OK untuk "
                    "tetap memakainya."}
        if f.key == "polaritas":
            return {"validate": "list", "source": self.list_refs["Daftar_Polaritas"], "error_type": "stop",
                    "error_title": "Polaritas", "error_message": "Pilih Naik, Turun atau Tetap."}
        if f.key == "tahun_dasar":
            return {"validate": "integer", "criteria": "between", "minimum": 1900, "maximum": first - 1,
                    "error_type": "stop", "error_title": "Tahun Dasar",
                    "error_message": f"Tahun 4 digit sebelum {first}, misalnya {first - 2}."}
        if f.kind == "year":
            return {"validate": "integer", "criteria": "between", "minimum": 1900, "maximum": 2100,
                    "error_type": "stop", "error_title": f.label, "error_message": self.say(T.YEAR_ERROR)}
        if sheet == C.SHEET_PENDUKUNG and f.key == "kode":
            return {"validate": "list", "source": f"={C.SHEET_INDIKATOR}!$B$2:$B${DATA_ROWS}",
                    "error_type": "information", "error_title": "Kode Indikator",
                    "error_message": "Kode ini belum ada di lembar Indikator."}
        if f.key == "toleransi":
            return {"validate": "decimal", "criteria": ">=", "value": 0, "error_type": "warning",
                    "error_title": f.label, "error_message": "Toleransi adalah angka 0 atau lebih, hanya untuk "
                    "polaritas Tetap (inflasi 3,5 ± 1: isi 1)."}
        if f.kind == "number" and f.key != "no":
            return {"validate": "decimal", "criteria": "between", "minimum": -1e15, "maximum": 1e15,
                    "error_type": "warning", "error_title": f.label,
                    "error_message": "Isi dengan angka (desimal memakai koma, tanpa titik ribuan)."}
        return {}

    def _indikator(self, ws) -> None:
        rows = self.filled.indicators if self.filled else []
        self._table(ws, C.indikator_fields(self.panel.years), rows, INDIKATOR_WIDTHS, freeze_cols=2)

    def _pendukung(self, ws) -> None:
        rows = self.filled.figures if self.filled else []
        self._table(ws, C.PENDUKUNG_FIELDS, rows, PENDUKUNG_WIDTHS, freeze_cols=1)


def mission_help(missions: dict[str, str], limit: int = 255) -> str:
    """'Pilih kode misi:' then one line per code with its meaning, shortened to fit ``limit``."""
    head = "Pilih kode misi:"
    codes = list(missions.items())
    room = (limit - len(head) - sum(len(k) + 4 for k, _ in codes)) // max(len(codes), 1)
    lines = [f"{k} = {_clip(' '.join(str(v).split()), max(room, 8))}" for k, v in codes]
    return _clip("\n".join([head, *lines]), limit)
