"""What the PK round needs before it reads a form: the panel, the register, the year;
and the forms it sends out (``lelang pk template``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import contract as C
from ..agreement.agreed import Agreement, Register
from ..rounds.opening import open_round
from ..errors import LelangError
from ..model import Panel
from ..reading.files import sha256_file
from ..reading.xlsxread import Limits
from . import contract as K


@dataclass
class Setup:
    round: K.Round
    panel: Panel
    register: Register
    agreements: dict[str, Agreement]  # kode -> the version in force for the year, register order
    without: dict[str, str] = field(default_factory=dict)  # kode -> nama: in panel.xlsx, no agreement in force
    panel_sha: str = ""

    @property
    def year(self) -> int:
        return self.round.year

    @property
    def pemda(self) -> str:
        return self.register.pemda or self.panel.nama_pemda


def prepare(root: Path, year: int, limits: Limits = Limits(), memo: bool = False) -> Setup:
    """A usage problem raises (exit 2): no auction, a broken panel, a year outside the
    period, no register (or one that cannot be trusted). ``memo``: the register may come
    from the round's cache (a run)."""
    opened = open_round(root, year, K.Round, "PK", limits, memo)
    auction, panel, rnd, register = opened.auction, opened.panel, opened.round, opened.register
    agreements: dict[str, Agreement] = {}
    for kode in register.opd:
        a = register.in_force(kode, year)
        if a is not None:
            agreements[kode] = a
    if not agreements:
        raise LelangError(f"Tidak ada kesepakatan yang berlaku untuk tahun {year}: belum ada PK yang dapat dibuat.")
    known = {C.norm(k) for k in agreements}
    without = {k: n for k, n in panel.opds.items() if C.norm(k) not in known}
    return Setup(rnd, panel, register, agreements, without, sha256_file(auction.panel))


def write_forms(root: Path, year: int, only: list[str] | None = None) -> tuple[list[Path], dict[str, str]]:
    """One pre-filled PK form per OPD with an agreement in force for ``year``, in
    formulir/; returns the forms and the OPDs of panel.xlsx that get none (kode -> nama)."""
    from .form import write_form

    s = prepare(root, year)
    wanted = {C.norm(c) for c in only} if only else None
    if wanted:
        unknown = wanted - {C.norm(k) for k in s.agreements} - {C.norm(k) for k in s.without}
        if unknown:
            raise LelangError(f"Kode OPD tidak dikenal: {', '.join(sorted(unknown))}.")
    out = []
    for kode, a in s.agreements.items():
        if wanted is None or C.norm(kode) in wanted:
            out.append(write_form(s.round.formulir / f"{kode}.xlsx", a, year, s.pemda))
    without = {k: n for k, n in s.without.items() if wanted is None or C.norm(k) in wanted}
    return out, without
