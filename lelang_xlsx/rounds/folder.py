"""The folder of one yearly round, ``<auction>/<round>/<year>/`` with formulir/, masuk/ and
hasil/ laid out as the auction's own (hasil/ holds laporan.xlsx, umpan-balik/, per-opd/,
manifest.json). Each round's contract subclasses :class:`RoundFolder` with its ``DIR``
and adds the paths of its own results."""

from __future__ import annotations

from pathlib import Path

from ..auction import Auction

REGISTER_FILE = "kesepakatan.json"


class RoundFolder:
    DIR = ""  # evaluasi, pk, pantau

    def __init__(self, auction: Auction, year: int):
        self.auction = auction
        self.year = year
        self.root = auction.root / self.DIR / str(year)
        self.out = Auction(self.root)  # hasil/ paths: laporan, umpan-balik, per-opd, manifest

    @property
    def register(self) -> Path:
        """The agreement register every round reads (the auction's hasil/kesepakatan.json)."""
        return self.auction.hasil / REGISTER_FILE

    @property
    def formulir(self) -> Path:
        return self.out.formulir

    @property
    def masuk(self) -> Path:
        return self.out.masuk

    @property
    def hasil(self) -> Path:
        return self.out.hasil
