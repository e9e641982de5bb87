"""The shell scripts panther runs on a host (as root), one function each; pure text.

Activation follows one protocol, whatever the mode:

1. `prepare` records what runs now (the system profile's target and /run/current-system) under
   /run/panther/<id>.*, so every later step, and the watchdog, know what "back" means.
2. `arm` starts the watchdog: a transient systemd timer that, after DEADLINE seconds, rolls the
   host back unless it was stopped. It is armed before anything changes.
3. `activate` sets the system profile (not in `test` mode) and runs switch-to-configuration in
   a transient systemd unit of its own, so a dropped SSH or Tailscale connection cannot kill
   it; its exit status lands in /run/panther/<id>.status. `--wait` keeps the session until it
   ends; after a drop, `status` reads the file on a new connection.
4. `confirm` stops the watchdog (from a fresh connection, after health passed).
5. `rollback` is what the watchdog runs, and what panther runs itself on failed activation or
   failed health: the system profile back to the previous generation, and that system active.

The stand-ins of the test harness implement the same systemd-run/systemctl contract.
"""

from __future__ import annotations

import shlex

STATE = "/run/panther"
PROFILE = "/nix/var/nix/profiles/system"

# switch-to-configuration's actions for each mode.
MODES = ("switch", "boot", "test")


def q(text: str) -> str:
    return shlex.quote(text)


def prepare(run_id: str) -> str:
    """Record what runs now; prints `profile=…` and `current=…` (either may be empty)."""
    return (
        f"set -eu; mkdir -p {STATE}; "
        f"profile=$(readlink -f {PROFILE} 2>/dev/null || true); "
        f"current=$(readlink -f /run/current-system 2>/dev/null || true); "
        f'printf "%s\\n" "$profile" > {STATE}/{run_id}.profile; '
        f'printf "%s\\n" "$current" > {STATE}/{run_id}.current; '
        f'echo "profile=$profile"; echo "current=$current"'
    )


def rollback(run_id: str, mode: str) -> str:
    """Back to what `prepare` recorded. Idempotent: does nothing once it has run."""
    done = f"{STATE}/{run_id}.rolled-back"
    if mode == "test":
        # The profile never changed: activate what ran before, as a test activation.
        restore = (
            f"current=$(cat {STATE}/{run_id}.current); "
            f'if [ -n "$current" ]; then "$current/bin/switch-to-configuration" test; fi'
        )
    else:
        # The previous generation, as generations go (nix-env --rollback); should something
        # else have moved the profile meanwhile, exactly the recorded system.
        restore = (
            f"profile=$(cat {STATE}/{run_id}.profile); "
            f'if [ -n "$profile" ] && [ "$(readlink -f {PROFILE})" != "$profile" ]; then '
            f"nix-env -p {PROFILE} --rollback; fi; "
            f'if [ -n "$profile" ] && [ "$(readlink -f {PROFILE})" != "$profile" ]; then '
            f'nix-env -p {PROFILE} --set "$profile"; fi; '
            f'if [ -n "$profile" ]; then "$profile/bin/switch-to-configuration" '
            f"{'boot' if mode == 'boot' else 'switch'}; fi"
        )
    return f'if [ ! -e {done} ]; then {restore}; echo "$(date +%s)" > {done}; fi; echo rolled-back'


def arm(run_id: str, mode: str, deadline: int) -> str:
    """The watchdog: roll back after `deadline` seconds unless `confirm` stops it first."""
    script = rollback(run_id, mode)
    return (
        f"systemd-run --quiet --collect --unit=panther-watchdog-{run_id} "
        f"--on-active={deadline} --timer-property=AccuracySec=1s "
        f"/bin/sh -c {q(script)}"
    )


def activate(run_id: str, mode: str, system: str) -> str:
    """Set the profile (unless `test`) and run switch-to-configuration in its own unit."""
    status = f"{STATE}/{run_id}.status"
    switch = f'"{system}/bin/switch-to-configuration" {mode}; echo $? > {status}'
    set_profile = "" if mode == "test" else f"nix-env -p {PROFILE} --set {q(system)}; "
    return (
        f"set -eu; rm -f {status}; {set_profile}"
        f"systemd-run --quiet --collect --wait --service-type=oneshot "
        f"--unit=panther-switch-{run_id} /bin/sh -c {q(switch)}; "
        f"cat {status}"
    )


def status(run_id: str) -> str:
    """switch-to-configuration's exit status once it ended; `running` before that."""
    return f"cat {STATE}/{run_id}.status 2>/dev/null || echo running"


def confirm(run_id: str) -> str:
    """Stop the watchdog (its timer: stopping the service would not cancel it)."""
    return (
        f"systemctl stop panther-watchdog-{run_id}.timer 2>/dev/null || true; "
        f"if [ -e {STATE}/{run_id}.rolled-back ]; then echo too-late; exit 3; fi; "
        f"echo confirmed > {STATE}/{run_id}.confirmed; echo confirmed"
    )


def facts() -> str:
    """What health and drift read in one round trip, as KEY=VALUE lines."""
    return (
        'echo "state=$(systemctl is-system-running 2>/dev/null || true)"; '
        "systemctl --failed --no-legend --plain 2>/dev/null "
        '| while read -r unit rest; do echo "failed=$unit"; done; '
        f'echo "profile=$(readlink -f {PROFILE} 2>/dev/null || true)"; '
        'echo "current=$(readlink -f /run/current-system 2>/dev/null || true)"; '
        'echo "booted=$(readlink -f /run/booted-system 2>/dev/null || true)"; '
        "for part in kernel initrd kernel-modules; do "
        'echo "current-$part=$(readlink -f /run/current-system/$part 2>/dev/null || true)"; '
        'echo "booted-$part=$(readlink -f /run/booted-system/$part 2>/dev/null || true)"; '
        "done; "
        'echo "generation=$(readlink /nix/var/nix/profiles/system 2>/dev/null || true)"; '
        "if [ -r /var/lib/panther/facts.json ]; then "
        "echo \"facts=$(tr -d '\\n' < /var/lib/panther/facts.json)\"; fi"
    )


def unit_checks(units: list[str]) -> str:
    """`unit-ok=NAME` or `unit-down=NAME` for each unit that must be active."""
    return "; ".join(
        f"if systemctl is-active --quiet {q(u)}; then echo unit-ok={q(u)}; "
        f"else echo unit-down={q(u)}; fi"
        for u in units
    )


def command_checks(commands: list[str], timeout: int = 30) -> str:
    """`probe-ok=N` or `probe-fail=N` for each command, run with a time limit."""
    return "; ".join(
        f"if timeout {timeout} sh -c {q(c)} >/dev/null 2>&1; then echo probe-ok={i}; "
        f"else echo probe-fail={i}; fi"
        for i, c in enumerate(commands)
    )


def previous_generation() -> str:
    """The store path of the generation before the current one, or nothing."""
    return (
        f"cur=$(readlink {PROFILE} 2>/dev/null | sed -n 's/^system-\\([0-9]*\\)-link$/\\1/p'); "
        'if [ -n "$cur" ]; then n=$((cur - 1)); while [ "$n" -gt 0 ]; do '
        'if [ -e "/nix/var/nix/profiles/system-$n-link" ]; then '
        'readlink -f "/nix/var/nix/profiles/system-$n-link"; exit 0; fi; n=$((n - 1)); done; fi'
    )
