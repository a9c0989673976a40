"""The batch stages as library functions; the CLI is a thin wrapper over them.

check -> annotated copies + laporan.xlsx; recap; offers; pacts; run (all of them plus
the manifest and per-OPD folders). Nothing here imports click or prints.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .annotate import annotate
from .atomic import clean_stale_temps
from .auction import Auction
from .checker import CheckResult, check_auction
from .errors import AuctionExists, OutputError
from .findings import Pos, make
from .xlsxread import Limits

Progress = Callable[[str, int, int], None]  # (stage label, done, total)


def _noop(stage: str, done: int, total: int) -> None:
    pass


def init_auction(root: Path) -> Auction:
    """Create an auction folder with the Kota Malang 2018 example panel workbook."""
    from .panel_example import write_panel_example

    auction = Auction.at(root)
    if auction.panel.exists():
        raise AuctionExists(f"'{root}' sudah berisi lelang ({auction.panel.name} ada). Tidak ada yang ditimpa.")
    for folder in (auction.formulir, auction.masuk, auction.hasil):
        folder.mkdir(parents=True, exist_ok=True)
    write_panel_example(auction.panel)
    return auction


def write_templates(auction: Auction, only: list[str] | None = None) -> list[Path]:
    """Blank OPD workbooks, one per OPD of the panel workbook, in ``formulir/``."""
    from .formulir import write_formulir
    from .panel import read_panel

    auction.require()
    panel = read_panel(auction.panel)
    errors = [f for f in panel.findings if f.is_error]
    if errors or not panel.usable:
        from .errors import LelangError

        lines = "\n".join(f.line() for f in errors) or "periode (Tahun Awal/Tahun Akhir) tidak valid"
        raise LelangError(f"panel.xlsx belum benar, formulir tidak dibuat:\n{lines}")
    out = []
    wanted = {c.casefold() for c in only} if only else None
    for kode, nama in panel.opds.items():
        if wanted is not None and kode.casefold() not in wanted:
            continue
        path = auction.formulir / f"{kode}.xlsx"
        write_formulir(path, panel, kode, nama)
        out.append(path)
    return out


@dataclass
class CheckOutputs:
    result: CheckResult
    annotated: dict[str, Path] = field(default_factory=dict)  # display name -> copy


def check_and_report(auction: Auction, limits: Limits = Limits(), jobs: int = 1, write: bool = True,
                     progress: Progress = _noop) -> CheckOutputs:
    """Check every submission; write laporan.xlsx and the annotated copies."""
    from .laporan import write_laporan

    result = check_auction(auction, limits, jobs)
    out = CheckOutputs(result)
    if not write:
        return out
    _ensure_writable(auction.hasil)
    clean_stale_temps(auction.hasil)
    subs = [s for s in result.submissions if s.readable]
    for i, sub in enumerate(subs, start=1):
        progress("anotasi", i - 1, len(subs))
        dest = auction.umpan_balik / sub.path
        try:
            annotate(auction.masuk / sub.path, dest, sorted(sub.findings, key=lambda f: (f.sheet, f.row or 0, f.col or 0)))
            out.annotated[sub.path] = dest
        except OSError as exc:
            raise OutputError(f"Tidak dapat menulis {dest}: {exc.strerror}") from None
        except Exception as exc:  # openpyxl could not handle a file our reader accepted
            sub.findings.append(make("LK101", Pos(sub.path), detail=f"salinan beranotasi tidak dapat dibuat ({exc.__class__.__name__})"))
    progress("anotasi", len(subs), len(subs))
    _remove_stale(auction.umpan_balik, set(out.annotated.values()))
    try:
        write_laporan(auction.laporan, result.report)
    except OSError as exc:
        raise OutputError(f"Tidak dapat menulis {auction.laporan}: {exc.strerror}") from None
    return out


def _ensure_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".tmp-probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise OutputError(f"Folder hasil '{folder}' tidak dapat ditulisi: {exc.strerror}") from None


def _remove_stale(folder: Path, keep: set[Path]) -> None:
    """Drop outputs of submissions that are no longer in masuk/."""
    if not folder.is_dir():
        return
    for p in folder.iterdir():
        if p.is_file() and p not in keep:
            p.unlink()


__all__ = ["init_auction", "write_templates", "check_and_report", "CheckOutputs", "shutil"]
