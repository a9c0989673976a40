"""Text from a workbook, made safe to show: in the terminal (literal, nothing in it can move
the cursor, set a window title or be read as rich markup) and in the documents and file
names the tool writes (bidi and zero-width controls neutralised).

One place for both, used by every print path (``summary.py``, ``evaluasi/summary.py``,
the finding lines and messages of ``cli.py``, the progress bar) and by the checks that
flag such characters at their cell (LK109).
"""

from __future__ import annotations

import json
import re

# Invisible characters that change how the text around them is shown: bidi embeddings,
# overrides and isolates (U+202A–U+202E, U+2066–U+2069), directional marks (U+200E/F,
# U+061C), zero-width space, word joiner and invisible operators, the BOM and the
# Mongolian vowel separator. ZWJ/ZWNJ (U+200C/D) are left alone: emoji and several
# scripts need them.
INVISIBLE = re.compile("[\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# What must never reach a terminal as it is: C0 controls except newline and tab, DEL, C1
# controls (ESC starts ANSI/OSC sequences, NUL ends strings in C programs), the
# invisible characters above and lone surrogates.
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
                       "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]")


def _visible(m: re.Match) -> str:
    o = ord(m.group())
    return f"\\x{o:02x}" if o < 0x100 else f"<U+{o:04X}>"


def literal(value: object) -> str:
    """The text as it must be printed: every control or invisible character written out
    (``\\x1b``, ``<U+202E>``), so what the terminal shows is what the cell holds. Rich
    markup is not interpreted by the caller (``Text``/``markup=False``), so ``[/]`` and
    ``[revisi]`` print as they are."""
    text = "" if value is None else str(value)
    if text.isprintable() or not _TERMINAL.search(text):
        return text
    return _TERMINAL.sub(_visible, text)


def neutral(value: object) -> str:
    """The text without bidi and zero-width controls: a pact, a deck or a file name shows
    the characters in the order they were typed ("gnp.exe" stays "gnp.exe")."""
    text = "" if value is None else str(value)
    return INVISIBLE.sub("", text) if not text.isprintable() else text


def invisible_chars(value: object) -> list[str]:
    """The invisible controls a text holds, as ``U+XXXX`` (for LK109's message)."""
    text = value if isinstance(value, str) else ""
    if text.isprintable():
        return []
    return sorted({f"U+{ord(c):04X}" for c in INVISIBLE.findall(text)})


def echo(message: object = "", **kwargs) -> None:
    """``click.echo`` of a message that may hold workbook text, shown literally."""
    import click  # the CLI's: the library never imports click

    click.echo(literal(message), **kwargs)


def secho(message: object = "", **kwargs) -> None:
    """``click.secho`` of a message that may hold workbook text, shown literally."""
    import click

    click.secho(literal(message), **kwargs)


_JSON_ESCAPE = re.compile("[\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]")


def json_text(obj: object, indent: int = 2) -> str:
    """JSON for the terminal: readable non-ASCII text, but controls and invisible
    characters as ``\\uXXXX`` escapes (the same value, nothing the terminal acts on)."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    return _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
