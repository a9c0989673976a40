"""From the register, the checked realisations, the panel and the points tables to
results (evaluasi.md "Version 3"): each indicator's achievement, Kategori Capaian, base
points, weight and points; each OPD of the panel list with its state, totals, points per
indicator, incentive and rank by the panel's ``Dasar Peringkat``; the achievement per
mission. Plain data, no I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from statistics import fmean

from .. import contract as C
from ..model import Panel
from ..rounds.scoring import PointsTable, capaian, decision_of, kategori
from .reader import Realisation
from ..agreement.agreed import Agreement, Register

# An OPD's state in the round (evaluasi.md "Who is not evaluated, and why").
EVALUATED = "dievaluasi"
NOT_SENT = "belum mengirim"  # a pact, no form: Poin Tidak Melapor per indicator, ranked last
HELD = "ditahan"  # a form with errors, or more than one: not counted until corrected
NO_PACT = "tanpa pakta"  # in the panel list without an issued pact: not evaluated
STATES = (EVALUATED, NOT_SENT, HELD, NO_PACT)


@dataclass
class IndicatorResult:
    kode: str
    misi: str
    indikator: str
    satuan: str
    polaritas: str
    keputusan: str  # a row of the weight table: contract.POIN_DECISIONS
    target: float | None
    realisasi: float | None = None
    toleransi: float | None = None
    capaian: float | None = None
    kategori: str = ""
    poin_dasar: float | None = None  # the band's points (or Poin Tidak Melapor)
    bobot: float | None = None  # the decision's reward or punishment weight
    poin: float | None = None  # poin_dasar × bobot
    penjelasan: str = ""
    upaya: str = ""
    sumber: str = ""
    bukti: str = ""
    cara: str = ""
    nilai_dasar: float | None = None
    target_akhir: float | None = None
    realisasi_lalu: dict = field(default_factory=dict)  # earlier year -> realisation (evaluasi.json)
    progres: float | None = None  # progress toward the end-of-period target, % (capped at 100)
    anggaran: float | None = None  # budget of the supporting programmes in that year's PK (Rp)


@dataclass
class OpdResult:
    kode: str
    nama: str
    status: str  # one of STATES
    keterangan: str = ""  # why, in Indonesian, when not EVALUATED
    berkas: str = ""
    sha256: str = ""
    capaian: float | None = None
    kategori: str = ""
    penghargaan: float = 0.0
    sanksi: float = 0.0
    bersih: float = 0.0
    poin_per_indikator: float | None = None
    nilai_peringkat: float | None = None  # the value of the ranking basis, two decimals
    peringkat: int | None = None
    insentif: float | None = None  # incentive percentage (sheet Insentif)
    indicators: list[IndicatorResult] = field(default_factory=list)
    kepala: dict = field(default_factory=dict)  # who reported (the workbook's Identitas)
    penanda_tangan: dict = field(default_factory=dict)  # who signed the pact
    entry_sha256: str = ""

    @property
    def evaluated(self) -> bool:
        return self.status == EVALUATED

    @property
    def counted(self) -> bool:
        """Whether its points count in the round (evaluated, or sanctioned for not reporting)."""
        return self.status in (EVALUATED, NOT_SENT)

    @property
    def head_changed(self) -> bool:
        a, b = self.kepala.get("nip") or "", self.penanda_tangan.get("nip") or ""
        return bool(self.kepala) and (a != b if a and b else
                                      C.norm(self.kepala.get("nama")) != C.norm(self.penanda_tangan.get("nama")))


def indicator_result(ind, realisasi: float | None, year: int, points: PointsTable,
                     rumus_turun: str = C.TURUN_2_MINUS) -> IndicatorResult:
    years = sorted(ind.target)
    res = IndicatorResult(ind.kode, ind.misi, ind.indikator, ind.satuan, ind.polaritas, decision_of(ind.status),
                          ind.target.get(year), realisasi, toleransi=getattr(ind, "toleransi", None),
                          cara=getattr(ind, "cara", "") or "", nilai_dasar=ind.nilai_dasar,
                          target_akhir=ind.target.get(years[-1]) if years else None)
    if realisasi is not None and res.target is not None and ind.polaritas in C.POLARITIES:
        res.capaian = capaian(ind.polaritas, realisasi, res.target, points.cap, res.toleransi, rumus_turun)
        res.kategori = kategori(res.capaian)
        res.poin_dasar = points.base_points(res.capaian)
        res.bobot = points.weight(res.poin_dasar, res.keputusan)
        res.poin = points.points(res.capaian, res.keputusan)
    return res


def not_reported(res: IndicatorResult, points: PointsTable) -> None:
    """Poin Tidak Melapor on an indicator of an OPD that sent no form (weight 1)."""
    res.poin_dasar, res.bobot, res.poin = points.tidak_melapor, 1.0, points.tidak_melapor


def opd_totals(res: OpdResult) -> None:
    """Mean achievement, its category, total reward, total punishment, net, per indicator."""
    caps = [i.capaian for i in res.indicators if i.capaian is not None]
    res.capaian = round(fmean(caps), 2) if caps else None
    res.kategori = kategori(res.capaian) if res.capaian is not None else ""
    pts = [i.poin for i in res.indicators if i.poin is not None]
    res.penghargaan = round(sum(p for p in pts if p > 0), 4)
    res.sanksi = round(sum(p for p in pts if p < 0), 4)
    res.bersih = round(res.penghargaan + res.sanksi, 4)
    res.poin_per_indikator = round(res.bersih / len(pts), 4) if pts else None


def basis_value(res: OpdResult, basis: str) -> float | None:
    """The OPD's value of the ranking basis, as displayed (two decimals)."""
    v = {C.RANK_CAPAIAN: res.capaian, C.RANK_PER_INDIKATOR: res.poin_per_indikator,
         C.RANK_BERSIH: res.bersih}.get(basis, res.capaian)
    return None if v is None else round(v, 2)


def rank(results: list[OpdResult], basis: str = C.RANK_CAPAIAN) -> None:
    """Evaluated OPDs by the basis, highest first; equal values (two decimals) share a rank
    and the next rank skips (1, 1, 3). OPDs that sent nothing come after them, sharing the
    last rank; held OPDs and those without a pact are not ranked."""
    for r in results:
        r.nilai_peringkat = basis_value(r, basis) if r.counted else None
        r.peringkat = None
    done = sorted((r for r in results if r.evaluated), key=lambda r: (r.nilai_peringkat is None,
                                                                     -(r.nilai_peringkat or 0.0), r.kode))
    prev, place = object(), 0
    for i, r in enumerate(done, start=1):
        if r.nilai_peringkat != prev:
            place, prev = i, r.nilai_peringkat
        r.peringkat = place
    for r in results:
        if r.status == NOT_SENT:
            r.peringkat = len(done) + 1


def _state(mine: list[Realisation]) -> tuple[str, str]:
    if not mine:
        return NOT_SENT, "tidak ada formulir realisasi yang terbaca untuk OPD ini"
    if len(mine) > 1:
        return HELD, f"lebih dari satu berkas ({', '.join(s.path for s in mine)})"
    if mine[0].errors:
        return HELD, f"formulir masih memiliki {mine[0].errors} galat"
    return EVALUATED, ""


def _opd(kode: str, a: Agreement, mine: list[Realisation], year: int, points: PointsTable, panel: Panel) -> OpdResult:
    status, why = _state(mine)
    res = OpdResult(kode, a.nama_opd, status, why, penanda_tangan=asdict(a.signer), entry_sha256=a.entry_sha256)
    if mine:
        sub = mine[0]
        res.berkas, res.sha256 = sub.path, sub.sha256
        i = sub.identity
        res.kepala = {"nama": i.nama_kepala, "nip": i.nip_kepala, "pangkat": i.pangkat, "jabatan": i.jabatan}
    rows = {C.norm(r.kode): r for r in (mine[0].rows if len(mine) == 1 else [])}
    for ind in a.indicators:
        row = rows.get(C.norm(ind.kode))
        item = indicator_result(ind, row.realisasi if row else None, year, points, panel.rumus_turun)
        if row:
            item.penjelasan, item.upaya, item.sumber, item.bukti = row.penjelasan, row.upaya, row.sumber, row.bukti
        if status == NOT_SENT:
            not_reported(item, points)
        res.indicators.append(item)
    if res.counted:
        opd_totals(res)
        res.insentif = panel.incentive(res.poin_per_indikator)
    return res


def evaluate(register: Register, subs: list[Realisation], points: PointsTable, year: int,
             panel: Panel | None = None) -> list[OpdResult]:
    """Every OPD of the panel list (then any OPD of the register not in it), in panel order."""
    panel = panel or Panel(path="")
    by_code: dict[str, list[Realisation]] = {}
    for s in subs:
        if s.readable and s.identity.kode_opd:
            by_code.setdefault(C.norm(s.identity.kode_opd), []).append(s)
    agreed = {C.norm(k): (k, a) for k, a in register.opd.items()}
    out = []
    for kode, nama in panel.opds.items():
        if C.norm(kode) not in agreed:
            out.append(OpdResult(kode, nama, NO_PACT, "belum ada pakta yang terbit untuk OPD ini"))
    listed = {C.norm(k) for k in panel.opds}
    for key, (kode, a) in agreed.items():
        out.append(_opd(kode, a, by_code.get(key, []), year, points, panel))
    order = {C.norm(k): i for i, k in enumerate(panel.opds)}
    out.sort(key=lambda r: (C.norm(r.kode) not in listed, order.get(C.norm(r.kode), 0)))
    rank(out, panel.dasar_peringkat)
    return out


def per_mission(results: list[OpdResult], missions: dict[str, str]) -> list[dict]:
    """Mean achievement of the evaluated indicators of each mission (panel order)."""
    groups: dict[str, list[float]] = {}
    for r in results:
        if r.evaluated:
            for i in r.indicators:
                if i.capaian is not None:
                    groups.setdefault(i.misi, []).append(i.capaian)
    order = list(missions) + sorted(k for k in groups if k not in missions)
    out = []
    for k in order:
        caps = groups.get(k, [])
        mean = round(fmean(caps), 2) if caps else None
        out.append({"misi": k, "uraian": missions.get(k, ""), "jumlah": len(caps), "capaian": mean,
                    "kategori": kategori(mean) if mean is not None else ""})
    return out
