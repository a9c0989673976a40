"""This round's finding codes, gathered into the one registry by :mod:`lelang_xlsx.rules`
(``lelang rules``, docs/rules.md). Define each with ``Rule(code, severity, title, message,
why, example, fix)`` from :mod:`lelang_xlsx.rules`."""

from __future__ import annotations

RULES: list = []
