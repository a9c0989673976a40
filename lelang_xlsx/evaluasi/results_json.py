"""``evaluasi.json``: the round's results for programs, and the trend read back from
earlier rounds' files (never their workbooks)."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

from .. import __version__
from ..cache import Cache, digest
from ..output.atomic import write_with
from ..model import Panel
from ..rounds.scoring import PointsTable
from .evaluate import OpdResult

SCHEMA = "lelang-xlsx/evaluasi"


def results_dict(year: int, pemda: str, periode: tuple[int, int], register_sha: str, points: PointsTable,
                 results: list[OpdResult], missions: list[dict], panel: Panel | None = None) -> dict:
    """Version 2 of the file (evaluasi.md "Version 3"): Kategori Capaian, base points and
    weight per indicator, every OPD of the panel list with its state, the ranking basis
    and the incentive percentage."""
    panel = panel or Panel(path="")
    opd = []
    for r in results:
        d = _plain(r)
        d["indikator"] = d.pop("indicators")
        for i in d["indikator"]:
            i["realisasi_lalu"] = {str(y): v for y, v in sorted(i["realisasi_lalu"].items())}
        d["register"] = {"kode_opd": r.kode, "entry_sha256": d.pop("entry_sha256")}
        d["formulir"] = {"berkas": d.pop("berkas"), "sha256": d.pop("sha256")}
        d["dihitung"] = r.counted
        d["kepala_berganti"] = r.head_changed
        opd.append(d)
    return {"schema": SCHEMA, "version": 2, "tool_version": __version__, "tahun": year, "pemda": pemda,
            "periode": {"awal": periode[0], "akhir": periode[1]}, "kesepakatan_sha256": register_sha,
            "poin": {"batas_capaian": points.cap, "tabel": [list(b) for b in points.bands],
                     "bobot": {k: list(v) for k, v in points.weights.items()},
                     "tidak_melapor": points.tidak_melapor},
            "rumus_capaian_turun": panel.rumus_turun,
            "peringkat": {"dasar": panel.dasar_peringkat},
            "insentif": [list(r) for r in panel.insentif],
            "opd": opd, "misi": missions}


def _plain(r: OpdResult) -> dict:
    """``dataclasses.asdict(r)`` without its deep copy of every value (the fields are
    scalars, the indicators' dataclasses and two flat dicts of text)."""
    d = dict(vars(r))
    d["indicators"] = [dict(vars(i)) for i in r.indicators]
    d["kepala"], d["penanda_tangan"] = dict(r.kepala), dict(r.penanda_tangan)
    return d


def write_results(path: Path, data: dict, cache: Cache | None = None) -> None:
    """Indented JSON, written in pieces (at 1,000 OPDs the text is 30 MB: never whole in
    memory); the same bytes as ``json.dumps(data, ensure_ascii=False, indent=2) + "\\n"``.
    With ``cache``, each entry of ``data["opd"]`` is encoded once (:class:`Pieces`)."""
    if cache is not None and cache.enabled:
        Pieces(data, cache).write(path)
        return

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


_MARK = "\x00lelang-piece\x00"
_MARK_JSON = json.dumps(_MARK)  # as it stands in the encoded skeleton


class Pieces:
    """The JSON file of ``data`` with the entries of ``data[listed]`` (a list, or a dict by
    Kode OPD) encoded one by one: each entry's indented text is kept in the round's cache
    under a digest of its compact JSON (the C encoder: cheap), so a re-run encodes only the
    entries that changed (the indenting encoder is pure Python: 2.8 s of a 1,000-OPD
    re-run). :attr:`key` is a digest of the whole file's content, for the outputs record."""

    def __init__(self, data: dict, cache: Cache, listed: str = "opd"):
        self.data, self.cache, self.listed = data, cache, listed
        items = data.get(listed)
        self.items = list(items.values()) if isinstance(items, dict) else list(items or [])
        self.keys = [digest("json-piece", json.dumps(x, ensure_ascii=False).encode()) for x in self.items]
        rest = dict(data)
        rest[listed] = dict.fromkeys(items, _MARK) if isinstance(items, dict) else [_MARK] * len(self.items)
        self.skeleton = json.dumps(rest, ensure_ascii=False, indent=2)
        self.key = digest("json-pieces", self.skeleton, self.keys)

    def _texts(self) -> list[str]:
        out = []
        for item, key in zip(self.items, self.keys):
            text = self.cache.get_blob(key)
            if not isinstance(text, str):
                # an entry of the list (or dict) sits two levels deep: four more spaces per line
                text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                self.cache.put_blob(key, text)
            out.append(text)
        return out

    def write(self, path: Path) -> None:
        parts = self.skeleton.split(_MARK_JSON)
        if len(parts) != len(self.items) + 1:  # the marker in a text of the file itself: no shortcut
            write_results(path, self.data)
            return
        texts = self._texts()

        def writer(tmp: Path) -> None:
            with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                for part, text in zip(parts, texts):
                    fh.write(part)
                    fh.write(text)
                fh.write(parts[-1])
                fh.write("\n")

        write_with(path, writer)


def read_earlier(paths: list[Path]) -> dict[int, dict[str, dict]]:
    """year -> Kode OPD -> {"capaian", "bersih", "realisasi": {Kode Indikator: value}} from
    earlier rounds' evaluasi.json (version 1 or 2), read defensively: a file or an entry
    that is not as expected is left out."""
    out: dict[int, dict[str, dict]] = {}
    for p in paths:
        try:
            if p.stat().st_size > 256 * 1024 * 1024:  # far beyond any real round: not read
                continue
            data = json.loads(p.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("schema") != SCHEMA:
                continue
            year = int(data["tahun"])
            opds = {}
            for o in data["opd"]:
                if not isinstance(o, dict):
                    continue
                done = o.get("status") == "dievaluasi"
                real = {}
                for i in o.get("indikator") or []:
                    if isinstance(i, dict) and done and _num(i.get("realisasi")) is not None:
                        real[str(i.get("kode"))] = _num(i.get("realisasi"))
                opds[str(o["kode"])] = {"capaian": _num(o.get("capaian")),
                                        "bersih": _num(o.get("bersih")) if done else None, "realisasi": real}
            out[year] = opds
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            continue
    return out


def _num(v) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
