"""Optional conformance tier: check generated disko files with disko itself.

Needs checkouts of nixpkgs' lib (`PANTHER_NIXPKGS_LIB`, the folder holding lib's default.nix)
and of disko (`PANTHER_DISKO_SRC`). Then:

- `disko_evaluate` type-checks a disko file with disko's own module types (`lib.evalModules`
  with `diskoLib.toplevel`, as disko's default.nix does) and returns disko's real format and
  mount scripts (`_scripts.format`/`.mount`, rendered with a stub `pkgs` whose packages are
  non-existent store paths, so the scripts' PATH falls through to this machine's tools) plus
  the NixOS `fileSystems`/`swapDevices`/`boot` it would generate.
- `run_disko` (root) runs those scripts against loop devices. There is no udev here, so small
  shims stand in for `udevadm`/`partprobe` (add partitions with partx and create
  /dev/disk/by-partlabel links) and the plan's /dev/disk/by-id paths are symlinked to the loop
  devices; a `mount` shim skips vfat on kernels without it (and says so).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pantheros import proc
from pantheros.errors import InputError
from pantheros.storage import tools
from pantheros.storage.disko import nix_string, render
from pantheros.storage.model import Btrfs, Partition, StoragePlan
from pantheros.storage.realize import GIB, disko_priority, kernel_has

LIB_ENV = "PANTHER_NIXPKGS_LIB"
# Every package disko's types ask for (lib/types/*.nix `_pkgs`, lib/default.nix scripts).
STUB_PACKAGES = (
    "bash", "bcachefs-tools", "btrfs-progs", "coreutils-full", "cryptsetup", "dosfstools",
    "e2fsprogs", "gawk", "gnugrep", "gnused", "gptfdisk", "jq", "keyutils", "lvm2", "mdadm",
    "parted", "systemdMinimal", "util-linux", "xfsprogs", "zfs",
)  # fmt: skip
DISKO_ENV = "PANTHER_DISKO_SRC"


def sources() -> tuple[Path, Path] | None:
    """(nixpkgs lib dir, disko dir) from the environment, or None when not configured."""
    lib, disko = os.environ.get(LIB_ENV), os.environ.get(DISKO_ENV)
    if not lib or not disko:
        return None
    lib_dir = Path(lib)
    if (lib_dir / "lib" / "default.nix").is_file():
        lib_dir = lib_dir / "lib"
    return lib_dir, Path(disko)


def missing_reason() -> str | None:
    found = sources()
    if found is None:
        return f"set {LIB_ENV} (nixpkgs lib checkout) and {DISKO_ENV} (disko checkout)"
    lib_dir, disko_dir = found
    if not (lib_dir / "default.nix").is_file():
        return f"{LIB_ENV}={lib_dir} has no default.nix (point it at nixpkgs' lib folder)"
    if not (disko_dir / "lib" / "default.nix").is_file():
        return f"{DISKO_ENV}={disko_dir} has no lib/default.nix (point it at a disko checkout)"
    return None


def _expression(path: Path, lib_dir: Path, disko_dir: Path, root_mount: str) -> str:
    return f"""
let
  lib = import {nix_string(str(lib_dir))};
  diskoLib = import {nix_string(str(disko_dir / "lib"))} {{
    inherit lib;
    rootMountPoint = {nix_string(root_mount)};
  }};
  cfg = import {nix_string(str(path))};
  evaled = lib.evalModules {{
    modules = [
      {{
        options.disko.devices = lib.mkOption {{ type = diskoLib.toplevel; }};
        config.disko.devices = cfg.disko.devices;
      }}
    ];
  }};
  devices = evaled.config.disko.devices;
  # Stand-ins for the packages disko's script writers need: store paths that do not exist,
  # so the scripts' PATH falls through to this machine's tools.
  stubPackage = name: {{
    inherit name;
    type = "derivation";
    outPath = "/panther-stub/${{name}}";
  }};
  stubPkgs = lib.genAttrs [ {" ".join(nix_string(n) for n in STUB_PACKAGES)} ] stubPackage // {{
    writers.makeScriptWriter = {{ interpreter, check ? "" }}: name: text: {{ inherit name text; }};
    stdenv.hostPlatform = {{ isRiscV64 = false; isx86_32 = false; }};
  }};
  scripts = devices._scripts {{ pkgs = stubPkgs; }};
  parts = name:
    let v = devices._config.${{name}} or null; in
    if v == null then [ ] else if v ? _type && v._type == "merge" then v.contents else [ v ];
in
{{
  create = devices._create;
  mount = devices._mount;
  formatScript = scripts.format.text;
  mountScript = scripts.mount.text;
  packages = map (p: p.name) (devices._packages stubPkgs);
  fileSystems = lib.foldl' lib.recursiveUpdate {{ }} (parts "fileSystems");
  swapDevices = lib.flatten (parts "swapDevices");
  boot = lib.foldl' lib.recursiveUpdate {{ }} (parts "boot");
}}
"""


@dataclass(frozen=True)
class DiskoEvaluation:
    create: str  # devices._create: the body of `disko --mode format`
    mount: str  # devices._mount
    format_script: str  # _scripts.format with stub pkgs: the disko-format script text
    mount_script: str  # _scripts.mount with stub pkgs
    packages: list[str]  # what disko puts on the scripts' PATH
    file_systems: dict[str, Any]
    swap_devices: list[dict[str, Any]]
    boot: dict[str, Any]


def disko_evaluate(
    path: Path, lib_dir: Path, disko_dir: Path, *, root_mount: str = "/mnt"
) -> DiskoEvaluation:
    """Type-check `path` with disko's types and return its scripts and NixOS config."""
    from pantheros.nix import cli as nix

    value = nix.eval_json(_expression(path.resolve(), lib_dir, disko_dir, root_mount), timeout=120)
    assert isinstance(value, dict)
    return DiskoEvaluation(
        create=value["create"],
        mount=value["mount"],
        format_script=value["formatScript"],
        mount_script=value["mountScript"],
        packages=value["packages"],
        file_systems=value["fileSystems"],
        swap_devices=value["swapDevices"],
        boot=value["boot"],
    )


def with_small_swap(plan: StoragePlan, size: str = "64M") -> StoragePlan:
    """The same plan with swapfiles that fit a test image."""
    disks = []
    for disk in plan.disks:
        parts: list[Partition] = []
        for part in disk.partitions:
            content = part.content
            if isinstance(content, Btrfs):
                subs = [
                    s.model_copy(update={"swapfile_size": size}) if s.swapfile_size else s
                    for s in content.subvolumes
                ]
                part = part.model_copy(
                    update={"content": content.model_copy(update={"subvolumes": subs})}
                )
            parts.append(part)
        disks.append(disk.model_copy(update={"partitions": parts}))
    return plan.model_copy(update={"disks": disks})


_UDEV_SHIM = """#!/bin/bash
# panther conformance shim for udevadm/partprobe: no udev here, so add the partitions with
# partx and create the /dev/disk/by-partlabel links udev would create.
mkdir -p /dev/disk/by-partlabel
for dev in $PANTHER_LOOPS; do
  partx -u "$dev" 2>/dev/null || true
  partx -a "$dev" 2>/dev/null || true
  base=${dev#/dev/}
  for part in /sys/block/"$base"/"$base"p*; do
    [ -e "$part" ] || continue
    node=/dev/${part##*/}
    label=$(blkid -p -o value -s PART_ENTRY_NAME "$node" 2>/dev/null || true)
    if [ -n "$label" ]; then
      ln -sfn "$node" "/dev/disk/by-partlabel/$label"
      echo "/dev/disk/by-partlabel/$label" >> "$PANTHER_LINKS"
    fi
  done
done
exit 0
"""

_MOUNT_SHIM = """#!/bin/bash
# panther conformance shim for mount: skip vfat when this kernel has no vfat driver.
if ! grep -qw vfat /proc/filesystems; then
  for arg in "$@"; do
    if [ "$arg" = vfat ]; then
      echo "panther-shim: no vfat driver in this kernel, not mounting: $*" >&2
      echo "$*" >> "$PANTHER_SKIPPED"
      exit 0
    fi
  done
fi
exec REAL_MOUNT "$@"
"""


@dataclass
class DiskoRun:
    root: Path
    evaluation: DiskoEvaluation
    loops: dict[str, str] = field(default_factory=dict)  # disk name -> /dev/loopN
    skipped: list[str] = field(default_factory=list)
    create_log: str = ""
    mount_log: str = ""

    def path(self, mountpoint: str) -> Path:
        return self.root / mountpoint.lstrip("/")


def _unmount_below(root: Path) -> None:
    points = [
        line.split()[4]
        for line in Path("/proc/self/mountinfo").read_text().splitlines()
        if line.split()[4] == str(root) or line.split()[4].startswith(f"{root}/")
    ]
    for point in sorted(points, key=len, reverse=True):
        with contextlib.suppress(Exception):
            tools.umount(Path(point))


@contextlib.contextmanager
def run_disko(
    plan: StoragePlan,
    workdir: Path,
    lib_dir: Path,
    disko_dir: Path,
    *,
    btrfs_bytes: int = 2 * GIB,
    swap_size: str = "64M",
) -> Iterator[DiskoRun]:
    """Run disko's real format and mount scripts for `plan` on loop devices (root only)."""
    tools.require_root("the disko conformance run")
    small = with_small_swap(plan, swap_size)
    for disk in small.disks:
        if Path(disk.device).exists() or os.path.lexists(disk.device):
            raise InputError(
                f"{disk.device} exists on this machine: refusing to let disko format it",
                location="conformance",
                fix="run the conformance tier on a machine without that disk",
            )
    root = workdir / "mnt"
    root.mkdir(parents=True, exist_ok=True)
    disko_file = workdir / "disko.nix"
    disko_file.write_text(render(small))
    evaluation = disko_evaluate(disko_file, lib_dir, disko_dir, root_mount=str(root))
    bin_dir = workdir / "shims"
    bin_dir.mkdir(exist_ok=True)
    links_file = workdir / "links"
    skipped_file = workdir / "skipped"
    for name in ("udevadm", "partprobe"):
        (bin_dir / name).write_text(_UDEV_SHIM)
        (bin_dir / name).chmod(0o755)
    real_mount = proc.which("mount") or "/usr/bin/mount"
    (bin_dir / "mount").write_text(_MOUNT_SHIM.replace("REAL_MOUNT", real_mount))
    (bin_dir / "mount").chmod(0o755)
    run = DiskoRun(root=root, evaluation=evaluation)
    links: list[Path] = []
    # Mounts in a namespace of our own (tools.private_mounts): nothing else can pin them.
    with tools.private_mounts():
        try:
            for disk in small.disks:
                image = workdir / f"{disk.name}.img"
                fixed = sum(
                    int(p.size[:-1]) * {"M": 1024**2, "G": GIB}[p.size[-1]]
                    for p in sorted(disk.partitions, key=disko_priority)
                    if p.size != "100%"
                )
                with image.open("wb") as handle:
                    handle.truncate(fixed + btrfs_bytes + 4 * 1024**2)
                run.loops[disk.name] = tools.loop_attach(image, partscan=True)
                link = Path(disk.device)
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(run.loops[disk.name])
                links.append(link)
            env = {
                "PATH": f"{bin_dir}:{os.environ.get('PATH', '/usr/sbin:/usr/bin:/sbin:/bin')}",
                "PANTHER_LOOPS": " ".join(run.loops.values()),
                "PANTHER_LINKS": str(links_file),
                "PANTHER_SKIPPED": str(skipped_file),
                "TMPDIR": tempfile.gettempdir(),
            }
            run.create_log = tools.run_shell(
                evaluation.create, env, "disko format script", strict=False
            )
            run.mount_log = tools.run_shell(
                evaluation.mount_script, env, "disko-mount", strict=False
            )
            if skipped_file.exists():
                run.skipped = [
                    f"not mounted (no vfat driver in this kernel): {line}"
                    for line in skipped_file.read_text().splitlines()
                ]
            yield run
        finally:
            _unmount_below(root)
            for loop in run.loops.values():
                with contextlib.suppress(Exception):
                    tools.loop_detach(loop)
            if links_file.exists():
                links += [Path(p) for p in set(links_file.read_text().split())]
            for link in links:
                with contextlib.suppress(OSError):
                    link.unlink()
            for folder in (
                Path("/dev/disk/by-partlabel"),
                Path("/dev/disk/by-id"),
                Path("/dev/disk"),
            ):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only when we left it empty


def kernel_has_vfat() -> bool:
    return kernel_has("vfat")
