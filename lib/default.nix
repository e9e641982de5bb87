# Turns a fleet (lib/fleet.nix reads its fleet.toml) into flake outputs:
# nixosConfigurations, deploy-rs nodes and per-system checks. Needs nixpkgs
# (through the framework's inputs). `root` is the fleet's folder; the
# framework's own modules and profiles come from this repository.
{ inputs, root }:
let
  inherit (inputs.nixpkgs) lib;
  fleet = import ./fleet.nix { inherit root; };

  # Modules every host gets, before its profile and its own file.
  baseModules = [
    inputs.disko.nixosModules.disko
    inputs.home-manager.nixosModules.home-manager
    inputs.opnix.nixosModules.default
    ../modules/nixos
  ];

  # The facts fleet.toml holds about one host, as NixOS settings.
  fleetModule = name: meta: {
    networking.hostName = name;
    nixpkgs.hostPlatform = meta.system;
    hardware.facter.reportPath = root + "/${meta.report}";
    panther = {
      host = meta;
      fleet = {
        inherit (fleet.settings) name tailnet;
      };
      users.primary = {
        inherit (fleet.users.${meta.user}) name description sshKeys;
      };
    }
    // lib.optionalAttrs (fleet.settings.cache != null) {
      nix.cache = fleet.settings.cache;
    };
  };

  hostModules =
    name: meta:
    let
      hostDir = root + "/hosts/${name}";
      disko = hostDir + "/disko.nix";
    in
    baseModules
    ++ [
      (fleet.profileOf meta.class)
      hostDir
      (fleetModule name meta)
    ]
    ++ lib.optional (builtins.pathExists disko) disko;

  nixosConfigurations = lib.mapAttrs (
    name: meta:
    lib.nixosSystem {
      specialArgs = { inherit inputs; };
      modules = hostModules name meta;
    }
  ) fleet.hosts;

  # known_hosts line for a pinned host key ("[host]:port key" off port 22).
  knownHosts =
    meta:
    let
      address =
        if meta.deployPort == 22 then meta.deployHost else "[${meta.deployHost}]:${toString meta.deployPort}";
    in
    builtins.toFile "known_hosts-${meta.name}" "${address} ${meta.hostKey}\n";

  deployNode = name: meta: {
    hostname = meta.deployHost;
    sshUser = meta.deployUser;
    user = "root";
    sshOpts = [
      "-p"
      (toString meta.deployPort)
    ]
    ++ lib.optionals (meta.hostKey != null) [
      "-o"
      "UserKnownHostsFile=${knownHosts meta}"
      "-o"
      "StrictHostKeyChecking=yes"
    ];
    magicRollback = true;
    autoRollback = true;
    profiles.system.path =
      inputs.deploy-rs.lib.${meta.system}.activate.nixos
        nixosConfigurations.${name};
  };

  # One check per host: its system closure builds.
  hostChecks =
    system:
    lib.mapAttrs' (
      name: nixos: lib.nameValuePair "host-${name}" nixos.config.system.build.toplevel
    ) (lib.filterAttrs (name: _: fleet.hosts.${name}.system == system) nixosConfigurations);
in
{
  inherit
    fleet
    baseModules
    hostModules
    nixosConfigurations
    hostChecks
    ;

  deploy.nodes = lib.mapAttrs deployNode fleet.hosts;

  # What a fleet's flake.nix returns from `outputs`.
  checks = lib.genAttrs [
    "x86_64-linux"
    "aarch64-linux"
  ] hostChecks;
}
