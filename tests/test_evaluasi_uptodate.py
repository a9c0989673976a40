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


def test_a_large_round_closes_with_one_plain_line_per_opd():
    """Past 60 OPDs the closing table is one plain line per OPD (a rich table costs ~2 ms a
    row: most of an unchanged re-run at 900 OPDs), ranked, workbook text shown literally."""
    import io
    from types import SimpleNamespace

    from lelang_xlsx.evaluasi.summary import PLAIN_FROM, print_eval_summary

    def opd(i, name="Dinas"):
        return SimpleNamespace(peringkat=i, kode=f"OPD{i:03d}", nama=name, status="dievaluasi", keterangan="",
                               capaian=100.0 - i / 10, kategori="Sangat Baik", bersih=3, counted=True, insentif=1.5)

    results = [opd(i) for i in range(PLAIN_FROM + 1, 0, -1)]
    results[0].nama = "Dinas \x1b[31mMerah\x1b[0m [bold]x[/bold]"
    stats = {"files": 61, "files_valid": 61, "errors": 0, "warnings": 0}
    run = SimpleNamespace(results=results, cards={"OPD001": "x.docx"}, basis="Capaian",
                          report=SimpleNamespace(stats=lambda: stats))
    out = io.StringIO()
    print_eval_summary(run, "lelang-2018", 2019, file=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Ringkasan Evaluasi Kinerja 2019")
    assert lines[1] == "  1. OPD001 | Dinas | dievaluasi | 99,90 | Sangat Baik | 3 | 1,5 | ya"
    assert len([x for x in lines if x.startswith("  ")]) == PLAIN_FROM + 1
    last = next(x for x in lines if "OPD061" in x)
    assert "\x1b" not in last and "[bold]x[/bold]" in last
    assert lines[-1].startswith("61 berkas, 61 tanpa galat")
