"""The pact stage: read the register, ask the lifecycle for a plan (agreement/lifecycle.py),
then carry it out — render, archive, record. ``lelang run`` and ``lelang pacts`` both call
:func:`pacts_stage`; nothing else writes pacts or the register.

The register is the truth: a pact file of the version in force that is missing from
``hasil/pakta/`` or differs from its recorded SHA-256 is reported (LK511) and written again
from the register's version (agreement/rebuild.py), never from the current inputs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path

from .. import contract as C
from ..auction import Auction
from ..cache import Cache, NoCache, digest
from ..checking.findings import Pos, make
from ..errors import OutputError
from . import archive, content, lifecycle, pact_job, rebuild, register
from .pact_job import PAYLOAD_SKIP, Issuing, embedded_payload, pact_key, version_core  # noqa: F401
from .pact_job import build as _build, pact_version as _pact_version

MAX_ROUND_JSON = 64 * 1024 * 1024


from .outcome import PactOutcome  # noqa: E402,F401  (defined apart: a re-run's record holds one)


def frozen_years(root: Path, years: range, today: dt.date) -> dict[str, dict[int, str]]:
    """Kode OPD -> year -> why it is frozen: evaluated (``evaluasi/<Y>/hasil/evaluasi.json``
    lists the OPD), or a past year whose yearly PK was issued (``pk/<Y>/hasil/pk.json``)."""
    out: dict[str, dict[int, str]] = {}
    for y in years:
        data = _round_json(root / "evaluasi" / str(y) / C.HASIL_DIR / "evaluasi.json")
        items = data.get("opd") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            # evaluasi.json v2 lists every OPD of the panel list: only those the round counted
            # (evaluated, or sanctioned for not reporting) are frozen, not 'ditahan'/'tanpa pakta'
            if isinstance(item, dict) and isinstance(item.get("kode"), str) and \
                    item.get("status") in ("dievaluasi", "belum mengirim"):
                out.setdefault(item["kode"], {})[y] = f"evaluasi {y} sudah menilai OPD ini"
        if y >= today.year:
            continue
        data = _round_json(root / "pk" / str(y) / C.HASIL_DIR / "pk.json")
        items = data.get("opd") if isinstance(data, dict) else None
        for kode, item in (items.items() if isinstance(items, dict) else []):
            if isinstance(item, dict) and item.get("status") == "terbit":
                out.setdefault(str(kode), {}).setdefault(y, f"Perjanjian Kinerja {y} sudah terbit dan tahunnya lewat")
    return out


def _round_json(path: Path):
    try:
        if not path.is_file() or path.stat().st_size > MAX_ROUND_JSON:
            return None
        return json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None


def _disagreement(signed: dict, recorded: dict) -> str:
    """How the register's version differs from the one the pact carries (first five)."""
    from ..output.textfmt import number

    parts = [c.text() for c in content.changes(signed, recorded)]
    for a, b in zip(signed.get("indikator") or [], recorded.get("indikator") or []):
        for year, v in (a.get("target") or {}).items():
            w = (b.get("target") or {}).get(year)
            if w != v:
                parts.append(f"{a.get('kode')} target disepakati {year}: {number(v)} → {number(w)}")
    more = f"; dan {len(parts) - 5} perbedaan lain" if len(parts) > 5 else ""
    return "; ".join(parts[:5]) + more if parts else "isi catatan berbeda"


def _cross_check(kode: str, record: dict, pact: Path, json_pos: Pos, outcome: PactOutcome) -> dict:
    """The register against the pact it says was issued: when the version the pact carries
    differs, the register was changed after issuing; the signed version wins."""
    from ..documents.pact_embed import read_embedded

    latest = register.latest(record)
    signed = read_embedded(pact)
    recorded = embedded_payload(latest)
    if not isinstance(signed, dict) or all(recorded[k] == v for k, v in signed.items() if k in recorded):
        return record  # (a field the register lacks: written before it existed, upgraded)
    restored = register.seal(dict({k: latest[k] for k in PAYLOAD_SKIP if k in latest and k != "entry_sha256"},
                                  **signed))
    outcome.findings.append(make("LK511", json_pos, detail=(
        f"Catatan {kode} di {C.KESEPAKATAN_JSON} berbeda dari pakta yang terbit "
        f"({_disagreement(signed, latest)}): yang berlaku adalah pakta, catatan dipulihkan darinya")))
    return register.make_record(kode, record["versi"][:-1] + [restored], record.get("dibuka_ulang"))


def _trusted(auction: Auction, loaded: register.Loaded, outcome: PactOutcome,
             memo: lifecycle.SameMemo | None = None) -> tuple[dict, dict]:
    """(records to trust, kode -> latest entry whose pact must be written again). A pact
    whose content digest an earlier run found carrying this very version (``memo``) is not
    opened again."""
    json_pos = Pos(f"{C.HASIL_DIR}/{C.KESEPAKATAN_JSON}")
    for kode, detail in loaded.untrusted.items():
        outcome.findings.append(make("LK511", json_pos, detail=detail))
    if loaded.untrusted and loaded.raw:  # the file as found is kept: nothing recorded is lost
        archive.archive_bytes(auction.hasil, "kesepakatan-tidak-dipercaya.json", loaded.raw, archive.stamp(None, None))
    from ..reading.files import sha256_file

    out_dir = auction.pakta.resolve()
    missing: dict[str, dict] = {}
    for kode, record in loaded.records.items():
        pakta = register.latest(record).get("pakta") or {}
        p = (auction.root / str(pakta.get("berkas", ""))).resolve()
        if not p.is_relative_to(out_dir):
            outcome.findings.append(make("LK511", json_pos, detail=f"Pakta {kode} tercatat di luar hasil/pakta/"))
            continue
        if not p.is_file() or sha256_file(p) != pakta.get("sha256"):
            what = "tidak ada lagi" if not p.is_file() else "sudah diubah"
            outcome.findings.append(make("LK511", json_pos, detail=(
                f"Pakta {kode} yang tercatat di {C.KESEPAKATAN_JSON} {what}; ditulis ulang dari catatan kesepakatan "
                f"(bukan dari formulir sekarang)")))
            missing[kode] = register.latest(record)
            continue
        agreed = _embedded_key(pakta.get("sha256"), register.latest(record))
        if memo is not None and agreed is not None and agreed in memo:
            memo.found.add(agreed)
            continue
        loaded.records[kode] = checked = _cross_check(kode, record, p, json_pos, outcome)
        if memo is not None and agreed is not None and checked is record:
            memo.found.add(agreed)
    return dict(loaded.records), missing


def _embedded_key(pact_sha, entry: dict) -> str | None:
    """The memo key of 'the pact with this content carries this register version'."""
    seal = entry.get("entry_sha256")
    return digest("embedded", pact_sha, seal) if isinstance(pact_sha, str) and isinstance(seal, str) else None


def pacts_stage(auction: Auction, result, resolutions, template: Path | None = None, pdf: bool = False,
                progress=None, cache: Cache | None = None, jobs: int = 1, sessions=None, offer_findings=None,
                offer_digests=None, now=None, workers=None, during=None) -> PactOutcome:
    """Issue, keep, lock or amend each OPD's agreement and keep the register
    ``hasil/kesepakatan.json`` + ``.xlsx`` in step with the pacts on disk.

    ``workers`` is the run's pool (lelang_xlsx/workers.py); ``during()`` runs in this
    process while the workers render (``lelang run`` writes the recap then)."""
    from ..documents.pact_context import default_template, pact_filename
    from .offers import offer_rows_digest, read_offer_workbook
    from .status_sheet import read_sessions

    run = _Run(auction, result.panel, cache or NoCache(), template or default_template(),
               (now or dt.datetime.now()).replace(microsecond=0), progress or (lambda *a: None))
    if sessions is None:
        sessions = read_sessions(read_offer_workbook(auction.penawaran))
    run.offer_digests = offer_digests if offer_digests is not None else offer_rows_digest(auction.penawaran)
    outcome = run.outcome
    loaded = register.load(auction.hasil / C.KESEPAKATAN_JSON)
    run.loaded = loaded
    memo = _same_memo(run.cache, result, run.offer_digests)
    records, missing = _trusted(auction, loaded, outcome, memo)
    world = lifecycle.World(
        result.panel, result.submissions, resolutions, offer_findings or [], sessions, records,
        lambda kode, nama: run.rel(auction.pakta / pact_filename(kode, nama)),
        frozen_years(auction.root, result.panel.years, run.now.date()), run.now.isoformat(), memo)
    plan = lifecycle.plan(world)
    run.memo = memo
    outcome.states, outcome.why = plan.states, plan.why
    outcome.findings += plan.findings
    run.execute(plan, records, missing, jobs, workers, during, pdf)
    _keep_memo(run.cache, memo)
    for kode, state in plan.states.items():
        if kode not in outcome.written and state.reason:
            outcome.skipped[kode] = state.reason
    return outcome


SAME_BLOB = "lifecycle-same"
_RECORD_KEYS = {"kode_opd", "versi", "dibuka_ulang", "entry_sha256"}  # what register.make_record writes


def _same_memo(cache: Cache, result, offer_digests: dict) -> lifecycle.SameMemo | None:
    """The comparisons an earlier run found equal (lifecycle.SameMemo), from the run's cache."""
    if not cache.enabled:
        return None
    known = cache.get_blob(digest(SAME_BLOB))
    panel = digest(repr(dataclasses.replace(result.panel, findings=[])), repr(getattr(result, "limits", None)))

    def key(kode: str, latest: dict, sub, date) -> str | None:
        seal, rows = latest.get("entry_sha256"), offer_digests.get(kode)
        if not (isinstance(seal, str) and rows and sub.sha256):
            return None
        return digest("same", panel, kode, seal, sub.sha256, sub.path, rows, date.isoformat() if date else None)

    return lifecycle.SameMemo(known if isinstance(known, set) else set(), key)


def _keep_memo(cache: Cache, memo: lifecycle.SameMemo | None) -> None:
    if memo is None:
        return
    if memo.found != memo.known:
        cache.put_blob(digest(SAME_BLOB), memo.found)
    else:
        cache.keep_blobs([digest(SAME_BLOB)])


class _Run:
    """Carries out one plan: every file written here."""

    def __init__(self, auction: Auction, panel, cache: Cache, template: Path, now: dt.datetime, progress):
        self.auction, self.panel, self.cache, self.template, self.now = auction, panel, cache, template, now
        self.progress = progress
        self.outcome = PactOutcome()
        self.offer_digests: dict[str, str] = {}
        self.keep: set[Path] = set()
        self.cores: dict[str, dict] = {}  # kode -> the version entry of a pact to issue, before its file exists
        self.loaded: register.Loaded | None = None  # the register as read by this run
        self.memo: lifecycle.SameMemo | None = None

    def rel(self, p: Path) -> str:
        return p.relative_to(self.auction.root).as_posix()

    def execute(self, plan: lifecycle.Plan, records: dict, missing: dict, jobs, workers, during, pdf: bool) -> None:
        out = self.outcome
        for kode, entry in list(plan.keep.items()) + list(plan.locked.items()):
            pakta = entry.get("pakta") or {}
            docx = self.auction.root / pakta["berkas"]
            out.written[kode] = docx
            self.keep.add(docx)
            if pakta.get("pdf") and (self.auction.root / pakta["pdf"]).is_file() and kode not in missing:
                out.pdfs[kode] = self.auction.root / pakta["pdf"]
                self.keep.add(out.pdfs[kode])
        superseded = {kode: self._archive_previous(kode, iss.previous) for kode, iss in plan.issue.items()
                      if iss.previous is not None}
        todo, keys, previous = self._render_list(plan, missing)
        self._render(todo, keys, jobs, workers, during)
        self._adopted(previous, keys)
        if pdf:
            self._pdfs(plan, missing)
        new_records = self._records(plan, records, missing, superseded, previous, keys)
        try:
            done = register.write(self.auction.hasil, self.panel, new_records, loaded=self.loaded)
        except OSError as exc:
            raise OutputError(f"Tidak dapat menulis {self.auction.hasil / C.KESEPAKATAN_JSON}: {exc.strerror}") from None
        if done == "xlsx disunting":
            self.outcome.findings.append(make("LK511", Pos(f"{C.HASIL_DIR}/{C.KESEPAKATAN_XLSX}"), detail=(
                f"{C.KESEPAKATAN_XLSX} berbeda dari yang ditulis pemroses bersama {C.KESEPAKATAN_JSON}; "
                f"ditulis ulang dari {C.KESEPAKATAN_JSON}")))
        self._stray()

    def _archive_previous(self, kode: str, entry: dict) -> dict:
        """The superseded version's pact (and PDF) to hasil/arsip/; its entry points there."""
        pakta = dict(entry.get("pakta") or {})
        docx = self.auction.root / pakta.get("berkas", "")
        when = archive.stamp(entry.get("diterbitkan"), docx)
        moved = archive.archive_file(self.auction.hasil, docx, when)
        if moved is not None:
            pakta["berkas"] = self.rel(moved)
        if pakta.get("pdf"):
            moved_pdf = archive.archive_file(self.auction.hasil, self.auction.root / pakta["pdf"], when)
            if moved_pdf is not None:
                pakta["pdf"] = self.rel(moved_pdf)
        self.outcome.superseded[kode] = self.auction.root / pakta["berkas"]
        return register.seal(dict(entry, pakta=pakta))

    def _render_list(self, plan: lifecycle.Plan, missing: dict):
        """(todo, keys, previous): what to render, its cache keys, pacts on disk before."""
        from ..documents.pact_context import build_context, pact_filename
        from ..reading.files import sha256_file

        todo: list = []
        keys: dict[Path, str] = {}
        previous: dict[Path, tuple[bytes, int]] = {}
        template_sha = sha256_file(self.template)
        plain_panel = repr(dataclasses.replace(self.panel, findings=[]))
        jobs = [(kode, iss.sub, iss.recs, iss.version) for kode, iss in plan.issue.items()]
        for kode, entry in missing.items():
            if kode in plan.keep or kode in plan.locked:  # written again from the register's version
                sub, recs = rebuild.inputs_of(entry, self.panel.tahun_akhir)
                v, mulai, alasan = register.version_of(entry, self.panel.tahun_awal)
                date = rebuild.pact_date(entry, None)
                jobs.append((kode, sub, recs, register.VersionInfo(v, mulai, alasan, date.isoformat() if date else None)))
                self.outcome.rebuilt.append(kode)
        for kode, sub, recs, version in jobs:
            rebuilt = kode in self.outcome.rebuilt
            path = (self.auction.root / missing[kode]["pakta"]["berkas"] if rebuilt else
                    self.auction.pakta / pact_filename(kode, self.panel.opds.get(kode, sub.identity.nama_opd)))
            self.outcome.written[kode] = path
            self.keep.add(path)
            slim = dataclasses.replace(sub, figures=[], findings=[])
            if not rebuilt and not path.is_file():  # nothing on disk to compare: all of it done by the worker
                todo.append((None, path, Issuing(kode, self.panel, slim, recs, version, self._issue(kode, sub),
                                                 template_sha, plain_panel)))
                keys[path] = ""  # the worker's key (pact_job.run)
                continue
            if not rebuilt:
                self.cores[kode] = self._core(kode, plan.issue[kode])
            payload = embedded_payload(missing[kode] if rebuilt else self.cores[kode])
            info = _pact_version(version)
            key = pact_key(template_sha, plain_panel, sub, recs, info, payload)
            if self.cache.output_fresh(path, key) and not rebuilt:
                continue
            if path.is_file():
                previous[path] = (path.read_bytes(), path.stat().st_mtime_ns)
            todo.append(((_build, (build_context, self.panel, slim, recs, info)), path, payload))
            keys[path] = key
        return todo, keys, previous

    def _render(self, todo, keys, jobs, workers, during) -> None:
        from ..documents.pact_context import default_template
        from ..pipeline import _render_all

        if todo:
            if self.template != default_template():
                from ..documents.pacts import PactRenderer

                PactRenderer(self.template)  # a broken template stops here, before any worker starts
            try:
                self.auction.pakta.mkdir(parents=True, exist_ok=True)
                done = _render_all(self.template, todo, jobs, self.progress, workers=workers, during=during,
                                   task=pact_job.run)
            except OSError as exc:
                raise OutputError(f"Tidak dapat menulis pakta di {self.auction.pakta}: {exc.strerror}") from None
            for (_, path, job), back in zip(todo, done):
                if isinstance(job, Issuing):  # built by the worker: the version entry and the cache key
                    self.cores[job.kode], keys[path] = back
            for path, key in keys.items():
                self.cache.record_output(path, key)
        elif during is not None:
            during()
        self.progress("pakta", len(todo), len(todo))

    def _adopted(self, previous: dict, keys: dict) -> None:
        """A pact already on disk rendered again to the same bytes keeps its own date;
        one that differs goes to the archive (never overwritten silently)."""
        for path, (old, mtime) in previous.items():
            if path.read_bytes() == old:
                os.utime(path, ns=(mtime, mtime))
                continue
            archive.archive_bytes(self.auction.hasil, path.name, old, archive.stamp(None, None))

    def _pdfs(self, plan: lifecycle.Plan, missing: dict) -> None:
        want = [p for k, p in self.outcome.written.items()
                if k in plan.issue or k in missing or (k in plan.keep and k not in self.outcome.pdfs)]
        if not want:
            return
        from ..documents.pdf import convert_to_pdf

        made = set(convert_to_pdf(want, self.auction.pakta))
        for kode, docx in self.outcome.written.items():
            p = docx.with_suffix(".pdf")
            if p in made:
                self.outcome.pdfs[kode] = p
        self.keep.update(self.outcome.pdfs.values())

    def _records(self, plan, records, missing, superseded, previous, keys) -> dict[str, dict]:
        from ..reading.files import sha256_file

        out: dict[str, dict] = {}
        for kode, record in records.items():
            versions = list(record["versi"])
            latest = versions[-1]
            if kode in plan.signed:
                latest = dict(latest, ditandatangani=plan.signed[kode])
            docx, pdf_path = self.outcome.written.get(kode), self.outcome.pdfs.get(kode)
            if kode in missing and docx is not None and docx.is_file():
                latest = dict(latest, pakta=_pakta(self, docx, None, latest.get("pakta")))
            if pdf_path is not None and (latest.get("pakta") or {}).get("pdf_sha256") != sha256_file(pdf_path):
                latest = dict(latest, pakta=dict(latest["pakta"], pdf=self.rel(pdf_path), pdf_sha256=sha256_file(pdf_path)))
            if latest is not versions[-1]:
                versions[-1] = register.seal(latest)
            reopened = plan.reopened.get(kode, record.get("dibuka_ulang")) if kode in plan.reopened \
                else record.get("dibuka_ulang")
            if latest is record["versi"][-1] and reopened == record.get("dibuka_ulang") \
                    and record.get("entry_sha256") is not None and set(record) <= _RECORD_KEYS:
                out[kode] = record  # as loaded (its seal checked): not sealed again
                continue
            out[kode] = register.make_record(kode, versions, reopened)
        for kode, iss in plan.issue.items():
            entry = self._entry(kode, iss, previous, keys)
            self._issued_same(kode, iss, entry, self.outcome.written[kode] in keys)
            if iss.previous is not None:
                versions = list(records[kode]["versi"])
                versions[-1] = superseded[kode]
                out[kode] = register.make_record(kode, versions + [entry])
                self.outcome.amended[kode] = iss.why
            else:
                out[kode] = register.make_record(kode, [entry])
        return out

    def _issued_same(self, kode: str, iss: lifecycle.Issuance, entry: dict, rendered: bool) -> None:
        """A version issued now is what its own inputs give: the next run's comparison of it
        with the same inputs is known equal (the entry is built from them, and what an
        amendment changes, the agreed path, is not compared: agreement/content.py); a pact
        rendered now carries this version (its payload is the entry's)."""
        if self.memo is None:
            return
        date = dt.date.fromisoformat(iss.version.tanggal) if iss.version.tanggal else None
        for key in (self.memo.key(kode, entry, iss.sub, date),
                    _embedded_key((entry.get("pakta") or {}).get("sha256"), entry) if rendered else None):
            if key is not None:
                self.memo.found.add(key)

    def _issue(self, kode: str, sub) -> register.Issue:
        """What the version entry of a pact issued now records about its files, before they exist."""
        return register.Issue(
            formulir=f"{C.MASUK_DIR}/{sub.path}", formulir_sha256=sub.sha256,
            penawaran_sha256=self.offer_digests.get(kode, ""), pakta="", pakta_sha256="",
            diterbitkan=self.now.isoformat())

    def _core(self, kode: str, iss: lifecycle.Issuance) -> dict:
        """The version entry of a pact to issue, without what its file adds (hash, PDF)."""
        return version_core(self.panel, iss.sub, iss.recs, self._issue(kode, iss.sub), iss.version)

    def _entry(self, kode: str, iss: lifecycle.Issuance, previous: dict, keys: dict) -> dict:
        from ..reading.files import sha256_file

        docx = self.outcome.written[kode]
        pdf_path = self.outcome.pdfs.get(kode)
        entry = dict(self.cores.get(kode) or self._core(kode, iss))
        same = docx in previous and docx.read_bytes() == previous[docx][0]
        if same or docx not in keys:  # an existing pact adopted as issued: its own date
            entry["diterbitkan"] = dt.datetime.fromtimestamp(docx.stat().st_mtime).replace(microsecond=0).isoformat()
            self.outcome.adopted.append(kode)
        else:
            self.outcome.new.append(kode)
        pakta = {"berkas": self.rel(docx), "sha256": sha256_file(docx)}
        if pdf_path:
            pakta.update(pdf=self.rel(pdf_path), pdf_sha256=sha256_file(pdf_path))
        entry["pakta"] = pakta
        return register.seal(entry)

    def _stray(self) -> None:
        """Anything else in hasil/pakta/ is not an issued pact: archived, never deleted."""
        out_dir = self.auction.pakta
        if not out_dir.is_dir():
            return
        for p in sorted(out_dir.iterdir()):
            if p.is_file() and p not in self.keep:
                moved = archive.archive_file(self.auction.hasil, p, archive.stamp(None, p))
                kode = p.name.split("_")[0]
                if p.suffix == ".docx" and moved is not None and kode not in self.outcome.withdrawn:
                    self.outcome.withdrawn[kode] = (moved, "tidak tercatat di kesepakatan.json sebagai pakta yang terbit")


def _pakta(run: _Run, docx: Path, pdf_path: Path | None, old: dict | None) -> dict:
    from ..reading.files import sha256_file

    pakta = dict(old or {}, berkas=run.rel(docx), sha256=sha256_file(docx))
    if pdf_path is None:
        pakta.pop("pdf", None)
        pakta.pop("pdf_sha256", None)
    return pakta
