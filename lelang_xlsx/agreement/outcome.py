"""What the offer round and the pact stage report, apart from the machinery that does it.

A run's result (``batch.RunResult``) holds both, and an unchanged re-run reads that result
back from its record (``rerun.py``): defined here, reading it back imports no workbook,
template or register code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import contract as C
from ..model import PactState

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"


@dataclass
class OffersUpdate:
    """What :func:`write_offers` did."""

    path: Path
    status: str  # CREATED | UPDATED | UNCHANGED
    rows: int = 0  # data rows in the file now
    added: int = 0  # rows added for indicators not in the previous file
    marked: int = 0  # rows carrying a mark (indicator gone, OPD invalid, duplicate)
    restored: int = 0  # previously marked rows whose indicator is valid again
    backup: Path | None = None
    upgraded: bool = False  # a version-1 file was brought to version 2
    status_recreated: bool = False  # the Status OPD sheet was missing and was written again
    sessions: object = None  # agreement.status_sheet.Sessions, set by pipeline.offers_stage
    offer_digests: dict = field(default_factory=dict)  # Kode OPD -> SHA-256 of its offer rows

    @property
    def changed(self) -> bool:
        return self.status != UNCHANGED

    def describe(self) -> str:
        """One Indonesian line for the command output."""
        if self.status == CREATED:
            return f"dibuat, {self.rows} baris"
        parts = [f"{self.rows} baris"]
        if self.added:
            parts.append(f"{self.added} baris baru")
        if self.restored:
            parts.append(f"{self.restored} baris aktif kembali")
        if self.marked:
            parts.append(f"{self.marked} baris bertanda (tidak diproses)")
        if self.status == UNCHANGED:
            return "tidak berubah, " + ", ".join(parts)
        text = "diperbarui, " + ", ".join(parts)
        if self.upgraded:
            text += (f"; ditingkatkan ke versi {C.OFFER_VERSION} (kolom Tahun Disepakati; lembar {C.SHEET_STATUS_OPD} "
                     f"dengan Tanggal Pakta, Berlaku Mulai, Alasan Perubahan, Ditandatangani)")
        if self.backup is not None:
            text += f"; versi sebelumnya disimpan di {self.backup}"
        return text


@dataclass
class PactOutcome:
    written: dict[str, Path] = field(default_factory=dict)  # kode OPD -> docx of every current pact (locked too)
    skipped: dict[str, str] = field(default_factory=dict)  # kode OPD -> reason (Indonesian)
    pdfs: dict[str, Path] = field(default_factory=dict)
    states: dict[str, PactState] = field(default_factory=dict)  # kode OPD -> state, panel list order
    findings: list = field(default_factory=list)  # LK508, LK509, LK511, LK513-LK517
    new: list[str] = field(default_factory=list)  # OPDs whose pact (or new version) was issued in this run
    withdrawn: dict[str, tuple[Path, str]] = field(default_factory=dict)  # kode -> (archived docx, why)
    adopted: list[str] = field(default_factory=list)  # pacts already on disk recorded again (register deleted)
    amended: dict[str, str] = field(default_factory=dict)  # kode -> 'Perubahan ke-N mulai Y: alasan'
    superseded: dict[str, Path] = field(default_factory=dict)  # kode -> the previous version's pact, archived
    rebuilt: list[str] = field(default_factory=list)  # pacts written again from the register
    why: dict[str, str] = field(default_factory=dict)  # kode -> what the run did and why
