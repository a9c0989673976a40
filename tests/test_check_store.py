"""The check stage's cached results (lelang_xlsx/checking/stored.py): an unchanged form's
result is read without its supporting figures, which are read from the cache file when a
later stage asks for them; figures damaged meanwhile are never used (the form is read
again), and a form changed meanwhile is an error, not a stale result."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from lelang_xlsx.auction import Auction
from lelang_xlsx.cache import Cache
from lelang_xlsx.checking import stored
from lelang_xlsx.checking.checker import check_auction
from lelang_xlsx.errors import LelangError
from lelang_xlsx.model import Submission

from .test_resubmission_equivalence import _cold_twin, _run, content, what_differs

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"


@pytest.fixture()
def checked(tmp_path):
    """The sample auction after one run (cache filled), and its submissions checked afresh."""
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    _run(root)
    auction = Auction.at(root)
    fresh = check_auction(auction).submissions
    assert sum(len(s.figures) for s in fresh) > 50  # the sample's forms carry supporting figures
    return auction, fresh


def _check_files(auction: Auction) -> list[Path]:
    files = sorted((auction.hasil / ".cache" / "checks").glob("*.pickle"))
    assert len(files) == len(list(auction.masuk.glob("*.xlsx")))
    return files


def _damage_figures(path: Path) -> None:
    """Overwrite the last bytes of the file (its figures) keeping its size."""
    data = bytearray(path.read_bytes())
    data[-8:] = bytes(b ^ 0xFF for b in data[-8:])
    path.write_bytes(bytes(data))


def test_unchanged_forms_come_from_the_cache_without_their_figures(checked):
    auction, fresh = checked
    cached = check_auction(auction, cache=Cache(auction.hasil)).submissions
    assert all(isinstance(s, stored.StoredSubmission) for s in cached)
    assert all("figures" not in vars(s) for s in cached)  # not read yet
    assert [s.findings for s in cached] == [s.findings for s in fresh]
    assert cached == fresh  # figures read from the cache files on the way
    assert [s.figures for s in cached] == [s.figures for s in fresh]
    again = pickle.loads(pickle.dumps(cached))  # as sent to a worker: a plain submission
    assert all(type(s) is Submission for s in again) and again == fresh


def test_figures_damaged_during_the_run_are_read_from_the_form_again(checked):
    auction, fresh = checked
    cached = check_auction(auction, cache=Cache(auction.hasil)).submissions
    for path in _check_files(auction):
        _damage_figures(path)
    assert [s.figures for s in cached] == [s.figures for s in fresh]


def test_form_changed_while_its_figures_are_damaged_is_an_error_not_stale_figures(checked):
    auction, fresh = checked
    cached = check_auction(auction, cache=Cache(auction.hasil)).submissions
    for path in _check_files(auction):
        _damage_figures(path)
    sub = cached[0]
    form = auction.masuk / sub.path
    form.write_bytes(form.read_bytes() + b"\0")
    with pytest.raises(LelangError, match="berubah selama proses"):
        sub.figures  # noqa: B018


def test_damaged_small_part_is_checked_again(checked):
    auction, fresh = checked
    for path in _check_files(auction):  # same size, a byte of the small part changed
        data = bytearray(path.read_bytes())
        data[stored.HEAD.size + 10] ^= 0xFF
        path.write_bytes(bytes(data))
    cached = check_auction(auction, cache=Cache(auction.hasil)).submissions
    assert not any(isinstance(s, stored.StoredSubmission) for s in cached)
    assert cached == fresh


def test_recap_rebuilt_from_cached_results_reads_their_figures(tmp_path):
    """The recap's row blocks gone from the cache: every block is made again from the
    cached check results, whose figures are read then; the outputs equal a cold run's."""
    root = tmp_path / "a"
    shutil.copytree(SAMPLES / "malang-2018", root)
    _run(root)
    twin = _cold_twin(root, tmp_path / "cold")
    cache = root / "hasil" / ".cache"
    shutil.rmtree(cache / "stages")
    (cache / "rerun.pickle").unlink()
    (root / "hasil" / "rekap.xlsx").unlink()
    _run(root)
    _run(twin, "--no-cache")
    assert not what_differs(content(root), content(twin)), what_differs(content(root), content(twin))
    rows = content(root)["hasil/rekap.xlsx"]["Data Pendukung"]
    assert len(rows) > 50


# --------------------------------------------------------------------------- the code salt


@pytest.fixture()
def no_salt(monkeypatch):
    from lelang_xlsx import cache

    monkeypatch.setattr(cache, "_SALT", [])
    return cache


def test_code_salt_lists_the_sources_as_rglob_does(no_salt):
    pkg = Path(no_salt.__file__).resolve().parent
    assert no_salt._sources() == sorted(pkg.rglob("*.py"))


def test_code_salt_remembered_per_source_state(no_salt, monkeypatch, tmp_path):
    cache = no_salt
    salt = cache.code_salt()
    monkeypatch.setattr(cache, "_SALT", [])
    assert cache.remember_salt(tmp_path) == salt  # computed, then recorded
    assert (tmp_path / cache.SALT_MEMO).is_file()

    def no_reading(paths):
        raise AssertionError("the sources were read again")

    hashed = cache._hash_sources
    monkeypatch.setattr(cache, "_hash_sources", no_reading)
    monkeypatch.setattr(cache, "_SALT", [])
    assert cache.remember_salt(tmp_path) == salt and cache.code_salt() == salt
    # another source state (a file added, or one changed: its size, times or inode move)
    extra = tmp_path / "baru.py"
    extra.write_text("X = 1\n")
    sources = cache._sources()
    monkeypatch.setattr(cache, "_sources", lambda: sources + [extra])
    calls = []
    monkeypatch.setattr(cache, "_hash_sources", lambda paths: calls.append(paths) or "lain")
    monkeypatch.setattr(cache, "_SALT", [])
    assert cache.remember_salt(tmp_path) == "lain" and calls == [sources + [extra]]
    monkeypatch.setattr(cache, "_hash_sources", hashed)
    (tmp_path / cache.SALT_MEMO).write_bytes(b"{rusak")  # damaged: computed again
    monkeypatch.setattr(cache, "_sources", lambda: sources)
    monkeypatch.setattr(cache, "_SALT", [])
    assert cache.remember_salt(tmp_path) == salt
