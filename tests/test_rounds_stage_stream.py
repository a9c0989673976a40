"""The check stage takes each worker task's results in as it comes back
(lelang_xlsx/rounds/stage.py ``_check_all``): a task that fails half-way leaves the files
already taken in as they are and checks only the rest in this process — every file once,
in order, with the findings and the monitoring pieces of a serial run."""

from __future__ import annotations

import shutil
from dataclasses import replace

from lelang_xlsx.reading.xlsxread import Limits
from lelang_xlsx.rounds import stage

from .eval_support import SAMPLES
from .rounds_support import ROUNDS

FAIL_ON = "DISHUB.xlsx"  # the task holding this file dies in the worker


def _failing_task(setup_file, items):
    if any(display == FAIL_ON for _, display, _ in items):
        raise RuntimeError("a worker died")
    return stage._check_items(*_load(setup_file), items)


def _load(setup_file):
    import pickle

    with open(setup_file, "rb") as fh:
        return pickle.load(fh)


def _run(root, jobs, ck):
    from lelang_xlsx.pantau import run

    s = run.prepare(root, ROUNDS["pantau"].year)
    extras: dict = {}
    result = stage.check_files(ck, s, Limits(), jobs=jobs, extras=extras)
    findings = [sorted((f.code, f.cell, f.message) for f in sub.findings) for sub in result.submissions]
    pieces = {path: stage.extra_of(ck, stage.NoCache(), e) for path, e in extras.items()}
    return [sub.path for sub in result.submissions], findings, pieces


def test_a_task_lost_half_way_checks_only_the_rest_here(tmp_path, monkeypatch):
    from lelang_xlsx.pantau.run import CHECKER

    rc = ROUNDS["pantau"]
    root = rc.auction(tmp_path)
    for p in sorted((SAMPLES / "rusak-pantau").glob("*.xlsx"))[:6]:
        shutil.copy(p, rc.masuk(root) / p.name)
    names = sorted(p.name for p in rc.masuk(root).glob("*.xlsx"))
    assert len(names) >= 8 and 2 < names.index(FAIL_ON) < len(names) - 2  # tasks before and after it
    ck = replace(CHECKER, chunk=2)
    serial = _run(root, 1, ck)
    checked: list[str] = []
    real_items = stage._check_items

    def counting(ck_, s, limits, annotate_dir, items):
        checked.extend(display for _, display, _ in items)
        return real_items(ck_, s, limits, annotate_dir, items)

    monkeypatch.setattr(stage, "_task", _failing_task)
    monkeypatch.setattr(stage, "_check_items", counting)  # counts the files checked in this process
    streamed = _run(root, 2, ck)
    assert streamed[:2] == serial[:2] and streamed[0] == names
    assert {k: (p.q, p.line) for k, p in streamed[2].items() if p} == \
        {k: (p.q, p.line) for k, p in serial[2].items() if p} != {}
    first_lost = names.index(FAIL_ON) // 2 * 2  # the first file of the task that died
    assert checked == names[first_lost:]  # only the rest, once each
