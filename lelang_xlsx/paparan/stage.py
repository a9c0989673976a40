"""The batch stage: ``hasil/paparan/<KODE>_<slug>.pptx`` for every OPD whose submission
has no errors, and ``hasil/paparan/sesi.pptx``; cached by content, written atomically,
the same inputs give the same bytes (fixed dates and zip times, embedded workbooks too)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import contract as C
from ..output.atomic import atomic_path
from ..output.retire import Retired, retire
from ..auction import Auction
from ..cache import Cache, NoCache, digest
from ..errors import OutputError
from ..documents.pact_context import clean_text, pact_filename
from ..output.zipnorm import FIXED_MODIFIED, FIXED_ZIP_TIME

PAPARAN_DIR = C.PAPARAN_DIR
SESSION_FILE = "sesi.pptx"
FIXED_DATE = dt.datetime(2000, 1, 1)
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


@dataclass
class PaparanOutcome:
    written: dict[str, Path] = field(default_factory=dict)  # kode OPD -> deck
    session: Path | None = None
    skipped: dict[str, str] = field(default_factory=dict)  # kode OPD -> reason (Indonesian)
    retired: Retired = field(default_factory=Retired)  # old decks removed, foreign .pptx archived

    @property
    def paths(self) -> list[Path]:
        return list(self.written.values()) + ([self.session] if self.session else [])


def paparan_dir(auction: Auction) -> Path:
    return auction.hasil / PAPARAN_DIR


def deck_filename(kode: str, nama: str) -> str:
    """'DINKES', 'Dinas Kesehatan' -> 'DINKES_dinas-kesehatan.pptx' (the pact's name)."""
    return str(Path(pact_filename(kode, nama)).with_suffix(".pptx"))


@functools.lru_cache(maxsize=1)
def _salt() -> str:
    """The cache salt covers the package's top-level modules only; add this subpackage."""
    h = hashlib.sha256()
    for p in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:32]


def _panel_key(panel) -> list:
    return [panel.nama_pemda, panel.tahun_awal, panel.tahun_akhir, panel.missions, panel.opds]


def _resolution_key(r) -> list:
    return [r.indicator.kode, r.status, r.tawaran_nilai, r.tawaran_tahun, r.keputusan,
            r.disepakati_nilai, r.disepakati_tahun, sorted(r.tahunan.items())]


def _deck_key(panel, sub, recs) -> str:
    return digest("paparan-opd", _salt(), _panel_key(panel), repr(sub.identity),
                  [repr(i) for i in sub.indicators], [repr(f) for f in sub.figures],
                  [_resolution_key(r) for r in recs])


def paparan_stage(auction: Auction, result, resolutions, cache: Cache | None = None, progress=None,
                  jobs: int = 1, workers=None) -> PaparanOutcome:
    """Write the decks of the ready OPDs and the session deck; drop decks of OPDs that
    are no longer ready."""
    from .session import build_session_deck

    cache = cache or NoCache()
    progress = progress or (lambda *a: None)
    panel = result.panel
    out_dir = paparan_dir(auction)
    outcome = PaparanOutcome()
    by_opd: dict[str, list] = {}
    for r in resolutions or []:
        by_opd.setdefault(r.kode_opd, []).append(r)
    seen: dict[str, int] = {}
    for sub in result.submissions:
        if sub.kode_opd:
            seen[sub.kode_opd] = seen.get(sub.kode_opd, 0) + 1
    ready = [s for s in result.valid_submissions if seen.get(s.kode_opd, 0) == 1]
    for s in result.submissions:
        if s.readable and not s.valid:
            outcome.skipped[s.kode_opd or s.path] = f"formulir masih memiliki {s.errors} galat"
    todo: list[tuple[str, object, list, Path, str]] = []
    for sub in ready:
        kode = sub.kode_opd
        recs = by_opd.get(kode, [])
        path = out_dir / deck_filename(kode, panel.opds.get(kode, sub.identity.nama_opd))
        key = _deck_key(panel, sub, recs)
        if not cache.output_fresh(path, key):
            todo.append((kode, sub, recs, path, key))
        outcome.written[kode] = path
    for i, (kode, error) in enumerate(_build_all(panel, todo, jobs, workers)):
        progress("Bahan paparan", i, len(ready) + 1)
        if error:  # odd data we did not foresee: this deck only
            outcome.skipped[kode] = f"bahan paparan tidak dapat dibuat ({error})"
            del outcome.written[kode]
    for kode, _, _, path, key in todo:
        if kode in outcome.written:
            cache.record_output(path, key)
    progress("Bahan paparan", len(ready), len(ready) + 1)
    session = out_dir / SESSION_FILE
    key = digest("paparan-sesi", _salt(), _panel_key(panel),
                 sorted((s.path, s.sha256, s.kode_opd, s.errors, s.valid) for s in result.submissions),
                 [repr(i) for s in result.valid_submissions for i in s.indicators],
                 [_resolution_key(r) + [r.kode_opd] for r in resolutions or []])
    if not cache.output_fresh(session, key):
        prs = build_session_deck(panel, result.submissions, resolutions or [])
        save(prs, session, "Bahan Sidang Tim Penilai", panel.nama_pemda)
        cache.record_output(session, key)
    outcome.session = session
    progress("Bahan paparan", len(ready) + 1, len(ready) + 1)
    # decks of OPDs no longer ready go; a .pptx the tool did not write (a speech) goes to hasil/arsip/paparan/
    outcome.retired = retire(out_dir, set(outcome.paths), pattern="*.pptx")
    return outcome


def _build_one(panel, sub, recs, path: Path) -> str:
    """Build and save one OPD's deck; '' or the name of the error that stopped it."""
    from .deck import build_opd_deck

    try:
        prs = build_opd_deck(panel, sub, recs)
    except Exception as exc:
        return exc.__class__.__name__
    save(prs, path, f"Bahan Paparan {clean_text(sub.identity.nama_opd or sub.kode_opd)}", panel.nama_pemda)
    return ""


def _build_all(panel, todo: list, jobs: int, workers=None):
    """(kode, error) per deck, in worker processes (the run's pool when given) when there
    are enough decks to pay."""
    from ..workers import borrowed

    with borrowed(workers, jobs) as workers:
        pool = workers.pool() if jobs > 1 and len(todo) >= 4 else None
        if pool is None:
            for kode, sub, recs, path, _ in todo:
                yield kode, _build_one(panel, sub, recs, path)
            return
        futures = [(kode, pool.submit(_build_one, panel, sub, recs, path)) for kode, sub, recs, path, _ in todo]
        for kode, fut in futures:
            yield kode, fut.result()


def save(prs, path: Path, title: str, author: str) -> None:
    """Save with fixed core properties, atomically, then normalise the zip."""
    props = prs.core_properties
    props.title = clean_text(title)[:250]
    props.author = clean_text(author)[:250]
    props.last_modified_by = "lelang-xlsx"
    props.created = props.modified = FIXED_DATE
    props.last_printed = FIXED_DATE
    props.revision = 1
    try:
        with atomic_path(path) as tmp:
            prs.save(str(tmp))
            normalize(tmp)
    except OSError as exc:
        raise OutputError(f"Tidak dapat menulis {path}: {exc.strerror}") from None


def _norm_zip(data: bytes) -> bytes:
    """A zip with fixed entry times and fixed core dates (the embedded chart workbooks)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            blob = zin.read(info)
            if info.filename == "docProps/core.xml":
                blob = _CORE_DATES.sub(rb"\g<1>" + FIXED_MODIFIED.encode() + rb"\g<2>", blob)
            elif info.filename.endswith(".xlsx"):
                blob = _norm_zip(blob)
            new = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o600 << 16
            zout.writestr(new, blob)
    return buf.getvalue()


def normalize(path: Path) -> None:
    path.write_bytes(_norm_zip(path.read_bytes()))
