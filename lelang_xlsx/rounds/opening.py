"""What every yearly round (evaluation, PK, monitoring) does before it reads a workbook:
open the auction, read panel.xlsx, check the year against the period, and load the
agreement register. A usage problem raises :class:`LelangError` (exit 2)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import contract as C
from ..auction import Auction
from ..errors import LelangError
from ..model import Panel
from ..reading.panel import read_panel
from ..reading.xlsxread import Limits
from ..agreement.agreed import Register
from ..cache import CACHE_DIR
from . import register_memo


@dataclass
class Opened:
    auction: Auction
    panel: Panel
    round: object  # the round's own folder layout (E.Round, K.Round, P.Round)
    register: Register


def open_round(root: Path, year: int, make_round, what: str, limits: Limits = Limits(), memo: bool = False) -> Opened:
    """``make_round(auction, year)`` builds the round's folder layout; ``what`` names the
    round in the message about a year outside the period (``evaluasi``, ``PK``, …).
    ``memo``: the register may come from the round's cache (:mod:`.register_memo`; a run)."""
    auction = Auction.at(root).require()
    panel = read_panel(auction.panel, C.PANEL_FILE, limits)
    if not panel.usable:
        lines = "\n".join(f.line() for f in panel.findings if f.is_error)
        raise LelangError(f"panel.xlsx belum benar (periode tidak terbaca):\n{lines}")
    period = f"{panel.tahun_awal}–{panel.tahun_akhir}"
    if year not in panel.years:
        raise LelangError(f"Tahun {year} di luar periode {period}. Pilih tahun {what} {period}.")
    rnd = make_round(auction, year)
    register = register_memo.load(rnd.register, auction.root, rnd.hasil / CACHE_DIR / register_memo.MEMO
                                  if memo else None)
    if (register.awal, register.akhir) != (panel.tahun_awal, panel.tahun_akhir):
        raise LelangError(f"Daftar kesepakatan mencatat periode {register.awal}–{register.akhir}, tetapi panel.xlsx "
                          f"{period}. Jalankan ulang 'lelang run {root}' setelah periode benar.")
    return Opened(auction, panel, rnd, register)
