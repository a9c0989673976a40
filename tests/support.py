"""Shared helpers for tests: an auction folder and filling a blank form like a user."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lelang_xlsx.auction import Auction
from lelang_xlsx.contract import norm_label
from lelang_xlsx.pipeline import init_auction, write_templates

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")

IDENTITY = {
    "Nama Kepala OPD": "dr. Husnul Muarif",
    "NIP Kepala OPD": "19680411 199303 1 009",
    "Pangkat/Golongan": "Pembina Utama Muda (IV/c)",
    "Jabatan": "Kepala Dinas Kesehatan Kota Malang",
    "Nama Petugas Pengisi": "Siti Aminah",
    "Kontak Petugas": "0341-123456",
}
# No, Kode, Misi, Sasaran, Program, Indikator, Cara, Satuan, Polaritas, Tahun Dasar, Nilai Dasar, Sumber, 2019..2023
INDICATORS = [
    [1, "IK-01", "M1", "Menurunnya kematian ibu", "Program Kesehatan Ibu", "Angka Kematian Ibu",
     "Kematian ibu / kelahiran hidup x 100.000", "per 100.000 KH", "Turun", 2017, 120.5, "Profil Kesehatan 2017",
     115, 110, 100, 95, 90],
    [2, "IK-02", "M1", "Meningkatnya cakupan imunisasi", "Program Imunisasi", "Cakupan imunisasi dasar lengkap",
     "Bayi diimunisasi / jumlah bayi x 100", "%", "Naik", 2018, 85.5, "Laporan Imunisasi 2018", 87, 89, 91, 93, 95],
]
FIGURES = [
    ["IK-01", "Jumlah ibu hamil", "Kecamatan Klojen", 2017, 1850, "orang", "Dinkes"],
    ["IK-01", "Ibu hamil usia kandungan 8 bulan", "Total", 2017, 1204, "orang", "Dinkes"],
    ["IK-02", "Jumlah bayi", "Total", 2018, 14210, "bayi", "Dinkes"],
]


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tree_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): sha(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def new_auction(tmp: Path) -> Auction:
    auction = init_auction(tmp / "lelang")
    write_templates(auction)
    return auction


def fill_form(blank: Path, dest: Path, identity=None, indicators=None, figures=None, edit=None) -> Path:
    """Fill a blank form with openpyxl as an operator would type it."""
    wb = load_workbook(blank)
    ws = wb["Identitas"]
    ident = dict(IDENTITY, **(identity or {}))
    by_label = {norm_label(k): v for k, v in ident.items()}
    for row in ws.iter_rows(min_row=2):
        label = norm_label(row[0].value)  # required labels carry a trailing '*'
        if label and label in by_label:
            row[1].value = by_label[label]
    ws = wb["Indikator"]
    for r, values in enumerate(indicators if indicators is not None else INDICATORS, start=2):
        for c, v in enumerate(values, start=1):
            ws.cell(r, c).value = v
    ws = wb["Data Pendukung"]
    for r, values in enumerate(figures if figures is not None else FIGURES, start=2):
        for c, v in enumerate(values, start=1):
            ws.cell(r, c).value = v
    if edit:
        edit(wb)
    wb.save(dest)
    return dest


def soffice_roundtrip(src: Path, outdir: Path) -> Path:
    """Open and save a workbook through LibreOffice (xlsx -> xlsx)."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
         "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    return outdir / src.name


def feedback_intro(path) -> str:
    """The text of the annotated copy's findings sheet above its table (title, heading, legend)."""
    import openpyxl
    from lelang_xlsx.checking.feedback import FINDINGS_SHEET
    ws = openpyxl.load_workbook(path, read_only=True)[FINDINGS_SHEET]
    return "\n".join(str(v) for row in ws.iter_rows(max_row=10, values_only=True) for v in row if v)


CACHE_DAMAGE = ("deleted", "half-deleted", "truncated", "garbage")


def damage_cache(cache: Path, damage: str) -> None:
    """Damage a run's cache folder the way a crash, a disk or a person might: remove it,
    remove every other entry, cut every entry in half, or overwrite every other entry
    with random bytes (one of :data:`CACHE_DAMAGE`)."""
    entries = [p for p in sorted(cache.rglob("*")) if p.is_file()]
    assert entries, "the cache holds nothing to damage"
    if damage == "deleted":
        shutil.rmtree(cache)
        return
    for i, p in enumerate(entries):
        if damage == "half-deleted" and i % 2 == 0:
            p.unlink()
        elif damage == "truncated":
            data = p.read_bytes()
            p.write_bytes(data[: len(data) // 2])
        elif damage == "garbage" and i % 2 == 1:
            p.write_bytes(os.urandom(64))


def stored_copy(src: Path, dest: Path, sheet: str, old: bytes = b"", new: bytes = b"") -> None:
    """``src`` rewritten to ``dest`` without compression (so that a same-length edit keeps
    the file's size), with ``old`` replaced by ``new`` once in the part ``sheet``."""
    with zipfile.ZipFile(src) as zin:
        infos = zin.infolist()
        parts = {i.filename: zin.read(i) for i in infos}
    if old:
        assert len(old) == len(new) and parts[sheet].count(old) == 1, parts[sheet][:2000]
        parts[sheet] = parts[sheet].replace(old, new)
    tmp = dest.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zout:
        for i in infos:
            zout.writestr(zipfile.ZipInfo(i.filename, date_time=i.date_time), parts[i.filename])
    tmp.replace(dest)


def overwrite_keeping_stat(path: Path, data: bytes) -> None:
    """Write ``data`` over ``path`` in place and put its modification time back: the size,
    the mtime and the inode are those of the file it replaces (what a stat-level test sees)."""
    before = path.stat()
    with open(path, "r+b") as fh:  # in place: the inode stays
        fh.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


def swap_keeping_stat(form: Path, scratch: Path, run, sheet: str, old: bytes, new: bytes) -> None:
    """Store ``form`` uncompressed, ``run()`` a round on it, then replace it by a copy with
    ``old`` turned into ``new`` in ``sheet`` that keeps its size, mtime and inode: what only a
    content hash can tell apart. ``scratch``: a folder outside the auction for the copies."""
    original = scratch / "asli.xlsx"
    shutil.copyfile(form, original)
    stored_copy(original, form, sheet)
    run()
    swapped = scratch / "baru.xlsx"
    stored_copy(original, swapped, sheet, old, new)
    overwrite_keeping_stat(form, swapped.read_bytes())


def set_panel_setting(root: Path, label: str, value) -> None:
    """Type ``value`` next to the setting ``label`` in panel.xlsx › Pengaturan, as the panel would."""
    from lelang_xlsx import contract as C

    wb = load_workbook(root / "panel.xlsx")
    ws = wb[C.SHEET_PENGATURAN]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
    ws.cell(row, 2, value)
    wb.save(root / "panel.xlsx")


def move_panel_to(root: Path, city: str, old: str = "Malang") -> None:
    """Every ``old`` of panel.xlsx's text replaced by ``city``: the auction of another city."""
    wb = load_workbook(root / "panel.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and old in cell.value:
                    cell.value = cell.value.replace(old, city)
    wb.save(root / "panel.xlsx")
