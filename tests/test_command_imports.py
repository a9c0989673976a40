"""Issue 24: a command imports only what it needs. ``lelang check`` and ``lelang rules``
write no Word or PowerPoint file, so the docx/pptx/docxtpl/jinja2 machinery (a third of
the start-up of ``lelang run``) stays out of them. Each command runs in a fresh
interpreter, which then lists the heavy packages it holds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "sample_workbooks"
HEAVY = ("docx", "docxtpl", "pptx", "jinja2")

PROBE = """
import contextlib, io, json, sys
from lelang_xlsx.cli import main
out = io.StringIO()
code = 0
with contextlib.redirect_stdout(out):
    try:
        main(sys.argv[1:], standalone_mode=False)
    except SystemExit as e:
        code = e.code
print(json.dumps({"heavy": sorted({m.split('.')[0] for m in sys.modules} & set(%r)),
                  "code": code, "out": out.getvalue()[-2000:]}))
""" % (HEAVY,)


def _probe(*args: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    res = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                         timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_check_imports_no_document_machinery(tmp_path):
    root = tmp_path / "lelang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    seen = _probe("check", str(root))
    assert seen["code"] in (0, 1, None), seen["out"]
    assert (root / "hasil" / "laporan.xlsx").is_file()  # the check really ran
    assert seen["heavy"] == [], f"lelang check imported {seen['heavy']}"


def test_rules_imports_no_document_machinery():
    seen = _probe("rules")
    assert "LK" in seen["out"]  # the rules were listed
    assert seen["heavy"] == [], f"lelang rules imported {seen['heavy']}"


def test_the_probe_sees_what_run_imports(tmp_path):
    """The probe is not blind: ``lelang run`` writes the pacts and does import docxtpl."""
    root = tmp_path / "lelang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    seen = _probe("run", str(root))
    assert any((root / "hasil" / "pakta").glob("*.docx")), seen["out"]
    assert "docxtpl" in seen["heavy"], seen


STAGES = ("xlsxwriter", "docx", "docxtpl", "pptx", "jinja2", "python_calamine", "multiprocessing", "openpyxl",
          "lelang_xlsx.pipeline", "lelang_xlsx.checking.checker", "lelang_xlsx.agreement.stage",
          "lelang_xlsx.agreement.offers", "lelang_xlsx.recap", "lelang_xlsx.documents.pacts")
PROBE_STAGES = PROBE.replace("sorted({m.split('.')[0] for m in sys.modules} & set(%r))" % (HEAVY,),
                             "sorted(set(sys.modules) & set(%r))" % (STAGES,))


def test_an_unchanged_run_imports_no_stage(tmp_path):
    """``lelang run`` on an auction where nothing changed since the last run answers from
    the run's record (rerun.py): its start-up stays near ``lelang --help``, with no stage,
    workbook, template or worker-pool module imported. The first run is the control."""
    assert PROBE_STAGES != PROBE
    root = tmp_path / "lelang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))

    def probe() -> dict:
        res = subprocess.run([sys.executable, "-c", PROBE_STAGES, "run", str(root)], capture_output=True, text=True,
                             env=env, timeout=600)
        assert res.returncode == 0, res.stderr[-3000:]
        return json.loads(res.stdout.strip().splitlines()[-1])

    first = probe()
    assert {"lelang_xlsx.pipeline", "docxtpl", "xlsxwriter"} <= set(first["heavy"]), first  # the full run did
    again = probe()
    assert again["code"] == first["code"] and "Pakta" in again["out"], again["out"]  # the same run reported
    assert again["heavy"] == [], f"an unchanged lelang run imported {again['heavy']}"


def test_a_rerun_that_renders_no_pact_imports_no_document_machinery(tmp_path):
    """A re-run after one OPD resubmits while its session is still open (no pact to issue,
    every other pact kept): no worker starts and no pact is rendered, so the pact renderer
    (docxtpl, python-docx, jinja2) is not imported for the workers either. The first run
    is the control."""
    from openpyxl import load_workbook

    from .agreement_support import set_session

    root = tmp_path / "lelang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    set_session(root / "penawaran.xlsx", "DISHUB", None)
    first = _probe("run", str(root), "--jobs", "2")
    assert "docxtpl" in first["heavy"], first
    form = root / "masuk" / "DISHUB.xlsx"
    wb = load_workbook(form)
    wb["Indikator"]["Q2"] = 26  # Target 2023 of DISHUB-01: 25 -> 26
    wb.save(form)
    again = _probe("run", str(root), "--jobs", "2")
    assert again["code"] in (0, 1, None) and "DISHUB" in again["out"], again["out"]
    assert again["heavy"] == [], f"the re-run imported {again['heavy']}"
