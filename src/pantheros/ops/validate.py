"""`panther validate`: the inventory against the repository, before Nix is ever run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pantheros.findings import Finding, has_errors
from pantheros.fleet import git
from pantheros.fleet.hygiene import flake_findings, leftover_findings, secret_findings
from pantheros.fleet.lockfile import lock_findings
from pantheros.fleet.model import Fleet
from pantheros.nix import cli as nix
from pantheros.storage.fit import host_fit_findings

# Folders that never hold the fleet's own Nix code.
_SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "result", "__pycache__", ".direnv"}


class ValidationReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    fleet: str
    hosts: int
    nix_files: int
    nix_checked: bool
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def nix_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for path in sorted(root.rglob("*.nix")):
        if not _SKIP_DIRS.intersection(path.relative_to(root).parts[:-1]):
            found.append(path)
    return found


def validate(fleet: Fleet, *, check_nix: bool = True) -> ValidationReport:
    findings = list(_user_findings(fleet))
    findings.extend(_host_findings(fleet))
    findings.extend(lock_findings(fleet.root))
    findings.extend(secret_findings(fleet.root))
    findings.extend(flake_findings(fleet))
    findings.extend(leftover_findings(fleet))
    findings.extend(_git_findings(fleet))
    files = nix_files(fleet.root)
    nix_checked = False
    if check_nix and nix.available():
        nix_checked = True
        for failure in nix.parse_files(files):
            rel = failure.path.relative_to(fleet.root)
            findings.append(
                Finding(
                    severity="error",
                    code="nix-parse",
                    location=f"{rel}:{failure.line}" if failure.line else str(rel),
                    message=f"does not parse: {failure.message}",
                    fix="fix the Nix syntax (nix-instantiate --parse shows the context)",
                )
            )
    elif check_nix:
        findings.append(
            Finding(
                severity="warning",
                code="nix-missing",
                location="nix-instantiate",
                message=f"Nix is not installed, so {len(files)} .nix file(s) were not parsed",
                fix="install Nix (Debian/Ubuntu: apt-get install nix-bin)",
            )
        )
    return ValidationReport(
        fleet=str(fleet.path),
        hosts=len(fleet.document.hosts),
        nix_files=len(files),
        nix_checked=nix_checked,
        findings=findings,
    )


def _git_findings(fleet: Fleet) -> Iterator[Finding]:
    untracked = git.untracked_flake_files(fleet.root)
    if untracked:
        yield Finding(
            severity="error",
            code="untracked-in-git",
            location=untracked[0],
            message=f"not tracked by git, so the fleet's flake does not see it: "
            f"{git.shown(untracked)}",
            fix=f"git add {git.shown(untracked)} (Nix reads a flake in a git repository from "
            "git: untracked files do not exist for nix build, deploy or install)",
        )


def _user_findings(fleet: Fleet) -> Iterator[Finding]:
    for name, user in fleet.document.users.items():
        if not user.ssh_keys:
            yield Finding(
                severity="warning",
                code="user-without-keys",
                location=f"fleet.toml: users.{name}.ssh_keys",
                message="no SSH public key: nobody can log in as this user over SSH",
                fix="add your public key (the line in ~/.ssh/id_ed25519.pub)",
            )


def _host_findings(fleet: Fleet) -> Iterator[Finding]:
    root = fleet.root
    for info in fleet.infos():
        where = f"fleet.toml: hosts.{info.name}"
        folder = root / "hosts" / info.name
        if not folder.is_dir():
            yield Finding(
                severity="error",
                code="host-folder-missing",
                location=where,
                message=f"host folder hosts/{info.name}/ does not exist",
                fix=f"create it with `panther host add {info.name} --report FILE`",
            )
        elif not (folder / "default.nix").is_file():
            yield Finding(
                severity="error",
                code="host-config-missing",
                location=f"hosts/{info.name}",
                message="default.nix is missing",
                fix="add hosts/<name>/default.nix (it may be just `{ }`)",
            )
        yield from _report_findings(root, info.name, info.report, info.system, where)
        # Do default.nix and disko.nix still fit the report (boot mode, disks)? storage/fit.py
        yield from host_fit_findings(root, info)
        if info.host_key is None:
            yield Finding(
                severity="warning",
                code="host-key-missing",
                location=f"{where}.deploy",
                message="no pinned SSH host key: the first connection cannot be verified",
                fix="`panther install` makes the key and pins it; for a "
                "running machine, copy /etc/ssh/ssh_host_ed25519_key.pub from its console "
                "into deploy.host_key",
            )


def _report_findings(
    root: Path, name: str, report: str, system: str, where: str
) -> Iterator[Finding]:
    path = root / report
    if not path.is_file():
        yield Finding(
            severity="error",
            code="report-missing",
            location=f"{where}.report",
            message=f"hardware report {report} does not exist",
            fix="run `panther hw detect -o facter.json` on the machine and copy it there",
        )
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield Finding(
            severity="error",
            code="report-unreadable",
            location=report,
            message=f"not a readable JSON report: {exc}",
            fix="regenerate it with nixos-facter",
        )
        return
    reported = data.get("system") if isinstance(data, dict) else None
    if reported != system:
        yield Finding(
            severity="error",
            code="system-mismatch",
            location=f"{where}.system",
            message=f"fleet.toml says {system!r} but the report {report} says {reported!r}",
            fix="correct `system` in fleet.toml (or the report belongs to another machine)",
        )
