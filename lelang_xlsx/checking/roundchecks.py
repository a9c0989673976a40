"""What the meaning checks of the yearly rounds share (evaluasi/checks.py, pk/checks.py,
pantau/checks.py): the agreement in force a returned form belongs to (one finding when the
form was made for another OPD or the OPD has no agreement in force), where an Identitas
value stands, and the comparisons of text and numbers against the register."""

from __future__ import annotations

import math

from .. import contract as C
from ..agreement.agreed import Agreement, Register
from ..reading.tables import show
from .findings import Pos, make


def identity_at(sub, key: str) -> Pos:
    """The cell of an Identitas value (its row as read; the sheet when the row is unknown)."""
    r = sub.identity_rows.get(key)
    return Pos(sub.path).at(C.SHEET_IDENTITAS, r, 2 if r else None)


def same_text(a: str, b: str) -> bool:
    """Equal as the contract matches text: case, accents and runs of spaces aside."""
    return " ".join(C.norm(a).split()) == " ".join(C.norm(b).split())


def same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def form_agreement(sub, marked_opd: str, register: Register, year: int, marker_code: str,
                   unknown_code: str) -> Agreement | None:
    """The agreement in force for ``year`` of the OPD a readable round form names; None
    (nothing more to check) when the form is not one, names no OPD (LK201 already), was
    made for another OPD (``marker_code``) or the OPD has no agreement in force
    (``unknown_code``)."""
    if not sub.readable or not sub.is_form:
        return None
    kode = sub.identity.kode_opd
    if not kode:
        return None  # LK201 already
    if marked_opd and C.norm(marked_opd) != C.norm(kode):
        sub.findings.append(make(marker_code, identity_at(sub, "kode_opd"), year=year,
                                 detail=f"Formulir ini dibuat untuk OPD {show(marked_opd)}, tetapi Kode OPD berisi "
                                        f"'{show(kode)}'"))
        return None
    agreement = register.in_force(kode, year)
    if agreement is None:
        sub.findings.append(make(unknown_code, identity_at(sub, "kode_opd"), value=show(kode), year=year))
    return agreement
