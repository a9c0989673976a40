"""Findings and positions.

A :class:`Finding` is plain data. Checks never format positions themselves: they ask
:func:`cell_ref` / :class:`Pos` for one, and :func:`make` for a finding, so every
finding carries the same fields in the same shape.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from .. import rules
from ..contract import FORM_ERRORS, OPD_SHEETS


def col_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def cell_ref(row: int | None, col: int | None) -> str:
    if row is None:
        return ""
    if col is None:
        return str(row)
    return f"{col_letter(col)}{row}"


def range_ref(r1: int, c1: int, r2: int, c2: int) -> str:
    """(2, 5, 3, 5) -> 'E2:E3'."""
    return f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}"


@dataclass(frozen=True)
class Pos:
    """Where a finding points: a file, optionally a sheet, optionally a cell."""

    file: str
    sheet: str = ""
    row: int | None = None
    col: int | None = None
    kode_opd: str = ""  # the OPD the finding is about, when the file is not one OPD's (penawaran.xlsx)

    @property
    def cell(self) -> str:
        return cell_ref(self.row, self.col)

    def at(self, sheet: str, row: int | None = None, col: int | None = None) -> "Pos":
        return Pos(self.file, sheet, row, col, self.kode_opd)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    file: str
    sheet: str
    cell: str
    message: str
    row: int | None = None
    col: int | None = None
    kode_opd: str = ""  # set by findings in shared files (offers, panel); an OPD's own file gives it in the report

    @property
    def is_error(self) -> bool:
        return self.severity == rules.ERROR

    def location(self) -> str:
        where = self.file
        if self.sheet:
            where += f":{self.sheet}"
            if self.cell:
                where += f"!{self.cell}"
        return where

    @property
    def severity_name(self) -> str:
        """'galat' or 'peringatan'."""
        return rules.SEVERITY_NAMES[self.severity]

    def line(self) -> str:
        """``path:Sheet!Cell: CODE galat|peringatan message``"""
        return f"{self.location()}: {self.code} {self.severity_name} {self.message}"

    def as_dict(self) -> dict:
        d = asdict(self)
        d["title"] = rules.get(self.code).title
        return d


def make(code: str, pos: Pos, **params: object) -> Finding:
    rule = rules.get(code)
    return Finding(
        code=code,
        severity=rule.severity,
        file=pos.file,
        sheet=pos.sheet,
        cell=pos.cell,
        message=rule.render(**params),
        row=pos.row,
        col=pos.col,
        kode_opd=pos.kode_opd,
    )


def lift_merged(findings: list[Finding], merged: dict[str, list[tuple[int, int, int, int]]]) -> list[Finding]:
    """Findings that land inside a merged range, moved to its visible top-left cell.

    A cell under a merge cannot be seen or highlighted; the message keeps the real cell
    so the operator knows what to fill after unmerging.
    """
    if not merged:
        return findings
    out = []
    for f in findings:
        for r1, c1, r2, c2 in merged.get(f.sheet, ()):
            if f.row and f.col and r1 <= f.row <= r2 and c1 <= f.col <= c2 and (f.row, f.col) != (r1, c1):
                where = (f" Sel {f.cell} tertutup sel gabungan {range_ref(r1, c1, r2, c2)}: pisahkan dulu (Unmerge), "
                         f"lalu isi {f.cell}.")
                f = replace(f, row=r1, col=c1, cell=cell_ref(r1, c1), message=f.message + where)
                break
        out.append(f)
    return out


# Sheets of the OPD workbook in the order the operator meets them; other sheets after, by name.
_SHEET_ORDER = {name: i for i, name in enumerate(OPD_SHEETS)}


def sort_key(f: Finding) -> tuple:
    """Per file, in workbook order: the file itself, Identitas, Indikator, Data Pendukung,
    then by row and column."""
    rank = -1 if not f.sheet else _SHEET_ORDER.get(f.sheet, len(_SHEET_ORDER))
    return (f.file, rank, f.sheet, f.row or 0, f.col or 0, f.code)


class FindingCounts:
    """``errors`` and ``warnings`` of anything holding ``findings`` (a file, a report, a submission)."""

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(not f.is_error for f in self.findings)


@dataclass
class FileStatus(FindingCounts):
    """Per-file outcome, the unit of the report and the manifest."""

    file: str
    kode_opd: str = ""
    nama_opd: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.errors:
            return FORM_ERRORS
        if self.warnings:
            return "valid dengan peringatan"
        return "valid"


@dataclass
class Report(FindingCounts):
    """All findings of one check, plain data; the exit code comes from it."""

    files: list[FileStatus] = field(default_factory=list)
    general: list[Finding] = field(default_factory=list)  # panel / cross-file / offers

    @property
    def findings(self) -> list[Finding]:
        out = list(self.general)
        for fs in self.files:
            out.extend(fs.findings)
        return sorted(out, key=sort_key)

    @property
    def valid(self) -> bool:
        return self.errors == 0

    @property
    def exit_code(self) -> int:
        return 0 if self.valid else 1

    def stats(self) -> dict:
        return {
            "files": len(self.files),
            "files_valid": sum(fs.errors == 0 for fs in self.files),
            "errors": self.errors,
            "warnings": self.warnings,
        }

    def as_dict(self) -> dict:
        return {
            "valid": self.valid,
            "stats": self.stats(),
            "errors": [f.as_dict() for f in self.findings],
        }
