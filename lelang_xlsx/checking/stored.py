"""A check result as the cache keeps it (``hasil/.cache/checks/<key>.pickle``).

The file holds the checked submission without its supporting figures, then the figures,
each part with its SHA-256 in a fixed header. A re-run reads the small part of every
unchanged form (its findings, identity, indicators); the figures — four fifths of the
bytes and of the unpickling time of a form with 600 of them — are read from the file
only when a stage asks for them (the recap block or the pact of an OPD whose output must
be made again). A file of the wrong size or whose small part does not match its digest
is no result at all (the form is checked again); figures that no longer match their
digest when asked for are never used: the form is read again, after its content is found
to be the one the run checked (its SHA-256).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import struct
from pathlib import Path

from ..model import Submission

MAGIC = b"LKC2"
HEAD = struct.Struct(">4sQQ32s32s")  # magic, length of the small part, of the figures, their SHA-256


def pack(sub: Submission) -> bytes:
    """The stored form of a checked submission (made in the worker that checked it)."""
    figures = sub.figures
    sub.figures = []
    try:
        light = pickle.dumps(sub, protocol=5)
    finally:
        sub.figures = figures
    figs = pickle.dumps(figures, protocol=5)
    return HEAD.pack(MAGIC, len(light), len(figs), hashlib.sha256(light).digest(),
                     hashlib.sha256(figs).digest()) + light + figs


def unpack(blob: bytes) -> Submission:
    """The whole submission from :func:`pack`'s bytes (a result just made by a worker)."""
    _, n_light, n_figs, _, _ = HEAD.unpack_from(blob)
    view = memoryview(blob)
    sub = pickle.loads(view[HEAD.size:HEAD.size + n_light])
    sub.figures = pickle.loads(view[HEAD.size + n_light:HEAD.size + n_light + n_figs])
    return sub


@dataclasses.dataclass(frozen=True)
class Source:
    """Where a stored result's figures are, and the form to read again if they are damaged."""

    path: Path  # the cache file
    offset: int
    length: int
    sha256: bytes
    recheck: object  # () -> Submission: the form checked again (its content verified)


def load(path: Path, recheck) -> Submission | None:
    """The stored result at ``path`` with its figures left in the file; None when there is
    none or it is damaged (then the form is checked again)."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(HEAD.size)
            magic, n_light, n_figs, sha_light, sha_figs = HEAD.unpack(head)
            if magic != MAGIC or size != HEAD.size + n_light + n_figs:
                return None
            light = fh.read(n_light)
        if hashlib.sha256(light).digest() != sha_light:
            return None
        sub = pickle.loads(light)
    except Exception:  # missing, cut, overwritten, another layout
        return None
    if type(sub) is not Submission:
        return None
    stored = StoredSubmission.__new__(StoredSubmission)
    state = dict(sub.__dict__)
    del state["figures"]
    stored.__dict__.update(state)
    stored.__dict__["_stored"] = Source(path, HEAD.size + n_light, n_figs, sha_figs, recheck)
    return stored


def _read_figures(src: Source) -> list | None:
    try:
        with open(src.path, "rb") as fh:
            fh.seek(src.offset)
            data = fh.read(src.length)
        if len(data) != src.length or hashlib.sha256(data).digest() != src.sha256:
            return None
        figures = pickle.loads(data)
    except Exception:
        return None
    return figures if isinstance(figures, list) else None


class StoredSubmission(Submission):
    """A cached check result whose ``figures`` are read when first asked for. Everything
    else is a :class:`Submission`'s: it compares equal to the plain one and pickles as it
    (the figures read first)."""

    def __getattr__(self, name: str):  # only for what the instance does not hold: the figures
        if name != "figures" or "_stored" not in self.__dict__:
            raise AttributeError(name)
        src = self.__dict__["_stored"]
        figures = _read_figures(src)
        if figures is None:  # damaged since the check stage read the rest: the form again
            figures = src.recheck().figures
        self.__dict__["figures"] = figures
        del self.__dict__["_stored"]
        return figures

    def __eq__(self, other):
        if not isinstance(other, Submission):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in dataclasses.fields(Submission))

    __hash__ = None

    def __reduce_ex__(self, protocol):
        return plain, (plain_state(self),)


def plain_state(sub: Submission) -> dict:
    sub.figures  # noqa: B018  (read from the cache file when not yet)
    return {k: v for k, v in sub.__dict__.items() if k != "_stored"}


def plain(state: dict) -> Submission:
    sub = Submission.__new__(Submission)
    sub.__dict__.update(state)
    return sub
