"""tools.run_once: within one test run, the same slow command for the same inputs runs once."""
import json

from tools import run_once


def test_the_second_asker_reads_what_the_first_computed(tmp_path, monkeypatch):
    monkeypatch.setenv(run_once.FOLDER_VARIABLE, str(tmp_path))
    calls = []

    def compute():
        calls.append(1)
        return {"code": 0, "output": "3 passed"}

    assert run_once.once("key", compute) == {"code": 0, "output": "3 passed"}
    assert run_once.once("key", compute) == {"code": 0, "output": "3 passed"}
    assert run_once.once("other key", compute) == {"code": 0, "output": "3 passed"}
    assert len(calls) == 2


def test_outside_a_test_run_every_call_computes(monkeypatch):
    monkeypatch.delenv(run_once.FOLDER_VARIABLE, raising=False)
    calls = []

    run_once.once("key", lambda: calls.append(1) or {})
    run_once.once("key", lambda: calls.append(1) or {})

    assert len(calls) == 2


def test_the_key_changes_with_any_file_of_the_folder_and_any_input(tmp_path):
    (tmp_path / "app.py").write_text("A = 1\n")
    first = run_once.fingerprint("pytest -q", paths=(tmp_path,))

    assert run_once.fingerprint("pytest -q", paths=(tmp_path,)) == first
    assert run_once.fingerprint("pytest -q -x", paths=(tmp_path,)) != first
    (tmp_path / "app.py").write_text("A = 2\n")
    assert run_once.fingerprint("pytest -q", paths=(tmp_path,)) != first


def test_a_shared_run_counts_for_its_owner_whoever_computed_it(tmp_path, monkeypatch):
    monkeypatch.setenv(run_once.FOLDER_VARIABLE, str(tmp_path))
    # The replay asks first (borrowing) and computes; the part's suite test then reads it.
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "tests/test_replay.py::test_walk[06] (call)")
    run_once.once("suite 06", lambda: {"code": 0}, borrowed=True)
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "tests/test_suites.py::test_suite[06] (call)")
    run_once.once("suite 06", lambda: {"code": 1})

    change = run_once.shared_seconds(tmp_path)
    entries = [line for line in (tmp_path / run_once.LEDGER).read_text().splitlines()]
    computing = json.loads(entries[0])

    assert computing["computed"] is not None
    # The replay gives back all it spent; the suite's test pays for the run instead of its wait.
    assert change["tests/test_replay.py::test_walk[06]"] == -computing["seconds"]
    assert change["tests/test_suites.py::test_suite[06]"] == computing["computed"] - json.loads(entries[1])["seconds"]
