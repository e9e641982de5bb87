"""The evaluation tier: each host of a fleet through nixpkgs' real module system.

Hosts are evaluated with lib.evalModules over the framework's modules, the real opnix, disko
and nixos-hardware modules, home-manager's real option declarations and typed stand-ins for
nixpkgs (tests/nix/eval). Every option that is set gets forced; failed assertions and warnings
come back. The tests then look at what the configuration would do on the machine.

Needs checkouts (see tier.py); skips with the reason when they are absent.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FACTER_DIR, REPO
from tests.hardware.corpus.cases import CASES

from .nixeval import nix_json
from .tier import needs_tier, run_tier, tier_json

pytestmark = needs_tier

EXAMPLE = REPO / "examples" / "fleet"
CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")

PROBES = [
    "services.onepassword-secrets.secretPaths",
    "services.openssh.enable",
    "services.openssh.openFirewall",
    "services.openssh.settings",
    "services.openssh.extraConfig",
    "services.fail2ban.enable",
    "networking.firewall.trustedInterfaces",
    "users.mutableUsers",
    "users.users",
    "security.sudo",
    "services.btrfs.autoScrub",
    "services.restic.backups",
    "services.logind.settings",
    "systemd.sleep.settings",
    "zramSwap.enable",
    "services.fstrim.enable",
    "fileSystems",
    "services.snapper.configs",
    "nix.settings",
    "services.atticd.enable",
    "systemd.services",
    "panther.host",
    "panther.secrets.paths",
]


@pytest.fixture(scope="module")
def example() -> dict[str, Any]:
    hosts: dict[str, Any] = tier_json(EXAMPLE, probes=PROBES)
    return hosts


def probe(hosts: dict[str, Any], name: str, path: str) -> Any:
    return hosts[name]["probes"][path]


def by_class(hosts: dict[str, Any], cls: str) -> list[str]:
    return [n for n, h in hosts.items() if probe(hosts, n, "panther.host")["class"] == cls]


# --- every host evaluates ----------------------------------------------------------------------


def test_every_example_host_evaluates_with_everything_it_sets_forced(
    example: dict[str, Any],
) -> None:
    assert sorted(example) == ["contabo-vps", "hetzner-vps", "ovh-vps", "yoga", "zephyrus"]
    for name, host in example.items():
        assert host["forced"] is True, name
        assert host["failedAssertions"] == [], (name, host["failedAssertions"])
        assert host["warnings"] == [], (name, host["warnings"])
        # Hundreds of options, from PantherOS, opnix, disko and nixos-hardware.
        assert host["setOptions"] > 400, (name, host["setOptions"])


def test_the_nixos_modules_evaluate_without_home_manager_opnix_or_disko() -> None:
    alone = tier_json(EXAMPLE, select=".frameworkAlone")
    assert alone["forced"] is True
    assert alone["failedAssertions"] == []


def test_an_undeclared_option_fails_the_evaluation_as_on_a_machine() -> None:
    proc = run_tier(EXAMPLE, extra_modules=["{ services.openssh.settingz = { }; }"])
    assert proc.returncode != 0
    assert "The option `services.openssh.settingz' does not exist" in proc.stderr


def test_a_home_manager_option_is_checked_against_home_manager_itself() -> None:
    proc = run_tier(
        EXAMPLE, extra_modules=["{ home-manager.users.alex.programs.fish.enabel = true; }"]
    )
    assert proc.returncode != 0
    assert "home-manager.users.alex.programs.fish.enabel' does not exist" in proc.stderr
    proc = run_tier(
        EXAMPLE, extra_modules=['{ home-manager.users.alex.home.stateVersion = "19.99"; }']
    )
    assert proc.returncode != 0
    assert "is not of type" in proc.stderr


# --- opnix -------------------------------------------------------------------------------------


def test_opnix_refuses_a_secret_name_that_is_not_camel_case() -> None:
    # The names the modules used before (tailscale-auth-key, …) broke every host this way.
    proc = run_tier(
        EXAMPLE,
        extra_modules=[
            '{ services.onepassword-secrets.secrets.restic-password.reference = "op://v/i/f"; }'
        ],
    )
    assert proc.returncode != 0
    assert "Invalid secret key names" in proc.stderr
    assert "restic-password" in proc.stderr


def test_every_secret_has_an_opnix_name_and_a_runtime_path(example: dict[str, Any]) -> None:
    for name in example:
        paths = probe(example, name, "services.onepassword-secrets.secretPaths")
        assert paths, name
        assert all(CAMEL.match(key) for key in paths), (name, sorted(paths))
        assert all(p.startswith("/var/lib/opnix/secrets/") for p in paths.values())
        assert probe(example, name, "panther.secrets.paths") == paths
        backup = probe(example, name, "services.restic.backups")["b2"]
        assert backup["passwordFile"] == paths["resticPassword"]
        assert backup["repositoryFile"] == paths["resticRepository"]
        assert backup["environmentFile"] == paths["resticEnv"]


# --- console, sudo and SSH ---------------------------------------------------------------------


def test_the_primary_user_has_a_password_from_1password_for_console_and_sudo(
    example: dict[str, Any],
) -> None:
    for name in example:
        user = probe(example, name, "panther.host")["user"]
        account = probe(example, name, "users.users")[user]
        assert (
            account["hashedPasswordFile"]
            == (probe(example, name, "panther.secrets.paths")["primaryPasswordHash"])
        )
        assert probe(example, name, "users.mutableUsers") is False  # re-read at every switch
        sudo = probe(example, name, "security.sudo")
        assert sudo["wheelNeedsPassword"] is True
        assert "wheel" in account["extraGroups"]
        root = probe(example, name, "users.users")["root"]
        assert root.get("hashedPasswordFile") is None


def test_a_user_without_any_password_is_refused_at_evaluation() -> None:
    hosts = tier_json(
        EXAMPLE,
        extra_modules=["{ panther.users.primary.hashedPasswordFile = null; }"],
        select=".hosts.ovh-vps",
    )
    assert any("has no password" in m for m in hosts["failedAssertions"])


def test_ssh_is_only_on_tailscale_and_root_only_for_root_deploys(example: dict[str, Any]) -> None:
    for name in example:
        assert probe(example, name, "services.openssh.openFirewall") is False, name
        assert "tailscale0" in probe(example, name, "networking.firewall.trustedInterfaces")
        settings = probe(example, name, "services.openssh.settings")
        assert settings["PasswordAuthentication"] is False
        deploy_user = probe(example, name, "panther.host")["deployUser"]
        expected = "prohibit-password" if deploy_user == "root" else "no"
        assert settings["PermitRootLogin"] == expected
        # fail2ban only where SSH faces the internet: nowhere here.
        assert probe(example, name, "services.fail2ban.enable") is False


def test_opening_ssh_to_the_internet_brings_fail2ban_and_keeps_root_on_the_tailnet() -> None:
    host = tier_json(
        EXAMPLE,
        probes=PROBES,
        extra_modules=["{ panther.security.ssh.openFirewall = true; }"],
        select=".hosts.contabo-vps",
    )
    probes = host["probes"]
    assert probes["services.openssh.openFirewall"] is True
    assert probes["services.fail2ban.enable"] is True
    assert probes["services.openssh.settings"]["PermitRootLogin"] == "no"
    match = probes["services.openssh.extraConfig"]
    assert "Match Address 100.64.0.0/10,fd7a:115c:a1e0::/48" in match
    assert "PermitRootLogin prohibit-password" in match


def test_a_laptop_without_tailscale_runs_no_sshd() -> None:
    host = tier_json(
        EXAMPLE,
        probes=PROBES,
        extra_modules=["{ panther.network.tailscale.enable = false; }"],
        select=".hosts.yoga",
    )
    assert host["probes"]["services.openssh.enable"] in (False, None)


# --- storage, backups, power -------------------------------------------------------------------


def test_scrub_covers_every_btrfs_filesystem_including_a_second_disk(
    example: dict[str, Any],
) -> None:
    scrub = probe(example, "zephyrus", "services.btrfs.autoScrub")
    assert scrub["enable"] is True
    assert sorted(scrub["fileSystems"]) == ["/", "/home"]  # /home is the 2 TB NVMe


def test_backups_never_hold_secrets_or_snapshot_history(example: dict[str, Any]) -> None:
    for name in example:
        exclude = probe(example, name, "services.restic.backups")["b2"]["exclude"]
        assert "/var/lib/opnix/secrets" in exclude, name
        assert ".snapshots" in exclude, name
    # Also where a host replaces the default patterns.
    hetzner = probe(example, "hetzner-vps", "services.restic.backups")["b2"]["exclude"]
    assert "/var/lib/postgresql" in hetzner and "/var/lib/opnix/secrets" in hetzner


def test_hibernating_laptops_suspend_then_hibernate_on_lid_and_idle(
    example: dict[str, Any],
) -> None:
    for name in by_class(example, "laptop"):
        login = probe(example, name, "services.logind.settings")["Login"]
        assert login["HandleLidSwitch"] == "suspend-then-hibernate", name
        assert login["IdleAction"] == "suspend-then-hibernate", name
        assert probe(example, name, "systemd.sleep.settings")["Sleep"]["HibernateDelaySec"]
        # zram stays on: hibernation writes to the swapfile, never to zram.
        assert probe(example, name, "zramSwap.enable") is True, name


def test_no_weekly_fstrim_where_btrfs_discards_as_it_goes(example: dict[str, Any]) -> None:
    for name in example:
        options = probe(example, name, "fileSystems")["/"]["options"]
        trims = probe(example, name, "services.fstrim.enable")
        assert trims is ("discard=async" not in options), (name, options)


def test_snapshots_belong_to_root(example: dict[str, Any]) -> None:
    for name in example:
        for config in probe(example, name, "services.snapper.configs").values():
            assert config["ALLOW_GROUPS"] == [], name


# --- the binary cache --------------------------------------------------------------------------


def test_every_host_pulls_from_the_fleets_cache_with_its_real_key(
    example: dict[str, Any],
) -> None:
    import tomllib

    cache = tomllib.loads((EXAMPLE / "fleet.toml").read_text())["fleet"]["cache"]
    for name in example:
        settings = probe(example, name, "nix.settings")
        assert settings["extra-substituters"] == [cache["url"]], name
        assert settings["extra-trusted-public-keys"] == [cache["public_key"]], name


def test_the_cache_host_serves_it_and_the_builder_pushes_to_it(example: dict[str, Any]) -> None:
    assert probe(example, "hetzner-vps", "services.atticd.enable") is True
    push = probe(example, "hetzner-vps", "systemd.services")["panther-cache-push"]
    assert "watch-store fleet:panther" in push["serviceConfig"]["ExecStart"]
    # Only the host with the attic workload runs the server.
    assert probe(example, "ovh-vps", "services.atticd.enable") in (False, None)


def test_a_cache_without_its_key_is_refused() -> None:
    host = tier_json(
        EXAMPLE,
        extra_modules=["{ lib, ... }: { panther.nix.cache.publicKey = lib.mkForce null; }"],
        select=".hosts.ovh-vps",
    )
    assert any("public key" in m for m in host["failedAssertions"])


# --- a fleet made with panther ------------------------------------------------------------------

FLEET_TOML = """\
[fleet]
name = "generated"
stages = ["canary", "main"]
tailnet = "generated.ts.net"

[users.sam]
ssh_keys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnHVLABG/ub4ED8EAS4dzOiB8OA0Lq7k0G2IMxIzgN7 sam@x"]
"""


def _panther(*args: str, cwd: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pantheros", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated-fleet")
    (root / "fleet.toml").write_text(FLEET_TOML)
    for name in ("zephyrus", "yoga", "hetzner-vps", "contabo-vps"):
        _panther("host", "add", name, "--report", str(FACTER_DIR / f"{name}.json"), cwd=root)
    made_up = REPO / "tests" / "fixtures" / "facter" / "hdd-desktop.json"
    _panther("host", "add", "desk", "--report", str(made_up), "--class", "workstation", cwd=root)
    # A development VPS: the shell and the editor, headless.
    vps = FACTER_DIR / "hetzner-vps.json"
    _panther("host", "add", "devbox", "--report", str(vps), "--class", "dev", cwd=root)
    # A board on 16 GB eMMC and a 10 GB VPS: extlinux, and the compact plan's limits.
    for host, case in (("board", "pi-16gb-emmc"), ("tiny", "vps-10gb")):
        report = root / f"{case}.json"
        report.write_text(json.dumps(next(c for c in CASES if c.name == case).report))
        _panther("host", "add", host, "--report", str(report), cwd=root)
    # A deploy user other than root, as fleet.toml allows.
    text = (root / "fleet.toml").read_text()
    (root / "fleet.toml").write_text(text + '\n[hosts.desk.deploy]\nuser = "deploy"\n')
    return root


def test_a_fleet_made_with_host_add_evaluates(generated: Path) -> None:
    hosts = tier_json(generated, probes=PROBES)
    assert sorted(hosts) == [
        "board", "contabo-vps", "desk", "devbox", "hetzner-vps", "tiny", "yoga", "zephyrus"
    ]  # fmt: skip
    for name, host in hosts.items():
        assert host["forced"] is True, name
        assert host["failedAssertions"] == [], (name, host["failedAssertions"])
        assert host["warnings"] == [], (name, host["warnings"])


def test_a_board_boots_extlinux_and_small_disks_keep_few_generations(generated: Path) -> None:
    probes = [
        "boot.loader.generic-extlinux-compatible.enable",
        "boot.loader.generic-extlinux-compatible.configurationLimit",
        "boot.loader.grub.enable",
        "boot.loader.systemd-boot.enable",
        "panther.boot.configurationLimit",
        "nix.gc.automatic",
        "services.snapper.configs",
    ]
    hosts = tier_json(generated, probes=probes)
    board, tiny, laptop = (hosts[n]["probes"] for n in ("board", "tiny", "zephyrus"))
    assert board["boot.loader.generic-extlinux-compatible.enable"] is True
    assert board["boot.loader.grub.enable"] is False
    assert board["boot.loader.systemd-boot.enable"] is False
    assert board["boot.loader.generic-extlinux-compatible.configurationLimit"] == 5
    assert tiny["boot.loader.grub.enable"] is True
    assert tiny["panther.boot.configurationLimit"] == 5
    for small in (board, tiny):
        assert small["nix.gc.automatic"] is True
        limits = {c["TIMELINE_LIMIT_DAILY"] for c in small["services.snapper.configs"].values()}
        assert limits == {"3"}
    # A big disk keeps the class's defaults.
    assert laptop["boot.loader.generic-extlinux-compatible.enable"] is False
    daily = {c["TIMELINE_LIMIT_DAILY"] for c in laptop["services.snapper.configs"].values()}
    assert daily != {"3"}


def test_a_deploy_user_other_than_root_can_sudo_under_exec_wheel_only(generated: Path) -> None:
    host = tier_json(generated, probes=PROBES, select=".hosts.desk")["probes"]
    sudo = host["security.sudo"]
    assert sudo["execWheelOnly"] is True
    assert "wheel" in host["users.users"]["deploy"]["extraGroups"]
    rules = [r for r in sudo["extraRules"] if r["users"] == ["deploy"]]
    assert rules and rules[0]["commands"][0]["options"] == ["NOPASSWD"]
    assert host["services.openssh.settings"]["PermitRootLogin"] == "no"
    root = host["users.users"].get("root", {})
    assert root.get("openssh", {}).get("authorizedKeys", {}).get("keys", []) == []
    # It copies unsigned closures with `nix copy`: Nix must trust it (root-deploy hosts: root only).
    assert host["nix.settings"]["trusted-users"] == ["root", "deploy"]
    laptop = tier_json(generated, probes=PROBES, select=".hosts.zephyrus")["probes"]
    assert laptop["nix.settings"]["trusted-users"] == ["root"]


# --- the personal environment: desktop, shell, editor ------------------------------------------

DESKTOP_PROBES = [
    "panther.desktop.enable",
    "programs.niri.enable",
    "niri-flake.cache.enable",
    "services.greetd.enable",
    "services.greetd.settings",
    "services.pipewire.enable",
    "xdg.portal.extraPortals",
    "security.pam.services",
    "systemd.user.services",
    "fonts.fontconfig.defaultFonts",
    "home-manager.sharedModules",
]

HOME_PROBES = [
    "panther.editor.level",
    "panther.desktop.enable",
    "programs.niri.finalConfig",
    "programs.dank-material-shell.enable",
    "programs.dank-material-shell.settings",
    "programs.dank-material-shell.niri.includes.enable",
    "programs.ghostty.enable",
    "programs.nixvim.enable",
    "programs.nixvim.plugins.hardtime.enable",
    "programs.nixvim.plugins.hardtime.settings",
    "programs.nixvim.plugins.precognition.enable",
    "programs.nixvim.opts",
    "programs.nixvim.keymaps",
    "programs.nixvim.lsp.servers.nixd.enable",
    "programs.nixvim.plugins.copilot-lua.enable",
    "programs.zellij.enable",
    "programs.zellij.extraConfig",
    "programs.zellij.settings",
    "programs.fish.shellAbbrs",
    "programs.fish.functions",
    "programs.zed-editor.enable",
    "programs.direnv.nix-direnv.enable",
    "xdg.configFile",
]


@pytest.fixture(scope="module")
def personal() -> dict[str, Any]:
    hosts: dict[str, Any] = tier_json(
        EXAMPLE, probes=[*DESKTOP_PROBES, "panther.host"], home_probes=HOME_PROBES
    )
    return hosts


def home(hosts: dict[str, Any], name: str, path: str) -> Any:
    user = hosts[name]["probes"]["panther.host"]["user"]
    return hosts[name]["home"][user][path]


def test_laptops_run_niri_with_dankmaterialshell_and_servers_do_not(
    personal: dict[str, Any],
) -> None:
    laptops = by_class(personal, "laptop")
    servers = by_class(personal, "server")
    assert laptops and servers
    for name in laptops:
        probes = personal[name]["probes"]
        assert probes["programs.niri.enable"] is True, name
        assert probes["niri-flake.cache.enable"] is True, name
        assert probes["services.greetd.enable"] is True, name
        assert "tuigreet" in probes["services.greetd.settings"]["default_session"]["command"]
        assert "niri-session" in probes["services.greetd.settings"]["default_session"]["command"]
        assert probes["services.pipewire.enable"] is True, name
        assert any("xdg-desktop-portal-gtk" in p for p in probes["xdg.portal.extraPortals"])
        # One polkit agent: DankMaterialShell's, not niri-flake's.
        assert probes["systemd.user.services"]["niri-flake-polkit"]["enable"] is False
        assert "dankshell" in probes["security.pam.services"]
        assert probes["fonts.fontconfig.defaultFonts"]["monospace"] == ["JetBrainsMono Nerd Font"]
        assert home(personal, name, "programs.dank-material-shell.enable") is True
        assert home(personal, name, "programs.ghostty.enable") is True
    for name in servers:
        probes = personal[name]["probes"]
        assert probes["panther.desktop.enable"] is False, name
        assert probes["programs.niri.enable"] in (False, None), name
        assert probes["niri-flake.cache.enable"] is False, name  # no extra substituter
        assert probes["services.greetd.enable"] in (False, None), name
        assert probes["services.pipewire.enable"] in (False, None), name
        assert home(personal, name, "programs.nixvim.enable") in (False, None), name
        assert home(personal, name, "programs.zellij.enable") in (False, None), name
        assert home(personal, name, "programs.dank-material-shell.enable") is None, name


def test_niri_gets_the_table_s_keys_and_no_animations(personal: dict[str, Any]) -> None:
    keys = nix_json(f"builtins.attrNames (import {REPO}/lib/keybindings.nix).niri")
    for name in by_class(personal, "laptop"):
        kdl = home(personal, name, "programs.niri.finalConfig")
        # niri-flake renders (and on the machine validates) the config from the settings.
        for key in keys:
            assert f"\n    {key} " in kdl, (name, key)
        assert "Mod+Shift+N" in kdl and '"notifications" "toggleDoNotDisturb"' in kdl
        assert "animations { off; }" in kdl
        assert "hot-corners { off; }" in kdl
        # niri-stable (v25.08) has no `include`: DankMaterialShell's includes stay off.
        assert home(personal, name, "programs.dank-material-shell.niri.includes.enable") is False
        assert "include" not in kdl


def test_dankmaterialshell_is_calm(personal: dict[str, Any]) -> None:
    for name in by_class(personal, "laptop"):
        settings = home(personal, name, "programs.dank-material-shell.settings")
        for speed in (
            "animationSpeed",
            "popoutAnimationSpeed",
            "modalAnimationSpeed",
            "notificationAnimationSpeed",
        ):
            assert settings[speed] == 0, speed  # "None"
        assert settings["soundsEnabled"] is False
        assert settings["notificationTimeoutNormal"] == 4000
        assert settings["acLockTimeout"] == 600
        files = home(personal, name, "xdg.configFile")
        assert "DankMaterialShell/settings.json" in files


def test_reduced_motion_off_brings_the_animations_back() -> None:
    host = tier_json(
        EXAMPLE,
        probes=["panther.host"],
        home_probes=HOME_PROBES,
        extra_modules=["{ panther.desktop.reducedMotion = false; }"],
        select=".hosts.yoga",
    )
    user = host["probes"]["panther.host"]["user"]
    assert "animations { off; }" not in host["home"][user]["programs.niri.finalConfig"]
    assert host["home"][user]["programs.dank-material-shell.settings"]["animationSpeed"] == 1


def test_the_beginner_editor_on_laptops(personal: dict[str, Any]) -> None:
    for name in by_class(personal, "laptop"):
        assert home(personal, name, "panther.editor.level") == "beginner"
        assert home(personal, name, "programs.nixvim.plugins.hardtime.enable") is True
        hardtime = home(personal, name, "programs.nixvim.plugins.hardtime.settings")
        assert hardtime["restriction_mode"] == "block"
        assert home(personal, name, "programs.nixvim.plugins.precognition.enable") is True
        assert home(personal, name, "programs.nixvim.opts")["mouse"] == ""
        assert home(personal, name, "programs.nixvim.lsp.servers.nixd.enable") is True
        keymaps = {m["key"]: m["action"] for m in home(personal, name, "programs.nixvim.keymaps")}
        assert keymaps["-"] == "<cmd>Oil<CR>"
        # Copilot only when asked for.
        assert home(personal, name, "programs.nixvim.plugins.copilot-lua.enable") in (False, None)
        assert home(personal, name, "programs.zed-editor.enable") is True


def test_a_host_sets_the_level_and_home_manager_follows() -> None:
    host = tier_json(
        EXAMPLE,
        probes=["panther.host"],
        home_probes=HOME_PROBES,
        extra_modules=['{ panther.editor.level = "advanced"; panther.ai.copilot.enable = true; }'],
        select=".hosts.yoga",
    )
    hm = host["home"][host["probes"]["panther.host"]["user"]]
    assert hm["panther.editor.level"] == "advanced"
    assert hm["programs.nixvim.plugins.hardtime.enable"] is False
    assert hm["programs.nixvim.plugins.precognition.enable"] is False
    assert hm["programs.nixvim.plugins.copilot-lua.enable"] is True


def test_zellij_keeps_sessions_and_the_alt_keys(personal: dict[str, Any]) -> None:
    for name in by_class(personal, "laptop"):
        settings = home(personal, name, "programs.zellij.settings")
        assert settings["default_mode"] == "locked"
        assert settings["session_serialization"] is True
        assert 'bind "Alt h" { MoveFocusOrTab "Left"; }' in home(
            personal, name, "programs.zellij.extraConfig"
        )
        abbrs = home(personal, name, "programs.fish.shellAbbrs")
        assert abbrs["rebuild"].startswith("sudo nixos-rebuild switch --flake")
        assert {"work", "what"} <= set(home(personal, name, "programs.fish.functions"))
        assert home(personal, name, "programs.direnv.nix-direnv.enable") is True
        # panther's completion, generated from the panther package at build time.
        assert "fish/completions/panther.fish" in home(personal, name, "xdg.configFile")


def test_an_option_nixvim_does_not_declare_fails() -> None:
    proc = run_tier(
        EXAMPLE,
        extra_modules=[
            "{ home-manager.users.alex.programs.nixvim.plugins.hardtim.enable = true; }"
        ],
    )
    assert proc.returncode != 0
    assert "programs.nixvim.plugins.hardtim' does not exist" in proc.stderr


def test_a_niri_setting_niri_flake_does_not_declare_fails() -> None:
    proc = run_tier(
        EXAMPLE,
        extra_modules=["{ home-manager.users.alex.programs.niri.settings.animations.of = true; }"],
    )
    assert proc.returncode != 0
    assert "animations.of' does not exist" in proc.stderr


def test_the_dev_class_is_headless_with_the_editor(generated: Path) -> None:
    host = tier_json(
        generated,
        probes=[*DESKTOP_PROBES, "panther.host", "panther.headless.enable"],
        home_probes=HOME_PROBES,
        select=".hosts.devbox",
    )
    assert host["failedAssertions"] == [] and host["warnings"] == []
    assert host["probes"]["panther.host"]["class"] == "dev"
    assert host["probes"]["panther.headless.enable"] is True
    assert host["probes"]["panther.desktop.enable"] is False
    assert host["probes"]["programs.niri.enable"] in (False, None)
    hm = host["home"][host["probes"]["panther.host"]["user"]]
    assert hm["programs.nixvim.enable"] is True
    assert hm["programs.zellij.enable"] is True
    assert hm["programs.zed-editor.enable"] in (False, None)  # no desktop, no Zed


def test_home_configurations_give_the_same_shell_and_editor_without_nixos() -> None:
    homes = tier_json(EXAMPLE, home_probes=HOME_PROBES, select=".homes")
    assert sorted(homes) == ["alex"]
    alex = homes["alex"]
    assert alex["forced"] is True
    assert alex["failedAssertions"] == [] and alex["warnings"] == []
    probes = alex["probes"]
    assert probes["programs.nixvim.enable"] is True
    assert probes["programs.zellij.enable"] is True
    assert probes["panther.desktop.enable"] is False
    assert probes["programs.dank-material-shell.enable"] is None
    # Without NixOS, `rebuild` is home-manager's switch.
    assert probes["programs.fish.shellAbbrs"]["rebuild"] == (
        "home-manager switch --flake $HOME/fleet#alex"
    )
    assert "fish/completions/panther.fish" in probes["xdg.configFile"]


def test_desktop_hosts_set_many_more_options(personal: dict[str, Any]) -> None:
    for name in by_class(personal, "laptop"):
        assert personal[name]["setOptions"] > 1400, (name, personal[name]["setOptions"])


# --- the stand-ins stay in step with what is set ---------------------------------------------

# Stand-in namespaces no evaluated configuration sets, each with who needs it anyway.
READ_OR_CONDITIONAL = {
    "boot.initrd.luks": "disko defines boot.initrd.luks.devices for layouts with LUKS",
    "hardware": "nixos-hardware reads enableRedistributableFirmware and enableAllFirmware",
    "hardware.nvidia.datacenter": "hardware.nvidia.package and .enabled read it",
}


def test_every_stand_in_is_used(generated: Path) -> None:
    """Options the stand-ins declare that nothing sets are dead weight, or a missing test.

    Set means: by a host of the example fleet, of the fleet made with host add, by the
    framework alone, or in the scenarios the tests above evaluate. Grouped by the namespace the
    option sits in, so that upstream's siblings of an option (fail2ban's settings, say) count as
    one area.
    """
    runs = [
        tier_json(EXAMPLE, select=".hosts"),
        tier_json(generated, select=".hosts"),
        {"alone": tier_json(EXAMPLE, select=".frameworkAlone")},
        tier_json(
            EXAMPLE,
            extra_modules=[
                "{ panther.security.ssh.openFirewall = true; }",
                "{ panther.power.hibernate.resumeOffset = 533760; }",
            ],
            select=".hosts",
        ),
    ]
    declared: set[str] = set()
    used: set[str] = set()
    for hosts in runs:
        for host in hosts.values():
            declared |= set(host["standIns"]["declared"])
            used |= set(host["standIns"]["set"])

    def namespace(option: str) -> str:
        return option.rsplit(".", 1)[0] if "." in option else "<top>"

    unused = {namespace(o) for o in declared} - {namespace(o) for o in used}
    assert unused == set(READ_OR_CONDITIONAL), sorted(unused)


def test_the_nix_unit_tests_pass_on_the_example_fleet() -> None:
    """tests/nix/unit.nix runs under nix-unit in CI; here on the tier's evaluations."""
    results = tier_json(EXAMPLE, select=".unit")
    flat = {
        f"{group}.{name}": verdict
        for group, tests in results.items()
        for name, verdict in tests.items()
    }
    ran = {name: verdict for name, verdict in flat.items() if verdict is not None}
    assert len(ran) >= 20, flat
    assert [name for name, verdict in ran.items() if verdict is not True] == []
