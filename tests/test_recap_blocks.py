"""The recap's per-OPD row blocks: cached, reused, written in another process, without pandas."""

from __future__ import annotations

import multiprocessing
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import openpyxl
import pytest

from . import offer_fixtures as F
from lelang_xlsx.cache import Cache
from lelang_xlsx.recap import BlocksMissing, build_recap, cached_in, write_recap

ROOT = Path(__file__).resolve().parent.parent


def subs():
    return [F.dinkes(), F.disdik(), F.dishub_with_errors()]


def keys(ss, tag="1"):
    return {s.kode_opd: f"{s.kode_opd}-{tag}" for s in ss if s.valid}


def indikator_values(path, header):
    ws = openpyxl.load_workbook(path)["Indikator"]
    h = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
    return [ws.cell(r, h[header]).value for r in range(2, ws.max_row + 1)]


def test_cached_blocks_give_the_same_workbook(tmp_path):
    panel, ss = F.panel(), subs()
    plain = tmp_path / "plain.xlsx"
    write_recap(plain, build_recap(panel, ss), panel)
    cache = Cache(tmp_path / "hasil")
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    used = write_recap(first, build_recap(panel, ss, None, keys(ss), cached_in(cache)), panel, cache)
    assert used and all(cache.has_blob(k) for k in used)
    recap = build_recap(panel, ss, None, keys(ss), cached_in(cache))
    assert [p.indikator for p in recap.opds] == [None, None]  # the rows come from the cache
    assert write_recap(second, recap, panel, cache) == used
    assert first.read_bytes() == second.read_bytes() == plain.read_bytes()


def test_a_changed_opd_is_rendered_again_the_others_reused(tmp_path):
    panel, ss = F.panel(), subs()
    cache = Cache(tmp_path / "hasil")
    write_recap(tmp_path / "first.xlsx", build_recap(panel, ss, None, keys(ss), cached_in(cache)), panel, cache)
    ss[0].indicators[0].nilai_dasar = 125.0  # DINKES resubmits
    new_keys = {**keys(ss), "DINKES": "DINKES-2"}
    recap = build_recap(panel, ss, None, new_keys, cached_in(cache))
    assert [(p.kode, p.indikator is None) for p in recap.opds] == [("DINKES", False), ("DISDIK", True)]
    path = tmp_path / "rekap.xlsx"
    write_recap(path, recap, panel, cache)
    assert indikator_values(path, "Nilai Dasar")[0] == 125
    plain = tmp_path / "plain.xlsx"
    write_recap(plain, build_recap(panel, ss), panel)
    assert path.read_bytes() == plain.read_bytes()


def _write_in_child(path, recap, panel, cache):
    return write_recap(path, recap, panel, cache)


def test_written_in_another_process(tmp_path):
    panel, ss = F.panel(), subs()
    cache = Cache(tmp_path / "hasil")
    recap = build_recap(panel, ss, None, keys(ss), cached_in(cache))
    assert pickle.loads(pickle.dumps(recap)) == recap
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        used = pool.submit(_write_in_child, tmp_path / "child.xlsx", recap, panel, cache).result()
    cache.keep_blobs(used)
    cache.save()  # the blocks the child wrote are kept: the next run finds them
    assert all(cache.has_blob(k) for k in used)
    plain = tmp_path / "plain.xlsx"
    write_recap(plain, build_recap(panel, ss), panel)
    assert (tmp_path / "child.xlsx").read_bytes() == plain.read_bytes()


def test_a_block_gone_from_the_cache_is_reported_and_nothing_is_written(tmp_path):
    panel, ss = F.panel(), subs()
    cache = Cache(tmp_path / "hasil")
    used = write_recap(tmp_path / "first.xlsx", build_recap(panel, ss, None, keys(ss), cached_in(cache)), panel, cache)
    recap = build_recap(panel, ss, None, keys(ss), cached_in(cache))
    (tmp_path / "hasil" / ".cache" / "stages" / next(k for k in used if k.endswith("-p"))).unlink()
    with pytest.raises(BlocksMissing):
        write_recap(tmp_path / "rekap.xlsx", recap, panel, cache)
    assert not (tmp_path / "rekap.xlsx").exists() and not list(tmp_path.glob(".tmp-*"))


def test_writing_the_recap_does_not_import_pandas(tmp_path):
    code = ("import sys; from tests import offer_fixtures as F; from lelang_xlsx.recap import build_recap, write_recap;"
            "p = F.panel(); write_recap(sys.argv[1], build_recap(p, [F.dinkes(), F.disdik()], []), p);"
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "rekap.xlsx")], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False" and (tmp_path / "rekap.xlsx").is_file()


def test_the_recap_job_runs_in_another_process_and_the_cache_keeps_its_blocks(tmp_path):
    import shutil

    from lelang_xlsx.auction import Auction
    from lelang_xlsx.pipeline import check_and_report, finish_recap_job, recap_job, run_recap_job

    root = tmp_path / "a"
    shutil.copytree(ROOT / "sample_workbooks" / "malang-2018", root)
    auction = Auction.at(root)
    cache = Cache(auction.hasil)
    result = check_and_report(auction, laporan=False, cache=cache).result
    job = recap_job(auction, result, [], cache)
    assert all(p.indikator is not None for p in job.recap.opds)  # cold: every OPD carries its rows
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        used = pool.submit(run_recap_job, job).result()
    finish_recap_job(job, used, cache)
    cache.save()
    assert indikator_values(auction.rekap, "Kode OPD")
    assert recap_job(auction, result, [], Cache(auction.hasil)) is None  # rekap.xlsx is up to date
    written = auction.rekap.read_bytes()
    auction.rekap.unlink()
    again = recap_job(auction, result, [], Cache(auction.hasil))
    assert again.recap.opds and all(p.indikator is None for p in again.recap.opds)  # the blocks outlived save()
    finish_recap_job(again, run_recap_job(again), cache)
    assert auction.rekap.read_bytes() == written
