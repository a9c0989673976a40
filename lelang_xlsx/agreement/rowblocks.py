"""Per-OPD blocks of sheet rows for the agreement's own workbooks (penawaran.xlsx, the
register), rendered column by column with the shared raw-XML writer
(:class:`lelang_xlsx.output.xlsxbulk.Column`) and cached across runs.

A cached block holds style indices, so it is reusable only when every index in it is
one the writer registers first, in a fixed order, on every run (:func:`prime`): a block
that needed a format registered later (a date, a boolean, a percent offer typed by the
panel) depends on the other blocks of its run and is rendered again each time
(:meth:`Blocks.put` leaves it out). Rows carry no ``r`` attribute, so a block does not
depend on where it lands in the sheet.
"""

from __future__ import annotations

import re

from ..cache import digest

_S = re.compile(rb' s="(\d+)"')
# One value per number of decimals (0-4): their formats are registered up front.
_DECIMALS = (1.0, 1.5, 1.25, 1.125, 1.0625)


def prime(column) -> None:
    """Register a column's formats now: text, blank, and each number of decimals."""
    for v in _DECIMALS:
        column.one(v)


def registered(workbook) -> int:
    """How many formats carry an index so far (the fixed prefix once every column is primed)."""
    return len(workbook.xf_format_indices)


def fits(block: bytes, fixed: int) -> bool:
    """True when every style index in ``block`` is one of the first ``fixed`` (reusable)."""
    return max((int(m) for m in _S.findall(block)), default=0) <= fixed


class Blocks:
    """Row blocks of one sheet in the run's cache (``store``: ``get_blob``/``put_blob``)."""

    def __init__(self, store, kind: str, fixed: int):
        self.store = store
        self.kind = kind
        self.fixed = fixed

    def key(self, content: str) -> str | None:
        return digest(self.kind, self.fixed, content) if self.store is not None else None

    def get(self, key: str | None) -> bytes | None:
        if key is None:
            return None
        data = self.store.get_blob(key)
        return data if isinstance(data, bytes) else None

    def put(self, key: str | None, block: bytes) -> None:
        if key is None:
            return
        if fits(block, self.fixed):
            self.store.put_blob(key, block)
