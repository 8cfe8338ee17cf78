"""The diff between snapshots: every change shows, nothing else does, and stats add up."""
from checker.diff import diff_stat, snapshot_diff


def make(root, files):
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return root


def test_added_removed_and_changed_files_all_show(tmp_path):
    old = make(tmp_path / "01-a", {"keep.py": "same\n", "edit.py": "one\ntwo\n", "gone.py": "bye\n"})
    new = make(tmp_path / "02-b", {"keep.py": "same\n", "edit.py": "one\n2\n", "new.py": "hi\n"})

    diff = snapshot_diff(old, new, "01-a", "02-b")

    assert "+++ 02-b/new.py" in diff and "--- 01-a/gone.py" in diff and "+2" in diff
    assert "keep.py" not in diff
    assert sorted(diff_stat(diff)) == [("edit.py", 1, 1), ("gone.py", 0, 1), ("new.py", 1, 0)]


def test_empty_files_that_appear_or_disappear_show(tmp_path):
    old = make(tmp_path / "01-a", {"old/__init__.py": ""})
    new = make(tmp_path / "02-b", {"app/__init__.py": ""})

    diff = snapshot_diff(old, new, "01-a", "02-b")

    assert "+++ 02-b/app/__init__.py" in diff
    assert "--- 01-a/old/__init__.py" in diff
    assert sorted(diff_stat(diff)) == [("app/__init__.py", 0, 0), ("old/__init__.py", 0, 0)]


def test_lines_that_look_like_headers_are_counted_as_lines(tmp_path):
    old = make(tmp_path / "01-a", {"notes.md": "-- dashes\nkeep\n"})
    new = make(tmp_path / "02-b", {"notes.md": "++ pluses\nkeep\n"})

    assert diff_stat(snapshot_diff(old, new, "01-a", "02-b")) == [("notes.md", 1, 1)]


def test_junk_is_left_out(tmp_path):
    old = make(tmp_path / "01-a", {"a.py": "x\n"})
    new = make(tmp_path / "02-b", {"a.py": "x\n", "db.sqlite3": "data", "core/__pycache__/a.pyc": "b",
                                   ".env": "SECRET=1"})

    assert snapshot_diff(old, new, "01-a", "02-b") == ""
