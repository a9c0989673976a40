"""Issue 24 for the monitoring round: a re-run after one OPD resubmits its workbook takes
the other OPDs' results and rows from the cache (pieces computed by the workers), and its
outputs are identical in content to a cold run (``--no-cache``, empty ``hasil/``) on the
same inputs; a workbook replaced by another of the same size and modification time, and
a cache deleted or damaged halfway, are still found."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .pantau_support import YEAR, hasil, masuk, pantau_auction, run_cli
from .support import CACHE_DAMAGE, damage_cache, swap_keeping_stat

SHEET_XML = "xl/worksheets/sheet4.xml"  # Realisasi Triwulan
from .test_resubmission_equivalence import round_content, what_differs

SHEET = "Realisasi Triwulan"


def content(root: Path) -> dict[str, object]:
    """What a user reads of the round's outputs (pantau/<Y>/hasil without the cache)."""
    return round_content(hasil(root))


def _run(root: Path, *extra) -> None:
    res = run_cli("run", root, "--year", YEAR, "--jobs", 1, *extra)
    assert res.exit_code in (0, 1), res.output


def _cold_twin(root: Path, dest: Path) -> Path:
    shutil.copytree(root, dest)
    shutil.rmtree(hasil(dest))
    return dest


def _indicator(root: Path, opd: str, kode: str) -> dict:
    data = json.loads((hasil(root) / "pemantauan.json").read_text(encoding="utf-8"))
    o = next(o for o in data["opd"] if o["kode"] == opd)
    return next(i for i in o["indikator"] if i["kode"] == kode)


@pytest.fixture()
def after_first_run(tmp_path):
    root = pantau_auction(tmp_path / "a")
    _run(root)
    return root


def test_resubmission_rerun_equals_a_cold_run(after_first_run, tmp_path):
    root = after_first_run
    assert _indicator(root, "DISHUB", "DISHUB-01")["realisasi"][2] == 24.13
    path = masuk(root) / "DISHUB.xlsx"
    wb = load_workbook(path)  # saved again by openpyxl, as Excel would
    wb[SHEET]["K2"] = 25.5  # Realisasi TW III of DISHUB-01: 24.13 -> 25.5
    wb.save(path)
    twin = _cold_twin(root, tmp_path / "cold")
    _run(root)
    _run(twin, "--no-cache")
    assert not what_differs(content(root), content(twin)), what_differs(content(root), content(twin))
    # the change reached the outputs, and the other OPDs' rows are still there
    assert _indicator(root, "DISHUB", "DISHUB-01")["realisasi"][2] == 25.5
    rows = content(root)["pemantauan.xlsx"]["Per Indikator"]
    assert [r for r in rows if "DISHUB-01" in r and 25.5 in r]
    assert len({r[0] for r in rows[1:]}) == 9


def test_workbook_replaced_with_same_size_and_mtime_is_found(tmp_path, monkeypatch):
    from lelang_xlsx.reading import files

    monkeypatch.setattr(files, "RACY_NS", 0)  # the in-process digest memo is on for every file
    root = pantau_auction(tmp_path / "a")
    swap_keeping_stat(masuk(root) / "DISHUB.xlsx", tmp_path, lambda: _run(root),
                      SHEET_XML, b"<v>24.13</v>", b"<v>24.31</v>")  # TW III of DISHUB-01
    twin = _cold_twin(root, tmp_path / "cold")
    _run(root)
    assert _indicator(root, "DISHUB", "DISHUB-01")["realisasi"][2] == 24.31
    _run(twin, "--no-cache")
    assert not what_differs(content(root), content(twin)), what_differs(content(root), content(twin))


@pytest.mark.parametrize("damage", CACHE_DAMAGE)
def test_cache_deleted_or_damaged_gives_a_cold_run_with_the_same_outputs(after_first_run, tmp_path, damage):
    root = after_first_run
    path = masuk(root) / "DISHUB.xlsx"
    wb = load_workbook(path)
    wb[SHEET]["K2"] = 25.5
    wb.save(path)
    twin = _cold_twin(root, tmp_path / "cold")
    cache = hasil(root) / ".cache"
    damage_cache(cache, damage)
    _run(root)
    _run(twin, "--no-cache")
    assert _indicator(root, "DISHUB", "DISHUB-01")["realisasi"][2] == 25.5
    assert not what_differs(content(root), content(twin)), what_differs(content(root), content(twin))
