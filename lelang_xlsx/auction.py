"""The auction folder layout (docs/design/contract.md). Paths only, plus ``init``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import contract as C
from .errors import NotAnAuction


@dataclass(frozen=True)
class Auction:
    root: Path

    @classmethod
    def at(cls, root: str | Path) -> "Auction":
        return cls(Path(root))

    @property
    def panel(self) -> Path:
        return self.root / C.PANEL_FILE

    @property
    def formulir(self) -> Path:
        return self.root / C.FORMULIR_DIR

    @property
    def masuk(self) -> Path:
        return self.root / C.MASUK_DIR

    @property
    def penawaran(self) -> Path:
        return self.root / C.PENAWARAN_FILE

    @property
    def hasil(self) -> Path:
        return self.root / C.HASIL_DIR

    @property
    def laporan(self) -> Path:
        return self.hasil / C.LAPORAN_FILE

    @property
    def umpan_balik(self) -> Path:
        return self.hasil / C.UMPAN_BALIK_DIR

    @property
    def rekap(self) -> Path:
        return self.hasil / C.REKAP_FILE

    @property
    def pakta(self) -> Path:
        return self.hasil / C.PAKTA_DIR

    @property
    def manifest(self) -> Path:
        return self.hasil / C.MANIFEST_FILE

    @property
    def per_opd(self) -> Path:
        return self.hasil / C.PER_OPD_DIR

    def require(self) -> "Auction":
        if not self.panel.is_file():
            raise NotAnAuction(
                f"'{self.root}' bukan folder lelang: {C.PANEL_FILE} tidak ditemukan. "
                f"Buat dengan: lelang init {self.root}"
            )
        return self
