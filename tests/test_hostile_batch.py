"""The hostile corpus through the real batch: each bad file gets its finding, the
batch goes on, nothing is resolved or executed, inputs stay byte-identical."""

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from lelang_xlsx.cli import main

from . import hostile
from .support import fill_form, new_auction, sha, tree_hashes

LONG = "A" * 32767
INJECT = ["=cmd|' /C calc'!A0", "+SUM(1,1)", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"klik\")"]


def _corpus(auction, tmp_path):
    """Build masuk/ and return {file name: expected codes (subset) or None for clean}."""
    blank = auction.formulir / "DINKES.xlsx"
    valid = fill_form(blank, tmp_path / "valid.xlsx")
    m = auction.masuk
    exp = {}

    def put(name, path, codes):
        if path != m / name:
            shutil.move(path, m / name)
        exp[name] = codes

    # ---- the good one
    shutil.copy(valid, m / "DINKES baik.xlsx")
    exp["DINKES baik.xlsx"] = set()
    # ---- unreadable
    exp.update(hostile.unreadable(valid, m, "Indikator"))
    put("grafik.xlsx", hostile.chart_sheet_named(fill_form(blank, tmp_path / "g.xlsx", identity={"Kode OPD": "DISHUB"}),
                                                  m / "grafik.xlsx", "Indikator"), {"LK102"})
    # ---- readable but odd: each its own OPD code to keep LK204 out of the way
    def odd(name, code, codes, **kw):
        fill_form(blank, m / name, identity={"Kode OPD": code, **kw.pop("identity", {})}, **kw)
        exp[name] = codes

    def long_cells(wb):
        wb["Indikator"]["D2"] = LONG
        wb["Indikator"]["G3"] = "baris_x0001_dengan_x0007_kontrol_x001B_[31m"  # control characters, OOXML-escaped
    odd("panjang.xlsx", "DISDIK", {"LK206"}, identity={"Nama OPD": "ꦢꦶꦤꦱ꧀ 😀 مرحبا &<>\"'"}, edit=long_cells)

    def inject_all(wb):
        """A formula-like string in every free-text field (codes and lists stay valid)."""
        def put(ws, ref, text):
            ws[ref] = text
            ws[ref].data_type = "s"

        it = iter(INJECT * 10)
        for r in (4, 6, 7, 8, 9):  # Nama Kepala, Pangkat, Jabatan, Petugas, Kontak
            put(wb["Identitas"], f"B{r}", next(it))
        put(wb["Identitas"], "B3", "Dinas Perdagangan")
        for row in (2, 3):
            for col in "DEFGL":  # Sasaran, Program, Indikator, Cara, Sumber
                put(wb["Indikator"], f"{col}{row}", next(it) + f" {col}{row}")
            put(wb["Indikator"], f"H{row}", "=unit|x")  # Satuan
        put(wb["Indikator"], "B2", "=IK|01")  # Kode Indikator, used by its figures too
        for row in (2, 3):
            put(wb["Data Pendukung"], f"A{row}", "=IK|01")
        for row in (2, 3, 4):
            for col in "BCFG":  # Uraian, Rincian, Satuan, Sumber
                put(wb["Data Pendukung"], f"{col}{row}", next(it))
    odd("injeksi.xlsx", "DISDAG", set(), edit=inject_all)

    def dup_header(wb):
        wb["Indikator"]["R1"] = "Target 2020"
    odd("judul ganda.xlsx", "DPUPR", {"LK103"}, edit=dup_header)
    odd("x" * 195 + ".xlsx", "DISPERIN", set())
    odd("Formulir Dinas Perumahan – ñ ü 漢字.xlsx", "DISPERKIM", set())
    # ---- ignored: lock files and hidden files; a symlink pointing outside masuk/
    exp.update(hostile.ignored_and_linked(valid, m, tmp_path))
    return exp


def test_hostile_corpus_batch_continues(tmp_path):
    auction = new_auction(tmp_path)
    expected = _corpus(auction, tmp_path)
    before = tree_hashes(auction.masuk)
    res = CliRunner().invoke(main, ["check", str(auction.root), "--format", "json"])
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    findings = json.loads(res.output)
    hostile.assert_findings(findings, expected)
    # every bad file's message says what is wrong in Indonesian
    msgs = {f["file"]: f["message"] for f in findings if f["code"] == "LK101"}
    assert "kata sandi" in msgs["sandi.xlsx"]
    assert "97-2003" in msgs["lama.xlsx"]
    assert "Word" in msgs["word.xlsx"]
    assert "DTD" in msgs["xxe.xlsx"]
    assert "symlink" in msgs["tautan.xlsx"]
    assert tree_hashes(auction.masuk) == before


def test_no_user_text_becomes_a_formula_in_outputs(tmp_path):
    auction = new_auction(tmp_path)
    _corpus(auction, tmp_path)
    res = CliRunner().invoke(main, ["run", str(auction.root)])
    assert res.exit_code == 1 and "Traceback" not in res.output
    from .agreement_support import set_session

    set_session(auction.penawaran, "DISDAG", "Ya")  # the panel closes the session: the pact is issued
    res = CliRunner().invoke(main, ["run", str(auction.root)])
    assert res.exit_code == 1 and "Traceback" not in res.output
    import re
    import zipfile

    outputs = [auction.laporan, auction.rekap, auction.penawaran, *auction.umpan_balik.glob("*.xlsx")]
    assert len(outputs) > 5
    # the injected workbook is valid: its texts reach the recap and its pact, literally
    from openpyxl import load_workbook

    rekap = load_workbook(auction.rekap)["Indikator"]
    texts = [c for row in rekap.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))]
    assert any("cmd|" in c.value for c in texts)
    assert all(c.data_type == "s" for c in texts)
    pact = next(auction.pakta.glob("DISDAG_*.docx"))
    with zipfile.ZipFile(pact) as z:
        assert "=cmd|' /C calc'!A0".replace("'", "&apos;") in z.read("word/document.xml").decode() or \
            "=cmd|' /C calc'!A0" in z.read("word/document.xml").decode()
    for out in outputs:
        with zipfile.ZipFile(out) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    formulas = re.findall(r"<f(?: [^>]*)?>(.*?)</f>", z.read(name).decode("utf-8"))
                    for f in formulas:
                        assert not any(tok in f for tok in ("cmd|", "SUM(1,1)", "HYPERLINK", "SUM(A1)")), (out, name, f)


def test_unwritable_hasil_is_exit_2(tmp_path):
    if os.geteuid() == 0:
        # root ignores permission bits: make hasil a file instead of a folder
        auction = new_auction(tmp_path)
        fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / "a.xlsx")
        shutil.rmtree(auction.hasil)
        auction.hasil.write_text("bukan folder")
    else:
        auction = new_auction(tmp_path)
        fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / "a.xlsx")
        auction.hasil.chmod(0o500)
    res = CliRunner().invoke(main, ["check", str(auction.root)])
    assert res.exit_code == 2
    assert "tidak dapat ditulisi" in res.output
    assert "Traceback" not in res.output


def test_full_disk_is_a_clear_error_exit_2(tmp_path, monkeypatch):
    import errno

    import lelang_xlsx.output.atomic as atomic

    auction = new_auction(tmp_path)
    fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / "a.xlsx")
    before = tree_hashes(auction.masuk)

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    for command in (["check", str(auction.root)], ["run", str(auction.root)]):
        res = CliRunner().invoke(main, command)
        assert res.exit_code == 2, res.output
        assert "Traceback" not in res.output
        assert "No space left on device" in res.output
    assert tree_hashes(auction.masuk) == before
    assert not list(auction.root.rglob(".tmp-*"))  # nothing half-written left behind


@pytest.mark.parametrize("command", [["check"], ["recap"], ["offers"], ["pacts"], ["run"], ["template"]])
def test_inputs_are_byte_identical_after_every_command(tmp_path, command):
    auction = new_auction(tmp_path)
    fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / "DINKES.xlsx")
    fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / "rusak.xlsx", identity={"Kode OPD": "DISHUB", "NIP Kepala OPD": 1.5e17})
    (auction.masuk / "kosong.xlsx").write_bytes(b"")
    inputs = tree_hashes(auction.masuk) | {"panel.xlsx": sha(auction.panel)}
    res = CliRunner().invoke(main, [*command, str(auction.root)])
    assert res.exit_code in (0, 1), res.output
    assert "Traceback" not in res.output
    assert tree_hashes(auction.masuk) | {"panel.xlsx": sha(auction.panel)} == inputs


@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork", reason="needs forked workers")
def test_a_worker_that_dies_fails_only_its_file(tmp_path, monkeypatch):
    """A file that kills its worker process (a crash in a C library, the OOM killer)
    becomes that file's LK101; every other file is checked as usual."""
    import lelang_xlsx.checking.checker as checker
    from lelang_xlsx.auction import Auction

    auction = new_auction(tmp_path)
    for code in ("DINKES", "DISHUB", "DISDIK", "DPUPR", "DISDAG"):
        fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / f"{code}.xlsx",
                  identity={"Kode OPD": code, "Nama OPD": None})
    real = checker.check_one

    def deadly(path, display, *args, **kwargs):
        if display == "DISHUB.xlsx":
            os._exit(9)  # the worker process dies on this file
        return real(path, display, *args, **kwargs)

    monkeypatch.setattr(checker, "check_one", deadly)  # inherited by forked workers
    result = checker.check_auction(Auction.at(auction.root), jobs=2)
    by_file = {s.path: s for s in result.submissions}
    assert [f.code for f in by_file["DISHUB.xlsx"].findings] == ["LK101"]
    assert "gagal" in by_file["DISHUB.xlsx"].findings[0].message
    for name in ("DINKES.xlsx", "DISDIK.xlsx", "DPUPR.xlsx", "DISDAG.xlsx"):
        assert by_file[name].readable
        assert not [f for f in by_file[name].findings if f.code == "LK101"]
