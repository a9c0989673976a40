"""Shared set-up for the evaluation round's tests: a copy of the Malang sample after
`lelang run` (the sample's panel sessions are closed, so every pact is issued and
hasil/kesepakatan.json is written). The run is done once per test process and copied."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from lelang_xlsx.auction import Auction
from lelang_xlsx.batch import run_batch

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
CLEAN = SAMPLES / "malang-2018"
RUSAK = SAMPLES / "rusak-evaluasi"
YEAR = 2019

_PREPARED: Path | None = None


def _prepared() -> Path:
    global _PREPARED
    if _PREPARED is None:
        base = Path(tempfile.mkdtemp(prefix="eval-sample-"))
        atexit.register(shutil.rmtree, base, True)
        root = base / "lelang"
        shutil.copytree(CLEAN, root, ignore=shutil.ignore_patterns("evaluasi"))
        run = run_batch(Auction.at(root))
        assert run.exit_code == 0 and (root / "hasil" / "kesepakatan.json").is_file()
        _PREPARED = root
    return _PREPARED


def eval_auction(tmp: Path, with_samples: bool = True) -> Path:
    """The sample auction with its register; the 2019 realisations in masuk/ unless told not to."""
    root = tmp / "lelang"
    shutil.copytree(_prepared(), root, symlinks=True)
    if with_samples:
        shutil.copytree(CLEAN / "evaluasi", root / "evaluasi")
    return root


def masuk(root: Path, year: int = YEAR) -> Path:
    p = root / "evaluasi" / str(year) / "masuk"
    p.mkdir(parents=True, exist_ok=True)
    return p
