"""Issue 22, attacker and faults: what one hostile or unlucky input does to everyone's batch."""

import json
import zipfile

from click.testing import CliRunner
from openpyxl import load_workbook

from lelang_xlsx.cli import main

from .support import fill_form, new_auction

WORD = "A" * 32767  # the longest text a cell holds, one word


def _laporan_codes(auction) -> set[tuple[str, str, str]]:
    """(code, sheet, cell) of every finding row in laporan.xlsx."""
    ws = load_workbook(auction.laporan, read_only=True).worksheets[-1]
    rows = list(ws.iter_rows(values_only=True))
    head = [str(h) for h in rows[0]]
    return {tuple(str(r[head.index(k)]) for k in ("Kode", "Lembar", "Sel")) for r in rows[1:] if r and r[0]}


def _deck_texts(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("ppt/slides/slide"))


def test_a_32767_character_word_gets_a_warning_and_a_shortened_deck(tmp_path):
    auction = new_auction(tmp_path)
    blank = auction.formulir / "DINKES.xlsx"

    def long_word(wb):
        wb["Indikator"]["D2"] = WORD  # Sasaran Strategis of IK-01
    fill_form(blank, auction.masuk / "DINKES.xlsx", edit=long_word)
    fill_form(blank, auction.masuk / "DISHUB.xlsx", identity={"Kode OPD": "DISHUB", "Nama OPD": "Dinas Perhubungan"})
    res = CliRunner().invoke(main, ["run", str(auction.root), "--paparan", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    assert "LK108" in res.output and "32.767 karakter" in res.output
    res = CliRunner().invoke(main, ["check", str(auction.root), "--format", "json", "--no-write"])
    found = [(f["code"], f["file"], f["sheet"], f["cell"]) for f in json.loads(res.output)]
    assert ("LK108", "DINKES.xlsx", "Indikator", "D2") in found
    # every output is there: both decks, the report, the manifest, the per-OPD folders
    decks = sorted(p.name for p in (auction.hasil / "paparan").glob("*.pptx"))
    assert decks == ["DINKES_dinas-kesehatan.pptx", "DISHUB_dinas-perhubungan.pptx", "sesi.pptx"]
    text = _deck_texts(auction.hasil / "paparan" / decks[0])
    assert "AAAA" in text and "…" in text and WORD not in text  # shown shortened
    manifest = json.loads(auction.manifest.read_text(encoding="utf-8"))
    assert "hasil/paparan/DINKES_dinas-kesehatan.pptx" in {o["path"] for o in manifest["outputs"]}
    assert (auction.per_opd / "DINKES" / "DINKES.xlsx").is_file() and (auction.per_opd / "DISHUB").is_dir()
    assert auction.laporan.is_file()


def test_a_failing_deck_stage_leaves_every_other_output(tmp_path, monkeypatch):
    import lelang_xlsx.paparan as paparan

    auction = new_auction(tmp_path)
    fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / "DINKES.xlsx")

    def broken(*args, **kwargs):
        raise MemoryError("habis")
    monkeypatch.setattr(paparan, "paparan_stage", broken)
    res = CliRunner().invoke(main, ["run", str(auction.root), "--paparan", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    assert "Bahan paparan tidak dapat dibuat (MemoryError: habis)" in res.output
    assert "Traceback" not in res.output
    assert auction.laporan.is_file() and auction.manifest.is_file() and auction.rekap.is_file()
    assert (auction.per_opd / "DINKES" / "DINKES.xlsx").is_file()


def test_a_legal_240_byte_file_name_is_processed_like_any_other(tmp_path):
    from lelang_xlsx.output.atomic import atomic_path

    auction = new_auction(tmp_path)
    blank = auction.formulir / "DINKES.xlsx"
    name = "Formulir Dinas Kesehatan Kota Malang – revisi ke-2 " + "é" * 90 + ".xlsx"
    assert 235 <= len(name.encode()) <= 250
    fill_form(blank, auction.masuk / name)
    fill_form(blank, auction.masuk / "DISHUB.xlsx", identity={"Kode OPD": "DISHUB", "Nama OPD": "Dinas Perhubungan"})
    res = CliRunner().invoke(main, ["run", str(auction.root)])
    assert res.exit_code == 0, res.output
    assert "too long" not in res.output and "Galat:" not in res.output and "Galat internal" not in res.output
    assert (auction.umpan_balik / name).is_file() and (auction.per_opd / "DINKES" / name).is_file()
    manifest = json.loads(auction.manifest.read_text(encoding="utf-8"))
    assert f"masuk/{name}" in {i["path"] for i in manifest["inputs"]}
    res = CliRunner().invoke(main, ["run", str(auction.root)])  # and the next run too
    assert res.exit_code == 0, res.output
    # a temporary name beside a 255-byte name stays within the file system's limit
    longest = auction.hasil / ("x" * 250 + ".xlsx")
    with atomic_path(longest) as tmp:
        assert len(tmp.name.encode()) < 30
        tmp.write_bytes(b"ok")
    assert longest.read_bytes() == b"ok"


def test_files_the_tool_did_not_write_are_archived_not_deleted(tmp_path):
    auction = new_auction(tmp_path)
    blank = auction.formulir / "DINKES.xlsx"
    fill_form(blank, auction.masuk / "DINKES.xlsx")
    fill_form(blank, auction.masuk / "DISHUB.xlsx", identity={"Kode OPD": "DISHUB", "Nama OPD": "Dinas Perhubungan"})
    res = CliRunner().invoke(main, ["run", str(auction.root), "--paparan", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    # the secretariat puts its own files where the outputs are
    letter = auction.per_opd / "DINKES" / "surat pengantar.docx"
    letter.write_bytes(b"surat pengantar untuk Dinas Kesehatan")
    speech = auction.hasil / "paparan" / "sambutan wali kota.pptx"
    speech.write_bytes(b"sambutan")
    notes = auction.umpan_balik / "catatan.xlsx"
    notes.write_bytes(b"catatan sekretariat")
    # and DISHUB's form leaves masuk/: its copies, written by the tool, go without a trace
    (auction.masuk / "DISHUB.xlsx").unlink()
    res = CliRunner().invoke(main, ["run", str(auction.root), "--paparan", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    arsip = auction.hasil / "arsip"
    assert (arsip / "per-opd" / "DINKES" / "surat pengantar.docx").read_bytes() == b"surat pengantar untuk Dinas Kesehatan"
    assert (arsip / "paparan" / "sambutan wali kota.pptx").read_bytes() == b"sambutan"
    assert (arsip / "umpan-balik" / "catatan.xlsx").read_bytes() == b"catatan sekretariat"
    assert not letter.exists() and not speech.exists() and not notes.exists()
    assert not (auction.umpan_balik / "DISHUB.xlsx").exists() and not (auction.per_opd / "DISHUB").exists()
    assert not (auction.hasil / "paparan" / "DISHUB_dinas-perhubungan.pptx").exists()
    assert not list(arsip.rglob("DISHUB*"))  # the tool's own stale outputs are not archived
    out = " ".join(res.output.split())
    assert "Berkas hasil/per-opd/DINKES/surat pengantar.docx tidak ditulis oleh lelang: tidak dihapus, " \
           "dipindah ke hasil/arsip/per-opd/DINKES/surat pengantar.docx." in out
    assert "hasil/arsip/paparan/sambutan wali kota.pptx" in out
    manifest = json.loads(auction.manifest.read_text(encoding="utf-8"))
    assert {m["ke"] for m in manifest["summary"]["archived_foreign"]} == {
        "hasil/arsip/per-opd/DINKES/surat pengantar.docx", "hasil/arsip/paparan/sambutan wali kota.pptx",
        "hasil/arsip/umpan-balik/catatan.xlsx"}


def test_codes_that_look_alike_never_share_a_per_opd_folder():
    from lelang_xlsx.batch import _safe_dirname

    assert _safe_dirname("DINKES") == "DINKES"
    assert _safe_dirname("A_B") == "A_B"
    assert _safe_dirname("A/B").startswith("A_B-") and _safe_dirname("A/B") != _safe_dirname("A\\\\B")
    assert _safe_dirname("../../ESC").startswith("ESC-")


def test_one_run_per_folder_and_a_stale_lock_is_recovered(tmp_path):
    import os
    import subprocess
    import sys

    from lelang_xlsx.runlock import lock_path

    auction = new_auction(tmp_path)
    fill_form(auction.formulir / "DINKES.xlsx", auction.masuk / "DINKES.xlsx")
    lock = lock_path(auction.root)
    lock.parent.mkdir(parents=True, exist_ok=True)
    # a run is going (this process stands for it): a second command on the folder stops, writes nothing
    lock.write_text(json.dumps({"pid": os.getpid(), "komputer": __import__("socket").gethostname(),
                                "perintah": "run", "mulai": "2018-11-05 09:00:00"}), encoding="utf-8")
    for args in (["run", str(auction.root)], ["check", str(auction.root)], ["template", str(auction.root)]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 2, res.output
        assert "sedang dipakai oleh 'lelang run'" in res.output and "mulai 2018-11-05 09:00:00" in res.output
        assert "Traceback" not in res.output
    assert not auction.laporan.exists() and not auction.penawaran.exists()
    # the run was killed: its process is gone, the next run recovers the lock
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock.write_text(json.dumps({"pid": dead.pid, "komputer": __import__("socket").gethostname(), "perintah": "run",
                                "mulai": "2018-11-05 09:00:00"}), encoding="utf-8")
    res = CliRunner().invoke(main, ["run", str(auction.root)])
    assert res.exit_code == 0, res.output
    assert auction.laporan.is_file() and not lock.exists()  # released after the run
    # checking single files with --panel, or without writing, takes no lock
    lock.write_text(json.dumps({"pid": os.getpid(), "komputer": __import__("socket").gethostname(), "perintah": "run"}))
    res = CliRunner().invoke(main, ["check", str(auction.root), "--no-write"])
    assert res.exit_code == 0, res.output


HOSTILE_CODES = ["../../ESC", "A/B", "A_B", "X\\Y", "CON", "K" * 300, "dinkes", "Dinkes\u0301"]


def _panel_with_codes(auction, codes):
    wb = load_workbook(auction.panel)
    ws = wb["OPD"]
    first = ws.max_row + 1
    for i, code in enumerate(codes):
        ws.cell(first + i, 1).value = code
        ws.cell(first + i, 2).value = f"Dinas Uji {i + 1}"
    wb.save(auction.panel)
    return first


def test_panel_codes_are_validated_and_nothing_is_written_outside_the_folder(tmp_path):
    from .support import tree_hashes

    auction = new_auction(tmp_path)
    first = _panel_with_codes(auction, HOSTILE_CODES)
    outside = {p for p in tmp_path.rglob("*") if not p.is_relative_to(auction.root)}
    res = CliRunner().invoke(main, ["template", str(auction.root)])
    assert res.exit_code == 2, res.output
    out = " ".join(res.output.split())
    for i, (code, why) in enumerate([("../../ESC", "karakter yang tidak diizinkan ('.' '/')"),
                                     ("A/B", "('/')"), ("X\\Y", "('\\\\')"), ("CON", "nama khusus sistem berkas Windows"),
                                     ("K" * 59 + "…", "panjangnya 300 karakter")]):
        assert f"Kode OPD '{code}' tidak dapat dipakai: " in out and why in out, (code, out)
    assert f"panel.xlsx:OPD!A{first}: LK605" in out
    assert f"panel.xlsx:OPD!A{first + 6}: LK602" in out  # 'dinkes' is DINKES once case is folded
    assert "LK605" in out.split(f"OPD!A{first + 7}:")[1][:12]  # a combining accent is not a plain code either
    assert "A_B" not in out  # a plain code
    assert {p for p in tmp_path.rglob("*") if not p.is_relative_to(auction.root)} == outside
    before = tree_hashes(tmp_path)
    res = CliRunner().invoke(main, ["run", str(auction.root)])
    assert "Traceback" not in res.output and "Galat internal" not in res.output
    after = tree_hashes(tmp_path)
    assert {k for k in after if not k.startswith("lelang/")} == {k for k in before if not k.startswith("lelang/")}
