"""`panther host add` end to end, in a temporary copy of the repository."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from pantheros.errors import InputError
from pantheros.files import PlannedFile
from pantheros.fleet.load import load_file
from pantheros.ops.host_add import apply_plan, plan_host_add

from ..conftest import real_report, run_panther, tree_digest
from .helpers import SYNTHETIC


def add(fleet: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_panther("host", "add", *args, "--fleet", str(fleet / "fleet.toml"))


def test_add_laptop_end_to_end(fleet_copy: Path) -> None:
    before = (fleet_copy / "fleet.toml").read_text()
    done = add(fleet_copy, "zeph2", "--report", str(real_report("zephyrus")), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["class"] == "laptop"
    assert result["stage"] == "staging"  # the first stage
    assert result["user"] == "sam"  # the first user
    assert result["files"] == [
        "hosts/zeph2/facter.json",
        "hosts/zeph2/default.nix",
        "hosts/zeph2/disko.nix",
        "fleet.toml",
    ]
    assert result["nix_checked"] is True
    assert result["profile"]["hybrid_graphics"] is True

    folder = fleet_copy / "hosts" / "zeph2"
    assert (folder / "facter.json").read_bytes() == real_report("zephyrus").read_bytes()
    nix = (folder / "default.nix").read_text()
    assert "panther host add zeph2 --report" in nix.splitlines()[0]
    assert 'nvidiaBusId = "PCI:1:0:0";' in nix
    parsed = subprocess.run(
        ["nix-instantiate", "--parse", str(folder / "default.nix")],
        capture_output=True,
        check=False,
    )
    assert parsed.returncode == 0, parsed.stderr

    after = (fleet_copy / "fleet.toml").read_text()
    assert after.startswith(before.rstrip("\n"))  # every comment and line kept, in order
    assert "# Hosts are added with `panther host add NAME --report facter.json`." in after
    host = tomllib.loads(after)["hosts"]["zeph2"]
    assert host == {
        "class": "laptop",
        "system": "x86_64-linux",
        "stage": "staging",
        "user": "sam",
        "report": "hosts/zeph2/facter.json",
    }
    assert list(tomllib.loads(after)["hosts"])[-1] == "zeph2"

    # Report in, deployable host out: the planned layout is there and checks clean.
    disko = (folder / "disko.nix").read_text()
    assert "panther host add zeph2 --report" in disko
    assert disko.count("/dev/disk/by-id/nvme-") == 2  # both NVMe drives used
    check = run_panther("storage", "check", "zeph2", "--json", "--fleet", str(fleet_copy))
    assert check.returncode == 0, check.stdout + check.stderr
    assert not [f for f in json.loads(check.stdout)["findings"] if f["severity"] == "error"]

    validate = run_panther("validate", "--json", "--fleet", str(fleet_copy / "fleet.toml"))
    assert validate.returncode == 0, validate.stdout + validate.stderr
    report = json.loads(validate.stdout)
    assert report["nix_checked"] is True
    assert not [f for f in report["findings"] if f["severity"] == "error"]


@pytest.mark.parametrize(
    ("report", "klass"),
    [(real_report("hetzner-vps"), "server"), (SYNTHETIC / "hdd-desktop.json", "workstation")],
)
def test_class_defaults_from_the_form_factor(fleet_copy: Path, report: Path, klass: str) -> None:
    done = add(fleet_copy, "newbox", "--report", str(report), "--stage", "production")
    assert done.returncode == 0, done.stderr
    host = tomllib.loads((fleet_copy / "fleet.toml").read_text())["hosts"]["newbox"]
    assert (host["class"], host["stage"]) == (klass, "production")
    assert run_panther("validate", "--fleet", str(fleet_copy)).returncode == 0


def test_workloads_shape_the_layout_and_land_in_fleet_toml(fleet_copy: Path) -> None:
    report = str(real_report("hetzner-vps"))
    done = add(fleet_copy, "db1", "--report", report, "--workloads", "postgresql,containers")
    assert done.returncode == 0, done.stderr
    host = tomllib.loads((fleet_copy / "fleet.toml").read_text())["hosts"]["db1"]
    assert host["workloads"] == ["postgresql", "containers"]
    disko = (fleet_copy / "hosts" / "db1" / "disko.nix").read_text()
    assert '"/var/lib/postgresql"' in disko
    assert 'chattr +C "$MNTPOINT/@postgresql"' in disko
    assert '"/var/lib/containers"' in disko
    evaluated = subprocess.run(
        [
            "nix-instantiate",
            "--eval",
            "--strict",
            "--json",
            str(fleet_copy / "hosts/db1/disko.nix"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert evaluated.returncode == 0, evaluated.stderr


def test_unknown_workload_writes_nothing(fleet_copy: Path) -> None:
    before = tree_digest(fleet_copy)
    done = add(fleet_copy, "db1", "--report", str(real_report("yoga")), "--workloads", "oracle")
    assert done.returncode == 2
    assert "unknown workload 'oracle'" in done.stderr
    assert tree_digest(fleet_copy) == before


def test_refuses_an_existing_host_without_force(fleet_copy: Path) -> None:
    before = tree_digest(fleet_copy)
    done = add(fleet_copy, "laptop-b", "--report", str(real_report("yoga")))
    assert done.returncode == 2
    assert "already exists" in done.stderr and "--force" in done.stderr
    assert "Traceback" not in done.stderr
    assert tree_digest(fleet_copy) == before


def test_refuses_a_leftover_folder_too(fleet_copy: Path) -> None:
    (fleet_copy / "hosts" / "ghost").mkdir()
    done = add(fleet_copy, "ghost", "--report", str(real_report("yoga")))
    assert done.returncode == 2
    assert "hosts/ghost/" in done.stderr


def test_force_replaces_generated_files_and_keeps_the_rest(fleet_copy: Path) -> None:
    disko_before = (fleet_copy / "hosts" / "server-b" / "disko.nix").read_bytes()
    text = (fleet_copy / "fleet.toml").read_text()
    text = text.replace("[hosts.server-b]\n", "[hosts.server-b]\n# my note\n", 1)
    text = text.replace(
        'stage = "staging"\nuser = "sam"\nreport = "hosts/server-b',
        'stage = "production"\nuser = "sam"\nreport = "hosts/server-b',
        1,
    )
    (fleet_copy / "fleet.toml").write_text(text)
    done = add(fleet_copy, "server-b", "--report", str(real_report("contabo-vps")), "--force")
    assert done.returncode == 0, done.stderr
    text = (fleet_copy / "fleet.toml").read_text()
    host = tomllib.loads(text)["hosts"]["server-b"]
    assert host["tags"] == ["contabo"]  # not managed by host add: kept
    assert host["boot_mode"] == "bios"
    assert host["stage"] == "production"  # re-adding keeps the stage it had
    assert host["deploy"]["host_key"].startswith("ssh-ed25519 ")
    assert "# my note" in text
    assert text.count("[hosts.server-b]") == 1
    nix = (fleet_copy / "hosts" / "server-b" / "default.nix").read_text()
    assert "boot.loader.grub.enable = true;" in nix
    # The storage layout may already be on the disks: --force keeps it and says so.
    assert (fleet_copy / "hosts" / "server-b" / "disko.nix").read_bytes() == disko_before
    assert "kept hosts/server-b/disko.nix" in done.stdout
    assert run_panther("validate", "--fleet", str(fleet_copy)).returncode == 0


def test_force_never_drops_edits_of_default_nix_without_asking(fleet_copy: Path) -> None:
    config = fleet_copy / "hosts" / "laptop-b" / "default.nix"
    edited = config.read_text().replace("{\n", "{\n  services.printing.enable = true;\n", 1)
    config.write_text(edited)
    before = tree_digest(fleet_copy)
    done = add(fleet_copy, "laptop-b", "--report", str(real_report("yoga")), "--force")
    assert done.returncode == 2
    assert "-  services.printing.enable = true;" in done.stderr  # the diff is shown
    assert "--yes" in done.stderr
    assert tree_digest(fleet_copy) == before
    done = add(fleet_copy, "laptop-b", "--report", str(real_report("yoga")), "--force", "--yes")
    assert done.returncode == 0, done.stderr
    assert "services.printing" not in config.read_text()


def test_user_adds_a_missing_user_with_its_key(fleet_copy: Path) -> None:
    key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICjBGX8/Fo3MyXMJoA66OY/ZbsDf1RIcbui1O7e3FZUL kim@x"
    done = add(
        fleet_copy,
        "kimbox",
        "--report",
        str(real_report("yoga")),
        "--user",
        "kim",
        "--ssh-key",
        key,
    )
    assert done.returncode == 0, done.stderr
    doc = tomllib.loads((fleet_copy / "fleet.toml").read_text())
    assert doc["users"]["kim"]["ssh_keys"] == [key]
    assert doc["hosts"]["kimbox"]["user"] == "kim"
    assert run_panther("validate", "--fleet", str(fleet_copy)).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Bad_Name", "--report", "R"], "not a valid host name"),
        (["okname", "--report", "/nonexistent/facter.json"], "cannot read the report"),
        (["okname", "--report", "R", "--class", "toaster"], "unknown class"),
        (["okname", "--report", "R", "--stage", "canary"], "unknown stage"),
        (["okname", "--report", "R", "--user", "Mallory!"], "not a valid user name"),
        (["okname", "--report", "BROKEN"], "truncated"),
    ],
)
def test_errors_write_nothing(
    fleet_copy: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(real_report("yoga").read_bytes()[:5000])
    args = [{"R": str(real_report("yoga")), "BROKEN": str(broken)}.get(a, a) for a in args]
    before = tree_digest(fleet_copy)
    done = add(fleet_copy, *args)
    assert done.returncode == 2, done.stdout
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert tree_digest(fleet_copy) == before


def test_report_for_an_unsupported_system(fleet_copy: Path, tmp_path: Path) -> None:
    report = tmp_path / "riscv.json"
    data = json.loads((SYNTHETIC / "arm-vps.json").read_text())
    report.write_text(json.dumps({**data, "system": "riscv64-linux"}))
    before = tree_digest(fleet_copy)
    done = add(fleet_copy, "rv", "--report", str(report))
    assert done.returncode == 2 and "riscv64-linux" in done.stderr
    assert tree_digest(fleet_copy) == before


def test_a_failing_write_leaves_nothing_behind(fleet_copy: Path) -> None:
    fleet = load_file(fleet_copy / "fleet.toml")
    plan = plan_host_add(fleet, "newvps", real_report("hetzner-vps"))
    before = tree_digest(fleet_copy)
    # A directory where a file should go makes the final rename fail.
    blocked = PlannedFile(Path("hosts/newvps/blocked"), b"x", "test")
    (fleet_copy / "hosts" / "newvps" / "blocked").mkdir(parents=True)
    with pytest.raises(InputError):
        apply_plan(type(plan)(root=plan.root, files=[*plan.files, blocked], result=plan.result))
    # The blocking folder is ours; everything else must be exactly as before.
    (fleet_copy / "hosts" / "newvps" / "blocked").rmdir()
    assert not any((fleet_copy / "hosts" / "newvps").iterdir())
    (fleet_copy / "hosts" / "newvps").rmdir()
    assert tree_digest(fleet_copy) == before


def test_extra_steps_slot_in_before_writing(fleet_copy: Path) -> None:
    """Where the storage planner's disko.nix will plug in."""

    def write_disko(ctx: object) -> list[PlannedFile]:
        return [
            PlannedFile(Path("hosts/withdisk/disko.nix"), b"{ disko.devices = { }; }\n", "storage")
        ]

    fleet = load_file(fleet_copy / "fleet.toml")
    plan = plan_host_add(fleet, "withdisk", real_report("yoga"), extra_steps=[write_disko])
    assert plan.result.files[-2:] == ["hosts/withdisk/disko.nix", "fleet.toml"]
    apply_plan(plan)
    assert (fleet_copy / "hosts" / "withdisk" / "disko.nix").is_file()


def test_a_generated_file_that_does_not_parse_is_refused(fleet_copy: Path) -> None:
    def broken_nix(ctx: object) -> list[PlannedFile]:
        return [PlannedFile(Path("hosts/bad/extra.nix"), b"{ a = ; }", "broken")]

    fleet = load_file(fleet_copy / "fleet.toml")
    with pytest.raises(InputError, match="does not parse"):
        plan_host_add(fleet, "bad", real_report("yoga"), extra_steps=[broken_nix])
    assert not (fleet_copy / "hosts" / "bad").exists()


def test_same_report_path_with_force(fleet_copy: Path) -> None:
    """Re-adding a host from its own facter.json rewrites it with identical bytes."""
    own = fleet_copy / "hosts" / "laptop-b" / "facter.json"
    before = own.read_bytes()
    done = add(fleet_copy, "laptop-b", "--report", str(own), "--force")
    assert done.returncode == 0, done.stderr
    assert own.read_bytes() == before
    shutil.rmtree(fleet_copy / "hosts" / "laptop-b")


def test_never_writes_into_the_bundled_example_fleet(tmp_path: Path) -> None:
    from pantheros.fleet.load import load

    fleet = load(start=tmp_path, environ={}, announce=False)
    assert fleet.source == "example"
    with pytest.raises(InputError, match="bundled example"):
        plan_host_add(fleet, "newbox", real_report("yoga"))


def test_a_laptop_too_small_to_hibernate_gets_hibernate_false(
    fleet_copy: Path, tmp_path: Path
) -> None:
    report = json.loads(real_report("zephyrus").read_text())
    # One 24 GiB disk: a swapfile as big as the RAM would not fit in half of it.
    report["hardware"]["disk"] = report["hardware"]["disk"][:1]
    for resource in report["hardware"]["disk"][0]["resources"]:
        if resource["type"] == "size":
            resource["value_1"], resource["value_2"] = 24 * 2**30 // 512, 512
    path = tmp_path / "small.json"
    path.write_text(json.dumps(report))
    done = run_panther("host", "add", "small", "--report", str(path), "--fleet", str(fleet_copy))
    assert done.returncode == 0, done.stderr
    assert "hibernate = false" in done.stdout + done.stderr
    host = tomllib.loads((fleet_copy / "fleet.toml").read_text())["hosts"]["small"]
    assert host["class"] == "laptop" and host["hibernate"] is False
    # The layout and the inventory now agree: the check passes.
    check = run_panther("storage", "check", "small", "--fleet", str(fleet_copy))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "swap-too-small-for-hibernate" not in check.stdout
