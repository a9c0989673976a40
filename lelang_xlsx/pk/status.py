"""``pk/<Y>/status-pk.xlsx``: the secretariat's workbook of the PK round (docs/pk.md).

One row per OPD. The processor writes Kode OPD, Nama OPD, Status PK, Keterangan, Versi,
Jumlah Anggaran and Berkas; the secretariat fills Tanggal PK (the date to print; blank:
the panel's date with the PK's year), Ditandatangani (the date the signed paper came
back) and Terbitkan Perubahan (Ya: issue a PK Perubahan for a held change). Their values
are read back before every write and kept; a consumed Terbitkan Perubahan is cleared
with the new version's Ditandatangani.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

from .. import contract as C
from ..contract import Field
from ..errors import LelangError
from ..output.atomic import write_with
from ..output.xlsxstyle import FIXED_CREATED, WORKBOOK_OPTIONS, Styles, line_height, setup_table_sheet, wrapped_lines
from ..reading.fastread import read_workbook
from ..reading.tables import header_columns, parse_date, show
from ..reading.xlsxread import Limits, TooLarge, Unreadable
from ..checking.findings import Pos
from ..workbooks.formulir import PROTECT_OPTIONS

SHEET = "Status PK"
YES = "Ya"
PROCESSOR_FIELDS = (
    Field("kode", "Kode OPD", True, "code"), Field("nama", "Nama OPD", False),
    Field("status", "Status PK", False), Field("keterangan", "Keterangan", False), Field("versi", "Versi PK", False),
    Field("anggaran", "Jumlah Anggaran (Rp)", False, "number"), Field("berkas", "Berkas PK", False),
)
SECRETARIAT_FIELDS = (
    Field("tanggal", "Tanggal PK", False, "date", "Tanggal yang dicetak pada PK. Kosong: tanggal di pengaturan panel.xlsx "
          "dengan tahun PK. Wajib untuk PK Perubahan."),
    Field("ditandatangani", "Ditandatangani", False, "date", "Tanggal PK yang sudah ditandatangani kembali."),
    Field("perubahan", "Terbitkan Perubahan", False, "text", "Ya: terbitkan PK Perubahan untuk perubahan yang ditahan "
          "(PK lama dipindah ke arsip). Dikosongkan lagi sesudah PK Perubahan terbit."),
)
FIELDS = PROCESSOR_FIELDS + SECRETARIAT_FIELDS
WIDTHS = {"kode": 13, "nama": 34, "status": 16, "keterangan": 60, "versi": 8, "anggaran": 18, "berkas": 50,
          "tanggal": 15, "ditandatangani": 15, "perubahan": 13}


@dataclass
class Entry:
    """The secretariat's values of one OPD as read (with their problems)."""

    tanggal: dt.date | None = None
    ditandatangani: dt.date | None = None
    perubahan: bool = False
    problems: list[str] = field(default_factory=list)  # a value that is not a date or not Ya


@dataclass
class Row:
    kode: str
    nama: str
    status: str
    keterangan: str = ""
    versi: int | None = None
    anggaran: float | None = None
    berkas: str = ""
    tanggal: dt.date | None = None
    ditandatangani: dt.date | None = None
    perubahan: bool = False


def read_status(path: Path, limits: Limits = Limits()) -> dict[str, Entry]:
    """kode (normalised) -> the secretariat's values; {} when the file does not exist yet.
    A file that cannot be read stops the round (exit 2): it is never overwritten."""
    if not path.is_file():
        return {}
    try:
        wb = read_workbook(path, limits)
    except (Unreadable, TooLarge) as exc:
        raise LelangError(f"{path.name} tidak dapat dibaca ({exc.detail}). Perbaiki atau simpan ulang sebagai .xlsx; "
                          "berkas ini tidak ditimpa agar isian sekretariat tidak hilang.") from None
    ws = wb.sheet(SHEET)
    if ws is None:
        raise LelangError(f"{path.name} tidak memiliki lembar '{SHEET}'. Kembalikan nama lembar, atau hapus berkas ini "
                          "agar dibuat ulang (isian Tanggal PK, Ditandatangani dan Terbitkan Perubahan hilang).")
    cols, _ = header_columns(ws, FIELDS, Pos(path.name))
    if "kode" not in cols:
        raise LelangError(f"{path.name}: kolom 'Kode OPD' tidak ditemukan di lembar '{SHEET}'.")
    out: dict[str, Entry] = {}
    for r in sorted(ws.rows):
        if r <= 1:
            continue
        kode = C.norm(ws.value(r, cols["kode"]))
        if kode and kode not in out:
            out[kode] = _entry(ws, r, cols)
    return out


def _entry(ws, r: int, cols: dict[str, int]) -> Entry:
    e = Entry()
    for key, label in (("tanggal", "Tanggal PK"), ("ditandatangani", "Ditandatangani")):
        raw = ws.value(r, cols[key]) if key in cols else None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        value = parse_date(raw)
        if value is None:
            e.problems.append(f"{label} '{show(raw)}' bukan tanggal")
        setattr(e, key, value)
    raw = ws.value(r, cols["perubahan"]) if "perubahan" in cols else None
    text = "" if raw is None else str(raw).strip()
    if text:
        e.perubahan = C.norm(text) == C.norm(YES)
        if not e.perubahan:
            e.problems.append(f"Terbitkan Perubahan '{show(text)}' bukan Ya")
    return e


def write_status(path: Path, year: int, rows: list[Row]) -> None:
    write_with(path, lambda tmp: _write(tmp, year, rows))


def _write(tmp: Path, year: int, rows: list[Row]) -> None:
    wb = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
    wb.set_properties({"title": f"Status Perjanjian Kinerja {year}", "author": "Sekretariat Lelang Kinerja",
                       "created": FIXED_CREATED})
    st = Styles(wb)
    ws = wb.add_worksheet(SHEET)
    secretariat = {f.key for f in SECRETARIAT_FIELDS}
    for c, f in enumerate(FIELDS):
        ws.write_string(0, c, f.label, st.header(bg="#375623") if f.key in secretariat else st.header())
        ws.set_column(c, c, WIDTHS[f.key])
    locked = st.fmt(text_wrap=True, border=1, border_color="#D9D9D9", bg_color="#F2F2F2")
    money = st.fmt(num_format="#,##0", border=1, border_color="#D9D9D9", bg_color="#F2F2F2")
    date = st.fmt(num_format="d mmmm yyyy", locked=False, border=1, border_color="#D9D9D9", align="left")
    text = st.fmt(locked=False, border=1, border_color="#D9D9D9")
    for i, row in enumerate(rows, start=1):
        values = (row.kode, row.nama, row.status, row.keterangan, "" if row.versi is None else str(row.versi))
        for c, v in enumerate(values):
            ws.write_string(i, c, v, locked)
        ws.write(i, 5, row.anggaran, money) if row.anggaran is not None else ws.write_blank(i, 5, None, money)
        ws.write_string(i, 6, row.berkas, locked)
        for c, d in ((7, row.tanggal), (8, row.ditandatangani)):
            if d is None:
                ws.write_blank(i, c, None, date)
            else:
                ws.write_datetime(i, c, dt.datetime(d.year, d.month, d.day), date)
        ws.write_string(i, 9, YES if row.perubahan else "", text)
        lines = max(wrapped_lines(row.keterangan, WIDTHS["keterangan"]), wrapped_lines(row.nama, WIDTHS["nama"]),
                    wrapped_lines(row.berkas, WIDTHS["berkas"]))
        ws.set_row(i, line_height(min(lines, 6)))
    last = max(len(rows), 1)
    for c, f in enumerate(SECRETARIAT_FIELDS, start=len(PROCESSOR_FIELDS)):
        v = {"input_title": f.label, "input_message": f.help[:255], "error_type": "warning", "error_title": f.label}
        if f.kind == "date":
            v.update(validate="date", criteria=">", value=dt.date(1990, 1, 1), error_message="Isi tanggal, mis. 31-01-2019.")
        else:
            v.update(validate="list", source=[YES], error_message="Isi Ya atau kosongkan.")
        ws.data_validation(1, c, last, c, v)
    setup_table_sheet(ws, len(rows), len(FIELDS), freeze_cols=2, title=f"Status Perjanjian Kinerja {year}")
    ws.protect("", PROTECT_OPTIONS)
    wb.close()
