"""The panel workbook ("Buku Kerja Tim Penilai") with the Kota Malang 2018 example.

``lelang init`` writes it into a new auction folder; the secretariat then edits it.
The same example is available as Python data (:func:`example_panel`) so tests can
build a :class:`~lelang_xlsx.model.Panel` without reading a file.

The people named here are fictional; only the city, its missions, its kecamatan and
the list of the nine OPDs of December 2018 follow public sources.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Sequence

import xlsxwriter

from .. import contract as C
from ..output.atomic import write_with
from ..model import Panel
from ..output.xlsxstyle import line_height, print_fit_width, wrapped_lines, write_value
from .panel_v3 import write_choice, write_incentive, write_tidak_melapor, write_units

FIXED_CREATED = dt.datetime(2018, 11, 12, 8, 0, 0)
HEADER_BG = "#1F4E79"
HEADER_FG = "#FFFFFF"
NOTE_COLOR = "#595959"

EXAMPLE_SETTINGS: dict[str, Any] = {
    "nama_pemda": "Pemerintah Kota Malang",
    "jabatan_kepala_daerah": "Wali Kota Malang",
    "nama_kepala_daerah": "H. Arief Wicaksono, S.H., M.H.",
    "nama_sekda": "Drs. Sugeng Prasetyo, M.Si.",
    "nip_sekda": "19650815 198903 1 012",
    "tahun_awal": 2019,
    "tahun_akhir": 2023,
    "tempat": "Malang",
    "tanggal": dt.date(2018, 12, 8),
}

EXAMPLE_MISSIONS: tuple[tuple[str, str], ...] = (
    ("M1", "Menjamin akses dan kualitas pendidikan, kesehatan dan layanan dasar lainnya bagi semua warga."),
    ("M2", "Mewujudkan kota produktif dan berdaya saing berbasis ekonomi kreatif, keberlanjutan dan keterpaduan."),
    (
        "M3",
        "Mewujudkan kota yang rukun dan toleran berazaskan keberagaman dan keberpihakan terhadap "
        "masyarakat rentan dan gender.",
    ),
    ("M4", "Memastikan kepuasan masyarakat atas layanan pemerintah yang tertib hukum, profesional dan akuntabel."),
)

EXAMPLE_OPDS: tuple[tuple[str, str], ...] = (
    ("DISDIK", "Dinas Pendidikan"),
    ("DINKES", "Dinas Kesehatan"),
    ("DISDAG", "Dinas Perdagangan"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("DISPERIN", "Dinas Perindustrian"),
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("DISHUB", "Dinas Perhubungan"),
    ("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman"),
)

EXAMPLE_MEMBERS: tuple[tuple[str, str], ...] = (
    ("Prof. Dr. Lestari Handayani, M.S.", "Guru Besar Ilmu Administrasi Publik, Universitas Brawijaya"),
    ("Dr. Yudi Santoso, S.E., M.Si.", "Dosen Ekonomi Pembangunan, Universitas Negeri Malang"),
    ("Dr. Rina Kusumawardani, M.Kes.", "Dosen Kesehatan Masyarakat, Universitas Muhammadiyah Malang"),
)

SETTING_NOTES: dict[str, str] = {
    "nama_pemda": "Dicetak di kop pakta integritas.",
    "jabatan_kepala_daerah": "Jabatan penandatangan pihak pertama.",
    "nama_kepala_daerah": "Nama lengkap beserta gelar.",
    "nama_sekda": "Nama lengkap beserta gelar (saksi).",
    "nip_sekda": "18 digit, ketik sebagai teks (boleh dengan spasi).",
    "tahun_awal": "Tahun pertama periode target (RPJMD).",
    "tahun_akhir": "Tahun terakhir periode; targetnya adalah titik akhir.",
    "tempat": "Kota tempat penandatanganan pakta.",
    "tanggal": "Tanggal penandatanganan pakta (format tanggal).",
}


def example_panel(path: str = C.PANEL_FILE) -> Panel:
    """A fresh :class:`Panel` holding the Kota Malang 2018 example."""
    s = EXAMPLE_SETTINGS
    return Panel(
        path=path,
        nama_pemda=s["nama_pemda"],
        jabatan_kepala_daerah=s["jabatan_kepala_daerah"],
        nama_kepala_daerah=s["nama_kepala_daerah"],
        nama_sekda=s["nama_sekda"],
        nip_sekda=s["nip_sekda"].replace(" ", ""),
        tahun_awal=s["tahun_awal"],
        tahun_akhir=s["tahun_akhir"],
        tempat=s["tempat"],
        tanggal=s["tanggal"],
        missions=dict(EXAMPLE_MISSIONS),
        opds=dict(EXAMPLE_OPDS),
        members=list(EXAMPLE_MEMBERS),
        opd_rows={k: i + 2 for i, (k, _) in enumerate(EXAMPLE_OPDS)},
    )


# A ready-made example; call example_panel() for a copy you may change.
EXAMPLE_PANEL = example_panel()


def panel_settings(panel: Panel) -> dict[str, Any]:
    """The Pengaturan values of a Panel, keyed by contract field key (with the version-3
    choices, units and incentive table)."""
    out = {f.key: getattr(panel, f.key) for f in C.PENGATURAN_FIELDS}
    out["dasar_peringkat"], out["rumus_turun"] = panel.dasar_peringkat, panel.rumus_turun
    out["units"] = tuple((u, lo, hi) for u, (lo, hi) in panel.units.items())
    out["insentif"] = panel.insentif
    if out.get("nip_sekda"):
        from ..output.textfmt import nip_spaced

        out["nip_sekda"] = nip_spaced(out["nip_sekda"])
    return out


def write_panel_example(path: str | os.PathLike) -> None:
    """Write the Kota Malang 2018 example panel workbook (atomically)."""
    write_panel_rows(path, dict(EXAMPLE_SETTINGS), EXAMPLE_MISSIONS, EXAMPLE_OPDS, EXAMPLE_MEMBERS)


def write_panel(path: str | os.PathLike, panel: Panel) -> None:
    """Write any :class:`Panel` as a panel workbook (atomically)."""
    write_panel_rows(
        path, panel_settings(panel), tuple(panel.missions.items()), tuple(panel.opds.items()), tuple(panel.members)
    )


def write_panel_rows(
    path: str | os.PathLike,
    settings: dict[str, Any],
    missions: Sequence[tuple[str, str]],
    opds: Sequence[tuple[str, str]],
    members: Sequence[tuple[str, str]],
) -> None:
    """Write a panel workbook from plain rows (duplicates and odd values allowed).

    ``settings`` is keyed by :data:`contract.PENGATURAN_FIELDS` keys; a value is
    written as given (str as text, int/float as number, date as a date cell,
    None as blank). Used by the example and by the broken samples.
    """
    write_with(Path(path), lambda tmp: _write(tmp, settings, missions, opds, members))


def _write(tmp: Path, settings, missions, opds, members) -> None:
    wb = xlsxwriter.Workbook(
        str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    wb.set_properties(
        {
            "title": C.PANEL_TITLE,
            "subject": f"Lelang Kinerja {settings.get('nama_pemda') or ''}".strip(),
            "author": "Sekretariat Lelang Kinerja",
            "company": str(settings.get("nama_pemda") or ""),
            "comments": "Buku kerja pengaturan lelang: pengaturan, misi, OPD peserta, Tim Penilai.",
            "created": FIXED_CREATED,
        }
    )
    header = wb.add_format(
        {"bold": True, "font_color": HEADER_FG, "bg_color": HEADER_BG, "valign": "vcenter", "border": 1,
         "border_color": "#BFBFBF", "text_wrap": True}
    )
    label = wb.add_format({"bold": True, "valign": "top", "text_wrap": True, "bg_color": "#DDEBF7", "border": 1,
                           "border_color": "#BFBFBF"})
    text = wb.add_format({"valign": "top", "text_wrap": True, "border": 1, "border_color": "#D9D9D9"})
    textfmt = wb.add_format({"valign": "top", "num_format": "@", "border": 1, "border_color": "#D9D9D9"})
    year = wb.add_format({"valign": "top", "num_format": "0", "align": "left", "border": 1, "border_color": "#D9D9D9"})
    date = wb.add_format({"valign": "top", "num_format": "d mmmm yyyy", "align": "left", "border": 1,
                          "border_color": "#D9D9D9"})
    note = wb.add_format({"valign": "top", "text_wrap": True, "italic": True, "font_color": NOTE_COLOR})

    def put(ws, r, c, value, fmt):
        write_value(ws, r, c, None if value == "" else value, fmt)

    # Pengaturan
    ws = wb.add_worksheet(C.SHEET_PENGATURAN)
    ws.write_string(0, 0, "Pengaturan", header)
    ws.write_string(0, 1, "Isian", header)
    ws.write_string(0, 2, "Keterangan", header)
    for i, f in enumerate(C.PENGATURAN_FIELDS, start=1):
        ws.write_string(i, 0, f.label, label)
        value = settings.get(f.key)
        fmt = {"nip": textfmt, "year": year, "date": date}.get(f.kind, text)
        put(ws, i, 1, value, fmt)
        ws.write_string(i, 2, f.help or SETTING_NOTES.get(f.key, ""), note)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 42)
    ws.set_column(2, 2, 50)
    ws.set_row(0, 20)
    ws.freeze_panes(1, 0)
    for i, f in enumerate(C.PENGATURAN_FIELDS, start=1):
        if f.kind != "year":
            continue
        ws.data_validation(i, 1, i, 1, {"validate": "integer", "criteria": "between", "minimum": 1900, "maximum": 2100,
            "input_title": "Tahun", "input_message": "Tahun 4 digit, misalnya 2019.", "error_type": "warning"})
    cap_row = len(C.PENGATURAN_FIELDS) + 1  # version 2: the achievement cap of the evaluation round
    ws.write_string(cap_row, 0, C.CAP_FIELD.label, label)
    put(ws, cap_row, 1, settings.get(C.CAP_FIELD.key, C.DEFAULT_CAP), text)
    ws.write_string(cap_row, 2, C.CAP_FIELD.help, note)
    for i, f in enumerate((C.DASAR_PERINGKAT_FIELD, C.RUMUS_TURUN_FIELD), start=cap_row + 1):  # version 3
        write_choice(ws, i, f, settings.get(f.key, C.CHOICES[f.key][0]), label, text, note)
    n = cap_row + 4
    ws.write_string(n, 0, "Catatan", wb.add_format({"bold": True, "valign": "top"}))
    catatan = ("Isi contoh ini adalah lelang Kota Malang 2018; nama orang di dalamnya fiktif. "
               "Ganti dengan data lelang Anda. Jangan ubah nama lembar dan teks di kolom A.")
    ws.write_string(n, 1, catatan, note)
    ws.set_row(n, line_height(wrapped_lines(catatan, 42)))  # the whole note, on screen and in print
    ws.activate()
    print_fit_width(ws)

    def table(name, fields, rows, widths):
        t = wb.add_worksheet(name)
        for c, f in enumerate(fields):
            t.write_string(0, c, f.label, header)
            t.set_column(c, c, widths[c])
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                put(t, r, c, value, text)
        t.set_row(0, 20)
        t.freeze_panes(1, 0)
        print_fit_width(t)
        return t

    table(C.SHEET_MISI, C.MISI_FIELDS, missions, (10, 100))
    table(C.SHEET_OPD, C.OPD_FIELDS, opds, (14, 60))
    table(C.SHEET_TIM, C.TIM_FIELDS, members, (38, 64))
    _poin(wb, header, text, note, settings.get(C.POIN_TIDAK_MELAPOR_FIELD.key, C.DEFAULT_POIN_TIDAK_MELAPOR))
    write_units(wb, header, text, note, settings.get("units", C.DEFAULT_UNITS))
    write_incentive(wb, header, text, note, settings.get("insentif", C.DEFAULT_INSENTIF))
    wb.close()


def _poin(wb, header, text, note, tidak_melapor) -> None:
    """Sheet Poin (version 2, docs/design/evaluation.md): the bands in A:B, the weights in D:F."""
    ws = wb.add_worksheet(C.SHEET_POIN)
    for c, f in enumerate(C.POIN_BAND_FIELDS):
        ws.write_string(0, c, f.label, header)
    for c, f in enumerate(C.POIN_WEIGHT_FIELDS, start=3):
        ws.write_string(0, c, f.label, header)
    for r, (minimum, points) in enumerate(C.DEFAULT_BANDS, start=1):
        ws.write_number(r, 0, minimum, text)
        ws.write_number(r, 1, points, text)
    for r, d in enumerate(C.POIN_DECISIONS, start=1):
        reward, punishment = C.DEFAULT_WEIGHTS[d]
        ws.write_string(r, 3, d, text)
        ws.write_number(r, 4, reward, text)
        ws.write_number(r, 5, punishment, text)
    ws.write_string(1, 7, (
        "Poin indikator = poin baris pertama yang Capaian Minimal-nya tercapai, dikali Bobot Penghargaan "
        "(poin positif) atau Bobot Sanksi (poin negatif) sesuai keputusan. Urutkan Capaian Minimal dari "
        "terbesar sampai 0."), note)
    write_tidak_melapor(ws, text, note, tidak_melapor, header)
    for c, w in enumerate((20, 10, 3, 18, 20, 14, 3, 60)):
        ws.set_column(c, c, w)
    ws.set_row(0, 32)
    ws.freeze_panes(1, 0)
    print_fit_width(ws)
