"""Issue 24 for the PK round: a re-run after one OPD resubmits its PK form takes what did
not change from the cache (check results, each OPD's record of pk.json), and its outputs
are identical in content to a run without the cache (``--no-cache``, the cache folder
removed) on the same inputs and the same issued record; a form replaced by another of the
same size and modification time, and a cache deleted or damaged halfway, are still found.
(The twin keeps the round's hasil/ but its cache: the PKs issued by the first run are the
record a PK run decides from, not something it derives.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from lelang_xlsx.cli import main

from .pk_support import YEAR, masuk, pk_auction
from .support import CACHE_DAMAGE, damage_cache, swap_keeping_stat
from .test_resubmission_equivalence import round_content, what_differs

SHEET_XML = "xl/worksheets/sheet4.xml"  # Program dan Anggaran
OLD, NEW = b'<c r="D2" s="16"><v>4423750000</v>', b'<c r="D2" s="16"><v>4424750000</v>'  # DISHUB's first programme


def _run(root: Path, *extra) -> None:
    res = CliRunner().invoke(main, ["pk", "run", str(root), "--year", str(YEAR), "--jobs", "1", *extra])
    assert "Traceback" not in res.output and res.exit_code in (0, 1), res.output


def rnd(root: Path) -> Path:
    return root / "pk" / str(YEAR)


def content(root: Path) -> dict[str, object]:
    """What a user reads of the round's outputs (pk/<Y>/ without masuk/ and the cache)."""
    return round_content(rnd(root), skip=("masuk",))


def _twin(root: Path, dest: Path) -> Path:
    shutil.copytree(root, dest, symlinks=True)
    shutil.rmtree(rnd(dest) / "hasil" / ".cache")
    return dest


def _state(root: Path, kode: str) -> tuple[str, str]:
    """(status, keterangan) of the OPD in pk.json: an issued PK is held ('ditahan') when its
    form changes, until the panel asks for a PK Perubahan."""
    o = json.loads((rnd(root) / "hasil" / "pk.json").read_text(encoding="utf-8"))["opd"][kode]
    return o["status"], o["keterangan"]


def _same_as_without_cache(root: Path, twin: Path) -> None:
    _run(twin, "--no-cache")
    assert not what_differs(content(root), content(twin)), what_differs(content(root), content(twin))


def _resubmit(root: Path, budget: int) -> None:
    path = masuk(root) / "DISHUB.xlsx"
    wb = load_workbook(path)  # saved again by openpyxl, as Excel would
    wb["Program dan Anggaran"]["D2"] = budget
    wb.save(path)


@pytest.fixture()
def after_first_run(tmp_path):
    root = pk_auction(tmp_path / "a")
    _run(root)
    return root


def test_resubmission_rerun_equals_a_run_without_cache(after_first_run, tmp_path):
    root = after_first_run
    assert _state(root, "DISHUB")[0] == "terbit"
    _resubmit(root, 4500000000)
    twin = _twin(root, tmp_path / "twin")
    _run(root)
    status, why = _state(root, "DISHUB")
    assert status == "ditahan" and "Rp 13.913.250.000 → 4 program, Rp 13.989.500.000" in why, why
    _same_as_without_cache(root, twin)


def test_form_replaced_with_same_size_and_mtime_is_found(tmp_path, monkeypatch):
    from lelang_xlsx.reading import files

    monkeypatch.setattr(files, "RACY_NS", 0)  # the in-process digest memo is on for every file
    root = pk_auction(tmp_path / "a")
    swap_keeping_stat(masuk(root) / "DISHUB.xlsx", tmp_path, lambda: _run(root), SHEET_XML, OLD, NEW)
    twin = _twin(root, tmp_path / "twin")
    _run(root)
    status, why = _state(root, "DISHUB")
    assert status == "ditahan" and "Rp 13.914.250.000" in why, why
    _same_as_without_cache(root, twin)


@pytest.mark.parametrize("damage", CACHE_DAMAGE)
def test_cache_deleted_or_damaged_gives_the_same_outputs(after_first_run, tmp_path, damage):
    root = after_first_run
    _resubmit(root, 4500000000)
    twin = _twin(root, tmp_path / "twin")
    damage_cache(rnd(root) / "hasil" / ".cache", damage)
    _run(root)
    assert _state(root, "DISHUB")[0] == "ditahan"
    _same_as_without_cache(root, twin)


def test_a_large_round_closes_with_one_plain_line_per_opd():
    """Past 60 OPDs the PK round's closing table is one plain line per OPD, as in the other
    rounds (a rich table costs ~2 ms a row), workbook text shown literally."""
    import io
    from types import SimpleNamespace

    from lelang_xlsx.pk.summary import print_pk_summary
    from lelang_xlsx.rounds.cli import PLAIN_FROM

    def opd(i, name="Dinas"):
        return SimpleNamespace(kode=f"OPD{i:03d}", nama=name, status="terbit", keterangan="PK terbit",
                               current={"versi": 1}, isi={"program": [{"anggaran": 1_500_000}]})

    outcomes = [opd(i) for i in range(1, PLAIN_FROM + 2)]
    outcomes[-1].nama = "Dinas \x1b[31mMerah\x1b[0m [bold]x[/bold]"
    stats = {"files": 61, "files_valid": 61, "errors": 0, "warnings": 0}
    run = SimpleNamespace(outcomes=outcomes, docs={"OPD001": "x.docx"}, report=SimpleNamespace(stats=lambda: stats))
    out = io.StringIO()
    print_pk_summary(run, "lelang-2018", 2019, file=out, tty=False)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Ringkasan Perjanjian Kinerja 2019")
    assert lines[1] == "  OPD001 | Dinas | terbit | 1 | Rp 1.500.000 | PK terbit", lines[1]
    assert len([x for x in lines if x.startswith("  OPD")]) == PLAIN_FROM + 1
    last = next(x for x in lines if "OPD061" in x)
    assert "\x1b" not in last and "[bold]x[/bold]" in last
    assert "61 berkas, 61 tanpa galat; 0 galat, 0 peringatan; 1 PK." in out.getvalue()
