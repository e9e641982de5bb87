"""`panther init`: a new fleet of one's own, from the fleet template.

It writes the template's files (the same as `nix flake init -t <pantheros>#fleet`), filling in
only what it can know without asking: the fleet's name (the folder's), the primary user (the
login name) with the public keys in ~/.ssh, and the cache settings in flake.nix's nixConfig.
It never overwrites a file; `--refresh` only rewrites flake.nix's nixConfig of an existing fleet
from its fleet.toml.
"""

from __future__ import annotations

import getpass
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pantheros import proc
from pantheros.errors import InputError
from pantheros.files import PlannedFile, write_all
from pantheros.fleet import git
from pantheros.fleet.model import CacheSettings
from pantheros.resources import template_dir

DEFAULT_NAME = "my-fleet"
DEFAULT_FRAMEWORK = "github:pantheros/pantheros"
_NAME_OK = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
_KEY_OK = re.compile(
    r"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com)"
    r" [A-Za-z0-9+/]+=*( [^\n]*)?$"
)
_KEY_FILES = ("id_ed25519.pub", "id_ed25519_sk.pub", "id_ecdsa.pub", "id_rsa.pub")

# The template's commented example user, replaced by the real one when it is known.
_TEMPLATE_USER = (
    "# [users.alex]\n"
    '# description = "Alex Example"\n'
    '# ssh_keys = ["ssh-ed25519 AAAA… alex@laptop"]\n'
)
_NIX_CONFIG = re.compile(r"^  nixConfig = \{(?: \}|\n.*?\n  \});$", re.MULTILINE | re.DOTALL)


class InitResult(BaseModel):
    """What `panther init` wrote: the `--json` schema."""

    model_config = ConfigDict(frozen=True)

    root: str
    name: str
    user: str | None
    ssh_keys: int
    files: list[str]
    git_initialized: bool
    # Staged with `git add`: a flake in a git repository sees only tracked files.
    git_staged: list[str] = []
    next_steps: list[str]
    warnings: list[str]


def slug(text: str) -> str:
    """A fleet or user name from free text: lower-case letters, digits and '-'."""
    cleaned = re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")
    return re.sub(r"^[^a-z]+", "", cleaned)[:63].rstrip("-")


def default_user() -> str | None:
    try:
        name = slug(getpass.getuser())
    except (KeyError, OSError):
        return None
    return name if _NAME_OK.fullmatch(name) and name != "root" else None


def public_keys(ssh_dir: Path) -> list[str]:
    """The user's own public keys (never private ones), in a stable order."""
    keys: list[str] = []
    for name in _KEY_FILES:
        try:
            text = (ssh_dir / name).read_text("utf-8").strip()
        except (OSError, UnicodeDecodeError):
            continue
        line = text.splitlines()[0] if text else ""
        if _KEY_OK.fullmatch(line) and line not in keys:
            keys.append(line)
    return keys


def render_fleet_toml(
    template: str, *, name: str, user: str | None, keys: list[str], tailnet: str | None
) -> str:
    text = template.replace(f'name = "{DEFAULT_NAME}"', f'name = "{name}"', 1)
    if tailnet:
        text = text.replace('# tailnet = "example.ts.net"', f'tailnet = "{tailnet}"', 1)
    if user:
        listed = ", ".join(f'"{key}"' for key in keys)
        block = f"[users.{user}]\nssh_keys = [{listed}]\n"
        text = text.replace(_TEMPLATE_USER, block, 1)
    return text


def render_nix_config(cache: CacheSettings | None) -> str:
    if cache is None:
        return "  nixConfig = { };"
    return (
        "  nixConfig = {\n"
        f'    extra-substituters = [ "{cache.url}" ];\n'
        f'    extra-trusted-public-keys = [ "{cache.public_key}" ];\n'
        "  };"
    )


def nix_config_block(flake_text: str) -> str | None:
    """The top-level `nixConfig = …;` statement as written, or None."""
    match = _NIX_CONFIG.search(flake_text)
    return match.group(0) if match else None


def with_nix_config(flake_text: str, cache: CacheSettings | None, *, where: str) -> str:
    if not _NIX_CONFIG.search(flake_text):
        raise InputError(
            "flake.nix has no `nixConfig = { … };` block at the top level",
            location=where,
            fix="add `  nixConfig = { };` after the description (as `panther init` writes it)",
        )
    return _NIX_CONFIG.sub(lambda _: render_nix_config(cache), flake_text, count=1)


def render_flake(template: str, *, framework: str, cache: CacheSettings | None) -> str:
    text = template.replace(f'"{DEFAULT_FRAMEWORK}"', f'"{framework}"', 1)
    return with_nix_config(text, cache, where="flake.nix")


def plan_init(
    root: Path,
    *,
    name: str | None = None,
    user: str | None = None,
    keys: list[str] | None = None,
    tailnet: str | None = None,
    framework: str = DEFAULT_FRAMEWORK,
) -> tuple[list[PlannedFile], InitResult]:
    """Every file of the new fleet, or an InputError; writes nothing."""
    fleet_name = name if name is not None else (slug(root.resolve().name) or DEFAULT_NAME)
    if not _NAME_OK.fullmatch(fleet_name):
        raise InputError(
            f"{fleet_name!r} is not a valid fleet name",
            location="--name",
            fix="use lower-case letters, digits and '-', starting with a letter",
        )
    if user is not None and not _NAME_OK.fullmatch(user):
        raise InputError(
            f"{user!r} is not a valid user name",
            location="--user",
            fix="use lower-case letters, digits and '-', starting with a letter",
        )
    chosen_keys = keys or []
    for key in chosen_keys:
        if not _KEY_OK.fullmatch(key):
            raise InputError(
                "not an SSH public key",
                location="--ssh-key",
                fix="pass one line such as 'ssh-ed25519 AAAA… you@laptop' (or the .pub file)",
            )
    source = template_dir()
    files: list[PlannedFile] = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        relative = path.relative_to(source)
        content = path.read_text("utf-8")
        if relative == Path("fleet.toml"):
            content = render_fleet_toml(
                content, name=fleet_name, user=user, keys=chosen_keys, tailnet=tailnet
            )
        elif relative == Path("flake.nix"):
            content = render_flake(content, framework=framework, cache=None)
        files.append(PlannedFile(relative, content.encode(), "fleet template"))
    existing = [str(f.path) for f in files if (root / f.path).exists()]
    if existing:
        raise InputError(
            f"{' and '.join(existing)} {'is' if len(existing) == 1 else 'are'} already there",
            location=str(root),
            fix="panther init never overwrites: pick an empty folder, or use --refresh "
            "to update flake.nix from fleet.toml in an existing fleet",
        )
    warnings = []
    if user is None:
        warnings.append(
            "no primary user: add a [users.<name>] table with your ssh_keys to fleet.toml, "
            "or pass --user NAME --ssh-key KEY to your first `panther host add`"
        )
    elif not chosen_keys:
        warnings.append(
            f"no SSH public key found for {user}: add one to ssh_keys in [users.{user}], "
            "or nobody can log in over SSH"
        )
    result = InitResult(
        root=str(root),
        name=fleet_name,
        user=user,
        ssh_keys=len(chosen_keys),
        files=[str(f.path) for f in files],
        git_initialized=False,
        next_steps=next_steps(),
        warnings=warnings,
    )
    return files, result


def next_steps() -> list[str]:
    return [
        "panther host add NAME --report facter.json   # a machine, from its hardware report",
        "panther storage check NAME                   # its disk layout against the hardware",
        "panther install NAME --target root@IP         # install it: erases its disks"
        " (docs/install-host.md)",
    ]


def apply_init(root: Path, files: list[PlannedFile], result: InitResult) -> InitResult:
    root.mkdir(parents=True, exist_ok=True)
    write_all(root, files)
    initialized = _git_init(root)
    staged = git.stage(root, [f.path for f in files])
    return result.model_copy(update={"git_initialized": initialized, "git_staged": staged})


def _git_init(root: Path) -> bool:
    """`git init` unless the folder already is inside a repository; False when git is missing."""
    if proc.which("git") is None:
        return False
    inside = proc.run(["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"], timeout=30)
    if inside.ok:
        return False
    proc.run(["git", "init", "-q", str(root)], timeout=30).check("git init")
    return True


def refresh(root: Path, cache: CacheSettings | None) -> tuple[list[PlannedFile], bool]:
    """flake.nix's nixConfig from fleet.toml; ([], False) when it is already up to date."""
    path = root / "flake.nix"
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot read flake.nix: {exc.strerror}",
            location=str(path),
            fix="run panther init in an empty folder to start a fleet",
        ) from None
    updated = with_nix_config(text, cache, where=str(path))
    if updated == text:
        return [], False
    return [PlannedFile(Path("flake.nix"), updated.encode(), "flake.nix nixConfig")], True
