# The server profile in a VM: SSH by key only, and only on the trusted
# (Tailscale) interface; snapshot, scrub and backup timers in place; the node
# exporter on the trusted interface only, with panther-facts' metrics; no
# fail2ban, since SSH does not face the internet.
#
# eth1 (vlan 1) plays the public internet, eth2 (vlan 2) plays tailscale0.
# Addresses follow the test driver's scheme 192.168.<vlan>.<node number>,
# nodes numbered in name order: client = 1, server = 2.
{ pkgs, baseModules }:
let
  keys = import (pkgs.path + "/nixos/tests/ssh-keys.nix") pkgs;
in
pkgs.testers.runNixOSTest {
  name = "pantheros-server";

  nodes = {
    server = {
      imports = [
        (import ./common.nix {
          inherit baseModules;
          profile = ../../../profiles/server.nix;
          name = "server";
          class = "server";
          inherit (keys) snakeOilPublicKey;
        })
      ];
      virtualisation.vlans = [
        1
        2
      ];
      networking.firewall.trustedInterfaces = [ "eth2" ];
    };

    client =
      { pkgs, ... }:
      {
        virtualisation.vlans = [
          1
          2
        ];
        environment.systemPackages = [
          pkgs.netcat
          pkgs.curl
        ];
      };
  };

  testScript = ''
    import re

    start_all()
    server.wait_for_unit("multi-user.target")
    server.wait_for_unit("sshd.service")
    client.wait_for_unit("multi-user.target")

    public = "192.168.1.2"
    tailnet = "192.168.2.2"
    ssh = "ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=5"

    client.succeed("install -Dm600 ${keys.snakeOilPrivateKey} /root/.ssh/id_ecdsa")

    with subtest("the firewall is closed except SSH on the trusted interface"):
        client.fail(f"nc -z -w 3 {public} 22")
        client.succeed(f"nc -z -w 3 {tailnet} 22")

    with subtest("key login works"):
        client.succeed(f"{ssh} -o BatchMode=yes alex@{tailnet} true")
        client.succeed(f"{ssh} -o BatchMode=yes root@{tailnet} true")

    with subtest("password login is refused"):
        out = client.fail(
            f"{ssh} -v -o BatchMode=yes -o PubkeyAuthentication=no alex@{tailnet} true 2>&1"
        )
        # OpenSSH ends the line with \r\n on stderr.
        assert re.search(r"Authentications that can continue: publickey\r?\n", out), out
        server.succeed("sshd -T -f /etc/ssh/sshd_config | grep -x 'passwordauthentication no'")
        server.succeed("sshd -T -f /etc/ssh/sshd_config | grep -x 'kbdinteractiveauthentication no'")

    with subtest("snapshot, scrub and backup timers are in place"):
        for timer in ["snapper-timeline.timer", "snapper-cleanup.timer", "restic-backups-b2.timer", "panther-backup-age.timer"]:
            server.succeed(f"systemctl is-enabled {timer}")
        server.succeed("systemctl list-timers --all | grep -q btrfs-scrub")
        server.succeed("grep -qx 'TIMELINE_LIMIT_MONTHLY=\"6\"' /etc/snapper/configs/root")
        server.succeed("systemctl cat snapper-timeline.timer | grep -q 'OnCalendar=daily'")
        server.succeed("systemctl show -p OnFailure restic-backups-b2.service | grep -q panther-backup-failed")

    with subtest("metrics over the tailnet only, and the facts as JSON and as metrics"):
        server.wait_for_unit("prometheus-node-exporter.service")
        server.wait_for_open_port(9100)
        client.fail(f"nc -z -w 3 {public} 9100")
        server.succeed("systemctl start panther-facts.service")
        server.succeed("${pkgs.jq}/bin/jq -e '.schema == 1 and .host == \"server\" and .backup.enabled' /var/lib/panther/facts.json")
        client.succeed(f"curl -fsS http://{tailnet}:9100/metrics | grep -q '^panther_facts_generated_timestamp_seconds '")
        client.succeed(f"curl -fsS http://{tailnet}:9100/metrics | grep -q '^node_systemd_unit_state'")

    with subtest("no fail2ban where SSH does not face the internet"):
        server.fail("systemctl cat fail2ban.service")
  '';
}
