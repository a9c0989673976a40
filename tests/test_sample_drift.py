"""``python sample_workbooks/build.py --check``: every committed sample is what its generator
writes. The check regenerates in a temporary folder (nothing written in the repository) and
fails with the list of files that drifted; a workbook whose zip timestamps alone differ has
not drifted."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_workbooks"


def _build_module():
    spec = importlib.util.spec_from_file_location("sample_build", SAMPLES / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _rezip(src: Path, dst: Path, date_time=(2030, 1, 2, 3, 4, 6), edit=None) -> None:
    """Copy a workbook entry by entry with other zip timestamps; ``edit(name, data)`` may
    change an entry's content."""
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if edit is not None:
                data = edit(info.filename, data)
            zout.writestr(zipfile.ZipInfo(info.filename, date_time), data)
    dst.write_bytes(buf.getvalue())


def _tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def test_drift_is_content_not_zip_timestamps(tmp_path):
    build = _build_module()
    committed, generated = tmp_path / "committed", tmp_path / "generated"
    for d in (committed, generated):
        (d / "malang-2018").mkdir(parents=True)
    form = SAMPLES / "malang-2018" / "masuk" / "DINKES.xlsx"
    shutil.copy(form, generated / "malang-2018" / "same.xlsx")
    _rezip(form, committed / "malang-2018" / "same.xlsx")  # other timestamps only
    shutil.copy(form, generated / "malang-2018" / "edited.xlsx")
    _rezip(form, committed / "malang-2018" / "edited.xlsx",
           edit=lambda name, data: data.replace(b"Dinas Kesehatan", b"Dinas Kesehatam")
           if name.startswith("xl/") else data)
    (generated / "expected.json").write_text("{}\n", encoding="utf-8")
    (committed / "expected.json").write_text('{"a": 1}\n', encoding="utf-8")
    (generated / "new.xlsx").write_bytes(form.read_bytes())
    (committed / "gone.xlsx").write_bytes(form.read_bytes())
    (committed / "build_x.py").write_text("# a script is not a sample\n", encoding="utf-8")
    assert build.same_content(generated / "malang-2018" / "same.xlsx", committed / "malang-2018" / "same.xlsx")
    assert build.drifted(generated, committed) == [
        "expected.json: differs from what the generator writes",
        "gone.xlsx: committed, no longer generated",
        "malang-2018/edited.xlsx: differs from what the generator writes",
        "new.xlsx: generated, not committed",
    ]


def test_every_build_script_is_run_build_py_first():
    build = _build_module()
    names = [p.name for p in build.build_scripts()]
    assert names[0] == "build.py"
    assert sorted(names[1:]) == names[1:]
    assert {p.name for p in SAMPLES.glob("build*.py")} == set(names)


@pytest.mark.slow
def test_check_finds_a_tampered_sample_and_writes_nothing(tmp_path):
    """On a copy of the samples: one workbook edited, one with other zip timestamps only.
    The check names the edited one and nothing else (so the committed samples match their
    generators), exits 1, and leaves the folder as it was."""
    copy = tmp_path / "sample_workbooks"
    shutil.copytree(SAMPLES, copy, ignore=shutil.ignore_patterns("__pycache__"))
    edited = copy / "rusak" / "LK301_sumber_data_kosong.xlsx"
    _rezip(SAMPLES / "rusak" / edited.name, edited,
           edit=lambda name, data: data.replace(b"<sheetData>", b"<sheetData><row r=\"999\"/>", 1)
           if name == "xl/worksheets/sheet2.xml" else data)
    stamped = copy / "malang-2018" / "panel.xlsx"
    _rezip(SAMPLES / "malang-2018" / "panel.xlsx", stamped)
    before = _tree_digest(copy)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, str(copy / "build.py"), "--check"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 1, done.stdout + done.stderr
    drift = [line.strip() for line in done.stdout.splitlines() if line.startswith("  ")]
    assert drift == ["rusak/LK301_sumber_data_kosong.xlsx: differs from what the generator writes"], done.stdout
    assert _tree_digest(copy) == before
