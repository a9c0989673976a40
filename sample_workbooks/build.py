"""Regenerate the sample workbooks.

    python sample_workbooks/build.py            # write everything
    python sample_workbooks/build.py --check    # nothing written here: regenerate every sample in a
                                                # temporary copy and fail on any committed file that differs
    python sample_workbooks/build.py --verify   # write everything, then check the findings against
                                                # rusak/expected.json
    python sample_workbooks/build.py --volatile # also rewrite the files that differ on every run

``--check`` runs every build script of this folder (``build.py`` first, then every other
``build*.py`` in name order: ``build_evaluasi.py``, ``build_pk.py``, ``build_pantau.py``...)
in a temporary copy of the folder, compares each generated file with the committed one
(their content: a workbook's zip entries, not its zip timestamps), lists the files that
drifted, and exits 1 when any did. A new round's build script plugs in by being named
``build_<round>.py``, regenerating its samples when run without arguments, and writing
only below this folder (the paths taken from its own ``__file__``).

Writes ``malang-2018/`` (a clean auction folder: panel.xlsx and nine submissions in
masuk/) and ``rusak/`` (one deliberately broken copy per finding code, the tiny
auction folders for the cross-file codes, two broken panel workbooks, and
``expected.json``: the exact findings each must produce).

Only ``lelang_xlsx`` is needed, except for three LK101 files: the encrypted one needs
``msoffcrypto-tool`` (a generation-only tool, not a project dependency), the ``.xls`` and
``.ods`` ones need LibreOffice (``soffice``). Without them the existing files are kept.
Everything else is deterministic (same bytes on every run). The encrypted file (random
salt) and the ``.ods`` file (LibreOffice stamps the time) differ on every run, so they
are only written when missing or with ``--volatile``.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import malang_data as D  # noqa: E402

from lelang_xlsx import contract as C  # noqa: E402
from lelang_xlsx.workbooks.formulir import FilledData, Raw, write_formulir  # noqa: E402
from lelang_xlsx.workbooks.panel_example import (  # noqa: E402
    EXAMPLE_MEMBERS, EXAMPLE_MISSIONS, EXAMPLE_OPDS, EXAMPLE_SETTINGS, example_panel, write_panel_example,
    write_panel_rows,
)

CLEAN = HERE / "malang-2018"
VOLATILE = {"LK101_terenkripsi.xlsx", "LK101_format_ods.xlsx"}
RUSAK = HERE / "rusak"
FIXED_ZIP_TIME = (2018, 11, 12, 8, 0, 0)
PANEL = example_panel()
BASE_OPD = "DINKES"

# Column letters, from the contract (never re-spelled here).
IND_FIELDS = C.indikator_fields(PANEL.years)
IND_COL = {f.key: i for i, f in enumerate(IND_FIELDS)}
FIG_COL = {f.key: i for i, f in enumerate(C.PENDUKUNG_FIELDS)}
ID_ROW = {f.key: i + 2 for i, f in enumerate(C.IDENTITAS_FIELDS)}
LAST = PANEL.tahun_akhir


def letter(i: int) -> str:
    s, i = "", i + 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def ind_cell(key: str, index: int) -> str:
    """Indikator cell of field ``key`` for the index-th indicator (0-based)."""
    return f"{letter(IND_COL[key])}{index + 2}"


def fig_cell(key: str, index: int) -> str:
    return f"{letter(FIG_COL[key])}{index + 2}"


def id_cell(key: str) -> str:
    return f"B{ID_ROW[key]}"


# --------------------------------------------------------------------------- clean set


def opd_data(kode: str) -> FilledData:
    opd = next(o for o in D.OPDS if o.kode == kode)
    identity, indicators, figures = D.filled_rows(opd)
    return FilledData(identity, indicators, figures)


def build_clean() -> None:
    write_panel_example(CLEAN / C.PANEL_FILE)
    for opd in D.OPDS:
        write_formulir(CLEAN / C.MASUK_DIR / f"{opd.kode}.xlsx", PANEL, opd.kode, opd.nama, opd_data(opd.kode))
    # the panel's offers, every session closed (penawaran_contoh.py): `lelang run` issues nine pacts
    from penawaran_contoh import build_sample_offers

    build_sample_offers(CLEAN)
    # the second scenario: DINKES's form resubmitted by its new head (perubahan_contoh.py)
    from perubahan_contoh import build_form

    build_form()


# --------------------------------------------------------------------------- helpers


def normalize_zip(path: Path) -> None:
    """Fixed zip timestamps and document dates, so regenerating gives the same bytes."""
    with zipfile.ZipFile(path) as zin:
        items = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                              rb"\g<1>2018-11-12T08:00:00Z\g<3>", data)
            zout.writestr(zipfile.ZipInfo(name, FIXED_ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    path.write_bytes(buf.getvalue())


def with_openpyxl(src: Path, dst: Path, edit: Callable) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(src)
    edit(wb)
    wb.save(dst)
    normalize_zip(dst)


def patch_part(src: Path, dst: Path, part: str, fn: Callable[[bytes], bytes]) -> None:
    with zipfile.ZipFile(src) as zin:
        items = [(i, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            zout.writestr(info, fn(data) if info.filename == part else data)


def sheet_part(path: Path, sheet: str) -> str:
    """The zip part of a worksheet (XlsxWriter numbers them in sheet order)."""
    with zipfile.ZipFile(path) as z:
        wbxml = z.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]+)"', wbxml)
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


def soffice_convert(src: Path, fmt: str, out: Path) -> bool:
    exe = shutil.which("soffice")
    if not exe:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
               "--outdir", tmp, str(src)]
        subprocess.run(cmd, check=False, capture_output=True, timeout=180)
        made = list(Path(tmp).glob(f"{src.stem}.{fmt}"))
        if not made:
            return False
        shutil.copyfile(made[0], out)
    return True


# --------------------------------------------------------------------------- broken set

Defect = Callable[[FilledData], None]
CASES: list[tuple[str, Callable[[Path], bool | None], list[list[str]]]] = []


def case(name: str, expected: list[list[str]]):
    def deco(fn):
        CASES.append((name, fn, expected))
        return fn
    return deco


def data_case(name: str, expected: list[list[str]], defect: Defect) -> None:
    def build(path: Path):
        data = copy.deepcopy(opd_data(BASE_OPD))
        defect(data)
        write_formulir(path, PANEL, filled=data)
    CASES.append((name, build, expected))


def base_file(path: Path) -> None:
    opd = next(o for o in D.OPDS if o.kode == BASE_OPD)
    write_formulir(path, PANEL, opd.kode, opd.nama, opd_data(BASE_OPD))


def edited_case(name: str, expected: list[list[str]], edit: Callable) -> None:
    def build(path: Path):
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "base.xlsx"
            base_file(src)
            with_openpyxl(src, path, edit)
    CASES.append((name, build, expected))


BASE = opd_data(BASE_OPD)


def fig_index(kode_index: int, nth: int = 0) -> int:
    """Index in figures of the nth figure of the kode_index-th indicator."""
    kode = BASE.indicators[kode_index]["kode"]
    return [i for i, f in enumerate(BASE.figures) if f["kode"] == kode][nth]


# LK101: not a readable .xlsx
@case("LK101_berkas_kosong.xlsx", [["LK101", "", ""]])
def _(path: Path):
    path.write_bytes(b"")


@case("LK101_berkas_terpotong.xlsx", [["LK101", "", ""]])
def _(path: Path):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "base.xlsx"
        base_file(src)
        data = src.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@case("LK101_terenkripsi.xlsx", [["LK101", "", ""]])
def _(path: Path):
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "base.xlsx"
        base_file(src)
        out = io.BytesIO()
        with open(src, "rb") as fh:
            OOXMLFile(fh).encrypt("rahasia", out)
    path.write_bytes(out.getvalue())


@case("LK101_format_xls.xlsx", [["LK101", "", ""]])
def _(path: Path):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "DINKES.xlsx"
        base_file(src)
        return soffice_convert(src, "xls", path)


@case("LK101_format_ods.xlsx", [["LK101", "", ""]])
def _(path: Path):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "DINKES.xlsx"
        base_file(src)
        return soffice_convert(src, "ods", path)


@case("LK101_dokumen_word.xlsx", [["LK101", "", ""]])
def _(path: Path):
    import docx

    doc = docx.Document()
    doc.add_heading("Usulan Target Kinerja Dinas Kesehatan", 1)
    doc.add_paragraph("Angka Kematian Ibu: nilai dasar 59,3 per 100.000 KH (2017), target 2023: 44.")
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(buf.getvalue())
    normalize_zip(path)


@case("LK101_teks_csv.xlsx", [["LK101", "", ""]])
def _(path: Path):
    rows = [";".join(f.label for f in IND_FIELDS)]
    for ind in BASE.indicators:
        rows.append(";".join(str(ind.get(f.key, "")).replace(".", ",") for f in IND_FIELDS))
    path.write_bytes(("\n".join(rows) + "\n").encode("utf-8"))


# LK102-LK107: structure
edited_case("LK102_lembar_data_pendukung_hilang.xlsx", [["LK102", C.SHEET_PENDUKUNG, ""]],
            lambda wb: wb.remove(wb[C.SHEET_PENDUKUNG]))


def _rename_header(wb):
    wb[C.SHEET_INDIKATOR][f"{letter(IND_COL['satuan'])}1"] = "Unit"


edited_case("LK103_judul_kolom_hilang.xlsx", [["LK103", C.SHEET_INDIKATOR, f"{letter(IND_COL['satuan'])}1"]],
            _rename_header)


def _duplicate_header(wb):
    wb[C.SHEET_INDIKATOR][f"{letter(len(IND_FIELDS))}1"] = C.INDIKATOR_FIELDS[-1].label  # Sumber Data again


edited_case("LK103_judul_kolom_ganda.xlsx", [["LK103", C.SHEET_INDIKATOR, f"{letter(len(IND_FIELDS))}1"]],
            _duplicate_header)


def _drop_lists(wb):
    """A workbook rebuilt by copying the sheets: no hidden list sheet, no dropdowns."""
    wb.remove(wb[C.SHEET_LISTS])
    for name in [n for n in wb.defined_names if n.startswith("Daftar_")]:
        del wb.defined_names[name]
    for ws in wb.worksheets:
        ws.data_validations.dataValidation = []


edited_case("LK104_tanpa_penanda_versi.xlsx", [["LK104", "", ""]], _drop_lists)


def _old_version(wb):
    wb[C.SHEET_LISTS]["B1"] = "0"


edited_case("LK104_versi_lain.xlsx", [["LK104", "", ""]], _old_version)


def _formula(wb):
    wb[C.SHEET_INDIKATOR][ind_cell("nilai_dasar", 0)] = "=8/13490*100000"


edited_case("LK105_rumus_tanpa_nilai.xlsx", [["LK105", C.SHEET_INDIKATOR, ind_cell("nilai_dasar", 0)]], _formula)


@case("LK106_dimensi_berlebihan.xlsx", [["LK106", C.SHEET_INDIKATOR, ""]])
def _(path: Path):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "base.xlsx"
        base_file(src)
        part = sheet_part(src, C.SHEET_INDIKATOR)
        patch_part(src, path, part, lambda b: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', b))


def _hide_row(wb):
    wb[C.SHEET_INDIKATOR].row_dimensions[3].hidden = True


edited_case("LK107_baris_tersembunyi.xlsx", [["LK107", C.SHEET_INDIKATOR, "A3"]], _hide_row)


def _merge(wb):
    wb[C.SHEET_INDIKATOR].merge_cells("A2:A3")


edited_case("LK107_sel_gabungan.xlsx", [["LK107", C.SHEET_INDIKATOR, "A2"]], _merge)


# LK2xx: identity
def _set_identity(key, value):
    def defect(d: FilledData):
        d.identity[key] = value
    return defect


data_case("LK201_nama_kepala_kosong.xlsx", [["LK201", C.SHEET_IDENTITAS, id_cell("nama_kepala")]],
          _set_identity("nama_kepala", None))
data_case("LK202_kode_opd_tidak_dikenal.xlsx", [["LK202", C.SHEET_IDENTITAS, id_cell("kode_opd")]],
          _set_identity("kode_opd", "DINKESS"))
data_case("LK203_nip_sebagai_angka.xlsx", [["LK203", C.SHEET_IDENTITAS, id_cell("nip_kepala")]],
          _set_identity("nip_kepala", 196907231995031004))
data_case("LK203_nip_tanggal_lahir_salah.xlsx", [["LK203", C.SHEET_IDENTITAS, id_cell("nip_kepala")]],
          _set_identity("nip_kepala", "19691323 199503 1 004"))
data_case("LK206_nama_opd_berbeda.xlsx", [["LK206", C.SHEET_IDENTITAS, id_cell("nama_opd")]],
          _set_identity("nama_opd", "Dinas Kesehatan Kota Malang"))

data_case("LK109_karakter_kendali.xlsx", [["LK109", C.SHEET_IDENTITAS, id_cell("jabatan")]],
          _set_identity("jabatan", "Kepala Dinas Kesehatan\u202e Kota Malang"))


# LK3xx: indicators
def _set_ind(index, key, value):
    def defect(d: FilledData):
        d.indicators[index][key] = value
    return defect


T = {y: f"target_{y}" for y in PANEL.years}
IND = C.SHEET_INDIKATOR
FIG = C.SHEET_PENDUKUNG

data_case("LK301_sumber_data_kosong.xlsx", [["LK301", IND, ind_cell("sumber", 1)]], _set_ind(1, "sumber", None))
data_case("LK302_target_bukan_angka.xlsx", [["LK302", IND, ind_cell(T[2019], 1)]],
          _set_ind(1, T[2019], "belum ada"))
data_case("LK303_angka_sebagai_teks.xlsx", [["LK303", IND, ind_cell("nilai_dasar", 0)]],
          _set_ind(0, "nilai_dasar", Raw("59,3", as_text=True)))
data_case("LK304_angka_ambigu.xlsx", [["LK304", FIG, fig_cell("nilai", fig_index(0, 2))]],
          lambda d: d.figures[fig_index(0, 2)].update(nilai=Raw("1.402", as_text=True)))

data_case("LK108_teks_sangat_panjang.xlsx", [["LK108", IND, ind_cell("sasaran", 0)]],
          _set_ind(0, "sasaran", "Menurunnya angka kematian ibu melahirkan di Kota Malang; " * 20))


def _duplicate_indicator(d: FilledData):
    dup = dict(d.indicators[0])
    dup["no"] = len(d.indicators) + 1
    d.indicators.append(dup)


data_case("LK305_kode_indikator_ganda.xlsx", [["LK305", IND, ind_cell("kode", len(BASE.indicators))]],
          _duplicate_indicator)
data_case("LK306_misi_tidak_dikenal.xlsx", [["LK306", IND, ind_cell("misi", 2)]], _set_ind(2, "misi", "M5"))
data_case("LK307_polaritas_salah.xlsx", [["LK307", IND, ind_cell("polaritas", 0)]],
          _set_ind(0, "polaritas", "Menurun"))
data_case("LK308_tahun_dasar_dalam_periode.xlsx", [["LK308", IND, ind_cell("tahun_dasar", 3)]],
          _set_ind(3, "tahun_dasar", 2019))


def _worse_end(d: FilledData):
    # AKI (Turun, baseline 59,3): the path stays at the baseline, so the end point is no better
    # (a path that starts above the baseline would also be LK310 from its first year).
    for y, v in zip(PANEL.years, (59.3,) * 5):
        d.indicators[0][T[y]] = v


data_case("LK309_target_akhir_memburuk.xlsx", [["LK309", IND, ind_cell(T[LAST], 0)]], _worse_end)
data_case("LK310_target_tidak_searah.xlsx", [["LK310", IND, ind_cell(T[2021], 3)]], _set_ind(3, T[2021], 80.0))
data_case("LK311_persen_di_atas_100.xlsx", [["LK311", IND, ind_cell(T[LAST], 4)]], _set_ind(4, T[LAST], 105))
data_case("LK312_sel_berformat_persen.xlsx", [["LK312", IND, ind_cell(T[2022], 3)]],
          _set_ind(3, T[2022], Raw(BASE.indicators[3][T[2022]] / 100, num_format="0.0%")))

# version 3: the tolerance of a Tetap target, and a polarity that contradicts every target
data_case("LK313_toleransi_indikator_turun.xlsx", [["LK313", IND, ind_cell("toleransi", 0)]],
          _set_ind(0, "toleransi", 1))
data_case("LK314_toleransi_negatif.xlsx", [["LK314", IND, ind_cell("toleransi", 0)]], _set_ind(0, "toleransi", -1))
# AKI (baseline 59,3, every target lower) typed as Naik: the polarity is reported once, and
# the end point and every year are against it as well
data_case("LK315_polaritas_terbalik.xlsx",
          [["LK315", IND, ind_cell("polaritas", 0)], ["LK309", IND, ind_cell(T[LAST], 0)]]
          + [["LK310", IND, ind_cell(T[y], 0)] for y in PANEL.years],
          _set_ind(0, "polaritas", "Naik"))

# LK4xx: supporting figures
def _drop_figures(d: FilledData):
    kode = d.indicators[1]["kode"]
    d.figures = [f for f in d.figures if f["kode"] != kode]


data_case("LK401_indikator_tanpa_data_pendukung.xlsx", [["LK401", IND, ind_cell("kode", 1)]], _drop_figures)
data_case("LK402_kode_data_pendukung_salah.xlsx", [["LK402", FIG, fig_cell("kode", fig_index(1, 0))]],
          lambda d: d.figures[fig_index(1, 0)].update(kode="DINKES-2"))
data_case("LK403_sumber_data_pendukung_kosong.xlsx", [["LK403", FIG, fig_cell("sumber", fig_index(2, 1))]],
          lambda d: d.figures[fig_index(2, 1)].update(sumber=None))
data_case("LK403_nilai_bukan_angka.xlsx", [["LK403", FIG, fig_cell("nilai", fig_index(3, 0))]],
          lambda d: d.figures[fig_index(3, 0)].update(nilai="tidak tersedia"))


# --------------------------------------------------------------------------- folders and panels


def mini_panel(path: Path, kodes: list[str]) -> None:
    opds = [o for o in EXAMPLE_OPDS if o[0] in kodes]
    write_panel_rows(path, dict(EXAMPLE_SETTINGS), EXAMPLE_MISSIONS, opds, EXAMPLE_MEMBERS)


def opd_file(path: Path, kode: str, **identity) -> None:
    data = opd_data(kode)
    data.identity.update(identity)
    write_formulir(path, PANEL, filled=data)


def build_folders() -> dict[str, list[list[str]]]:
    expected: dict[str, list[list[str]]] = {}
    f204 = RUSAK / "folder-LK204"
    shutil.rmtree(f204, ignore_errors=True)
    mini_panel(f204 / C.PANEL_FILE, ["DINKES", "DISHUB"])
    opd_file(f204 / C.MASUK_DIR / "DINKES.xlsx", "DINKES")
    import datetime as dt

    opd_file(f204 / C.MASUK_DIR / "DINKES_revisi.xlsx", "DINKES", tanggal=dt.date(2018, 11, 10))
    opd_file(f204 / C.MASUK_DIR / "DISHUB.xlsx", "DISHUB")
    expected["folder-LK204"] = [
        ["DINKES.xlsx", "LK204", C.SHEET_IDENTITAS, id_cell("kode_opd")],
        ["DINKES_revisi.xlsx", "LK204", C.SHEET_IDENTITAS, id_cell("kode_opd")],
    ]
    f205 = RUSAK / "folder-LK205"
    shutil.rmtree(f205, ignore_errors=True)
    kodes = ["DINKES", "DPUPR", "DISHUB"]
    mini_panel(f205 / C.PANEL_FILE, kodes)
    opd_file(f205 / C.MASUK_DIR / "DINKES.xlsx", "DINKES")
    opd_file(f205 / C.MASUK_DIR / "DISHUB.xlsx", "DISHUB")
    order = [o[0] for o in EXAMPLE_OPDS if o[0] in kodes]
    expected["folder-LK205"] = [[C.PANEL_FILE, "LK205", C.SHEET_OPD, f"A{order.index('DPUPR') + 2}"]]

    settings = dict(EXAMPLE_SETTINGS, tahun_akhir=2018)
    write_panel_rows(RUSAK / "panel-LK601.xlsx", settings, EXAMPLE_MISSIONS, EXAMPLE_OPDS, EXAMPLE_MEMBERS)
    row = [f.key for f in C.PENGATURAN_FIELDS].index("tahun_akhir") + 2
    expected["panel-LK601.xlsx"] = [["LK601", C.SHEET_PENGATURAN, f"B{row}"]]

    opds = list(EXAMPLE_OPDS) + [("DINKES", "Dinas Kesehatan")]
    write_panel_rows(RUSAK / "panel-LK602.xlsx", dict(EXAMPLE_SETTINGS), EXAMPLE_MISSIONS, opds, EXAMPLE_MEMBERS)
    expected["panel-LK602.xlsx"] = [["LK602", C.SHEET_OPD, f"A{len(opds) + 1}"]]

    opds = list(EXAMPLE_OPDS) + [("DINKES/../ARSIP", "Dinas Kesehatan (kode dengan garis miring)")]
    write_panel_rows(RUSAK / "panel-LK605.xlsx", dict(EXAMPLE_SETTINGS), EXAMPLE_MISSIONS, opds, EXAMPLE_MEMBERS)
    expected["panel-LK605.xlsx"] = [["LK605", C.SHEET_OPD, f"A{len(opds) + 1}"]]
    return expected


def build_penawaran_case() -> dict[str, list[list[str]]]:
    """``rusak/penawaran-LK5xx.xlsx``: the offer workbook of the clean auction as the
    panel might mistype it, one defect per row (LK501-LK507); every session closed
    (``Sesi Selesai`` = ``Ya``) except DISDAG's, typed ``sudah`` (LK510)."""
    import openpyxl

    from lelang_xlsx.auction import Auction
    from lelang_xlsx.checking.checker import check_auction
    from lelang_xlsx.agreement.offers import write_offers

    name = "penawaran-LK5xx.xlsx"
    res = check_auction(Auction.at(CLEAN))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "penawaran.xlsx"
        write_offers(path, res.panel, res.submissions)
        wb = openpyxl.load_workbook(path)
        ws = wb[C.SHEET_PENAWARAN]
        col = {c.value: c.column for c in ws[1]}
        letter = {k: openpyxl.utils.get_column_letter(v) for k, v in col.items()}
        lab = {f.key: f.label for f in C.PENAWARAN_FIELDS}
        expected = []

        def cell(r, key):
            return ws.cell(r, col[lab[key]])

        def tougher(r, factor):
            proposal = cell(r, "usulan_nilai").value
            naik = cell(r, "polaritas").value != "Turun"
            return round(proposal * (factor if naik else 2 - factor), 2)

        rows = [r for r in range(2, ws.max_row + 1) if cell(r, "polaritas").value in ("Naik", "Turun")][:8]
        r502, r503, r504, r505, r506, r507, r501, r_ok = rows
        cell(r502, "tawaran_nilai").value = tougher(r502, 1.05)
        expected.append(["LK502", C.SHEET_PENAWARAN, f"{letter[lab['keputusan']]}{r502}"])
        cell(r503, "tawaran_nilai").value = tougher(r503, 1.05)
        cell(r503, "keputusan").value = "Sangup"
        expected.append(["LK503", C.SHEET_PENAWARAN, f"{letter[lab['keputusan']]}{r503}"])
        cell(r504, "tawaran_nilai").value = tougher(r504, 0.9)
        cell(r504, "keputusan").value = "Sanggup"
        expected.append(["LK504", C.SHEET_PENAWARAN, f"{letter[lab['tawaran_nilai']]}{r504}"])
        cell(r505, "tawaran_nilai").value = tougher(r505, 1.05)
        cell(r505, "tawaran_tahun").value = 2030
        cell(r505, "keputusan").value = "Sanggup"
        expected.append(["LK505", C.SHEET_PENAWARAN, f"{letter[lab['tawaran_tahun']]}{r505}"])
        cell(r506, "tawaran_nilai").value = "naik lima poin"
        cell(r506, "keputusan").value = "Sanggup"
        expected.append(["LK506", C.SHEET_PENAWARAN, f"{letter[lab['tawaran_nilai']]}{r506}"])
        cell(r507, "keputusan").value = "Sanggup"
        expected.append(["LK507", C.SHEET_PENAWARAN, f"{letter[lab['keputusan']]}{r507}"])
        cell(r501, "kode").value = "IK-99"
        cell(r501, "tawaran_nilai").value = 1
        cell(r501, "keputusan").value = "Sanggup"
        expected.append(["LK501", C.SHEET_PENAWARAN, f"{letter[lab['kode']]}{r501}"])
        cell(r_ok, "tawaran_nilai").value = tougher(r_ok, 1.05)
        cell(r_ok, "keputusan").value = " tidak  SANGGUP "  # tolerated: case and spaces
        st = wb[C.SHEET_STATUS_OPD]
        scol = {c.value: c.column for c in st[1]}
        sesi = C.STATUS_OPD_PANEL_FIELDS[0].label
        for r in range(2, st.max_row + 1):
            kode = st.cell(r, scol["Kode OPD"]).value
            st.cell(r, scol[sesi]).value = "sudah" if kode == "DISDAG" else ("YA" if kode == "DISPERIN" else "Ya")
            if kode == "DISDAG":
                expected.append(["LK510", C.SHEET_STATUS_OPD, st.cell(r, scol[sesi]).coordinate])
        wb.save(path)
        normalize_zip(path)
        shutil.copy(path, RUSAK / name)
    return {name: expected}


def build_rusak(volatile: bool = False) -> dict[str, list[list[str]]]:
    RUSAK.mkdir(parents=True, exist_ok=True)
    expected: dict[str, list[list[str]]] = {}
    for name, build, exp in CASES:
        path = RUSAK / name
        expected[name] = exp
        if name in VOLATILE and path.exists() and not volatile:
            continue
        tmp = path.with_name(".tmp-" + name)
        try:
            ok = build(tmp)
            if ok is False:
                print(f"  kept existing {name} (tool not available)", file=sys.stderr)
            else:
                tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
    expected.update(build_folders())
    expected.update(build_penawaran_case())
    body = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in expected.items())
    (RUSAK / "expected.json").write_text("{\n" + body + "\n}\n", encoding="utf-8")
    return expected


# --------------------------------------------------------------------------- verification


def verify(expected: dict[str, list[list[str]]]) -> int:
    from lelang_xlsx.auction import Auction
    from lelang_xlsx.checking.checker import check_auction, check_files
    from lelang_xlsx.reading.panel import read_panel

    bad = 0

    def compare(label, got, want):
        nonlocal bad
        if sorted(map(tuple, got)) != sorted(map(tuple, want)):
            bad += 1
            print(f"MISMATCH {label}\n  expected {sorted(map(tuple, want))}\n  got      {sorted(map(tuple, got))}")

    res = check_auction(Auction.at(CLEAN))
    got = [[f.file, f.code, f.sheet, f.cell] for f in res.report.findings]
    compare("malang-2018", got, [])
    panel = CLEAN / C.PANEL_FILE
    for name, want in expected.items():
        path = RUSAK / name
        if name.startswith("folder-"):
            res = check_auction(Auction.at(path))
            got = [[f.file, f.code, f.sheet, f.cell] for f in res.report.findings]
        elif name.startswith("panel-"):
            got = [[f.code, f.sheet, f.cell] for f in read_panel(path, name).findings]
        elif name.startswith("penawaran-"):
            from lelang_xlsx.agreement.offers import resolve_offers

            from lelang_xlsx.agreement.status_sheet import read_sessions
            from lelang_xlsx.reading.xlsxread import read_workbook

            res = check_auction(Auction.at(CLEAN))
            _, found = resolve_offers(path, res.panel, res.valid_submissions)
            found += read_sessions(read_workbook(path)).findings
            got = [[f.code, f.sheet, f.cell] for f in found]
        else:
            res = check_files([path], panel)
            got = [[f.code, f.sheet, f.cell] for f in res.report.findings]
        compare(name, got, want)
    print("all samples as expected" if not bad else f"{bad} mismatches")
    return 1 if bad else 0


# --------------------------------------------------------------------------- drift check

# What the build scripts read and do not write: copied into the temporary folder as they are.
# The volatile files are kept (they differ on every run; see the module docstring).
NOT_GENERATED = ("*.py", "*.md")


def build_scripts(folder: Path = HERE) -> list[Path]:
    """Every build script of the folder: build.py first (the others start from its
    samples), then the other ``build*.py`` in name order."""
    rest = sorted(p for p in folder.glob("build*.py") if p.name != "build.py")
    return [folder / "build.py", *rest]


def sample_files(folder: Path) -> dict[str, Path]:
    """The generated files below ``folder`` (relative path -> path): everything but the
    scripts, the READMEs and Python caches."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if not p.is_file() or "__pycache__" in rel.parts or any(p.match(g) for g in NOT_GENERATED):
            continue
        out[rel.as_posix()] = p
    return out


def same_content(a: Path, b: Path) -> bool:
    """Byte for byte, or for two zip files (workbooks) the same entries with the same
    content in the same order (zip timestamps and compression left aside)."""
    da, db = a.read_bytes(), b.read_bytes()
    if da == db:
        return True
    if not (zipfile.is_zipfile(io.BytesIO(da)) and zipfile.is_zipfile(io.BytesIO(db))):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(da)) as za, zipfile.ZipFile(io.BytesIO(db)) as zb:
            if za.namelist() != zb.namelist():
                return False
            return all(za.read(n) == zb.read(n) for n in za.namelist())
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return False


def drifted(generated: Path, committed: Path) -> list[str]:
    """Lines naming every file that differs between the two folders' samples."""
    gen, com = sample_files(generated), sample_files(committed)
    out = []
    for rel in sorted(set(gen) | set(com)):
        if rel not in com:
            out.append(f"{rel}: generated, not committed")
        elif rel not in gen:
            out.append(f"{rel}: committed, no longer generated")
        elif not same_content(gen[rel], com[rel]):
            out.append(f"{rel}: differs from what the generator writes")
    return out


def check(folder: Path = HERE) -> int:
    """Regenerate every sample in a temporary copy of ``folder`` and compare; writes
    nothing in ``folder``. 0 when nothing drifted, 1 otherwise (the list printed)."""
    import os

    with tempfile.TemporaryDirectory(prefix="lelang-samples-") as tmp:
        work = Path(tmp) / folder.name
        work.mkdir()
        for p in folder.iterdir():
            if p.is_file() and any(p.match(g) for g in NOT_GENERATED):
                shutil.copy2(p, work / p.name)
        for rel in VOLATILE:
            src = folder / "rusak" / rel
            if src.is_file():
                (work / "rusak").mkdir(exist_ok=True)
                shutil.copy2(src, work / "rusak" / rel)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE.parent), env.get("PYTHONPATH", "")]))
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        for script in build_scripts(work):
            args = [sys.executable, str(script)] + (["--verify"] if script.name == "build.py" else [])
            done = subprocess.run(args, cwd=tmp, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                print(f"{script.name} failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")
                return 1
            print(f"{script.name}: {done.stdout.strip().splitlines()[-1] if done.stdout.strip() else 'done'}")
        lines = drifted(work, folder)
    if lines:
        print(f"{len(lines)} sample file(s) drifted from their generators "
              "(regenerate with the build scripts and commit):")
        for line in lines:
            print("  " + line)
        return 1
    print("every sample is what its generator writes")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate every sample in a temporary folder and fail on drift (writes nothing here)")
    ap.add_argument("--verify", action="store_true", help="after writing, check the findings against expected.json")
    ap.add_argument("--volatile", action="store_true", help="also rewrite the encrypted and .ods files")
    args = ap.parse_args()
    if args.check:
        return check()
    build_clean()
    expected = build_rusak(args.volatile)
    print(f"wrote {CLEAN} and {RUSAK} ({len(expected)} broken cases)")
    return verify(expected) if args.verify else 0


if __name__ == "__main__":
    sys.exit(main())
