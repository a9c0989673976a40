"""The life of each OPD's agreement as a pure plan (kesepakatan.md): from plain data and
without writing anything, :func:`plan` decides per OPD what the run does and why:

* **issue** version 1 when no agreement exists and the gate opens (agreement/gate.py);
* **keep** the version in force when the inputs hold the same content (a form re-saved,
  renamed or re-sent as the annotated copy changes nothing), recording ``Ditandatangani``;
* **lock** it (LK509, what changed and where) when the content changed while ``Sesi
  Selesai`` stayed ``Ya``;
* **reopen**: ``Sesi Selesai`` cleared while an agreement is issued — nothing is withdrawn,
  the version stays in force until a new one is issued; the register remembers the
  reopening (``dibuka_ulang``);
* **amend**: ``Ya`` again after a reopening with changed content: a new version
  *Perubahan ke-N* from ``Berlaku Mulai`` (frozen years refused: LK513; after an
  evaluation without Berlaku Mulai/Alasan Perubahan: LK514); years before it are carried
  over from the previous version, the path from it on is recomputed (:func:`amended_path`).

An invalid ``Sesi Selesai`` (LK510) changes nothing. The executor is agreement/stage.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from .. import contract as C
from ..checking.findings import Finding, make
from ..model import PACT_ISSUED, PACT_LOCKED, PACT_SIGNED, PactState, Resolution, Submission
from . import content, gate, register
from .path import agreed_path, resolution_end
from .status_sheet import Session, Sessions

NEXT_AMEND = ("isi Berlaku Mulai dan Alasan Perubahan bila kesepakatan diubah, lalu isi Sesi Selesai = Ya lagi; "
              "pakta versi {versi} tetap berlaku sampai versi baru terbit")
NEXT_SIGNED = "simpan pakta bertanda tangan; {pact} berlaku"


@dataclass
class Issuance:
    """A pact to issue: the submission, its resolutions (``tahunan`` already the path of
    this version), and which version it is."""

    sub: Submission
    recs: list[Resolution]
    version: register.VersionInfo
    previous: dict | None = None  # the version it supersedes (its pact goes to hasil/arsip/)
    why: str = ""


@dataclass
class Plan:
    issue: dict[str, Issuance] = field(default_factory=dict)
    keep: dict[str, dict] = field(default_factory=dict)  # kode -> latest version, current
    locked: dict[str, dict] = field(default_factory=dict)  # kode -> latest version, content changed (LK509)
    reopened: dict[str, str | None] = field(default_factory=dict)  # kode -> dibuka_ulang to record (None: clear)
    signed: dict[str, str] = field(default_factory=dict)  # kode -> Ditandatangani (ISO) to record on the latest
    states: dict[str, PactState] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    why: dict[str, str] = field(default_factory=dict)  # kode -> what the run does and why (Indonesian)


@dataclass
class World:
    """Everything the plan reads."""

    panel: object
    submissions: list[Submission]
    resolutions: list[Resolution]
    offer_findings: list[Finding]
    sessions: Sessions
    records: dict[str, dict]  # trusted register records whose latest pact is on disk
    pact_name: object  # (kode, nama) -> path relative to the auction
    frozen: dict[str, dict[int, str]] = field(default_factory=dict)  # kode -> year -> why frozen
    now: str = ""  # ISO date-time of the run
    same: object = None  # SameMemo: comparisons an earlier run found equal (agreement/stage.py)
    _by_code: dict | None = field(default=None, repr=False)

    def subs_of(self, kode: str) -> list[Submission]:
        """The submissions of one OPD code (an index: one pass over the auction per run)."""
        if self._by_code is None:
            self._by_code = {}
            for s in self.submissions:
                self._by_code.setdefault(s.identity.kode_opd, []).append(s)
        return self._by_code.get(kode, [])


class SameMemo:
    """Which comparisons of an issued version with the inputs found them equal, by a key
    made of everything the candidate entry is built from (the version's own seal, the
    form's content digest, the OPD's offer rows digest, the panel, the pact date): the
    same key cannot give another answer, so the comparison is not made again. ``key``
    returns None when a part is unknown (then the comparison is made)."""

    def __init__(self, known: set[str], key):
        self.known = known
        self.key = key
        self.found: set[str] = set()  # keys found equal (or reused) in this run

    def __contains__(self, key: str) -> bool:
        return key in self.known


def plan(world: World) -> Plan:
    out = Plan()
    opened = gate.plan(world.panel, world.submissions, world.resolutions, world.offer_findings, world.sessions,
                       world.pact_name)
    out.states = opened.states
    by_code = dict(opened.issue)
    gate_findings = opened.by_opd
    for kode in list(opened.states) + [k for k in world.records if k not in opened.states]:
        record = world.records.get(kode)
        if record is None:
            out.findings += gate_findings.get(kode, [])
            if kode in by_code:
                sub, recs = by_code[kode]
                _first_issue(world, out, kode, sub, recs)
            continue
        _issued(world, out, kode, record, by_code.get(kode))
        if kode not in out.issue:
            _new_head(world, out, kode, register.latest(record))
    return out


def _new_head(world: World, out: Plan, kode: str, latest: dict) -> None:
    """LK517 when the head in the OPD's form is not the signer of the version in force."""
    subs = [s for s in world.subs_of(kode) if s.readable]
    if len(subs) != 1:
        return
    ident, signer = subs[0].identity, latest.get("penanda_tangan") or {}
    old_nip, old_name = str(signer.get("nip") or ""), str(signer.get("nama") or "")
    if ident.nip_kepala and old_nip and ident.nip_kepala != old_nip:
        field = "nip_kepala"
    elif ident.nama_kepala and content.canon(ident.nama_kepala) != content.canon(old_name):
        field = "nama_kepala"
    else:
        return
    row = subs[0].identity_rows.get(field)
    pos = content.Pos(subs[0].path, C.SHEET_IDENTITAS, row, 2 if row else None)
    out.findings.append(make("LK517", pos, kode=kode, new=f"{ident.nama_kepala}, NIP {ident.nip_kepala or '–'}",
                             old=f"{old_name}, NIP {old_nip or '–'}"))


def _session(world: World, kode: str) -> Session | None:
    return world.sessions.by_opd.get(kode)


def pact_date(world: World, session: Session | None) -> dt.date | None:
    return (session.tanggal_pakta if session and session.tanggal_pakta else None) or world.panel.tanggal


def _first_issue(world: World, out: Plan, kode: str, sub: Submission, recs: list[Resolution]) -> None:
    session = _session(world, kode)
    if session and "tanggal_pakta" in session.bad:
        _hold(out, kode, "Tanggal Pakta tidak valid (LK516)", "perbaiki Tanggal Pakta di lembar Status OPD")
        return
    date = pact_date(world, session)
    signed = _signed_date(world, out, kode, session, date)
    version = register.VersionInfo(tanggal=date.isoformat() if date else None, ditandatangani=signed)
    out.issue[kode] = Issuance(sub, recs, version, why="pakta pertama dari lelang")
    _no_offer(out, kode, recs, session, world)


def _no_offer(out: Plan, kode: str, recs: list[Resolution], session: Session | None, world: World) -> None:
    if recs and not any(r.has_offer for r in recs):
        pos = session.pos if session else world.sessions.pos(kode)
        out.findings.append(make("LK515", pos, kode=kode))


def _signed_date(world: World, out: Plan, kode: str, session: Session | None, date: dt.date | None) -> str | None:
    """Ditandatangani as ISO, or None; LK516 when it is before the pact's date (the panel's)."""
    if session is None or session.ditandatangani is None:
        return None
    if date is not None and session.ditandatangani < date and not session.tanggal_pakta:
        out.findings.append(make("LK516", session.at("ditandatangani"), label="Ditandatangani", kode=kode,
                                 value=session.ditandatangani.strftime("%d-%m-%Y"),
                                 detail=f"sebelum tanggal pakta {date.strftime('%d-%m-%Y')}"))
        return None
    return session.ditandatangani.isoformat()


def _hold(out: Plan, kode: str, reason: str, next_step: str) -> None:
    st = out.states[kode]
    st.state, st.reason, st.next_step = gate.PACT_HELD, reason, next_step


def _issued(world: World, out: Plan, kode: str, record: dict, opened) -> None:
    """An OPD with an agreement in the register."""
    latest = register.latest(record)
    versi = register.version_of(latest, world.panel.tahun_awal)[0]
    pact = (latest.get("pakta") or {}).get("berkas", "")
    session = _session(world, kode)
    state = out.states.get(kode) or PactState(kode, latest.get("nama_opd", ""), PACT_ISSUED)
    out.states[kode] = state
    state.pact = pact
    signed = _signed_date(world, out, kode, session, _iso_date(latest.get("tanggal")))
    if signed and signed != latest.get("ditandatangani"):
        out.signed[kode] = signed
    is_signed = bool(signed or latest.get("ditandatangani"))
    state.state = PACT_SIGNED if is_signed else PACT_ISSUED
    state.reason = issued_reason(latest, world.panel.tahun_awal) + (" dan ditandatangani" if is_signed else "")
    state.next_step = (NEXT_SIGNED if is_signed else gate.NEXT_PRINT).format(pact=pact)
    out.keep[kode] = latest
    if session is not None and session.invalid:  # LK510 already: nothing changes
        state.reason += f"; Sesi Selesai berisi '{session.invalid}', tidak ada yang diubah"
        state.next_step = gate.NEXT_SESSION_VALUE
        out.why[kode] = "Sesi Selesai tidak valid: kesepakatan tetap"
        return
    if session is None or not session.done:  # reopened: the version stays in force
        if not record.get("dibuka_ulang"):
            out.reopened[kode] = world.now
        state.reason = f"sesi dibuka ulang; pakta versi {versi} tetap berlaku"
        state.next_step = NEXT_AMEND.format(versi=versi)
        out.why[kode] = "Sesi Selesai dikosongkan: tidak ada yang ditarik"
        return
    found, would_be = _compare(world, kode, latest, opened, session)
    if not found:
        if record.get("dibuka_ulang"):
            out.reopened[kode] = None
        out.why[kode] = "isi sama dengan pakta yang terbit"
        return
    if not record.get("dibuka_ulang") or opened is None or would_be is None:
        _lock(world, out, kode, latest, found, opened, session)
        return
    _amend(world, out, kode, record, opened, session, found)


def issued_reason(entry: dict, awal: int) -> str:
    versi, mulai, alasan = register.version_of(entry, awal)
    return "pakta terbit" if versi == 1 else _amended_reason(versi, mulai, alasan)


def _amended_reason(versi: int, mulai: int, alasan: str) -> str:
    return f"Perubahan ke-{versi - 1} terbit (berlaku mulai {mulai}, {alasan})"


def _iso_date(v) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(v)) if v else None
    except ValueError:
        return None


def _compare(world: World, kode: str, latest: dict, opened, session: Session):
    """(changes, entry the inputs would give); a missing or invalid form is a change too."""
    if opened is None:
        subs = world.subs_of(kode)
        if not subs:
            why = "formulir tidak ada lagi di masuk/"
        elif any(s.errors for s in subs):
            why = f"formulir sekarang memiliki {sum(s.errors for s in subs)} galat"
        else:
            why = "baris penawaran belum lengkap atau tidak valid"
        fact = content.Fact(content.FORM, why, None, ("", "", ""))
        return [content.Change(fact, "ada", None)], None
    sub, recs = opened
    date = pact_date(world, session)
    memo = world.same
    key = memo.key(kode, latest, sub, date) if memo is not None else None
    if key is not None and key in memo:
        memo.found.add(key)
        return [], None
    would_be = candidate_entry(world.panel, sub, recs, date)
    found = content.changes(latest, would_be)
    if key is not None and not found:
        memo.found.add(key)
    return found, would_be


def candidate_entry(panel, sub: Submission, recs: list[Resolution], date: dt.date | None) -> dict:
    """The version entry the inputs would give now (files not written), with its settings."""
    issue = register.Issue("", "", "", "", "", "")
    entry = register.build_entry(panel, sub, recs, issue, register.VersionInfo(tanggal=date.isoformat() if date else None))
    entry["pengaturan"] = content.printed_settings(panel, entry["tanggal"])
    return entry


def _lock(world: World, out: Plan, kode: str, latest: dict, found, opened, session: Session) -> None:
    sub = opened[0] if opened else next(iter(world.subs_of(kode)), None)
    rows = {r.indicator.kode: r.row for r in (opened[1] if opened else []) if r.row}
    pos = content.position(found[0], sub, rows, session.pos, C.PANEL_FILE)
    what = content.parts_changed(found)
    pact = (latest.get("pakta") or {}).get("berkas", "")
    out.findings.append(make("LK509", pos, kode=kode, pact=pact, what=what, changes=content.summary(found)))
    out.keep.pop(kode, None)
    out.locked[kode] = latest
    st = out.states[kode]
    st.state, st.reason, st.next_step = PACT_LOCKED, f"isi {what} berubah setelah pakta terbit", gate.NEXT_LOCKED
    out.why[kode] = f"terkunci: {what} berubah"


def _amend(world: World, out: Plan, kode: str, record: dict, opened, session: Session, found) -> None:
    """Ya again after a reopening, with changed content: a new version, unless refused."""
    panel = world.panel
    latest = register.latest(record)
    frozen = world.frozen.get(kode, {})
    mulai, alasan = session.berlaku_mulai, session.alasan
    refused = _refusal(world, kode, session, frozen)
    if refused:
        code, pos, params, reason = refused
        if code is not None:  # else the cell's own finding says it already
            out.findings.append(make(code, pos, kode=kode, **params))
        st = out.states[kode]
        st.state, st.reason = PACT_LOCKED, reason
        st.next_step = NEXT_AMEND.format(versi=register.version_of(latest, panel.tahun_awal)[0])
        out.why[kode] = f"perubahan ditolak: {reason}"
        return
    if mulai is None:  # a correction before anything used the agreement: every year again
        mulai, alasan = panel.tahun_awal, alasan or C.REASON_CORRECTION
    sub, recs = opened
    recs = amended(recs, latest, mulai, panel)
    date = pact_date(world, session)
    versi = register.version_of(latest, panel.tahun_awal)[0] + 1
    signed = _signed_date(world, out, kode, session, date)
    out.signed.pop(kode, None)
    version = register.VersionInfo(versi, mulai, alasan, date.isoformat() if date else None, signed)
    out.issue[kode] = Issuance(sub, recs, version, latest, why=f"Perubahan ke-{versi - 1} mulai {mulai}: {alasan}")
    out.keep.pop(kode, None)
    out.reopened[kode] = None
    st = out.states[kode]
    st.state, st.reason = PACT_ISSUED, _amended_reason(versi, mulai, alasan)
    st.pact = world.pact_name(kode, panel.opds.get(kode) or sub.identity.nama_opd)
    st.next_step = gate.NEXT_PRINT.format(pact=st.pact)
    out.why[kode] = out.issue[kode].why
    _no_offer(out, kode, recs, session, world)


def _refusal(world: World, kode: str, session: Session, frozen: dict[int, str]):
    """(code, cell, params, reason) when the amendment cannot be issued, else None."""
    panel = world.panel
    mulai = session.berlaku_mulai
    if "berlaku_mulai" in session.bad:  # LK513 already (not a year)
        return None, None, {}, "Berlaku Mulai bukan angka tahun (LK513)"
    if "tanggal_pakta" in session.bad:
        return None, None, {}, "Tanggal Pakta tidak valid (LK516)"
    if mulai is not None and mulai not in panel.years:
        return ("LK513", session.at("berlaku_mulai"),
                {"value": str(mulai), "detail": f"bukan tahun periode {panel.tahun_awal}–{panel.tahun_akhir}"},
                f"Berlaku Mulai {mulai} di luar periode")
    if not session.alasan_valid:
        return ("LK514", session.at("alasan_perubahan"),
                {"detail": f"Alasan Perubahan berisi '{session.alasan}', bukan salah satu dari daftar "
                           f"({', '.join(C.AMENDMENT_REASONS)})"}, "Alasan Perubahan tidak dikenal")
    if frozen and mulai is None:
        year = max(frozen)
        return ("LK514", session.at("berlaku_mulai"),
                {"detail": f"tahun {year} sudah dibekukan ({frozen[year]}); isi Berlaku Mulai dan Alasan Perubahan"},
                "Berlaku Mulai atau Alasan Perubahan kosong setelah evaluasi")
    blocked = sorted(y for y in frozen if mulai is not None and y >= mulai)
    if blocked:
        year = blocked[0]
        return ("LK513", session.at("berlaku_mulai"), {"value": str(mulai),
                "detail": f"tahun {year} sudah dibekukan ({frozen[year]}); tahun pertama yang dapat diubah "
                          f"adalah {max(frozen) + 1}"}, f"tahun {year} sudah dibekukan")
    if mulai is not None and not session.alasan:
        return ("LK514", session.at("alasan_perubahan"), {"detail": "Alasan Perubahan kosong"},
                "Alasan Perubahan kosong")
    return None


def amended(recs: list[Resolution], previous: dict, mulai: int, panel) -> list[Resolution]:
    """The resolutions with the path of the new version: every year before ``mulai`` as the
    previous version had it, from ``mulai`` on the yearly-path rule (:func:`amended_path`)."""
    before = {str(item.get("kode")): item.get("target") or {} for item in previous.get("indikator") or []}
    out = []
    for res in recs:
        res = dataclasses.replace(res)
        old = {int(y): v for y, v in before.get(res.indicator.kode, {}).items()}
        res.tahunan = amended_path(res, old, mulai, panel.years)
        out.append(res)
    return out


def amended_path(res: Resolution, old: dict[int, float | None], mulai: int, years: range) -> dict[int, float | None]:
    """Years < ``mulai``: the previous version's targets (None for an indicator it did not
    have). From ``mulai`` on: the yearly-path rule on those years only, the straight line
    starting at the agreed value of ``mulai - 1`` (the baseline when ``mulai`` is the first
    year)."""
    ind = res.indicator
    out = {y: old.get(y) for y in years if y < mulai}
    start_year, start = (ind.tahun_dasar, ind.nilai_dasar)
    if mulai - 1 in out and out[mulai - 1] is not None:
        start_year, start = mulai - 1, out[mulai - 1]
    end = resolution_end(res) if res.decided and res.has_offer else None
    later = [y for y in years if y >= mulai]
    out.update(agreed_path(later, ind.polaritas, start_year, start, ind.targets, end, ind.satuan,
                           (res.tawaran_nilai, ind.nilai_dasar)))
    return out
