"""`panther install`: nixos-anywhere, with what a new host needs on its first boot staged.

The host key, the 1Password service-account token and the user's password hash go into a
private directory (mode 0700, on a tmpfs when there is one, never inside the fleet's folder)
that nixos-anywhere copies onto the new root with `--extra-files`; the directory is removed
when the install ends, however it ends (Ctrl-C and SIGTERM included). The new host key is
pinned in fleet.toml once nixos-anywhere has copied it, so the first deploy already checks it.

Secrets are read with `op read` and written straight to their files: they are never printed,
logged, put in the ledger or passed on a command line.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import shutil
import signal
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from pantheros import proc
from pantheros.errors import InputError, ToolFailed, ToolMissing
from pantheros.fleet import git
from pantheros.fleet.model import Fleet, HostInfo
from pantheros.ops import ledger

PHASES = ("kexec", "disko", "install", "reboot")
NIXOS_ANYWHERE = "github:nix-community/nixos-anywhere"
TOKEN_ITEM = "Service Account/credential"
HOST_KEY = "etc/ssh/ssh_host_ed25519_key"
TOKEN = "etc/opnix-token"  # panther.secrets.tokenFile's default
PASSWORD_HASH = "var/lib/opnix/secrets/primaryPasswordHash"  # panther.secrets.paths, at boot
# The step nixos-anywhere announces once the extra files are on the new root: from then on
# the new host key is the one the machine will present.
COPIED_STEP = "Copying extra files"

# user@host, host, user@[v6] or a bare v6 address; nothing that ssh could read as an option.
_TARGET = re.compile(
    r"(?:[A-Za-z_][A-Za-z0-9_.-]*@)?"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]+:[0-9A-Fa-f:.]*)"
)
_STEP = re.compile(r"### (.+) ###")

Event = dict[str, Any]


class InstallOptions(BaseModel):
    model_config = ConfigDict(frozen=True)

    target: str
    port: int = 22
    facter: bool = False
    vault: str = "PantherOS"
    token_ref: str | None = None
    token_file: Path | None = None
    host_key_file: Path | None = None
    password_hash: bool = True
    identity: Path | None = None
    phases: tuple[str, ...] = PHASES
    flake: str | None = None
    build_on_remote: bool = False

    @property
    def token_source(self) -> str:
        if self.token_file is not None:
            return str(self.token_file)
        return self.token_ref or f"op://{self.vault}/{TOKEN_ITEM}"


class StagedFile(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str  # where it lands on the new root
    mode: str
    source: str  # where it comes from (never its content)


class InstallPlan(BaseModel):
    """What an install will do: the `--dry-run --json` schema."""

    model_config = ConfigDict(frozen=True)

    id: str
    fleet: str
    host: str
    target: str
    flake: str
    disks: list[str]
    files: list[StagedFile]
    argv: list[str]
    report: str | None  # the report nixos-anywhere writes (--facter)
    pins_host_key: bool


class Step(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    seconds: float


class InstallResult(BaseModel):
    """What an install did: the `--json` schema (the ledger holds the same, as a record)."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: Literal["install", "recover"]
    fleet: str
    host: str
    who: str
    revision: str | None
    started: str
    seconds: float
    outcome: Literal["ok", "failed", "interrupted"]
    exit_code: int | None
    steps: list[Step]
    log: str
    host_key: str | None  # the key pinned in fleet.toml by this run
    previous_host_key: str | None
    report_backup: str | None
    detail: str | None = None


# --- checks and the plan ------------------------------------------------------------------------


def check_target(target: str) -> str:
    """The target as nixos-anywhere gets it (root@ added when no user is given)."""
    if not _TARGET.fullmatch(target):
        raise InputError(
            f"{target!r} is not an SSH destination",
            location="--target",
            fix="write it as root@203.0.113.7 (or root@host.example.org); the port goes in --port",
        )
    return target if "@" in target else f"root@{target}"


def check_confirmation(fleet: Fleet, host: str, yes: str | None, disks: list[str]) -> None:
    """Installing erases disks: go on only when --yes names the host."""
    if yes == host:
        return
    where = ", ".join(disks) if disks else f"every disk in hosts/{host}/disko.nix"
    given = f" (--yes {yes} names another host)" if yes else ""
    raise InputError(
        f"installing {host} erases {where} on the target machine{given}",
        location="--yes",
        fix=f"check `panther storage check {host}`, then run again with --yes {host}",
    )


def disks_of(fleet: Fleet, host: str) -> list[str]:
    """The devices hosts/<host>/disko.nix formats (an error when it has none)."""
    from pantheros.storage.check import evaluate_disko

    path = fleet.root / "hosts" / host / "disko.nix"
    if not path.is_file():
        raise InputError(
            f"{host} has no storage layout",
            location=f"hosts/{host}/disko.nix",
            fix=f"plan it with `panther storage plan {host} --write`",
        )
    devices, _ = evaluate_disko(path)
    disks = devices.get("disk") or {}
    if not isinstance(disks, dict) or not disks:
        raise InputError(
            "the storage layout names no disk",
            location=f"hosts/{host}/disko.nix",
            fix=f"plan it again with `panther storage plan {host} --write`",
        )
    return sorted(str(d.get("device", name)) for name, d in disks.items() if isinstance(d, dict))


def staged_files(info: HostInfo, options: InstallOptions) -> list[StagedFile]:
    key_source = (
        str(options.host_key_file) if options.host_key_file is not None else "ssh-keygen (new)"
    )
    files = [
        StagedFile(path=f"/{HOST_KEY}", mode="0600", source=key_source),
        StagedFile(path=f"/{HOST_KEY}.pub", mode="0644", source=key_source),
        StagedFile(path=f"/{TOKEN}", mode="0600", source=options.token_source),
    ]
    if options.password_hash:
        files.append(
            StagedFile(
                path=f"/{PASSWORD_HASH}",
                mode="0600",
                source=_password_ref(info, options),
            )
        )
    return files


def _password_ref(info: HostInfo, options: InstallOptions) -> str:
    return f"op://{options.vault}/user-{info.user}/password-hash"


def anywhere_command() -> list[str]:
    """nixos-anywhere from PATH, or run from its flake with nix."""
    found = proc.which("nixos-anywhere")
    if found is not None:
        return [found]
    if proc.which("nix") is not None:
        return ["nix", "--extra-experimental-features", "nix-command flakes", "run",
                NIXOS_ANYWHERE, "--"]  # fmt: skip
    raise ToolMissing(
        "neither nixos-anywhere nor nix is installed",
        fix="install Nix (nix run github:nix-community/nixos-anywhere is what panther runs)",
    )


def anywhere_argv(fleet: Fleet, info: HostInfo, options: InstallOptions, extra: str) -> list[str]:
    flake = options.flake or str(fleet.root)
    argv = [
        *anywhere_command(),
        "--flake", f"{flake}#{info.name}",
        "--target-host", check_target(options.target),
        "--extra-files", extra,
        "--phases", ",".join(options.phases),
    ]  # fmt: skip
    if options.port != 22:
        argv += ["--ssh-port", str(options.port)]
    if options.identity is not None:
        argv += ["-i", str(options.identity)]
    if options.facter:
        argv += ["--generate-hardware-config", "nixos-facter", str(fleet.root / info.report)]
    if options.build_on_remote:
        argv.append("--build-on-remote")
    return argv


def plan(fleet: Fleet, info: HostInfo, options: InstallOptions, *, run_id: str) -> InstallPlan:
    check_target(options.target)
    _check_sources(fleet, options)
    if options.flake is None:
        git.check_tracked(fleet.root, step=f"installing {info.name}")
    return InstallPlan(
        id=run_id,
        fleet=fleet.name,
        host=info.name,
        target=check_target(options.target),
        flake=f"{options.flake or fleet.root}#{info.name}",
        disks=disks_of(fleet, info.name),
        files=staged_files(info, options),
        argv=anywhere_argv(fleet, info, options, "<private directory>/extra"),
        report=info.report if options.facter else None,
        pins_host_key="install" in options.phases,
    )


def _check_sources(fleet: Fleet, options: InstallOptions) -> None:
    for flag, path in (("--token-file", options.token_file), ("--host-key", options.host_key_file)):
        if path is not None and not path.is_file():
            raise InputError("no such file", location=f"{flag} {path}", fix="pass an existing file")


def check_tools(options: InstallOptions) -> None:
    """What the install runs here, before anything is staged."""
    if options.token_file is None or options.password_hash:
        proc.require("op")
    proc.require("ssh-keygen")
    anywhere_command()


# --- staging ------------------------------------------------------------------------------------


def _private_base(avoid: Path) -> Path:
    """Where the private directory goes: a tmpfs of this user if possible, never the fleet."""
    candidates = [os.environ.get("XDG_RUNTIME_DIR"), "/dev/shm", tempfile.gettempdir()]
    fleet = avoid.resolve()
    for candidate in candidates:
        if not candidate:
            continue
        base = Path(candidate).resolve()
        inside = base == fleet or fleet in base.parents
        if base.is_dir() and os.access(base, os.W_OK | os.X_OK) and not inside:
            return base
    raise ToolFailed(
        "no private place outside the fleet's folder for the install's secrets",
        fix="set TMPDIR to a writable folder outside the fleet (e.g. /tmp)",
    )


@contextlib.contextmanager
def private_directory(avoid: Path) -> Iterator[Path]:
    """A 0700 directory that is gone when the block ends, on Ctrl-C and SIGTERM too."""
    path = Path(tempfile.mkdtemp(prefix="panther-install-", dir=_private_base(avoid)))
    previous = None
    try:
        with contextlib.suppress(ValueError):  # not the main thread: no handler
            previous = signal.signal(signal.SIGTERM, _terminate)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _write_secret(path: Path, value: str, mode: int = 0o600) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(value)


def _op_read(reference: str, what: str) -> str:
    done = proc.run(["op", "read", reference], timeout=120)
    if not done.ok:
        # op's own message names the problem (not signed in, no such item); it holds no secret.
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        raise ToolFailed(
            f"reading {what} from 1Password failed: `op read {reference}` exited "
            f"{done.returncode}" + (f": {detail}" if detail else ""),
            fix="sign in (`op signin`, or OP_SERVICE_ACCOUNT_TOKEN) and check the item and field",
        )
    value = done.stdout.removesuffix("\n")
    if not value.strip():
        raise ToolFailed(f"{reference} is empty", fix=f"put {what} into that field")
    return value


def stage(directory: Path, info: HostInfo, options: InstallOptions) -> str:
    """Fill `directory/extra` as the new root needs it; the host's public key."""
    extra = directory / "extra"
    for sub, mode in (("etc", 0o755), ("etc/ssh", 0o755), ("var", 0o755), ("var/lib", 0o755)):
        (extra / sub).mkdir(mode=mode, parents=True, exist_ok=True)
        (extra / sub).chmod(mode)
    key = extra / HOST_KEY
    if options.host_key_file is not None:
        _write_secret(key, options.host_key_file.read_text("utf-8"))
        public = proc.run(["ssh-keygen", "-y", "-P", "", "-f", str(key)], timeout=30)
        public.check(f"reading the public half of {options.host_key_file}")
        parts = public.stdout.split()
    else:
        proc.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"root@{info.name}",
             "-f", str(key)],
            timeout=30,
        ).check("generating the host key")  # fmt: skip
        parts = Path(f"{key}.pub").read_text("utf-8").split()
    pinned = f"{parts[0]} {parts[1]}"
    Path(f"{key}.pub").write_text(f"{pinned} root@{info.name}\n", "utf-8")
    Path(f"{key}.pub").chmod(0o644)
    key.chmod(0o600)

    if options.token_file is not None:
        token = options.token_file.read_text("utf-8").strip()
        if not token:
            raise InputError(
                "the token file is empty", location=f"--token-file {options.token_file}"
            )
    else:
        token = _op_read(options.token_source, "the service-account token")
    if any(c.isspace() for c in token.strip()):
        raise InputError(
            "the 1Password token holds spaces or several lines",
            location=f"--token-file {options.token_file}" if options.token_file else "--token-ref",
            fix="the token file must contain only the token (ops_…)",
        )
    _write_secret(extra / TOKEN, token.strip())
    if options.password_hash:
        hashed = _op_read(_password_ref(info, options), f"{info.user}'s password hash")
        if not hashed.startswith("$") or "\n" in hashed.strip():
            raise InputError(
                f"the password-hash field of user-{info.user} does not hold a crypt hash",
                location=_password_ref(info, options),
                fix="store what `mkpasswd -m yescrypt` prints ($y$…), not the password",
            )
        secrets_dir = extra / Path(PASSWORD_HASH).parent
        secrets_dir.mkdir(parents=True, exist_ok=True)
        (extra / "var/lib/opnix").chmod(0o755)
        secrets_dir.chmod(0o751)
        _write_secret(extra / PASSWORD_HASH, hashed.strip() + "\n")
    return pinned


# --- the run ------------------------------------------------------------------------------------


def new_id() -> str:
    from secrets import token_hex

    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + token_hex(3)


def run(
    fleet: Fleet,
    info: HostInfo,
    options: InstallOptions,
    planned: InstallPlan,
    *,
    emit: Callable[[Event], None],
    kind: Literal["install", "recover"] = "install",
    record: bool = True,
) -> InstallResult:
    """Stage, run nixos-anywhere, pin the key; the caller holds the fleet's write lock."""
    from pantheros.ops.deploy import _revision

    started = datetime.now(UTC)
    clock = time.monotonic()
    log = ledger.state_dir(fleet.root) / "logs" / planned.id / f"{info.name}.log"
    steps: list[tuple[str, float]] = []
    state: dict[str, Any] = {"copied": False, "exit": None, "outcome": "failed", "detail": None}
    pinned: str | None = None
    key: str | None = None
    backup = _keep_report(fleet, info, planned) if options.facter else None

    def on_line(line: str) -> None:
        found = _STEP.fullmatch(line.strip())
        if found is None:
            return
        now = time.monotonic() - clock
        steps.append((found.group(1), now))
        if found.group(1) == COPIED_STEP:
            state["copied"] = True
        emit({"event": "step", "host": info.name, "step": found.group(1), "at": round(now, 1)})

    try:
        with private_directory(fleet.root) as directory:
            emit({"event": "stage", "host": info.name, "files": [f.path for f in planned.files]})
            key = stage(directory, info, options)
            argv = anywhere_argv(fleet, info, options, str(directory / "extra"))
            emit({"event": "run", "host": info.name, "argv": argv})
            code = proc.stream(argv, on_line=on_line, log=log, cwd=fleet.root)
            state["exit"] = code
            if code == 0:
                state["outcome"] = "ok"
                state["copied"] = state["copied"] or "install" in options.phases
            else:
                state["detail"] = f"nixos-anywhere exited {code}"
    except KeyboardInterrupt:
        state["outcome"] = "interrupted"
        state["detail"] = "interrupted"
    finally:
        if state["copied"] and key is not None:
            pinned = key
            _pin(fleet, info.name, key)
    seconds = time.monotonic() - clock
    timed = [
        Step(name=name, seconds=round((steps[i + 1][1] if i + 1 < len(steps) else seconds) - at, 1))
        for i, (name, at) in enumerate(steps)
    ]
    result = InstallResult(
        id=planned.id,
        kind=kind,
        fleet=fleet.name,
        host=info.name,
        who=f"{getpass.getuser()}@{socket.gethostname()}",
        revision=_revision(fleet.root),
        started=started.isoformat(timespec="seconds"),
        seconds=round(seconds, 1),
        outcome=state["outcome"],
        exit_code=state["exit"],
        steps=timed,
        log=str(log),
        host_key=pinned,
        previous_host_key=info.host_key if pinned is not None else None,
        report_backup=str(backup) if backup else None,
        detail=state["detail"],
    )
    if record:
        ledger.append(fleet.root, ledger_record(result, info))
    emit({"event": "end", "host": info.name, "outcome": result.outcome})
    return result


def ledger_record(result: InstallResult, info: HostInfo, **extra: Any) -> dict[str, Any]:
    """The install in the shape every ledger record has (status and history read it)."""
    outcome = {"ok": "installed", "failed": "failed", "interrupted": "interrupted"}[result.outcome]
    return {
        "id": result.id,
        "kind": result.kind,
        "fleet": result.fleet,
        "who": result.who,
        "revision": result.revision,
        "mode": "install",
        "started": result.started,
        "seconds": result.seconds,
        "outcome": result.outcome,
        "waves": [
            {
                "stage": info.stage,
                "ok": result.outcome == "ok",
                "hosts": [
                    {
                        "host": info.name,
                        "stage": info.stage,
                        "outcome": outcome,
                        "system": None,
                        "previous": None,
                        "phases": [s.model_dump() for s in result.steps],
                        "detail": result.detail,
                    }
                ],
            }
        ],
        "host_key": result.host_key,
        **extra,
    }


def _keep_report(fleet: Fleet, info: HostInfo, planned: InstallPlan) -> Path | None:
    """--facter replaces the host's report: keep the old one in the state directory."""
    report = fleet.root / info.report
    if not report.is_file():
        return None
    keep = ledger.state_dir(fleet.root) / "reports" / f"{info.name}-{planned.id}.json"
    keep.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(report, keep)
    return keep


def _pin(fleet: Fleet, host: str, key: str) -> None:
    from pantheros.files import PlannedFile, write_all
    from pantheros.fleet import edit
    from pantheros.fleet.load import load_file, parse_text

    text = load_file(fleet.path).path.read_text("utf-8")
    text = edit.set_host_key(text, host, key, filename=str(fleet.path))
    parse_text(text, str(fleet.path))
    write_all(fleet.root, [PlannedFile(Path(fleet.path.name), text.encode(), "host key")])
