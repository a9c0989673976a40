"""This round's click commands, attached to ``lelang`` by :func:`register` (called at the
end of :mod:`lelang_xlsx.cli`). Thin wrappers over the round's library functions."""

from __future__ import annotations


def register(main) -> None:
    """Attach this round's command group to the ``lelang`` group (nothing yet)."""
