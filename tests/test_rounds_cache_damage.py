"""Issue 24 for the evaluation and PK rounds: a cache damaged halfway (entries truncated or
overwritten with garbage, or the folder deleted) is no internal error: the next run checks
the workbooks again and writes what a cold run (``--no-cache``, empty ``hasil/``) writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lelang_xlsx.cli import main

from .eval_support import eval_auction
from .pk_support import pk_auction
from .support import CACHE_DAMAGE, damage_cache
from .test_resubmission_equivalence import _json_content

ROUNDS = {  # round -> (CLI word, folder, year, auction builder, the round's JSON result)
    "evaluasi": ("eval", "evaluasi", 2019, eval_auction, "evaluasi.json"),
    "pk": ("pk", "pk", 2019, pk_auction, "pk.json"),
}


def _run(word: str, root: Path, year: int, *extra: str):
    res = CliRunner().invoke(main, [word, "run", str(root), "--year", str(year), "--jobs", "1", *extra])
    assert "Traceback" not in res.output and res.exit_code in (0, 1), res.output
    return res


def _json(root: Path, folder: str, year: int, name: str) -> dict:
    return _json_content(json.loads((root / folder / str(year) / "hasil" / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize("damage", CACHE_DAMAGE)
@pytest.mark.parametrize("round_", sorted(ROUNDS))
def test_damaged_cache_gives_what_a_cold_run_gives(tmp_path, round_, damage):
    word, folder, year, build, result = ROUNDS[round_]
    root = build(tmp_path / "a")
    if (root / folder / str(year) / "hasil").exists():
        shutil.rmtree(root / folder / str(year) / "hasil")
    first = _run(word, root, year)
    cache = root / folder / str(year) / "hasil" / ".cache"
    entries = [p for p in sorted(cache.rglob("*")) if p.is_file()]
    assert any("check" in p.parent.name or p.suffix == ".pickle" for p in entries), entries
    damage_cache(cache, damage)
    twin = tmp_path / "cold"
    shutil.copytree(root, twin)
    shutil.rmtree(twin / folder / str(year) / "hasil")
    again = _run(word, root, year)
    cold = _run(word, twin, year, "--no-cache")
    assert again.exit_code == cold.exit_code == first.exit_code
    assert _json(root, folder, year, result) == _json(twin, folder, year, result)
