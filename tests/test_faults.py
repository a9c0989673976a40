"""Faults: a run killed with SIGKILL at any point, then re-run, completes with correct
outputs and leaves no half-written file."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


# The annotated copies carry the day they were written: one day for every run of this
# module, so that a reference run and a killed run on either side of midnight agree.
_DAY = str(int(time.time()) // 86400 * 86400 + 43200)


def _run(root: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1", SOURCE_DATE_EPOCH=_DAY)
    return subprocess.Popen([sys.executable, "-m", "lelang_xlsx", "run", str(root), "-j", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def _outputs(root: Path) -> dict:
    """Every output with its hash; the register without its hash (it records when each pact was
    issued), but with every entry sealed and naming a pact on disk with the recorded hash."""
    from lelang_xlsx.agreement.register import load

    data = json.loads((root / "hasil" / "manifest.json").read_text())
    out = {o["path"]: o["sha256"] for o in data["outputs"] if "kesepakatan" not in o["path"]}
    reg = load(root / "hasil" / "kesepakatan.json")
    assert not reg.untrusted
    for kode, entry in reg.entries.items():
        out[f"kesepakatan:{kode}"] = (entry["pakta"]["berkas"], entry["pakta"]["sha256"], entry["penawaran_sha256"])
        assert out[entry["pakta"]["berkas"]] == entry["pakta"]["sha256"]
    return out


def _assert_complete_files(root: Path) -> None:
    """Every file at a final path is whole: zips open and pass their CRC check."""
    for p in root.rglob("*"):
        if p.is_file() and p.suffix in (".xlsx", ".docx") and not p.name.startswith(".tmp-"):
            with zipfile.ZipFile(p) as z:
                assert z.testzip() is None, p
        if p.name == "manifest.json":
            json.loads(p.read_text())


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("ref") / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    start = time.monotonic()
    assert _run(root).wait(timeout=300) == 0
    duration = time.monotonic() - start
    return root, _outputs(root), duration


@pytest.mark.parametrize("fraction", [0.15, 0.35, 0.55, 0.7, 0.85, 0.95])
def test_kill_and_rerun(tmp_path, reference, fraction):
    ref_root, ref_outputs, duration = reference
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    masuk_before = {p.name: p.read_bytes() for p in (root / "masuk").iterdir()}
    proc = _run(root)
    time.sleep(duration * fraction)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    _assert_complete_files(root)
    # re-run completes and gives the reference outputs
    assert _run(root).wait(timeout=300) == 0
    assert _outputs(root) == ref_outputs
    assert not list(root.rglob(".tmp-*"))
    assert {p.name: p.read_bytes() for p in (root / "masuk").iterdir()} == masuk_before


def test_kill_after_panel_session_keeps_panel_values(tmp_path, reference):
    """A kill while penawaran.xlsx is being updated never loses what the panel typed."""
    import importlib.util

    from openpyxl import load_workbook

    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    assert _run(root).wait(timeout=300) == 0
    spec = importlib.util.spec_from_file_location("pc", SAMPLES / "penawaran_contoh.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.fill_example_offers(root / "penawaran.xlsx")

    def decisions():
        ws = load_workbook(root / "penawaran.xlsx")["Penawaran"]
        head = [c.value for c in ws[1]]
        k = head.index("Keputusan")
        return sorted(str(r[k].value) for r in ws.iter_rows(min_row=2) if r[k].value)

    typed = decisions()
    for fraction in (0.2, 0.5, 0.8):
        proc = _run(root)
        time.sleep(reference[2] * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        _assert_complete_files(root)
        assert decisions() == typed
    assert _run(root).wait(timeout=300) == 0
    assert decisions() == typed
