"""``lelang run`` on an unchanged auction reuses the last result (lelang_xlsx/rerun.py):
the same findings, states and files as a full run; any change in the folder is a full run."""

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from lelang_xlsx import batch, rerun
from lelang_xlsx.auction import Auction
from lelang_xlsx.batch import run_batch

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


def _files(root: Path) -> dict[str, str]:
    """Every file of the auction folder (the cache aside) with its SHA-256."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and ".cache" not in p.parts:
            out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _seen(result) -> tuple:
    """What the user sees of a run: findings, the OPD table, pact states, summary, exit code."""
    return ([f.line() for f in result.report.findings], [vars(r) for r in result.rows],
            {k: vars(s) for k, s in result.states.items()}, result.pacts.new, result.manifest["summary"],
            result.exit_code, result.offers_update.status)


@pytest.fixture()
def auction(tmp_path):
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    auction = Auction.at(root)
    first = run_batch(auction)
    assert first.pacts.new  # the first run issues pacts
    return auction


def _full_run_forbidden(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("a full run was started")

    monkeypatch.setattr(batch, "check_and_report", boom)


def test_unchanged_rerun_reports_and_leaves_what_a_full_run_does(auction, monkeypatch):
    rerun.forget(auction)
    full = run_batch(auction)  # a full run on unchanged inputs
    files = _files(auction.root)
    assert full.pacts.new == []
    _full_run_forbidden(monkeypatch)
    quick = run_batch(auction)
    assert _seen(quick) == _seen(full)
    assert _files(auction.root) == files


def test_rerun_after_the_first_run_equals_a_full_rerun(auction, monkeypatch, tmp_path):
    twin = Auction.at(tmp_path / "twin")
    shutil.copytree(auction.root, twin.root)  # new inodes: the twin's next run is a full one
    full = run_batch(twin)
    _full_run_forbidden(monkeypatch)
    again = run_batch(auction)
    assert again.pacts.new == [] and again.offers_update.status == "unchanged"
    assert _seen(again) == _seen(full)
    assert _files(auction.root) == _files(twin.root)


def test_a_run_that_repaired_the_register_is_not_reused(auction):
    path = auction.hasil / "kesepakatan.json"
    doc = json.loads(path.read_text())
    doc["opd"]["DINKES"]["versi"][0]["indikator"][0]["target"]["2021"] = 30.0  # edited by hand
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2))
    repaired = run_batch(auction)
    assert any(f.code == "LK511" for f in repaired.report.general)
    assert not any(f.code == "LK511" for f in run_batch(auction).report.general)


@pytest.mark.parametrize("change", ["resave-input", "delete-output", "edit-output", "stray-file", "other-option"])
def test_any_change_is_a_full_run(auction, monkeypatch, change):
    pact = sorted((auction.pakta).glob("*.docx"))[0]
    before = pact.read_bytes()
    called = []
    real = batch.check_and_report
    monkeypatch.setattr(batch, "check_and_report", lambda *a, **k: called.append(1) or real(*a, **k))
    kwargs = {}
    if change == "resave-input":  # the same bytes saved again: still looked at
        p = auction.masuk / "DISHUB.xlsx"
        p.write_bytes(p.read_bytes())
    elif change == "delete-output":
        pact.unlink()
    elif change == "edit-output":
        pact.write_bytes(before[:-1] + bytes([before[-1] ^ 1]))
        os.utime(pact, ns=(pact.stat().st_atime_ns, pact.stat().st_mtime_ns))
    elif change == "stray-file":
        (auction.masuk / "baru.xlsx").write_bytes((auction.masuk / "DISHUB.xlsx").read_bytes())
    elif change == "other-option":
        from lelang_xlsx.reading.xlsxread import Limits

        kwargs["limits"] = Limits(max_rows=10_000)
    run_batch(auction, **kwargs)
    assert called == [1]
    if change in ("delete-output", "edit-output"):
        assert pact.read_bytes() == before  # the full run put the pact back


def test_no_cache_never_uses_the_record(auction, monkeypatch):
    called = []
    real = batch.check_and_report
    monkeypatch.setattr(batch, "check_and_report", lambda *a, **k: called.append(1) or real(*a, **k))
    run_batch(auction, use_cache=False)
    assert called == [1]


def test_damaged_record_is_a_full_run(auction, monkeypatch):
    (auction.hasil / ".cache" / rerun.RECORD).write_bytes(b"not a pickle")
    called = []
    real = batch.check_and_report
    monkeypatch.setattr(batch, "check_and_report", lambda *a, **k: called.append(1) or real(*a, **k))
    assert run_batch(auction).exit_code in (0, 1)
    assert called == [1]


def test_a_file_changed_within_the_same_timestamp_tick_is_compared_by_content(auction, monkeypatch):
    """Right after a run, an in-place edit may leave size and times as they were (one
    timestamp tick): the files changed just before the record are compared by content."""
    import pickle

    from lelang_xlsx.rerun import RECORD

    record = pickle.loads((auction.hasil / ".cache" / RECORD).read_bytes())
    # a file written by the run that was just recorded, within the window (on a loaded machine the pacts,
    # written early, may already be older than it; the register and the manifest are written last)
    candidates = sorted(auction.pakta.glob("*.docx")) + [auction.hasil / "kesepakatan.json", auction.manifest]
    pact = next((p for p in candidates if str(p) in record["racy"]), candidates[0])
    assert str(pact) in record["racy"]
    data = pact.read_bytes()
    pact.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    monkeypatch.setattr(rerun, "_parts", lambda *a: iter(record["fingerprint"]))  # as if the stat had not moved
    assert rerun.lookup(auction, rerun.options_key(batch.Limits(), None, False)) is None
    pact.write_bytes(data)
    assert rerun.lookup(auction, rerun.options_key(batch.Limits(), None, False)) is not None
