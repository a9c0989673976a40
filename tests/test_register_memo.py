"""The register memo of a round's run (lelang_xlsx/rounds/register_memo.py): a re-run takes
the register as the last run loaded it, but only while the register's bytes and the pacts
in force are what that load validated; a changed pact or register, or a damaged memo, is
loaded (and refused) exactly as without the memo."""

from __future__ import annotations

import pytest

from lelang_xlsx.agreement.agreed import RegisterError, load_register
from lelang_xlsx.cache import CACHE_DIR
from lelang_xlsx.rounds import register_memo

from .pantau_support import YEAR, hasil, pantau_auction, run_cli


@pytest.fixture()
def after_a_run(tmp_path):
    root = pantau_auction(tmp_path / "a")
    res = run_cli("run", root, "--year", YEAR, "--jobs", 1)
    assert res.exit_code == 0, res.output
    memo = hasil(root) / CACHE_DIR / register_memo.MEMO
    assert memo.is_file()
    return root, root / "hasil" / "kesepakatan.json", memo


@pytest.fixture()
def loads(monkeypatch):
    calls = []

    def counting(path, root):
        calls.append(path)
        return load_register(path, root)

    monkeypatch.setattr(register_memo, "load_register", counting)
    return calls


def test_unchanged_register_comes_from_the_memo(after_a_run, loads):
    root, path, memo = after_a_run
    got = register_memo.load(path, root, memo)
    assert loads == []
    want = load_register(path, root)
    assert got.sha256 == want.sha256 and list(got.opd) == list(want.opd)
    assert [i.target for i in got.opd["DISHUB"].indicators] == [i.target for i in want.opd["DISHUB"].indicators]


def test_a_pact_replaced_is_refused_as_without_the_memo(after_a_run, loads):
    root, path, memo = after_a_run
    pact = root / load_register(path, root).opd["DISHUB"].pakta
    data = pact.read_bytes()
    pact.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # same size, other content
    with pytest.raises(RegisterError) as without:
        load_register(path, root)
    with pytest.raises(RegisterError) as with_memo:
        register_memo.load(path, root, memo)
    assert str(with_memo.value) == str(without.value)
    assert loads  # the memo was not used


def test_an_edited_register_is_loaded_again(after_a_run, loads):
    root, path, memo = after_a_run
    text = path.read_text(encoding="utf-8")
    head = '\n  "pemda": "Pemerintah Kota Malang",'  # the register's own header, not an entry (not sealed)
    assert text.count(head) == 1
    path.write_text(text.replace(head, head.replace("Malang", "Batu")), encoding="utf-8")
    assert register_memo.load(path, root, memo).pemda == load_register(path, root).pemda == "Pemerintah Kota Batu"
    assert loads == [path]


@pytest.mark.parametrize("damage", [b"", b"garbage", None])
def test_a_damaged_memo_loads_the_register(after_a_run, loads, damage):
    root, path, memo = after_a_run
    if damage is None:
        memo.write_bytes(memo.read_bytes()[: memo.stat().st_size // 2])
    else:
        memo.write_bytes(damage)
    got = register_memo.load(path, root, memo)
    assert loads == [path] and got.sha256 == load_register(path, root).sha256
    loads.clear()
    register_memo.load(path, root, memo)  # written again by that load
    assert loads == []


def test_the_register_is_pickled_once_and_travels_as_it_was_loaded(after_a_run, loads):
    """The round's setup for its workers copies the register's pickle from the memo: what
    arrives is the register as validated, equal to a fresh load (and a fresh load, with no
    memo, pickles as always)."""
    import pickle

    root, path, memo = after_a_run
    got = register_memo.load(path, root, memo)
    assert loads == []
    sent = pickle.dumps({"setup": got}, protocol=5)
    assert got._pickled is not None and got._pickled in sent
    fresh = load_register(path, root)
    assert fresh._pickled is None
    assert pickle.loads(sent)["setup"] == fresh == pickle.loads(pickle.dumps(fresh, protocol=5))
    stored = register_memo.load(path, root, hasil(root) / CACHE_DIR / "other.pickle")  # loaded, memo written
    assert stored._pickled is not None and pickle.loads(pickle.dumps(stored)) == fresh
