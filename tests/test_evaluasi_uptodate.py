"""`lelang eval run` on a folder where nothing changed since the last run answers from its
up-to-date record (issue 24: an unchanged re-run of the evaluation took 5.7 s at 900
workbooks), printing what the full run printed; any change to what the round reads (a
workbook, an earlier year's results, the year's pk.json) makes it a full run again."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from lelang_xlsx.cli import main
from lelang_xlsx.evaluasi import run as eval_run

from .eval_support import YEAR, eval_auction, masuk


def _run(root, *extra):
    res = CliRunner().invoke(main, ["eval", "run", str(root), "--year", str(YEAR), "--jobs", "1", *extra])
    assert "Traceback" not in res.output and res.exit_code in (0, 1), res.output
    return res


@pytest.fixture()
def after_a_run(tmp_path, monkeypatch):
    root = eval_auction(tmp_path / "a")
    first = _run(root)
    calls = []
    real = eval_run.run_round

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(eval_run, "run_round", counting)
    return root, first, calls


def test_unchanged_rerun_prints_the_same_without_running_the_round(after_a_run):
    root, first, calls = after_a_run
    again = _run(root)
    assert calls == []
    assert again.exit_code == first.exit_code
    # the same findings and closing table; only the progress lines of the stages are not there
    progress = [line for line in first.output.splitlines() if line.startswith("[")]
    assert progress and all(line.startswith("[selesai]") for line in progress), progress
    assert again.output.splitlines() == [line for line in first.output.splitlines() if line not in progress]
    assert "Ringkasan Evaluasi Kinerja" in again.output


def test_a_changed_workbook_runs_the_round_again(after_a_run):
    root, first, calls = after_a_run
    path = sorted(masuk(root).glob("*.xlsx"))[0]
    wb = load_workbook(path)
    wb.save(path)  # saved again (new bytes and times), as an OPD resubmitting the same values
    _run(root)
    assert calls == [root]


@pytest.mark.parametrize("what", ["pk.json", "earlier year"])
def test_other_inputs_of_the_round_are_watched(after_a_run, what):
    root, first, calls = after_a_run
    if what == "pk.json":
        target = root / "pk" / str(YEAR) / "hasil" / "pk.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text('{"schema": "lelang-xlsx/pk", "opd": []}\n', encoding="utf-8")
    else:
        earlier = root / "evaluasi" / str(YEAR - 1) / "hasil"
        earlier.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / "evaluasi" / str(YEAR) / "hasil" / "evaluasi.json", earlier / "evaluasi.json")
    _run(root)
    assert calls == [root]


def test_no_cache_always_runs(after_a_run):
    root, first, calls = after_a_run
    _run(root, "--no-cache")
    assert calls == [root]
