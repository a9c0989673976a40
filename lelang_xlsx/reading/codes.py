"""OPD codes as names on disk (LK605): a code becomes ``formulir/<KODE>.xlsx``,
``hasil/per-opd/<KODE>/``, the pact's and the deck's file names. Only codes that are
plain, portable file names are accepted; every code is compared in NFC.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CODE = 30  # characters: the longest official abbreviation is far shorter (DP3AP2KB, DPMPTSP)
_ALLOWED = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
# names Windows reserves in every folder, with or without an extension
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def nfc(text: str) -> str:
    """The code in Unicode NFC, outer spaces removed."""
    text = text.strip()
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def code_problem(code: str) -> str:
    """'' when ``code`` can name files and folders; else what is wrong, in Indonesian."""
    if len(code) > MAX_CODE:
        return f"panjangnya {len(code)} karakter"
    if not _ALLOWED.fullmatch(code):
        bad = sorted({c for c in code if not (c.isascii() and (c.isalnum() or c in "_-"))})
        if bad:
            shown = " ".join(repr(c) if c.isprintable() and not c.isspace() else f"U+{ord(c):04X}" for c in bad[:5])
            return f"berisi karakter yang tidak diizinkan ({shown})"
        return "harus diawali huruf atau angka"
    if code.upper().split(".")[0] in _RESERVED:
        return f"'{code}' adalah nama khusus sistem berkas Windows"
    return ""
