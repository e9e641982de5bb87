"""Typed model of `fleet.toml` (see docs/fleet-toml.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

HostClass = Literal["laptop", "workstation", "server", "dev"]
System = Literal["x86_64-linux", "aarch64-linux"]
BootMode = Literal["uefi", "bios"]
Workload = Literal[
    "containers", "postgresql", "mysql", "vm-images", "attic", "hercules-ci", "monitoring"
]

HOST_CLASSES: tuple[HostClass, ...] = ("laptop", "workstation", "server", "dev")
WORKLOADS: tuple[Workload, ...] = get_args(Workload)

HostName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,62}$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]
SshPublicKey = Annotated[
    str,
    StringConstraints(
        pattern=r"^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com)"
        r" [A-Za-z0-9+/]+=*( .*)?$"
    ),
]


class _Strict(BaseModel):
    # TOML is typed already: refuse "22" for a port instead of guessing.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


CacheUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^ ]+$")]
# A Nix signing key, "name:base64 of 32 bytes" (what `attic cache info` prints).
CachePublicKey = Annotated[str, StringConstraints(pattern=r"^[^: ]+:[A-Za-z0-9+/]{43}=$")]


class CacheSettings(_Strict):
    url: CacheUrl
    public_key: CachePublicKey

    @field_validator("public_key")
    @classmethod
    def _not_a_placeholder(cls, key: str) -> str:
        if set(key.split(":", 1)[1]) == {"A", "="}:
            raise ValueError(
                "public_key is all zero bytes, a placeholder; paste the key "
                "`attic cache info <cache>` prints"
            )
        return key


class FleetSettings(_Strict):
    name: NonEmpty
    stages: Annotated[list[NonEmpty], Field(min_length=1)]
    tailnet: NonEmpty | None = None
    cache: CacheSettings | None = None


class User(_Strict):
    description: str | None = None
    ssh_keys: list[SshPublicKey]


class DeployTarget(_Strict):
    host: NonEmpty | None = None
    user: NonEmpty = "root"
    port: Annotated[int, Field(ge=1, le=65535)] = 22
    host_key: SshPublicKey | None = None


Port = Annotated[int, Field(ge=1, le=65535)]
ProbeUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^ ]+$")]


class Probe(_Strict):
    """One check: a TCP port that accepts connections, an HTTP URL that answers 2xx/3xx, or a
    command on the host that exits 0. Exactly one of the three."""

    tcp: Port | None = None
    http: ProbeUrl | None = None
    command: NonEmpty | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Probe:
        given = [k for k in ("tcp", "http", "command") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                'a probe is exactly one of { tcp = PORT }, { http = "URL" }, '
                '{ command = "…" }' + (f" (this one has {', '.join(given)})" if given else "")
            )
        return self

    @property
    def kind(self) -> str:
        return "tcp" if self.tcp is not None else "http" if self.http is not None else "command"


class Health(_Strict):
    """[hosts.<name>.health]: what deploy and `panther health` check besides the system state."""

    units: list[NonEmpty] = []
    probes: list[Probe] = []


class Host(_Strict):
    model_config = ConfigDict(populate_by_name=True)

    class_: HostClass = Field(alias="class")
    system: System
    stage: NonEmpty
    user: NonEmpty
    report: NonEmpty | None = None
    tags: list[NonEmpty] = []
    workloads: list[Workload] = []
    optional: bool = False
    boot_mode: BootMode | None = None
    hibernate: bool | None = None
    deploy: DeployTarget = DeployTarget()
    health: Health = Health()


class FleetFile(_Strict):
    """The document as written: what `fleet.toml` contains, nothing derived."""

    fleet: FleetSettings
    users: dict[HostName, User] = {}
    hosts: dict[HostName, Host] = {}


class HostInfo(BaseModel):
    """Per-host metadata derived from the inventory.

    `lib/fleet.nix` computes the same record with camelCase names (`stageIndex`, …); the tests
    check that both halves agree.
    """

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    name: str
    class_: HostClass = Field(alias="class")
    system: System
    stage: str
    stage_index: int
    user: str
    deploy_host: str
    deploy_user: str
    deploy_port: int
    host_key: str | None
    report: str
    tags: list[str]
    workloads: list[Workload]
    optional: bool
    boot_mode: BootMode | None
    hibernate: bool


class Fleet(BaseModel):
    """A loaded, cross-checked inventory and where it came from."""

    model_config = ConfigDict(frozen=True)

    path: Path
    source: Literal["explicit", "env", "search", "example"]
    document: FleetFile
    # The bytes that were read and checked (what a snapshot of the fleet is keyed on).
    content: bytes = Field(default=b"", exclude=True, repr=False)

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def name(self) -> str:
        return self.document.fleet.name

    def host_names(self) -> list[str]:
        return list(self.document.hosts)

    def info(self, name: str) -> HostInfo:
        return host_info(self.document, name)

    def infos(self) -> list[HostInfo]:
        return [host_info(self.document, name) for name in self.document.hosts]


def host_info(doc: FleetFile, name: str) -> HostInfo:
    host = doc.hosts[name]
    tailnet = doc.fleet.tailnet
    default_target = f"{name}.{tailnet}" if tailnet else name
    return HostInfo(
        name=name,
        class_=host.class_,
        system=host.system,
        stage=host.stage,
        stage_index=doc.fleet.stages.index(host.stage),
        user=host.user,
        deploy_host=host.deploy.host or default_target,
        deploy_user=host.deploy.user,
        deploy_port=host.deploy.port,
        host_key=host.deploy.host_key,
        report=host.report or f"hosts/{name}/facter.json",
        tags=list(host.tags),
        workloads=list(host.workloads),
        optional=host.optional,
        boot_mode=host.boot_mode,
        hibernate=host.hibernate if host.hibernate is not None else host.class_ == "laptop",
    )


def parse_host_class(text: str, *, location: str = "--class") -> HostClass:
    """A class given on the command line, checked like fleet.toml checks it."""
    for known in HOST_CLASSES:
        if text == known:
            return known
    raise _input_error(f"unknown class {text!r}", location, f"use one of {', '.join(HOST_CLASSES)}")


def parse_workloads(text: str, *, location: str = "--workloads") -> list[Workload]:
    """Comma-separated workloads from the command line ("" means none)."""
    chosen: list[Workload] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        match = next((w for w in WORKLOADS if w == item), None)
        if match is None:
            raise _input_error(
                f"unknown workload {item!r}", location, f"use any of: {', '.join(WORKLOADS)}"
            )
        if match not in chosen:
            chosen.append(match)
    return chosen


def _input_error(message: str, location: str, fix: str) -> Exception:
    from pantheros.errors import InputError

    return InputError(message, location=location, fix=fix)
