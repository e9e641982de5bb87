"""`panther storage plan --write/--output`: what is written, what is refused, and why."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pantheros.files import body_diff, split_header
from tests.conftest import host_add, is_root, real_report, run_panther, tree_digest


def plan(fleet: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_panther("storage", "plan", *args, "--fleet", str(fleet / "fleet.toml"))


def test_write_right_after_host_add_is_unchanged(empty_fleet: Path) -> None:
    host_add(empty_fleet, "db", real_report("hetzner-vps"), "--workloads", "postgresql")
    target = empty_fleet / "hosts" / "db" / "disko.nix"
    before = target.read_bytes()
    done = plan(empty_fleet, "db", "--write")
    assert done.returncode == 0, done.stderr
    assert "unchanged" in done.stdout and "may hold your edits" not in done.stderr
    assert target.read_bytes() == before  # nothing written: host add's header stays
    done = plan(empty_fleet, "db", "--write", "--json")
    assert done.returncode == 0, done.stderr
    assert "unchanged" in done.stderr


def test_write_over_edits_shows_the_difference_and_refuses(empty_fleet: Path) -> None:
    host_add(empty_fleet, "db", real_report("hetzner-vps"))
    target = empty_fleet / "hosts" / "db" / "disko.nix"
    edited = target.read_text().replace('"umask=0077"', '"umask=0022"')
    assert edited != target.read_text()
    target.write_text(edited)
    done = plan(empty_fleet, "db", "--write")
    assert done.returncode == 2
    assert "may hold your edits" in done.stderr and "--force" in done.stderr
    diff = [" ".join(line.split()) for line in done.stderr.splitlines()]
    assert '- mountOptions = [ "umask=0022" ];' in diff
    assert '+ mountOptions = [ "umask=0077" ];' in diff
    assert not any("written by" in line for line in diff)  # the header is not compared
    assert "Traceback" not in done.stderr
    assert target.read_text() == edited
    done = plan(empty_fleet, "db", "--write", "--force")
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout and '"umask=0077"' in target.read_text()


_comment = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(
    lambda t: "# " + t
)
_code = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda t: t.strip()[:1] not in ("#", "")
)


@given(
    st.lists(_comment, max_size=5),
    st.lists(_comment, max_size=5),
    st.lists(st.one_of(_code, _comment), max_size=8),
    _code,
)
def test_only_the_header_comment_is_ignored(
    header_a: list[str], header_b: list[str], rest: list[str], first: str
) -> None:
    body = [first, *rest]
    a = "\n".join([*header_a, *body]) + "\n"
    b = "\n".join([*header_b, *body]) + "\n"
    assert split_header(a) == (header_a, body)
    assert body_diff(a, b, "disko.nix") == []
    changed = "\n".join([*header_b, first + " x", *rest]) + "\n"
    diff = body_diff(a, changed, "disko.nix")
    assert f"-{first}" in diff and f"+{first} x" in diff


def test_output_into_an_existing_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    done = run_panther(
        "storage", "plan", "--report", str(real_report("yoga")), "--output", str(folder)
    )
    assert done.returncode == 0, done.stderr
    assert (folder / "disko.nix").is_file()
    assert f"wrote {folder / 'disko.nix'}" in done.stdout.replace("\n", "")
    assert "--output disko.nix" in (folder / "disko.nix").read_text().splitlines()[0]


def test_output_below_a_file_is_a_clear_input_error(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder\n")
    before = tree_digest(tmp_path)
    target = blocker / "disko.nix"
    done = run_panther(
        "storage", "plan", "--report", str(real_report("yoga")), "--output", str(target)
    )
    assert done.returncode == 2
    assert str(target) in done.stderr
    assert f"{blocker} is a file, not a folder" in done.stderr
    assert "Traceback" not in done.stderr and ".tmp" not in done.stderr
    assert tree_digest(tmp_path) == before


@pytest.mark.skipif(not is_root, reason="root ignores permissions; chattr +i needs root")
def test_output_into_a_folder_that_refuses_files(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    if subprocess.run(["chattr", "+i", str(folder)], check=False).returncode != 0:
        pytest.skip("this filesystem has no immutable attribute")
    try:
        done = run_panther(
            "storage",
            "plan",
            "--report",
            str(real_report("yoga")),
            "--output",
            str(folder / "d.nix"),
        )
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert done.returncode == 2
    assert f"{folder / 'd.nix'}: cannot write this file: permission denied in {folder}" in (
        done.stderr
    )
    assert not any(folder.iterdir())
