# What every test machine shares: the PantherOS modules and a stand-in for
# the metadata lib/default.nix would take from fleet.toml. The primary user's
# password is "correct horse battery staple" (in the fleet, its hash comes
# from 1Password).
{
  baseModules,
  profile,
  name,
  class,
  snakeOilPublicKey,
}:
{ lib, pkgs, ... }:
{
  imports = baseModules ++ [ profile ];

  panther = {
    host = {
      inherit name class;
      system = "x86_64-linux";
      stage = "staging";
      user = "alex";
      deployHost = name;
      report = "hosts/${name}/facter.json";
      hibernate = class == "laptop";
    };
    users.primary = {
      name = "alex";
      description = "Alex Example";
      sshKeys = [ snakeOilPublicKey ];
      hashedPasswordFile = "${pkgs.writeText "alex.hash" "$6$pantherconsole$.KkIhQmXviLv3OjablBevZwNOSdgaea8uoE1mmCDpJEhYQkV4byXxNLVCTz4woifeUDmiK/c2VH6KwEVmyzi9/"}";
    };

    # The test framework brings its own boot loader and disks.
    boot.enable = false;
    # Nothing to join in a VM; the firewall test trusts eth2 instead.
    network.tailscale.enable = false;
    # No Datadog account in a VM.
    monitoring.datadog.enable = false;
  };

  system.stateVersion = lib.trivial.release;
}
