"""Shared set-up for the PK round's tests: the Malang sample after `lelang run` (its
register written; see eval_support), with or without the 2019 PK forms of the sample."""

from __future__ import annotations

import shutil
from pathlib import Path

from .eval_support import CLEAN, SAMPLES, _prepared

RUSAK = SAMPLES / "rusak-pk"
YEAR = 2019


def pk_auction(tmp: Path, with_samples: bool = True) -> Path:
    root = tmp / "lelang"
    shutil.copytree(_prepared(), root, symlinks=True, ignore=lambda d, names: ["pk"] if Path(d) == _prepared() else [])
    if with_samples:
        shutil.copytree(CLEAN / "pk", root / "pk")
    return root


def masuk(root: Path, year: int = YEAR) -> Path:
    p = root / "pk" / str(year) / "masuk"
    p.mkdir(parents=True, exist_ok=True)
    return p
