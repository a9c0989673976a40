"""Shared set-up for the monitoring round's tests: the Malang sample auction with its
agreement register (the evaluation tests' prepared copy) and the 2020 monitoring
workbooks in pantau/2020/masuk/."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from lelang_xlsx.agreement.agreed import load_register
from lelang_xlsx.cli import main

from .eval_support import CLEAN, SAMPLES, eval_auction

YEAR = 2020
RUSAK = SAMPLES / "rusak-pantau"
SAMPLE_MASUK = CLEAN / "pantau" / str(YEAR) / "masuk"


def pantau_auction(tmp: Path, with_samples: bool = True) -> Path:
    root = eval_auction(tmp, with_samples=False)
    if root.joinpath("pantau").exists():
        shutil.rmtree(root / "pantau")
    masuk(root).mkdir(parents=True, exist_ok=True)
    if with_samples:
        for p in SAMPLE_MASUK.glob("*.xlsx"):
            shutil.copy2(p, masuk(root) / p.name)
    return root


def masuk(root: Path, year: int = YEAR) -> Path:
    p = root / "pantau" / str(year) / "masuk"
    p.mkdir(parents=True, exist_ok=True)
    return p


def hasil(root: Path, year: int = YEAR) -> Path:
    return root / "pantau" / str(year) / "hasil"


def register(root: Path):
    return load_register(root / "hasil" / "kesepakatan.json", root)


def run_cli(*args):
    res = CliRunner().invoke(main, ["pantau", *map(str, args)])
    assert "Traceback" not in res.output
    return res
