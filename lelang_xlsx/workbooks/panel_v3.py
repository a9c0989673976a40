"""The version-3 parts of the panel workbook (docs/evaluasi.md), written by
``lelang init`` (:mod:`.panel_example`, XlsxWriter) and added to an older panel.xlsx
(:mod:`.panel_upgrade`, openpyxl). What goes where is said once, here: both writers
read :data:`POIN_TIDAK_MELAPOR_AT`, :data:`UNIT_NOTE`, :data:`INCENTIVE_NOTE`.
"""

from __future__ import annotations

from .. import contract as C
from ..output.xlsxstyle import print_fit_width

# Sheet Poin: the label in D6, the value in E6, the note in H6 (below the weight table).
POIN_TIDAK_MELAPOR_AT = (5, 3)  # 0-based (row, col) of the label
UNIT_NOTE = ("Batas nilai yang masuk akal untuk setiap satuan. Nilai dasar, target dan realisasi di luar batas "
             "ditandai (LK311 di formulir OPD, LK706 di formulir realisasi). Kosongkan batas yang tidak ada. "
             "Satuan di sini juga menjadi daftar pilihan kolom Satuan di formulir OPD.")
INCENTIVE_NOTE = ("Persentase insentif OPD menurut poin per indikator (poin bersih dibagi jumlah indikator yang "
                  "dievaluasi): baris pertama yang minimalnya tercapai. Di bawah baris terakhir: 0 %. Urutkan dari "
                  "terbesar; persentase 0 sampai 100.")
UNIT_WIDTHS = (22, 14, 14, 3, 60)
INCENTIVE_WIDTHS = (28, 22, 3, 60)


def write_choice(ws, row: int, f: C.Field, value, label, text, note) -> None:
    """One Pengaturan row with a dropdown of the allowed values."""
    ws.write_string(row, 0, f.label, label)
    ws.write_string(row, 1, str(value) if value is not None else "", text)
    ws.write_string(row, 2, f.help, note)
    ws.data_validation(row, 1, row, 1, {"validate": "list", "source": list(C.CHOICES[f.key]),
                                        "error_type": "stop", "error_title": f.label,
                                        "error_message": "Pilih salah satu: " + ", ".join(C.CHOICES[f.key])})


def write_tidak_melapor(ws, text, note, value, header) -> None:
    r, c = POIN_TIDAK_MELAPOR_AT
    f = C.POIN_TIDAK_MELAPOR_FIELD
    ws.write_string(r, c, f.label, header)
    if value is None:
        ws.write_blank(r, c + 1, None, text)
    else:
        ws.write(r, c + 1, value, text)
    ws.write_string(r, 7, f.help, note)


def write_units(wb, header, text, note, units) -> None:
    """Sheet Satuan: Satuan, Batas Bawah, Batas Atas; the note in E2."""
    ws = wb.add_worksheet(C.SHEET_SATUAN)
    for c, f in enumerate(C.SATUAN_FIELDS):
        ws.write_string(0, c, f.label, header)
    for r, row in enumerate(units, start=1):
        for c, v in enumerate(row):
            if v is None:
                ws.write_blank(r, c, None, text)
            else:
                ws.write(r, c, v, text)
    ws.write_string(1, 4, UNIT_NOTE, note)
    for c, w in enumerate(UNIT_WIDTHS):
        ws.set_column(c, c, w)
    ws.set_row(0, 20)
    ws.freeze_panes(1, 0)
    print_fit_width(ws)


def write_incentive(wb, header, text, note, rows) -> None:
    """Sheet Insentif: Poin per Indikator Minimal, Persentase Insentif; the note in D2."""
    ws = wb.add_worksheet(C.SHEET_INSENTIF)
    for c, f in enumerate(C.INSENTIF_FIELDS):
        ws.write_string(0, c, f.label, header)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is None:
                ws.write_blank(r, c, None, text)
            else:
                ws.write(r, c, v, text)
    ws.write_string(1, 3, INCENTIVE_NOTE, note)
    for c, w in enumerate(INCENTIVE_WIDTHS):
        ws.set_column(c, c, w)
    ws.set_row(0, 32)
    ws.freeze_panes(1, 0)
    print_fit_width(ws)
