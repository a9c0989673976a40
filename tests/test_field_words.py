"""Issue 22 item 9: words and numbers as the secretariat and the panel read them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from lelang_xlsx import contract as C
from lelang_xlsx.cli import main
from lelang_xlsx.rounds.scoring import decision_of
from lelang_xlsx.model import NO_OFFER, decision_label
from lelang_xlsx.output import xlsxstyle
from lelang_xlsx.output.xlsxstyle import wrapped_lines

from .eval_support import RUSAK as EVAL_RUSAK, YEAR, eval_auction, masuk

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def _invoke(*args):
    res = CliRunner().invoke(main, list(args), prog_name="lelang")
    assert "Traceback" not in res.output
    return res


def test_usage_error_for_a_missing_folder_is_indonesian(tmp_path):
    res = _invoke("run", str(tmp_path / "tidak-ada"))
    assert res.exit_code == 2
    assert "Penggunaan: lelang run [OPSI] FOLDER" in res.output
    assert "Coba 'lelang run --help' untuk bantuan." in res.output
    assert f"Galat: Nilai tidak sah untuk 'FOLDER': Folder '{tmp_path / 'tidak-ada'}' tidak ada." in res.output
    for english in ("Usage:", "Error:", "Try '", "Invalid value", "does not exist"):
        assert english not in res.output


def test_other_usage_errors_are_indonesian():
    assert "Argumen belum diisi 'FOLDER'." in _invoke("run").output
    assert "'x' bukan angka yang sah." in _invoke("run", "--jobs", "x", ".").output
    assert "'xml' bukan salah satu dari 'text', 'json'." in _invoke("check", "--format", "xml", ".").output
    assert "Perintah 'frob' tidak dikenal." in _invoke("frob").output
    assert "Opsi '--bogus' tidak dikenal." in _invoke("run", "--bogus", ".").output


def test_help_headings_are_indonesian():
    for args in (["--help"], ["run", "--help"], ["eval", "run", "--help"]):
        out = _invoke(*args).output
        assert out.startswith("Penggunaan: lelang") and "\nOpsi:\n" in out
        assert "Usage:" not in out and "Options:" not in out and "INTEGER" not in out
    assert "\nPerintah:\n" in _invoke("--help").output
    assert "-j, --jobs ANGKA" in _invoke("run", "--help").output


def _malang_run(tmp_path, *extra):
    root = tmp_path / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    res = _invoke("run", str(root), *extra)
    assert res.exit_code == 0, res.output
    return root, res


def test_register_progress_and_labels_read_as_people_write_them(tmp_path):
    root, res = _malang_run(tmp_path)
    assert "[selesai] Memeriksa formulir (9)" in res.output  # nine forms, not (1)
    assert "[selesai] Rekap\n" in res.output and "Rekap (1)" not in res.output
    wb = load_workbook(root / "hasil" / "kesepakatan.xlsx")
    pakta = wb["Pakta"]
    head = [c.value for c in pakta[1]]
    row = [c.value for c in pakta[2]]
    issued = row[head.index("Diterbitkan")]
    assert re.fullmatch(r"\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|"
                        r"Desember) \d{4} pukul \d{2}\.\d{2}", issued), issued
    assert re.fullmatch(r"\d{8} \d{6} \d \d{3}", row[head.index("NIP")])
    ws = wb["Kesepakatan"]
    status = [c.value for c in ws[1]].index("Status")
    shown = {r[status] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert C.DECISION_TANPA in shown and "tanpa tawaran" not in shown
    recap = load_workbook(root / "hasil" / "rekap.xlsx")["Indikator"]
    assert C.DECISION_TANPA in {c.value for row in recap.iter_rows() for c in row}


def test_tanpa_tawaran_is_one_spelling():
    assert C.DECISION_TANPA == "Tanpa tawaran"
    assert decision_label(NO_OFFER) == C.DECISION_TANPA == xlsxstyle.DECISION_TANPA
    assert C.DECISION_TANPA in C.POIN_DECISIONS and decision_of(NO_OFFER) == C.DECISION_TANPA
    assert decision_of("Tanpa Tawaran") == C.DECISION_TANPA  # a panel typed the old way still reads


def test_init_names_every_sheet_of_panel(tmp_path):
    res = _invoke("init", str(tmp_path / "lelang-blitar"))
    sheets = load_workbook(tmp_path / "lelang-blitar" / "panel.xlsx").sheetnames
    assert "Poin" in sheets
    assert f"(sunting lembar {', '.join(sheets[:-1])} dan {sheets[-1]})" in res.output


def test_panel_catatan_is_not_cut_in_print(tmp_path):
    _invoke("init", str(tmp_path / "a"))
    ws = load_workbook(tmp_path / "a" / "panel.xlsx")["Pengaturan"]
    row = next(c.row for c in ws["A"] if c.value == "Catatan")
    text = ws.cell(row, 2).value
    lines = wrapped_lines(text, ws.column_dimensions["B"].width)
    assert lines >= 3 and ws.row_dimensions[row].height >= lines * 11 * 1.3


def test_lk708_prints_nips_with_their_spaces(tmp_path):
    root = eval_auction(tmp_path)
    shutil.copy(EVAL_RUSAK / "LK708_kepala_berganti.xlsx", masuk(root) / "DINKES.xlsx")
    res = _invoke("eval", "check", str(root), "--year", str(YEAR))
    line = next(x for x in res.output.splitlines() if "LK708" in x)
    nips = re.findall(r"NIP ([0-9 ]+)\)", line)
    assert len(nips) == 2 and all(re.fullmatch(r"\d{8} \d{6} \d \d{3}", n) for n in nips), line


# ---------------------------------------------------------------- item 7: decks of an earlier run

def test_run_without_paparan_removes_the_decks_it_wrote_before(tmp_path):
    root, res = _malang_run(tmp_path, "--paparan")
    paparan = root / "hasil" / "paparan"
    decks = sorted(p.name for p in paparan.glob("*.pptx"))
    assert "sesi.pptx" in decks and len(decks) == 10
    (paparan / "sambutan.pptx").write_bytes(b"the mayor's speech, not written by lelang")
    res = _invoke("run", str(root))
    assert res.exit_code == 0, res.output
    assert not any(paparan.glob("*.pptx"))  # nothing outdated left to be projected
    assert (root / "hasil" / "arsip" / "paparan" / "sambutan.pptx").read_bytes().startswith(b"the mayor")
    closing = " ".join(res.output.split())
    assert "Bahan paparan dari run sebelumnya dihapus karena tidak sesuai lagi (10 berkas di hasil/paparan/)" in closing
    manifest = json.loads((root / "hasil" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(Path(p).name for p in manifest["summary"]["paparan_removed"]) == decks
    assert not any("paparan/" in o["path"] for o in manifest["outputs"])
