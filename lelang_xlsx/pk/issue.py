"""Whether each OPD's PK is issued, kept, held or revised this run (the content lock,
docs/pk.md). An issued PK never changes silently: a later change of the form, of the
agreement in force or of the date is held until the secretariat sets Terbitkan
Perubahan = Ya; the run then issues a PK Perubahan and the earlier PK goes to arsip/.
Nothing here writes a file: :mod:`.run` renders and moves what the outcomes say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import contract as C
from ..agreement.agreed import Agreement
from ..output.textfmt import date_long
from .document import changes, content, default_date, fingerprint
from .reader import PkForm
from .status import Entry

TERBIT = "terbit"
DITAHAN = "ditahan"
GALAT = C.FORM_ERRORS  # "ada galat"
BELUM = "belum mengirim"
TANPA = "tanpa kesepakatan"


@dataclass
class Outcome:
    kode: str
    nama: str
    status: str
    keterangan: str = ""
    isi: dict | None = None  # the content of the PK in force (issued), else of a readable form
    versi: list[dict] = field(default_factory=list)  # pk.json's versions, the last in force
    render: bool = False  # write the in-force version's docx this run
    issued_now: bool = False  # a new version was issued this run (its Ditandatangani starts blank)
    archive: dict | None = None  # the version superseded this run (its files go to arsip/)
    kesepakatan: dict = field(default_factory=dict)

    @property
    def current(self) -> dict | None:
        return self.versi[-1] if self.versi else None


@dataclass
class Context:
    year: int
    panel: object
    docs_rel: str  # e.g. 'pk/2019/hasil/pk' (relative to the auction)
    arsip_rel: str


def _issue(o: Outcome, new: dict, tanggal: dt.date, a: Agreement, ctx: Context, filename: str) -> Outcome:
    n = len(o.versi) + 1
    if o.versi:
        old = dict(o.versi[-1])
        stem = filename.rsplit(".", 1)[0]
        o.archive = dict(old)
        old.update(status="digantikan", berkas=f"{ctx.arsip_rel}/{stem}-versi{old['versi']}.docx")
        o.versi = o.versi[:-1] + [old]
    o.versi.append({"versi": n, "jenis": "PK" if n == 1 else "PK Perubahan", "tanggal": tanggal.isoformat(),
                    "berkas": f"{ctx.docs_rel}/{filename}", "sha256": "", "isi_sha256": fingerprint(new),
                    "kesepakatan_versi": a.versi, "status": "berlaku", "ditandatangani": None})
    o.status, o.isi, o.render, o.issued_now = TERBIT, new, True, True
    o.keterangan = issued_note(o.versi[-1])
    return o


def issued_note(v: dict) -> str:
    """The note of an issued PK in force (the same on every run while nothing changes)."""
    when = date_long(dt.date.fromisoformat(v["tanggal"]))
    if v["versi"] == 1:
        return f"PK terbit, tertanggal {when}"
    return f"PK Perubahan (versi {v['versi']}) terbit, tertanggal {when}; PK sebelumnya di arsip/"



def decide(a: Agreement, sub: PkForm | None, prev: dict | None, entry: Entry, ctx: Context, filename: str) -> Outcome:
    """The outcome of one OPD with an agreement in force. ``prev`` is its pk.json record of
    the last run (None: never issued), ``entry`` the secretariat's status-pk.xlsx values."""
    o = Outcome(a.kode_opd, a.nama_opd, BELUM, kesepakatan={"versi": a.versi, "entry_sha256": a.entry_sha256})
    o.versi = [dict(v) for v in (prev or {}).get("versi", [])]
    new = content(a, sub, ctx.year) if sub is not None and sub.valid else None
    tanggal = entry.tanggal or default_date(ctx.panel, ctx.year)
    problems = "; ".join(entry.problems)
    if not o.versi:
        if sub is None:
            return _set(o, BELUM, f"formulir PK belum ada di masuk/ (kirim pk/{ctx.year}/formulir/{a.kode_opd}.xlsx)")
        if new is None:
            o.isi = content(a, sub, ctx.year) if sub.readable else None
            return _set(o, GALAT, f"{sub.errors} galat di {sub.path}; perbaiki dan kirim ulang")
        if problems:
            return _set(o, DITAHAN, f"{problems}; perbaiki di status-pk.xlsx", isi=new)
        return _issue(o, new, tanggal, a, ctx, filename)
    last, old = o.versi[-1], (prev or {}).get("isi") or {}
    o.isi = old
    if new is None:
        if a.versi != old.get("kesepakatan_versi"):
            return _set(o, DITAHAN, f"kesepakatan yang berlaku berubah (versi {old.get('kesepakatan_versi')} → "
                                    f"{a.versi}); kirim formulir PK baru (lelang pk template), lalu Terbitkan Perubahan = Ya")
        note = "" if sub is None else f"; formulir baru {sub.path} ada galat, PK yang terbit tetap berlaku"
        return _set(o, TERBIT, issued_note(last) + note)
    diffs = changes(old, new)
    if tanggal.isoformat() != last["tanggal"]:
        diffs.append(f"Tanggal PK: {date_long(dt.date.fromisoformat(last['tanggal']))} → {date_long(tanggal)}")
    if fingerprint(new) == last["isi_sha256"] and tanggal.isoformat() == last["tanggal"]:
        return _set(o, TERBIT, issued_note(last) + (f"; periksa status-pk.xlsx: {problems}" if problems else ""))
    if not entry.perubahan or problems:
        why = "; ".join(diffs)
        return _set(o, DITAHAN, f"isi berubah sejak PK terbit ({why}); isi Terbitkan Perubahan = Ya untuk menerbitkan "
                                f"PK Perubahan" + (f" ({problems})" if problems else ""))
    if entry.tanggal is None or entry.tanggal.isoformat() == last["tanggal"]:
        return _set(o, DITAHAN, "PK Perubahan memerlukan tanggalnya sendiri: isi Tanggal PK yang baru di status-pk.xlsx")
    return _issue(o, new, tanggal, a, ctx, filename)


def _set(o: Outcome, status: str, keterangan: str, isi: dict | None = None) -> Outcome:
    o.status, o.keterangan = status, keterangan
    if isi is not None:
        o.isi = isi
    return o
