"""``evaluasi.json``: the round's results for programs, and the trend read back from
earlier rounds' files (never their workbooks)."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

from .. import __version__
from ..output.atomic import write_with
from .achievement import PointsTable
from .evaluate import OpdResult

SCHEMA = "lelang-xlsx/evaluasi"


def results_dict(year: int, pemda: str, periode: tuple[int, int], register_sha: str, points: PointsTable,
                 results: list[OpdResult], missions: list[dict]) -> dict:
    opd = []
    for r in results:
        d = _plain(r)
        d["indikator"] = d.pop("indicators")
        d["register"] = {"kode_opd": r.kode, "entry_sha256": d.pop("entry_sha256")}
        d["formulir"] = {"berkas": d.pop("berkas"), "sha256": d.pop("sha256")}
        d["kepala_berganti"] = r.head_changed
        opd.append(d)
    return {"schema": SCHEMA, "version": 1, "tool_version": __version__, "tahun": year, "pemda": pemda,
            "periode": {"awal": periode[0], "akhir": periode[1]}, "kesepakatan_sha256": register_sha,
            "poin": {"batas_capaian": points.cap, "tabel": [list(b) for b in points.bands],
                     "bobot": {k: list(v) for k, v in points.weights.items()}},
            "opd": opd, "misi": missions}


def _plain(r: OpdResult) -> dict:
    """``dataclasses.asdict(r)`` without its deep copy of every value (the fields are
    scalars, the indicators' dataclasses and two flat dicts of text)."""
    d = dict(vars(r))
    d["indicators"] = [dict(vars(i)) for i in r.indicators]
    d["kepala"], d["penanda_tangan"] = dict(r.kepala), dict(r.penanda_tangan)
    return d


def write_results(path: Path, data: dict) -> None:
    """Indented JSON, written in pieces (at 1,000 OPDs the text is 30 MB: never whole in
    memory); the same bytes as ``json.dumps(data, ensure_ascii=False, indent=2) + "\\n"``."""
    def writer(tmp: Path) -> None:
        pieces = json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data)
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            while True:
                batch = list(islice(pieces, 65536))
                if not batch:
                    break
                fh.write("".join(batch))
            fh.write("\n")

    write_with(path, writer)


def read_trend(paths: list[Path]) -> dict[int, dict[str, tuple[float | None, float | None]]]:
    """year -> Kode OPD -> (achievement, net points), from earlier evaluasi.json files.
    A file that cannot be read is left out (the trend is informative, not checked)."""
    out: dict[int, dict[str, tuple[float | None, float | None]]] = {}
    for p in paths:
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            if data.get("schema") != SCHEMA:
                continue
            year = int(data["tahun"])
            out[year] = {str(o["kode"]): (_num(o.get("capaian")), _num(o.get("bersih")) if o.get("status") == "dievaluasi" else None)
                         for o in data["opd"]}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
    return out


def _num(v) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
