"""Nothing lost, nothing leaked: atomic outputs, a raw folder never written, no personal data."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import minimal_sheets, write_workbook

from analysis.check.inputs import load_inputs
from analysis.cli import main


def content_of(path):
    """A file's bytes; a workbook's cell values (its zip stamps the time of writing)."""
    if path.suffix != ".xlsx":
        return path.read_bytes()
    import openpyxl

    book = openpyxl.load_workbook(path)
    return repr([[[c.value for c in row] for row in sheet.iter_rows()] for sheet in book]).encode()


def outputs_of(*folders):
    # the manifest records when a run happened, so two runs never write the same bytes
    return {
        p.relative_to(f.parent): content_of(p)
        for f in folders
        for p in sorted(f.rglob("*"))
        if p.is_file() and p.name != "run_manifest.json"
    }


def args(raw, out):
    return [
        "run",
        "--raw",
        str(raw),
        "--processed",
        str(out / "processed"),
        "--figures",
        str(out / "figures"),
    ]


@pytest.mark.slow
def test_run_killed_part_way_leaves_each_output_old_or_new(tmp_path):
    old_raw, new_raw = tmp_path / "old", tmp_path / "new"
    old_raw.mkdir()
    new_raw.mkdir()
    write_workbook(old_raw / "costs.xlsx", minimal_sheets())
    changed = minimal_sheets()
    changed["Licences"][1][2] = 5000
    write_workbook(new_raw / "costs.xlsx", changed)
    assert main(args(old_raw, tmp_path / "out")) == 0
    old = outputs_of(tmp_path / "out" / "processed", tmp_path / "out" / "figures")
    assert main(args(new_raw, tmp_path / "ref")) == 0
    new = outputs_of(tmp_path / "ref" / "processed", tmp_path / "ref" / "figures")
    assert set(old) == set(new)

    # Slow every move into place so the run can be killed between two of them.
    script = textwrap.dedent(
        """
        import os, sys, time
        real = os.replace
        def slow(src, dst):
            real(src, dst)
            print("moved", dst, flush=True)
            time.sleep(0.3)
        os.replace = slow
        from analysis.cli import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args(new_raw, tmp_path / "out")],
        stdout=subprocess.PIPE,
        text=True,
    )
    moved = [proc.stdout.readline() for _ in range(4)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert all(line.startswith("moved") for line in moved)

    after = outputs_of(tmp_path / "out" / "processed", tmp_path / "out" / "figures")
    visible = {k: v for k, v in after.items() if not k.name.startswith(".")}
    assert set(visible) == set(old)
    assert all(v in (old[k], new[k]) for k, v in visible.items()), (
        "an output is neither old nor new"
    )
    changed = {k for k in old if old[k] != new[k]}
    assert any(visible[k] == new[k] for k in changed), "the kill came before any output moved"
    assert any(visible[k] == old[k] for k in changed), "the kill came after every output moved"
    # The next run tidies what the killed one left and completes.
    assert main(args(new_raw, tmp_path / "out")) == 0
    assert outputs_of(tmp_path / "out" / "processed", tmp_path / "out" / "figures") == new


WRITE_EVENTS = {
    "os.rename",
    "os.remove",
    "os.rmdir",
    "os.mkdir",
    "os.truncate",
    "os.chmod",
    "os.utime",
    "os.symlink",
    "os.link",
}
_watched: list[Path] = []
_violations: list[tuple] = []


def _guard(event, event_args):
    if not _watched:
        return
    paths = []
    if event == "open":
        path, mode, flags = event_args
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC)
        )
        if writing:
            paths = [path]
    elif event in WRITE_EVENTS:
        paths = [a for a in event_args[:2] if isinstance(a, str | bytes | os.PathLike)]
    for path in paths:
        if isinstance(path, int):
            continue
        resolved = Path(os.fsdecode(path)).resolve()
        if any(resolved == w or w in resolved.parents for w in _watched):
            _violations.append((event, str(resolved)))
            raise PermissionError(f"write to the raw folder: {event} {resolved}")


sys.addaudithook(_guard)


@pytest.mark.slow
def test_no_command_writes_to_the_raw_folder(raw_dir, tmp_path):
    sheets = minimal_sheets()
    write_workbook(raw_dir / "second.xlsx", {"Licences": sheets["Licences"][:2]})
    for path in [raw_dir, *raw_dir.iterdir()]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    _watched.append(raw_dir.resolve())
    try:
        assert main(args(raw_dir, tmp_path)) == 0
        assert main(["validate", "--raw", str(raw_dir), "--processed", str(tmp_path / "v")]) == 0
        assert main(["template", str(tmp_path / "t.xlsx"), "--raw", str(raw_dir)]) == 0
        assert main(["template", str(raw_dir / "t.xlsx"), "--raw", str(raw_dir)]) == 2
        assert main(args(raw_dir, raw_dir)) == 2  # outputs inside the raw folder are refused
        assert main(["validate", "--raw", str(raw_dir), "--processed", str(raw_dir / "p")]) == 2
        bad = raw_dir / "costs.xlsx"
        assert load_inputs(raw_dir).files[0] == bad
    finally:
        _watched.clear()
        for path in [raw_dir, *raw_dir.iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert _violations == []


def test_the_guard_itself_catches_a_write(raw_dir):
    _watched.append(raw_dir.resolve())
    try:
        with pytest.raises(PermissionError):
            (raw_dir / "x.txt").write_text("x")
    finally:
        _watched.clear()
        _violations.clear()


PERSONAL = [
    "Name",
    "Full name",
    "First name",
    "Last name",
    "Surname",
    "Email",
    "Staff ID",
    "Index number",
]
PLANTED = "Zelda Quuxley-Marchbanks"


def plant_personal_data(sheets):
    sheets["Staffing"][0].extend(PERSONAL)
    for i, row in enumerate(sheets["Staffing"][1:]):
        row.extend(f"{PLANTED} {column} {i}" for column in PERSONAL)


def every_written_text(folder):
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file()
    )


@pytest.mark.slow
def test_personal_data_reaches_no_output_log_or_error(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    sheets = minimal_sheets()
    plant_personal_data(sheets)
    write_workbook(raw / "costs.xlsx", sheets)
    out = tmp_path / "out"
    assert main(args(raw, out)) == 0
    # now a bad run: the rows with personal data also carry errors
    sheets["Staffing"][1][5] = "two"
    sheets["Staffing"][2][4] = "P9"
    write_workbook(raw / "costs.xlsx", sheets)
    assert main(args(raw, out)) == 2
    assert main(["validate", "--raw", str(raw), "--processed", str(out / "v")]) == 2
    captured = capsys.readouterr()
    for text in (every_written_text(out), captured.out, captured.err):
        assert "Quuxley" not in text
        assert "Zelda" not in text


def test_xlsm_workbook_is_read_for_its_data(tmp_path):
    write_workbook(tmp_path / "costs.xlsm", minimal_sheets())
    inputs = load_inputs(tmp_path)
    assert [p.name for p in inputs.files] == ["costs.xlsm"]
    assert len(inputs.licences) == 5
