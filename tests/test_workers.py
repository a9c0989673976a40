"""The run's one pool of workers (lelang_xlsx/workers.py): checking and pact rendering
share it; a worker that dies during the check costs that file only, and the pacts of
the other OPDs are still rendered, by a fresh pool."""

import os
import shutil
from pathlib import Path

import pytest
from docx import Document

from lelang_xlsx.workers import Workers

SAMPLES = Path(__file__).resolve().parent.parent / "sample_workbooks"

forked = pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork",
                            reason="needs forked workers")


def _pid() -> int:
    return os.getpid()


@forked
def test_pool_is_reused_and_restarted_after_a_death():
    with Workers(2) as workers:
        pool = workers.pool()
        first = {pool.submit(_pid).result() for _ in range(6)}
        assert workers.pool() is pool  # the same processes serve the next stage
        assert first <= {p.pid for p in pool._processes.values()}
        with pytest.raises(Exception):
            pool.submit(os._exit, 9).result()
        workers.reset()
        fresh = workers.pool()
        assert fresh is not pool
        assert fresh.submit(_pid).result() not in first


def test_one_job_means_no_processes():
    assert Workers(1).pool() is None


@forked
def test_a_dead_check_worker_costs_one_file_and_the_pacts_still_render(tmp_path, monkeypatch):
    import lelang_xlsx.checking.checker as checker
    from lelang_xlsx.auction import Auction
    from lelang_xlsx.batch import run_batch

    root = tmp_path / "malang"
    shutil.copytree(SAMPLES / "malang-2018", root)
    real = checker.check_one

    def deadly(path, display, *args, **kwargs):
        if display == "DISHUB.xlsx":
            os._exit(9)  # the worker process dies on this file
        return real(path, display, *args, **kwargs)

    monkeypatch.setattr(checker, "check_one", deadly)  # inherited by the forked workers
    result = run_batch(Auction.at(root), jobs=2)
    dishub = next(f for f in result.report.files if f.file == "DISHUB.xlsx")
    assert [f.code for f in dishub.findings] == ["LK101"]
    assert "DISHUB" not in result.pacts.written
    assert len(result.pacts.written) == 8  # the other OPDs of the sample: rendered by a fresh pool
    for kode, path in result.pacts.written.items():
        text = "\n".join(p.text for p in Document(path).paragraphs)
        assert "PAKTA INTEGRITAS" in text.upper()


def _parts(path: Path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@forked
@pytest.mark.parametrize("fail", [False, True])
def test_recap_blocks_rendered_by_the_workers_give_the_same_recap(tmp_path, monkeypatch, fail):
    """The OPDs' recap row blocks are rendered by the workers (in chunks) and streamed into
    rekap.xlsx by the main process: the workbook is the one a single process writes. When a
    worker fails, the main process renders what is missing: still the same workbook."""
    import lelang_xlsx.recap.write as write
    from lelang_xlsx.auction import Auction
    from lelang_xlsx.batch import run_batch

    serial, pooled = tmp_path / "serial", tmp_path / "pooled"
    shutil.copytree(SAMPLES / "malang-2018", serial)
    shutil.copytree(SAMPLES / "malang-2018", pooled)
    run_batch(Auction.at(serial), jobs=1)
    marks = tmp_path / "marks"
    marks.mkdir()
    real = write.store_blocks

    def counted(recap, store):
        (marks / f"{os.getpid()}-{recap.opds[0].kode}").write_text(",".join(p.kode for p in recap.opds))
        if fail:
            raise OSError("disk full")
        return real(recap, store)

    monkeypatch.setattr(write, "store_blocks", counted)  # inherited by the forked workers
    result = run_batch(Auction.at(pooled), jobs=2)
    chunks = [m.read_text().split(",") for m in marks.iterdir()]
    assert len(chunks) >= 2 and {os.getpid()}.isdisjoint(int(m.name.split("-")[0]) for m in marks.iterdir())
    assert sorted(k for c in chunks for k in c) == sorted(f.kode_opd for f in result.report.files if not f.errors)
    assert _parts(pooled / "hasil" / "rekap.xlsx") == _parts(serial / "hasil" / "rekap.xlsx")
