"""One pact's work, done where it is rendered (a worker process of the run).

A pact issued now whose file is not on disk yet (a cold run, a new OPD) needs nothing
from the main process but its inputs: the worker builds its register version entry (the
content-lock fingerprints included), what the pact carries of it, its cache key and its
context, renders it, and sends the entry and the key back. The main process then seals
the entry with the file's hash (agreement/stage.py). A pact whose file exists is compared
with the cache first, so its entry and key are made in the main process, by the same
functions.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import NamedTuple

from ..cache import digest
from . import content, register

PAYLOAD_SKIP = ("pakta", "entry_sha256", "ditandatangani", "diterbitkan")


def embedded_payload(entry: dict) -> dict:
    """What a pact carries of its register version (documents/pact_embed.py): everything
    it was built from; not what is known only after it is written (its own hash, the
    date it was issued or signed)."""
    return {k: v for k, v in entry.items() if k not in PAYLOAD_SKIP}


def version_core(panel, sub, recs, issue: register.Issue, version: register.VersionInfo) -> dict:
    """The version entry of a pact to issue, without what its file adds (hash, PDF)."""
    entry = register.build_entry(panel, sub, recs, issue, version)
    entry["pengaturan"] = content.printed_settings(panel, entry["tanggal"])
    entry["sidik"] = content.fingerprints(entry)
    return entry


def pact_version(version: register.VersionInfo):
    from ..documents.pact_context import PactVersionInfo

    date = dt.date.fromisoformat(version.tanggal) if version.tanggal else None
    return PactVersionInfo(version.versi, version.berlaku_mulai if version.versi > 1 else None,
                           version.alasan if version.versi > 1 else "", date)


def pact_key(template_sha: str, plain_panel: str, sub, recs, info, payload: dict) -> str:
    """The cache key of a pact: the template, the panel, the OPD's rows, the version."""
    return digest("pact", template_sha, plain_panel, repr(sub.identity), repr(sub.indicators), repr(recs),
                  repr(info), json.dumps(payload, sort_keys=True))


def build(build_context, panel, sub, recs, info):
    """Worker side: the pact's context (per-OPD work, next to the renderer)."""
    return build_context(panel, sub, recs, version=info)


class Issuing(NamedTuple):
    """What a worker needs to issue one pact (the ``embed`` of its item, see :func:`run`)."""

    kode: str
    panel: object
    sub: object  # the submission without its figures and findings
    recs: list
    version: register.VersionInfo
    issue: register.Issue
    template_sha: str
    plain_panel: str


def run(spec: tuple, context, path, embed=None):
    """Worker entry of the pact stage (pipeline._render_all's ``task``): a pact issued
    here (``embed`` an :class:`Issuing`) gives ``(entry, key)``; any other item is
    rendered as given and gives ``None``."""
    from ..pipeline import _render_one

    if not isinstance(embed, Issuing):
        _render_one(spec, context, path, embed)
        return None
    from ..documents.pact_context import build_context

    job = embed
    entry = version_core(job.panel, job.sub, job.recs, job.issue, job.version)
    payload = embedded_payload(entry)
    info = pact_version(job.version)
    _render_one(spec, build_context(job.panel, job.sub, job.recs, version=info), path, payload)
    return entry, pact_key(job.template_sha, job.plain_panel, job.sub, job.recs, info, payload)
