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
from ..agreement.agreed import Register, load_register


@dataclass
class Opened:
    auction: Auction
    panel: Panel
    round: object  # the round's own folder layout (E.Round, K.Round, P.Round)
    register: Register


def open_round(root: Path, year: int, make_round, what: str, limits: Limits = Limits()) -> Opened:
    """``make_round(auction, year)`` builds the round's folder layout; ``what`` names the
    round in the message about a year outside the period (``evaluasi``, ``PK``, …)."""
    auction = Auction.at(root).require()
    panel = read_panel(auction.panel, C.PANEL_FILE, limits)
    if not panel.usable:
        lines = "\n".join(f.line() for f in panel.findings if f.is_error)
        raise LelangError(f"panel.xlsx belum benar (periode tidak terbaca):\n{lines}")
    period = f"{panel.tahun_awal}–{panel.tahun_akhir}"
    if year not in panel.years:
        raise LelangError(f"Tahun {year} di luar periode {period}. Pilih tahun {what} {period}.")
    rnd = make_round(auction, year)
    register = load_register(rnd.register, auction.root)
    if (register.awal, register.akhir) != (panel.tahun_awal, panel.tahun_akhir):
        raise LelangError(f"Daftar kesepakatan mencatat periode {register.awal}–{register.akhir}, tetapi panel.xlsx "
                          f"{period}. Jalankan ulang 'lelang run {root}' setelah periode benar.")
    return Opened(auction, panel, rnd, register)
