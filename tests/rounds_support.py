"""The three yearly rounds side by side, for tests that hold for every round: the CLI
name, the folder, the sample year, the set-up with the Malang sample's forms, and the
clean forms of the sample."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .eval_support import CLEAN, eval_auction
from .pantau_support import pantau_auction
from .pk_support import pk_auction


@dataclass(frozen=True)
class RoundCase:
    cli: str  # lelang <cli> template|check|run
    folder: str  # <folder>/<year>/masuk
    year: int
    auction: Callable[..., Path]  # auction(tmp, with_samples=True) -> root

    def masuk(self, root: Path) -> Path:
        p = root / self.folder / str(self.year) / "masuk"
        p.mkdir(parents=True, exist_ok=True)
        return p

    def hasil(self, root: Path) -> Path:
        return root / self.folder / str(self.year) / "hasil"

    @property
    def sample(self) -> Path:
        """The round's clean forms in the Malang sample."""
        return CLEAN / self.folder / str(self.year) / "masuk"

    def args(self, command: str, root: Path, *more: str) -> list[str]:
        return [self.cli, command, str(root), "--year", str(self.year), *more]


ROUNDS = {
    "eval": RoundCase("eval", "evaluasi", 2019, eval_auction),
    "pk": RoundCase("pk", "pk", 2019, pk_auction),
    "pantau": RoundCase("pantau", "pantau", 2020, pantau_auction),
}
