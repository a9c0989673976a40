"""NIP (Nomor Induk Pegawai) validation.

18 digits: birth date YYYYMMDD, appointment (TMT CPNS) YYYYMM, a gender digit (1 male,
2 female) and a 3-digit sequence. Typed as a number in Excel it loses digits (15
significant digits), so a numeric cell is always invalid.
"""

from __future__ import annotations

import datetime as dt
import re


def check_nip(value: object) -> tuple[str, str | None]:
    """Return (normalised digits or text as typed, Indonesian problem or None)."""
    if value is None or value == "":
        return "", "kosong"
    if isinstance(value, bool):
        return str(value), "bukan NIP"
    if isinstance(value, (int, float)):
        shown = f"{value:.15g}" if isinstance(value, float) else str(value)
        return shown, "disimpan sebagai angka sehingga digit terakhir hilang (Excel hanya menyimpan 15 digit)"
    text = str(value).strip().lstrip("'")
    digits = re.sub(r"[\s.\-]+", "", text)
    if not digits.isdigit():
        return text, "harus berisi angka saja"
    if len(digits) != 18:
        return text, f"berisi {len(digits)} digit, seharusnya 18"
    try:
        birth = dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return digits, f"tanggal lahir {digits[0:8]} tidak ada"
    year, month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= month <= 12 or year < 1900:
        return digits, f"TMT CPNS {digits[8:14]} bukan bulan yang ada"
    if (year, month) <= (birth.year, birth.month):
        return digits, "TMT CPNS tidak boleh sebelum tanggal lahir"
    if digits[14] not in "12":
        return digits, f"digit jenis kelamin '{digits[14]}' harus 1 (laki-laki) atau 2 (perempuan)"
    today = dt.date.today()
    if birth > today or (year, month) > (today.year + 1, 12):
        return digits, "tanggal lahir atau TMT CPNS di masa depan"
    return digits, None
