"""Incremental re-runs: unchanged inputs are not re-done; what changed is, and the
result equals a run from scratch."""

import json
import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from lelang_xlsx.cli import main

from .agreement_support import set_session

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if p.is_file()}


def _outputs(root: Path) -> dict:
    return {o["path"]: o["sha256"] for o in json.loads((root / "hasil" / "manifest.json").read_text())["outputs"]}


def _no_register(outputs: dict) -> dict:
    """Outputs without the register (it records when each pact was issued)."""
    return {p: h for p, h in outputs.items() if "kesepakatan" not in p}


def test_rerun_redoes_only_the_resubmitted_opd(tmp_path):
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    set_session(root / "penawaran.xlsx", "DISHUB", None)  # DISHUB's session is still open: no pact to lock
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(root)]).exit_code == 0
    copies, pacts = _mtimes(root / "hasil" / "umpan-balik"), _mtimes(root / "hasil" / "pakta")
    # DISHUB resubmits with a changed indicator name
    wb = load_workbook(root / "masuk" / "DISHUB.xlsx")
    wb["Indikator"]["F2"] = "Indikator yang diperbaiki"
    wb.save(root / "masuk" / "DISHUB.xlsx")
    assert runner.invoke(main, ["run", str(root)]).exit_code == 0
    copies2, pacts2 = _mtimes(root / "hasil" / "umpan-balik"), _mtimes(root / "hasil" / "pakta")
    changed = {n for n in copies if copies[n] != copies2[n]} | {n for n in pacts if pacts[n] != pacts2[n]}
    assert changed == {"DISHUB.xlsx"} and len(pacts2) == 8
    cached = _outputs(root)
    # the same as from scratch
    shutil.rmtree(root / "hasil")
    assert runner.invoke(main, ["run", str(root), "--no-cache"]).exit_code == 0
    assert _no_register(_outputs(root)) == _no_register(cached)


def test_changed_template_applies_to_pacts_issued_after_it(tmp_path):
    """A new template is used for the next pact issued; issued pacts never change silently."""
    from lelang_xlsx.documents.pacts import default_template

    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    set_session(root / "penawaran.xlsx", "DISHUB", None)
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(root)]).exit_code == 0
    before = _outputs(root)
    custom = tmp_path / "kustom.docx"
    with zipfile.ZipFile(default_template()) as zin, zipfile.ZipFile(custom, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace("PAKTA INTEGRITAS".encode(), "PAKTA INTEGRITAS (SALINAN UJI)".encode(), 1)
            zout.writestr(info, data)
    set_session(root / "penawaran.xlsx", "DISHUB", "Ya")
    res = runner.invoke(main, ["run", str(root), "--template", str(custom)])
    assert res.exit_code == 0, res.output
    after = _outputs(root)
    pact_paths = [p for p in before if p.startswith("hasil/pakta/")]
    assert len(pact_paths) == 8 and all(before[p] == after[p] for p in pact_paths)
    from docx import Document

    dishub = root / "hasil" / "pakta" / "DISHUB_dinas-perhubungan.docx"
    assert "SALINAN UJI" in "\n".join(p.text for p in Document(dishub).paragraphs)
    assert before["hasil/rekap.xlsx"] == after["hasil/rekap.xlsx"]


def test_damaged_cache_is_ignored(tmp_path):
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(root)]).exit_code == 0
    first = _outputs(root)
    damaged = [p for p in (root / "hasil" / ".cache").rglob("*") if p.is_file()]
    assert any(p.parent.name == "checks" for p in damaged)  # one file per checked workbook
    for p in damaged:
        p.write_bytes(b"rusak")
    res = runner.invoke(main, ["run", str(root)])
    assert res.exit_code == 0 and "Traceback" not in res.output
    assert _outputs(root) == first
