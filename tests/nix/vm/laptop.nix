# Smoke test of the laptop profile: it boots, power management and the
# graphics stack are on, snapshots are hourly, the user logs in with fish.
{ pkgs, baseModules }:
let
  keys = import (pkgs.path + "/nixos/tests/ssh-keys.nix") pkgs;
in
pkgs.testers.runNixOSTest {
  name = "pantheros-laptop";

  nodes.laptop = {
    imports = [
      (import ./common.nix {
        inherit baseModules;
        profile = ../../../profiles/laptop.nix;
        name = "laptop";
        class = "laptop";
        inherit (keys) snakeOilPublicKey;
      })
    ];
  };

  testScript = ''
    laptop.wait_for_unit("multi-user.target")

    with subtest("power management"):
        laptop.succeed("systemctl start power-profiles-daemon.service")
        laptop.succeed("systemctl is-active power-profiles-daemon.service")
        laptop.succeed("systemctl cat upower.service")

    with subtest("snapshots are frequent and short-lived"):
        laptop.succeed("systemctl cat snapper-timeline.timer | grep -q 'OnCalendar=hourly'")
        laptop.succeed("grep -qx 'TIMELINE_LIMIT_HOURLY=\"24\"' /etc/snapper/configs/root")

    with subtest("the primary user"):
        laptop.succeed("getent passwd alex | grep -q '/bin/fish$'")
        laptop.succeed("id -nG alex | grep -qw wheel")

    with subtest("graphics stack for the desktop"):
        laptop.succeed("test -e /run/opengl-driver")
  '';
}
