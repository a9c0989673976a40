"""NIP (Nomor Induk Pegawai) validation.

18 digits: birth date YYYYMMDD, appointment (TMT CPNS) YYYYMM, a gender digit (1 male,
2 female) and a 3-digit sequence. Typed as a number in Excel it loses digits (15
significant digits), so a numeric cell is always invalid.
"""

from __future__ import annotations

import datetime as dt
import re


def excel_general(value: int | float) -> str:
    """A number as Excel shows it in a General cell of standard width, Indonesian
    locale: 196804111993031009 -> '1,96804E+17'; 12.5 -> '12,5'."""
    v = float(value)
    if v != 0 and (abs(v) >= 1e11 or abs(v) < 1e-9):
        mantissa, exp = f"{v:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}E{exp[0]}{int(exp[1:]):02d}".replace(".", ",")
    text = f"{v:.10g}"
    return text.replace(".", ",")


def check_nip(value: object) -> tuple[str, str | None]:
    """Return (normalised digits or text as typed, Indonesian problem or None)."""
    if value is None or value == "":
        return "", "kosong"
    if isinstance(value, bool):
        return str(value), "bukan NIP"
    if isinstance(value, (int, float)):
        return excel_general(value), "disimpan sebagai angka sehingga digit terakhir hilang (Excel hanya menyimpan 15 digit)"
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
