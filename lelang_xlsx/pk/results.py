"""``pk.json``: the round's results for programs (the evaluation round reads the budget
supporting each indicator from it), and the record the next run's lock reads back."""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..errors import LelangError
from ..cache import Cache
from ..evaluasi.results_json import write_results
from .issue import Outcome

SCHEMA = "lelang-xlsx/pk"


def support(isi: dict) -> dict[str, float]:
    """Indicator code -> the budget of the programmes that name it (a programme supporting
    two indicators counts fully for each)."""
    out: dict[str, float] = {}
    for p in isi.get("program", []):
        for code in p.get("indikator", []):
            out[code.casefold()] = out.get(code.casefold(), 0.0) + (p.get("anggaran") or 0.0)
    return out


def total(isi: dict) -> float:
    return float(sum(p.get("anggaran") or 0.0 for p in isi.get("program", [])))


def record(o: Outcome) -> dict:
    isi = o.isi or {}
    by_code = support(isi)
    return {
        "nama_opd": o.nama, "status": o.status, "keterangan": o.keterangan, "kesepakatan": o.kesepakatan,
        "penanda_tangan": isi.get("penanda_tangan", {}),
        "indikator": [dict(i, anggaran=by_code.get(i["kode"].casefold(), 0.0)) for i in isi.get("indikator", [])],
        "program": isi.get("program", []), "jumlah_anggaran": total(isi), "versi": o.versi, "isi": isi,
    }


def pk_dict(year: int, pemda: str, register_sha: str, outcomes: list[Outcome]) -> dict:
    return {"schema": SCHEMA, "version": 1, "tool_version": __version__, "tahun": year, "pemda": pemda,
            "kesepakatan_sha256": register_sha, "opd": {o.kode: record(o) for o in outcomes}}


def read_previous(path: Path, year: int) -> dict[str, dict]:
    """Kode OPD -> last run's record; {} when there is none. A file that is not ours or
    not readable stops the round: the lock's record is never guessed."""
    if not path.is_file():
        return {}
    problem = ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != SCHEMA or data.get("tahun") != year or not isinstance(data.get("opd"), dict):
            problem = "bukan pk.json tahun ini"
        else:
            for kode, rec in data["opd"].items():
                if not isinstance(rec, dict) or not isinstance(rec.get("versi", []), list):
                    problem = f"catatan OPD {kode} rusak"
                    break
    except (OSError, ValueError, AttributeError) as exc:
        problem = f"tidak dapat dibaca ({exc.__class__.__name__})"
    if problem:
        raise LelangError(f"{path} {problem}: catatan PK yang terbit tidak dapat dipercaya. Jangan menyunting pk.json; "
                          f"pulihkan dari cadangan, lalu jalankan ulang.")
    return data["opd"]


def write_pk_json(path: Path, data: dict, cache: Cache | None = None) -> None:
    """The evaluation round's JSON writer (same bytes as json.dumps); with ``cache``, each
    OPD's record is encoded once and kept there (:class:`evaluasi.results_json.Pieces`)."""
    write_results(path, data, cache)
