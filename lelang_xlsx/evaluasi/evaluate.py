"""From the register, the checked realisations and the points tables to results: each
indicator's achievement, predicate and points; each OPD's totals; the ranking; the
achievement per mission. Plain data, no I/O.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from statistics import fmean

from .. import contract as C
from .achievement import PointsTable, capaian, decision_of, predikat
from .reader import Realisation
from ..agreement.agreed import Agreement, Register

EVALUATED = "dievaluasi"


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
    capaian: float | None = None
    predikat: str = ""
    poin: float | None = None
    penjelasan: str = ""
    upaya: str = ""
    sumber: str = ""
    bukti: str = ""


@dataclass
class OpdResult:
    kode: str
    nama: str
    status: str  # EVALUATED, or why not (Indonesian)
    berkas: str = ""
    sha256: str = ""
    capaian: float | None = None
    predikat: str = ""
    penghargaan: float = 0.0
    sanksi: float = 0.0
    bersih: float = 0.0
    peringkat: int | None = None
    indicators: list[IndicatorResult] = field(default_factory=list)
    kepala: dict = field(default_factory=dict)  # who reported (the workbook's Identitas)
    penanda_tangan: dict = field(default_factory=dict)  # who signed the pact
    entry_sha256: str = ""

    @property
    def evaluated(self) -> bool:
        return self.status == EVALUATED

    @property
    def head_changed(self) -> bool:
        a, b = self.kepala.get("nip") or "", self.penanda_tangan.get("nip") or ""
        return bool(self.kepala) and (a != b if a and b else
                                      C.norm(self.kepala.get("nama")) != C.norm(self.penanda_tangan.get("nama")))


def indicator_result(ind, realisasi: float | None, year: int, points: PointsTable) -> IndicatorResult:
    res = IndicatorResult(ind.kode, ind.misi, ind.indikator, ind.satuan, ind.polaritas, decision_of(ind.status),
                          ind.target.get(year), realisasi)
    if realisasi is not None and res.target is not None and ind.polaritas in C.POLARITIES:
        res.capaian = capaian(ind.polaritas, realisasi, res.target, points.cap)
        res.predikat = predikat(res.capaian)
        res.poin = points.points(res.capaian, res.keputusan)
    return res


def opd_totals(res: OpdResult) -> None:
    """Mean achievement, its predicate, total reward, total punishment, net."""
    caps = [i.capaian for i in res.indicators if i.capaian is not None]
    res.capaian = round(fmean(caps), 2) if caps else None
    res.predikat = predikat(res.capaian) if res.capaian is not None else ""
    pts = [i.poin for i in res.indicators if i.poin is not None]
    res.penghargaan = round(sum(p for p in pts if p > 0), 4)
    res.sanksi = round(sum(p for p in pts if p < 0), 4)
    res.bersih = round(res.penghargaan + res.sanksi, 4)


def rank(results: list[OpdResult]) -> None:
    """Order by net points, then achievement; equal on both share a rank (1, 2, 2, 4)."""
    done = sorted((r for r in results if r.evaluated), key=lambda r: (-r.bersih, -(r.capaian or 0.0), r.kode))
    prev, place = None, 0
    for i, r in enumerate(done, start=1):
        key = (r.bersih, r.capaian)
        if key != prev:
            place, prev = i, key
        r.peringkat = place


def evaluate(register: Register, subs: list[Realisation], points: PointsTable, year: int) -> list[OpdResult]:
    by_code: dict[str, list[Realisation]] = {}
    for s in subs:
        if s.readable and s.identity.kode_opd:
            by_code.setdefault(C.norm(s.identity.kode_opd), []).append(s)
    out = []
    for kode, a in register.opd.items():
        mine = by_code.get(C.norm(kode), [])
        res = OpdResult(kode, a.nama_opd, EVALUATED, penanda_tangan=_signer(a), entry_sha256=a.entry_sha256)
        if not mine:
            res.status = "belum mengirim"
        elif len(mine) > 1:
            res.status = "lebih dari satu berkas"
        elif mine[0].errors:
            res.status = f"formulir masih memiliki {mine[0].errors} galat"
        if mine:
            sub = mine[0]
            res.berkas, res.sha256 = sub.path, sub.sha256
            i = sub.identity
            res.kepala = {"nama": i.nama_kepala, "nip": i.nip_kepala, "pangkat": i.pangkat, "jabatan": i.jabatan}
        rows = {C.norm(r.kode): r for r in (mine[0].rows if len(mine) == 1 else [])}
        for ind in a.indicators:
            row = rows.get(C.norm(ind.kode))
            item = indicator_result(ind, row.realisasi if row else None, year, points)
            if row:
                item.penjelasan, item.upaya, item.sumber, item.bukti = row.penjelasan, row.upaya, row.sumber, row.bukti
            res.indicators.append(item)
        if res.evaluated:
            opd_totals(res)
        out.append(res)
    rank(out)
    return out


def _signer(a: Agreement) -> dict:
    return asdict(a.signer)


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
                    "predikat": predikat(mean) if mean is not None else ""})
    return out
