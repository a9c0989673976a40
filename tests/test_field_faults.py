"""Issue 22 item 16, the smaller faults: a head whose name changes while the NIP stays,
numbers beyond Excel's precision in messages, bidi controls in the pact."""

import json

from click.testing import CliRunner
from openpyxl import load_workbook

from lelang_xlsx.cli import main
from lelang_xlsx.output.textfmt import number

from .eval_support import YEAR, eval_auction, masuk
from .support import fill_form, new_auction


def test_lk708_compares_the_name_of_the_head_too(tmp_path):
    root = eval_auction(tmp_path)
    form = masuk(root) / "DINKES.xlsx"
    wb = load_workbook(form)
    ws = wb["Identitas"]
    row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("Nama Kepala OPD"))
    ws.cell(row, 2).value = "Drs. Bambang Pamungkas"  # someone else, with the signer's NIP left in place
    wb.save(form)
    res = CliRunner().invoke(main, ["eval", "check", str(root), "--year", str(YEAR), "--format", "json"])
    found = [(f["code"], f["file"], f["cell"], f["message"]) for f in json.loads(res.output[res.output.index("["):])]
    hits = [f for f in found if f[0] == "LK708"]
    assert [(f[1], f[2]) for f in hits] == [("DINKES.xlsx", f"B{row}")]
    assert "Drs. Bambang Pamungkas" in hits[0][3]


def test_huge_numbers_are_shown_in_scientific_form():
    assert number(1e308) == "1E+308" and number(-1.5e20) == "-1,5E+20"
    assert number(123456789012345.0) == "123.456.789.012.345" and number(1234.5) == "1.234,5"


def test_a_huge_target_in_a_message_is_not_309_digits(tmp_path):
    auction = new_auction(tmp_path)

    def huge(wb):
        wb["Indikator"]["Q2"] = 1e308  # the end point of IK-01 (Turun): worse than its baseline
    fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / "DINKES.xlsx", edit=huge)
    res = CliRunner().invoke(main, ["check", str(auction.root), "--format", "json", "--no-write"])
    messages = [f["message"] for f in json.loads(res.output)]
    assert any("1E+308" in m for m in messages), messages
    assert not any("0" * 30 in m for m in messages)


def test_bidi_controls_are_flagged_and_the_pact_prints_the_text_as_typed(tmp_path):
    import zipfile

    from .agreement_support import set_session

    auction = new_auction(tmp_path)
    fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / "DINKES.xlsx",
              identity={"Jabatan": "Kepala Dinas Kesehatan \u202eLTR\u202c Kota Malang"})
    res = CliRunner().invoke(main, ["run", str(auction.root)])
    assert "DINKES.xlsx:Identitas!B7: LK109 peringatan Isian Jabatan berisi karakter kendali tak terlihat (U+202C, U+202E)" \
        in " ".join(res.output.split())
    set_session(auction.penawaran, "DINKES", "Ya")
    res = CliRunner().invoke(main, ["run", str(auction.root)])
    assert "Pakta baru terbit: DINKES" in res.output
    with zipfile.ZipFile(next(auction.pakta.glob("DINKES_*.docx"))) as z:
        xml = z.read("word/document.xml").decode()
    assert "Kepala Dinas Kesehatan LTR Kota Malang" in xml and "\u202e" not in xml


def test_a_full_disk_at_the_recap_write_is_a_clean_message(tmp_path, monkeypatch):
    """XlsxWriter wraps the OSError of a full disk in its own FileCreateError."""
    import errno
    import inspect

    import xlsxwriter.workbook
    from xlsxwriter.exceptions import FileCreateError

    auction = new_auction(tmp_path)
    fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / "DINKES.xlsx")
    real = xlsxwriter.workbook.Workbook._store_workbook

    def store(self):
        if any(f.filename.endswith("recap/write.py") for f in inspect.stack()):
            raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))
        return real(self)
    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "_store_workbook", store)
    res = CliRunner().invoke(main, ["run", str(auction.root), "--jobs", "1"])
    assert res.exit_code == 2, res.output
    assert "Galat internal" not in res.output and "Traceback" not in res.output
    assert "No space left on device. Disk penuh: kosongkan ruang disk, lalu jalankan ulang." in res.output
    assert not list(auction.root.rglob(".tmp-*"))


def test_subfolders_and_hidden_files_in_masuk_are_reported(tmp_path):
    auction = new_auction(tmp_path)
    blank = auction.formulir / "DINKES.xlsx"
    (auction.masuk / "DINKES").mkdir()
    fill_form(blank, auction.masuk / "DINKES" / "DINKES.xlsx")  # sent inside a folder
    fill_form(blank, auction.masuk / ".DISHUB.xlsx", identity={"Kode OPD": "DISHUB", "Nama OPD": "Dinas Perhubungan"})
    (auction.masuk / "~$DINKES.xlsx").write_bytes(b"lock")  # a lock file stays ignored
    res = CliRunner().invoke(main, ["run", str(auction.root)])
    assert res.exit_code == 1, res.output
    out = " ".join(res.output.split())
    assert "DINKES: LK101 galat Berkas tidak dapat dibaca sebagai buku kerja .xlsx: ini folder, bukan berkas" in out
    assert "Pindahkan formulirnya langsung ke masuk/" in out
    assert "Berkas tersembunyi tidak diperiksa (nama diawali titik): masuk/.DISHUB.xlsx." in out
    assert "~$DINKES.xlsx" not in out
    manifest = json.loads(auction.manifest.read_text(encoding="utf-8"))
    assert manifest["summary"]["hidden_skipped"] == ["masuk/.DISHUB.xlsx"]
