"""From the register and the workbook that counts per OPD to the round's results: each
indicator's quarters (target, realisation, capaian, light), its projection, the lights
counted per OPD, the early-warning list and the figures per mission. Plain data, no I/O;
``pemantauan.json`` is :func:`results_dict`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from statistics import fmean
from typing import NamedTuple

from .. import __version__
from .. import contract as C
from ..agreement.agreed import Register
from ..rounds.scoring import predikat
from . import contract as P
from .reader import Monitoring
from .status import Setting, quarter_status

SCHEMA = "lelang-xlsx/pantau"
REPORTED = "dilaporkan"


@dataclass
class IndicatorStatus:
    kode: str
    misi: str
    indikator: str
    satuan: str
    polaritas: str
    target: float | None
    sifat: str = ""
    targets: list = field(default_factory=lambda: [None] * 4)
    realisasi: list = field(default_factory=lambda: [None] * 4)
    capaian: list = field(default_factory=lambda: [None] * 4)  # per quarter up to the run's quarter
    lampu: list = field(default_factory=lambda: [P.ABU] * 4)
    proyeksi: float | None = None
    capaian_proyeksi: float | None = None
    kategori: str = ""
    penjelasan: str = ""  # the explanation of the run's quarter (else the latest given)
    rencana: str = ""

    def light(self, q: int) -> str:
        return self.lampu[q - 1]


@dataclass
class OpdStatus:
    kode: str
    nama: str
    status: str  # REPORTED, or why not (Indonesian)
    berkas: str = ""
    sha256: str = ""
    dilaporkan: int = 0  # the latest quarter the workbook reports
    indicators: list[IndicatorStatus] = field(default_factory=list)
    lampu: dict = field(default_factory=dict)  # light -> count at the run's quarter
    sesuai_jalur: float | None = None  # share of indicators hijau, percent
    capaian_proyeksi: float | None = None
    kategori: str = ""


def _indicator(ind, year: int, rows: tuple[dict, dict], q: int, setting: Setting) -> IndicatorStatus:
    res = IndicatorStatus(ind.kode, ind.misi, ind.indikator, ind.satuan, ind.polaritas, ind.target.get(year))
    key = C.norm(ind.kode)
    plan, real = rows[0].get(key), rows[1].get(key)
    if plan is not None:
        res.sifat, res.targets, res.rencana = plan.sifat, list(plan.targets), plan.rencana
    if real is not None:
        res.realisasi = list(real.values)
        given = [real.penjelasan[i] for i in range(q) if real.penjelasan[i]]
        res.penjelasan = real.penjelasan[q - 1] or (given[-1] if given else "")
    if res.sifat not in P.SIFAT_DATA or res.target is None or ind.polaritas not in C.POLARITIES:
        return res
    st = quarter_status(res.sifat, ind.polaritas, res.target, res.targets, res.realisasi, q, setting,
                        getattr(ind, "toleransi", None))
    for x in st.quarters:
        res.capaian[x.q - 1], res.lampu[x.q - 1] = x.capaian, x.lampu
    res.proyeksi, res.capaian_proyeksi, res.kategori = st.proyeksi, st.capaian_proyeksi, st.kategori
    return res


def opd_status(kode: str, a, sub: Monitoring | None, year: int, q: int, setting: Setting,
               why: str = REPORTED) -> OpdStatus:
    """The result of one OPD at quarter ``q``: from ``sub``, the workbook that counts (None:
    ``why`` it has none). Depends on the agreement, the workbook and the settings alone, so
    a worker computes it next to the check and the cache keeps it with the workbook."""
    res = OpdStatus(kode, a.nama_opd, REPORTED if sub is not None else why)
    if sub is not None:
        res.berkas, res.sha256, res.dilaporkan = sub.path, sub.sha256, sub.reported
    rows = ({C.norm(p.kode): p for p in sub.plan}, {C.norm(r.kode): r for r in sub.quarters}) if sub else ({}, {})
    res.indicators = [_indicator(ind, year, rows, q, setting) for ind in a.indicators]
    _totals(res, q)
    return res


def monitor(register: Register, used: dict[str, Monitoring], subs: list[Monitoring], year: int, q: int,
            setting: Setting, known: dict | None = None) -> list[OpdStatus]:
    """One result per OPD with an agreement in force for ``year`` (register order).
    ``known``: (workbook path, SHA-256, q) -> its :func:`opd_status` computed beforehand
    (by the worker that checked it, or a former run)."""
    sent: dict[str, list[Monitoring]] = {}
    for s in subs:
        if s.readable and s.identity.kode_opd:
            sent.setdefault(C.norm(s.identity.kode_opd), []).append(s)
    known = known or {}
    out = []
    for kode in register.opd:
        a = register.in_force(kode, year)
        if a is None:
            continue
        sub = used.get(kode)
        if sub is None:
            mine = sent.get(C.norm(kode), [])
            why = ("belum mengirim" if not mine else "lebih dari satu berkas" if len(mine) > 1
                   else f"ditahan: {mine[0].errors} galat")
            out.append(opd_status(kode, a, None, year, q, setting, why))
            continue
        res = known.get((sub.path, sub.sha256, q))
        out.append(res if res is not None and res.kode == kode else opd_status(kode, a, sub, year, q, setting))
    return out


def _totals(res: OpdStatus, q: int) -> None:
    res.lampu = {light: 0 for light in P.LIGHTS}
    for i in res.indicators:
        res.lampu[i.light(q)] += 1
    n = len(res.indicators)
    res.sesuai_jalur = round(100 * res.lampu[P.HIJAU] / n, 2) if n else None
    caps = [i.capaian_proyeksi for i in res.indicators if i.capaian_proyeksi is not None]
    res.capaian_proyeksi = round(fmean(caps), 2) if caps else None
    res.kategori = predikat(res.capaian_proyeksi) if res.capaian_proyeksi is not None else ""


def early_warnings(results: list[OpdStatus], q: int) -> list[tuple[OpdStatus, IndicatorStatus]]:
    """Every merah or abu-abu indicator at quarter ``q``: by OPD, then the largest gap
    first (merah before abu-abu, which has no capaian to compare)."""
    out = []
    for r in sorted(results, key=lambda r: r.kode):
        rows = [i for i in r.indicators if i.light(q) in (P.MERAH, P.ABU)]
        rows.sort(key=lambda i: (i.capaian[q - 1] is None, i.capaian[q - 1] or 0.0, i.kode))
        out.extend((r, i) for i in rows)
    return out


def per_mission(results: list[OpdStatus], missions: dict[str, str], q: int) -> list[dict]:
    groups: dict[str, list[IndicatorStatus]] = {}
    for r in results:
        for i in r.indicators:
            groups.setdefault(i.misi, []).append(i)
    out = []
    for k in list(missions) + sorted(k for k in groups if k not in missions):
        items = groups.get(k, [])
        caps = [i.capaian_proyeksi for i in items if i.capaian_proyeksi is not None]
        mean = round(fmean(caps), 2) if caps else None
        counts = {light: sum(i.light(q) == light for i in items) for light in P.LIGHTS}
        out.append({"misi": k, "uraian": missions.get(k, ""), "jumlah": len(items), "lampu": counts,
                    "capaian_proyeksi": mean, "kategori": predikat(mean) if mean is not None else ""})
    return out


class Piece(NamedTuple):
    """What one workbook contributes to the closing files when it is the one that counts
    and the run looks at quarter ``q`` (its own latest): computed by the worker that checked
    it and cached with the check, so a re-run redoes only the OPDs whose workbook changed."""
    q: int
    status: OpdStatus
    line: str  # its line of pemantauan.json
    blocks: object  # its rows of the two bulk sheets (workbook.Blocks) or None


def opd_dict(r: OpdStatus) -> dict:
    d = dict(vars(r))
    d["indikator"] = [dict(vars(i)) for i in d.pop("indicators")]
    return d


def opd_line(r: OpdStatus) -> str:
    """The OPD's line of ``pemantauan.json`` (:func:`lelang_xlsx.pantau.workbook.write_json`)."""
    return json.dumps(opd_dict(r), ensure_ascii=False)


def results_dict(year: int, q: int, pemda: str, register_sha: str, setting: Setting, results: list[OpdStatus],
                 missions: list[dict], lines: dict | None = None) -> dict:
    """``pemantauan.json``'s content; ``lines``: kode OPD -> (q, its :func:`opd_line`)
    rendered beforehand, kept as text (:class:`Line`)."""
    lines = lines or {}
    opd = []
    for r in results:
        known = lines.get(r.kode)
        opd.append(Line(known[1]) if known is not None and known[0] == q else Line(opd_line(r)))
    warnings = [{"kode_opd": r.kode, "kode": i.kode, "lampu": i.light(q), "capaian": i.capaian[q - 1],
                 "penjelasan": i.penjelasan, "rencana": i.rencana} for r, i in early_warnings(results, q)]
    return {"schema": SCHEMA, "version": 1, "tool_version": __version__, "tahun": year, "triwulan": q,
            "pemda": pemda, "kesepakatan_sha256": register_sha,
            "pengaturan": {"batas_capaian": setting.cap, "rumus_turun": setting.turun},
            "opd": opd, "peringatan_dini": warnings, "misi": missions}


class Line(str):
    """An item of ``pemantauan.json`` already rendered as JSON text."""


def results_key(data: dict) -> str:
    """What ``pemantauan.json`` and ``pemantauan.xlsx`` are made of, as a digest: the OPD
    lines by their own digests (hashing 54,000 indicators' text once, not re-encoding it)."""
    import hashlib

    from ..cache import digest

    lines = hashlib.sha256()
    for line in data["opd"]:
        lines.update(hashlib.sha256(line.encode()).digest())
    return digest("pemantauan", {k: v for k, v in data.items() if k != "opd"}, lines.hexdigest())
