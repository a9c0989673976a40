"""Indonesian presentation of numbers, dates, NIPs and file-name slugs."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)


def number(value: float | int | None, decimals: int | None = None, empty: str = "–") -> str:
    """1234.5 -> '1.234,5'; 12.0 -> '12'; None -> '–'.

    Without ``decimals``, up to four decimals are shown and trailing zeros dropped.
    """
    if value is None:
        return empty
    v = float(value)
    if not math.isfinite(v) or abs(v) >= 1e15:  # beyond 15 digits (Excel's precision): 1E+308, not 309 digits
        return f"{v:.6G}".replace(".", ",").replace("INF", "∞")
    if decimals is None:
        text = f"{v:,.4f}".rstrip("0").rstrip(".")
    else:
        text = f"{v:,.{decimals}f}"
    if text in ("-0", "-0.0"):
        text = "0"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    return f"{number(value, decimals)}%"


def date_long(value: dt.date | None) -> str:
    """date(2018, 12, 8) -> '8 Desember 2018'."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def datetime_long(value: str | dt.datetime | None) -> str:
    """'2026-12-07T17:36:24' -> '7 Desember 2026 pukul 17.36' (for people; files keep ISO).
    Text that is not an ISO time stays as it is."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.datetime):
        try:
            value = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
    return f"{date_long(value.date())} pukul {value:%H.%M}"


def nip_spaced(nip: str) -> str:
    """'196804111993031009' -> '19680411 199303 1 009'; anything else unchanged."""
    digits = re.sub(r"\s+", "", nip or "")
    if len(digits) == 18 and digits.isdigit():
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return nip or ""


def slug(text: str, max_len: int = 60) -> str:
    """A readable ASCII file-name part: 'Dinas Kesehatan & KB' -> 'dinas-kesehatan-kb'."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-zA-Z0-9]+", "-", ascii_text).strip("-").lower()
    return s[:max_len].strip("-") or "opd"
