"""The one check stage of the yearly rounds (lelang_xlsx/rounds/stage.py): for every round,
checking masuk/ in worker processes gives the same findings and the same annotated copies
as checking in this process, and an unchanged file's result then comes from the cache."""

import importlib
import shutil
import zipfile

import pytest

from lelang_xlsx.cache import Cache
from lelang_xlsx.reading.xlsxread import Limits

from .eval_support import SAMPLES
from .rounds_support import ROUNDS

RUSAK = {"eval": "rusak-evaluasi", "pk": "rusak-pk", "pantau": "rusak-pantau"}
STAGE = {"eval": ("lelang_xlsx.evaluasi.run", "lelang_xlsx.evaluasi.run"),
         "pk": ("lelang_xlsx.pk.setup", "lelang_xlsx.pk.check_stage"),
         "pantau": ("lelang_xlsx.pantau.run", "lelang_xlsx.pantau.run")}


def _check(name, root, jobs, annotate_dir, cache=None):
    prepare = importlib.import_module(STAGE[name][0]).prepare
    check_round = importlib.import_module(STAGE[name][1]).check_round
    rc = ROUNDS[name]
    out = check_round(prepare(root, rc.year), Limits(), cache=cache, jobs=jobs, annotate_dir=annotate_dir)
    result = getattr(out, "result", out)  # the monitoring round returns the chosen workbooks too
    return sorted((f.code, f.file, f.sheet, f.cell, f.message) for f in result.report.findings), result


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if not n.endswith("core.xml")}


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_workers_and_serial_give_the_same_findings_and_copies(tmp_path, name):
    rc = ROUNDS[name]
    root = rc.auction(tmp_path)
    for p in sorted((SAMPLES / RUSAK[name]).glob("*.xlsx"))[:6]:
        shutil.copy(p, rc.masuk(root) / p.name)
    assert len(list(rc.masuk(root).glob("*.xlsx"))) >= 8  # enough files for the workers
    serial, _ = _check(name, root, 1, tmp_path / "serial")
    workers, result = _check(name, root, 2, tmp_path / "workers")
    assert serial == workers and any(code != "LK204" for code, *_ in serial)
    copies = sorted(p.name for p in (tmp_path / "serial").glob("*.xlsx"))
    assert copies and copies == sorted(p.name for p in (tmp_path / "workers").glob("*.xlsx"))
    for n in copies:
        assert _parts(tmp_path / "serial" / n) == _parts(tmp_path / "workers" / n), n
    assert set(result.annotated) == {s.path for s in result.submissions if s.readable}  # written by the workers


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_an_unchanged_file_comes_from_the_cache(tmp_path, name, monkeypatch):
    from lelang_xlsx.rounds import stage

    rc = ROUNDS[name]
    root = rc.auction(tmp_path)
    cache = Cache(rc.hasil(root))
    first, _ = _check(name, root, 1, None, cache)

    def no_check(*args, **kwargs):
        raise AssertionError("an unchanged file was checked again")

    monkeypatch.setattr(stage, "check_one", no_check)
    again, result = _check(name, root, 1, None, cache)
    assert again == first and len(result.submissions) == 9
