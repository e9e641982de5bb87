# The way in without SSH: on the console of a server and of a laptop, the
# primary user logs in with the password whose hash panther.users reads, and
# sudo accepts the same password. Root has no password; SSH never accepts one.
#
# In the fleet the hash comes from 1Password; here it is common.nix's test
# file in the store.
{ pkgs, baseModules }:
let
  keys = import (pkgs.path + "/nixos/tests/ssh-keys.nix") pkgs;
  password = "correct horse battery staple";
  machine = class: {
    imports = [
      (import ./common.nix {
        inherit baseModules;
        profile = ../../../profiles/${class}.nix;
        name = class;
        inherit class;
        inherit (keys) snakeOilPublicKey;
      })
    ];
  };
in
pkgs.testers.runNixOSTest {
  name = "pantheros-console";

  nodes = {
    server = machine "server";
    laptop = machine "laptop";
  };

  testScript = ''
    start_all()

    for machine in [server, laptop]:
        with subtest(f"{machine.name}: console login and sudo with the password"):
            machine.wait_for_unit("multi-user.target")
            machine.wait_until_tty_matches("1", "login: ")
            machine.send_chars("alex\n")
            machine.wait_until_tty_matches("1", "Password: ")
            machine.send_chars("${password}\n")
            machine.wait_until_succeeds("pgrep -u alex -x fish")
            machine.send_chars("echo '${password}' | sudo -S touch /root/sudo-worked\n")
            machine.wait_for_file("/root/sudo-worked")

        with subtest(f"{machine.name}: a wrong password is refused"):
            machine.fail("su - alex -c 'echo wrong | sudo -S true'")

        with subtest(f"{machine.name}: root has no password"):
            machine.succeed("passwd -S root | grep -Eq '^root (L|NP)'")
  '';
}
