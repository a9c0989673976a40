"""Shared set-up for the evaluation round's tests: a copy of the Malang sample with the
stand-in agreement register (sample_workbooks/register_contoh.py)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"
CLEAN = SAMPLES / "malang-2018"
RUSAK = SAMPLES / "rusak-evaluasi"
YEAR = 2019

_spec = importlib.util.spec_from_file_location("register_contoh", SAMPLES / "register_contoh.py")
register_contoh = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(register_contoh)


def eval_auction(tmp: Path, with_samples: bool = True) -> Path:
    """The sample auction with a register; the 2019 realisations in masuk/ unless told not to."""
    root = tmp / "lelang"
    shutil.copytree(CLEAN, root, ignore=None if with_samples else shutil.ignore_patterns("evaluasi"))
    register_contoh.write_register(root)
    return root


def masuk(root: Path, year: int = YEAR) -> Path:
    p = root / "evaluasi" / str(year) / "masuk"
    p.mkdir(parents=True, exist_ok=True)
    return p
