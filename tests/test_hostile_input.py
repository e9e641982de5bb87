"""Regression tests for what a fuzzing campaign broke: each input here once crashed or hung.

Every one must now end with exit 2, a location and a fix, quickly, and no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pantheros import proc
from tests.conftest import REPO, run_panther

TRIMMED = REPO / "tests" / "fixtures" / "facter" / "trimmed"

MINIMAL = """\
[fleet]
name = "t"
stages = ["a"]

[users.sam]
ssh_keys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnHVLABG/ub4ED8EAS4dzOiB8OA0Lq7k0G2IMxIzgN7 s"]
"""


def fails_cleanly(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    return done.stderr


def fleet_with(tmp_path: Path, text: str) -> Path:
    (tmp_path / "fleet.toml").write_text(text)
    return tmp_path


def test_an_integer_of_thousands_of_digits(tmp_path: Path) -> None:
    fleet = fleet_with(tmp_path, MINIMAL + "\n[hosts.a]\nx = " + "9" * 5000 + "\n")
    err = fails_cleanly(run_panther("validate", "--fleet", str(fleet)))
    assert "far too long" in err and "fleet.toml:" in err


def test_a_dotted_key_thousands_of_levels_deep_is_refused_at_once(tmp_path: Path) -> None:
    fleet = fleet_with(tmp_path, MINIMAL + "a" + ".a" * 200_000 + " = 1\n")
    err = fails_cleanly(run_panther("validate", "--fleet", str(fleet)))
    assert "levels deep" in err and "fleet.toml:7" in err


def test_dots_in_values_and_quoted_keys_are_not_depth(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        'name = "t"', 'name = "t"\ntailnet = "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.ts.net"'
    )
    text += '\n[users.sam2]\n"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r" = 1\n'
    done = run_panther("validate", "--fleet", str(fleet_with(tmp_path, text)))
    assert "levels deep" not in done.stderr


def test_a_fleet_toml_that_is_a_fifo_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fleet.toml")
    for command in (["hosts"], ["hosts", "--json"], ["validate"]):
        err = fails_cleanly(run_panther(*command, "--fleet", str(tmp_path / "fleet.toml")))
        assert "not a regular file" in err


def test_a_huge_fleet_toml_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    with (tmp_path / "fleet.toml").open("wb") as out:
        out.truncate(64 << 20)  # sparse: 64 MiB of zeros
    err = fails_cleanly(run_panther("validate", "--fleet", str(tmp_path)))
    assert "more than an inventory can need" in err


def test_program_output_that_is_not_utf8_is_decoded_with_replacement() -> None:
    done = proc.run([sys.executable, "-c", "import sys; sys.stdout.buffer.write(b'ok \\xff\\xfe')"])
    assert done.ok and done.stdout.startswith("ok ") and "\ufffd" in done.stdout


@pytest.mark.parametrize("name", ["web1\n", "web1 ", "Web1", "-web1", "web1/../x", "w" * 64])
def test_host_names_are_matched_whole(fleet_copy: Path, name: str) -> None:
    report = TRIMMED / "ovh-vps.json"
    done = run_panther("host", "add", name, "--report", str(report), "--fleet", str(fleet_copy))
    err = fails_cleanly(done)
    assert "name" in err
    assert not (fleet_copy / "hosts" / name.strip()).exists() or name.strip() in (
        "laptop-a", "laptop-b", "server-a", "server-b", "desk",
    )  # fmt: skip


@pytest.mark.parametrize(
    "field, value",
    [("name", "[/]"), ("name", "[bold]x[/bold"), ("tailnet", "[/].ts.net")],
)
def test_markup_in_the_inventory_is_shown_as_text(tmp_path: Path, field: str, value: str) -> None:
    text = MINIMAL.replace('name = "t"', 'name = "t"\ntailnet = "x.ts.net"')
    text = text.replace(
        f'{field} = "t"' if field == "name" else 'tailnet = "x.ts.net"', f'{field} = "{value}"'
    )
    text += (
        '\n[hosts.a]\nclass = "server"\nsystem = "x86_64-linux"\nstage = "a"\nuser = "sam"\n'
        '\n[hosts.a.deploy]\nhost = "[red]h[/]"\n'
    )
    fleet = fleet_with(tmp_path, text)
    done = run_panther("hosts", "--fleet", str(fleet))
    assert done.returncode == 0, done.stderr
    assert "[red]h[/]" in done.stdout


NASTY = "[/][bold]x[/bold \x1b[2J\x1b]0;owned\x07 \u202eevil"


def hostile_report(tmp_path: Path) -> Path:
    import json

    report = json.loads((TRIMMED / "zephyrus.json").read_text())
    report["smbios"]["system"]["manufacturer"] = NASTY
    report["smbios"]["system"]["product"] = NASTY
    for disk in report["hardware"]["disk"]:
        disk["model"] = NASTY
        disk["device"]["name"] = NASTY
    for cpu in report["hardware"]["cpu"]:
        cpu["model_name"] = NASTY
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(report))
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["hw", "show", "{report}"],
        ["hw", "compare", "{report}", str(TRIMMED / "yoga.json"), "--all"],
        ["storage", "plan", "--report", "{report}"],
        ["storage", "plan", "--report", "{report}", "--output", "{out}"],
    ],
)
def test_report_strings_print_as_text_without_terminal_control(
    tmp_path: Path, command: list[str]
) -> None:
    report = hostile_report(tmp_path)
    args = [a.format(report=report, out=tmp_path / "out.nix") for a in command]
    done = run_panther(*args)
    assert done.returncode == 0, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    if args[:2] == ["hw", "show"]:
        assert "[/][bold]x[/bold" in output  # shown as it is, not as markup


@pytest.mark.parametrize("value", [10**400, -(10**400)])
def test_numbers_beyond_64_bits_in_a_report_are_refused_with_their_path(
    tmp_path: Path, value: int
) -> None:
    import json

    report = json.loads((TRIMMED / "zephyrus.json").read_text())
    for resource in report["hardware"]["disk"][0]["resources"]:
        if resource["type"] == "size":
            resource["value_1"] = value
    path = tmp_path / "big.json"
    path.write_text(json.dumps(report))
    for command in (["hw", "show", str(path)], ["storage", "plan", "--report", str(path)]):
        err = fails_cleanly(run_panther(*command))
        assert "hardware.disk[0].resources[1].value_1" in err


def test_a_disk_product_beyond_64_bits_is_no_disk(tmp_path: Path) -> None:
    import json

    report = json.loads((TRIMMED / "zephyrus.json").read_text())
    for disk in report["hardware"]["disk"]:
        for resource in disk["resources"]:
            if resource["type"] == "size":
                resource["value_1"], resource["value_2"] = 2**63, 2**12
    path = tmp_path / "big.json"
    path.write_text(json.dumps(report))
    assert run_panther("hw", "show", str(path)).returncode == 0
    err = fails_cleanly(run_panther("storage", "plan", "--report", str(path)))
    assert "no disk of at least" in err


def test_a_partition_size_of_hundreds_of_digits_is_bigger_than_the_disk(
    tmp_path: Path, generated_fleet: Path
) -> None:
    text = (generated_fleet / "hosts" / "laptop-a" / "disko.nix").read_text()
    import re

    path = tmp_path / "disko.nix"
    path.write_text(re.sub(r'size = "[0-9]+[KMGT]"', 'size = "' + "9" * 400 + 'T"', text))
    done = run_panther(
        "storage", "check", "--disko", str(path),
        "--report", str(generated_fleet / "hosts" / "laptop-a" / "facter.json"),
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "size-beyond-disk" in done.stdout and "internal error" not in done.stderr
    assert ":30:" in done.stdout or ":3" in done.stdout  # a location, never an emoji
    assert "\U0001f4af" not in done.stdout


@pytest.mark.parametrize("kind", ["fifo", "device", "huge", "long-name"])
def test_a_report_that_cannot_be_one_is_refused_without_reading_it(
    tmp_path: Path, fleet_copy: Path, kind: str
) -> None:
    if kind == "fifo":
        path = tmp_path / "facter.json"
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    elif kind == "huge":
        path = tmp_path / "facter.json"
        with path.open("wb") as out:
            out.truncate(64 << 20)
    else:
        path = tmp_path / ("a" * 300) / "facter.json"
    for command in (
        ["hw", "show", str(path)],
        ["storage", "plan", "--report", str(path)],
        ["host", "add", "newhost", "--report", str(path), "--fleet", str(fleet_copy)],
    ):
        err = fails_cleanly(run_panther(*command))
        assert str(path)[:40] in err
    assert not (fleet_copy / "hosts" / "newhost").exists()
