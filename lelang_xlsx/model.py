"""Plain data read from the workbooks. No I/O here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import contract as C
from .checking.findings import Finding, FindingCounts


@dataclass
class Panel:
    """The panel workbook (``panel.xlsx``)."""

    path: str
    nama_pemda: str = ""
    jabatan_kepala_daerah: str = ""
    nama_kepala_daerah: str = ""
    nama_sekda: str = ""
    nip_sekda: str = ""
    tahun_awal: int = 0
    tahun_akhir: int = 0
    tempat: str = ""
    tanggal: dt.date | None = None
    meterai: str = ""  # optional Pengaturan row: the stamp-duty box text; blank = by the signing date
    missions: dict[str, str] = field(default_factory=dict)  # kode -> uraian, in sheet order
    opds: dict[str, str] = field(default_factory=dict)  # kode -> nama, in sheet order
    members: list[tuple[str, str]] = field(default_factory=list)  # (nama, jabatan)
    opd_rows: dict[str, int] = field(default_factory=dict)  # kode -> row in sheet OPD
    findings: list[Finding] = field(default_factory=list)
    # version 3 (docs/evaluasi.md, docs/design/evaluation.md); an older panel.xlsx without them reads the defaults (LK603)
    dasar_peringkat: str = C.RANK_CAPAIAN  # one of C.RANKING_BASES
    rumus_turun: str = C.TURUN_2_MINUS  # one of C.TURUN_FORMULAS
    # sheet Satuan: unit as written -> (lower, upper), either None = unbounded; in sheet order
    units: dict[str, tuple[float | None, float | None]] = field(
        default_factory=lambda: {u: (lo, hi) for u, lo, hi in C.DEFAULT_UNITS})
    # sheet Insentif: (minimum points per indicator, incentive %), highest minimum first
    insentif: tuple[tuple[float, float], ...] = C.DEFAULT_INSENTIF
    # where each setting/sheet row was found (for findings on values derived from them)
    setting_rows: dict[str, int] = field(default_factory=dict)

    @property
    def years(self) -> range:
        if self.tahun_awal and self.tahun_akhir and self.tahun_akhir >= self.tahun_awal:
            return range(self.tahun_awal, self.tahun_akhir + 1)
        return range(0)

    @property
    def usable(self) -> bool:
        """True when the period is known, so OPD workbooks can be checked."""
        return len(self.years) > 0

    def unit_bounds(self, satuan: str) -> tuple[float | None, float | None] | None:
        """The (lower, upper) bounds of a unit of sheet Satuan (case and outer spaces
        ignored), or None when the unit is not listed or has no bound."""
        key = C.norm(satuan)
        if not key:
            return None
        for unit, bounds in self.units.items():
            if C.norm(unit) == key:
                return bounds if bounds != (None, None) else None
        return None

    def incentive(self, points_per_indicator: float | None) -> float:
        """Incentive % of the first Insentif row whose minimum is reached; 0 below the last."""
        if points_per_indicator is None:
            return 0.0
        for minimum, percent in self.insentif:
            if round(points_per_indicator, 2) >= minimum:
                return percent
        return 0.0


@dataclass
class Identity:
    kode_opd: str = ""
    nama_opd: str = ""
    nama_kepala: str = ""
    nip_kepala: str = ""  # 18 digits, no spaces, when valid; else as typed
    pangkat: str = ""
    jabatan: str = ""
    petugas: str = ""
    kontak: str = ""
    tanggal: dt.date | None = None


@dataclass(slots=True)
class Indicator:
    row: int
    kode: str = ""
    misi: str = ""
    sasaran: str = ""
    program: str = ""
    indikator: str = ""
    cara: str = ""
    satuan: str = ""
    polaritas: str = ""
    tahun_dasar: int | None = None
    nilai_dasar: float | None = None
    sumber: str = ""
    targets: dict[int, float | None] = field(default_factory=dict)
    toleransi: float | None = None  # version 3: the ± band of a Tetap indicator, in its unit

    @property
    def tahun_akhir(self) -> int | None:
        return max(self.targets) if self.targets else None

    @property
    def target_akhir(self) -> float | None:
        return self.targets[max(self.targets)] if self.targets else None


@dataclass(slots=True)
class Figure:
    """One supporting figure (Data Pendukung row)."""

    row: int
    kode: str = ""
    uraian: str = ""
    rincian: str = ""
    tahun: int | None = None
    nilai: float | None = None
    satuan: str = ""
    sumber: str = ""


@dataclass
class Submission(FindingCounts):
    """One OPD workbook as read and checked."""

    path: str  # display name (relative to masuk/ or as given)
    sha256: str = ""
    readable: bool = False
    identity: Identity = field(default_factory=Identity)
    indicators: list[Indicator] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # where things were found: sheet -> field key -> column; Identitas field key -> row
    columns: dict[str, dict[str, int]] = field(default_factory=dict)
    identity_rows: dict[str, int] = field(default_factory=dict)
    # merged ranges inside the data sheets: sheet -> [(row1, col1, row2, col2)]
    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.readable and self.errors == 0

    @property
    def kode_opd(self) -> str:
        return self.identity.kode_opd


# Resolution status of one indicator after the offer round.
NO_OFFER = "tanpa tawaran"
ACCEPTED = "Sanggup"
REFUSED = "Tidak Sanggup"
UNDECIDED = "belum diputuskan"
INVALID = "tidak valid"

# The resolution status as every view shows it (one spelling everywhere: contract.DECISION_*).
DECISION_LABELS = {
    ACCEPTED: C.DECISION_SANGGUP,
    REFUSED: C.DECISION_TIDAK_SANGGUP,
    NO_OFFER: C.DECISION_TANPA,
    UNDECIDED: C.DECISION_BELUM,
    INVALID: C.DECISION_INVALID,
}


def decision_label(status: str | None) -> str | None:
    """'tanpa tawaran' -> 'Tanpa tawaran'; None stays None; an unknown text stays as it is."""
    if status is None:
        return None
    return DECISION_LABELS.get(status, status)


@dataclass
class Resolution:
    """The agreed target of one indicator after the offer round.

    The pact generator and the recap use these records and never re-read sheets.

    ``status`` is one of NO_OFFER, ACCEPTED, REFUSED, UNDECIDED, INVALID. The agreed
    target (``disepakati_nilai``, ``disepakati_tahun``) is set for the first three:
    no offer -> the proposal; Sanggup -> the offer; Tidak Sanggup -> the negotiated
    value if given, else the proposal. ``selisih_*`` say how much tougher the offer
    is than the proposal (positive = tougher), ``None`` without an offer.
    """

    kode_opd: str
    nama_opd: str
    indicator: Indicator
    usulan_nilai: float | None
    usulan_tahun: int | None
    tawaran_nilai: float | None = None
    tawaran_tahun: int | None = None
    keputusan: str | None = None  # "Sanggup" | "Tidak Sanggup" | None
    disepakati_nilai: float | None = None
    disepakati_tahun: int | None = None
    catatan: str = ""
    status: str = NO_OFFER
    negosiasi: bool = False  # Tidak Sanggup with a negotiated value (Target Disepakati typed)
    selisih_nilai: float | None = None
    selisih_persen: float | None = None
    tahun_lebih_cepat: int | None = None
    row: int | None = None  # row in penawaran.xlsx
    # The agreed yearly path (docs/design/yearly-path.md): year -> target,
    # every year of the period; empty until the resolution is decided.
    tahunan: dict[int, float | None] = field(default_factory=dict)

    @property
    def has_offer(self) -> bool:
        return self.tawaran_nilai is not None

    @property
    def decided(self) -> bool:
        return self.status in (NO_OFFER, ACCEPTED, REFUSED)


# Where each OPD stands on its pact, for laporan.xlsx (status sheet) and the closing table.
PACT_ISSUED = "terbit"  # a current pact exists (written now or before): siap cetak
PACT_SIGNED = "ditandatangani"  # issued, and the signed paper came back (Ditandatangani in Status OPD)
PACT_LOCKED = "terkunci"  # issued earlier; the submission or offers changed since (LK509); the pact is kept
PACT_WAITING = "menunggu sesi"  # valid submission, Sesi Selesai is not Ya yet
PACT_HELD = "ditahan"  # Sesi Selesai is Ya but an offer is undecided or invalid (LK508)
PACT_FORM_ERRORS = C.FORM_ERRORS  # the submission has errors ("ada galat")
PACT_NO_SUBMISSION = "belum mengirim"  # in the panel list, nothing in masuk/


@dataclass
class PactState:
    """One OPD's pact state, with the reason and the secretariat's next step (Indonesian)."""

    kode_opd: str
    nama_opd: str
    state: str  # one of the PACT_* values above
    reason: str = ""  # e.g. "Penawaran!L27 belum diputuskan" or "formulir masih memiliki 3 galat"
    next_step: str = ""  # e.g. "minta Tim Penilai mengisi Keputusan di penawaran.xlsx"
    pact: str = ""  # the issued pact's path relative to the auction folder, if any
