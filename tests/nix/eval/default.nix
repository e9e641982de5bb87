# The evaluation tier: every host of a fleet through nixpkgs' real module
# system, without nixpkgs.
#
# Each host is evaluated with lib.evalModules from a nixpkgs lib checkout over
# the same module list lib/default.nix gives lib.nixosSystem: the framework's
# modules, the host's profile, folder and disko.nix, the real opnix, disko and
# nixos-hardware modules, and home-manager's real option declarations. What
# nixpkgs would declare comes from ./stand-ins.nix (upstream types and
# defaults, each citing its source); packages come from ./pkgs. An option that
# nobody declares fails the evaluation, as it would on the machine.
#
# For each host it forces every option that is set (./force.nix), collects
# failed assertions and warnings, and returns the values of `probes`.
{
  nixpkgsLib, # nixpkgs' lib folder (holds default.nix)
  disko, # disko checkout
  opnix, # opnix checkout
  nixosHardware, # nixos-hardware checkout
  homeManager, # home-manager checkout
  fleetRoot, # the fleet: the folder holding fleet.toml
  frameworkRoot ? ../../.., # the PantherOS framework (lib/, modules/, profiles/)
  probes ? [ ], # option paths ("a.b.c") whose values come back per host
  extraModules ? [ ], # added to every host (tests use it to break things on purpose)
}:
let
  lib = import nixpkgsLib;
  pkgs = import ./pkgs { inherit lib; };
  force = import ./force.nix { inherit lib; };

  homeManagerModule = import ./home-manager.nix { inherit homeManager; };

  # What lib/default.nix reads from the flake's inputs.
  inputs = {
    nixpkgs.lib = lib;
    disko.nixosModules.disko = disko + "/module.nix";
    opnix.nixosModules.default = opnix + "/nix/module.nix";
    home-manager.nixosModules.home-manager = homeManagerModule;
    # deploy-rs's activation wrapper needs nixpkgs; the tier only looks at
    # the nodes' settings, so a marker stands in for the profile path.
    deploy-rs.lib = lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] (system: {
      activate.nixos = nixos: "deploy-rs activation of ${nixos.config.networking.hostName}";
    });
    nixos-hardware.nixosModules =
      ((import (nixosHardware + "/flake.nix")).outputs {
        self.outPath = nixosHardware;
        nixpkgs = throw "nixos-hardware's flake outputs other than nixosModules need nixpkgs";
      }).nixosModules;
  };

  pantheros = import (frameworkRoot + "/lib") {
    inherit inputs;
    root = fleetRoot;
  };

  # The arguments lib.nixosSystem passes besides specialArgs.
  nixosArgs = {
    inherit inputs;
    # disko reads a few test helpers below modulesPath; only when building them.
    modulesPath = toString ./no-nixpkgs/nixos/modules;
  };

  baseModules = [
    ./stand-ins.nix
    { _module.args.pkgs = pkgs; }
  ];

  evaluate =
    modules:
    lib.evalModules {
      specialArgs = nixosArgs;
      modules = baseModules ++ modules ++ extraModules;
    };

  # Options whose whole value cannot be forced without nixpkgs, and what is
  # forced instead.
  special = {
    # Build products (disko's scripts and images, the toplevel): derivations
    # of derivations that only nixpkgs can make.
    "system.build" = builtins.attrNames;
    # disko's device tree: its types keep no valueMeta, and its computed
    # attributes (scripts, the parent links) need nixpkgs or never end.
    "disko.devices" = force.public;
  };

  # Options ./stand-ins.nix declares, and which of them this configuration sets.
  fromStandIns =
    option: lib.any (file: lib.hasPrefix (toString ./stand-ins.nix) (toString file)) option.declarations;
  standIns =
    options: lib.filter fromStandIns (lib.collect lib.isOption (removeAttrs options [ "_module" ]));

  summary =
    evaluated:
    let
      inherit (evaluated) config options;
      values = force.values options config special;
      declared = standIns options;
    in
    {
      standIns = {
        declared = map (o: lib.showOption o.loc) declared;
        set = map (o: lib.showOption o.loc) (lib.filter (o: o.highestPrio < 1500) declared);
      };
      failedAssertions = map (a: a.message) (lib.filter (a: !a.assertion) config.assertions);
      inherit (config) warnings;
      # Forcing `values` is the point; their number shows how much was checked.
      setOptions = force.count values;
      forced = builtins.deepSeq values true;
      probes = lib.genAttrs probes (force.probe options config);
    };

  evaluated = lib.mapAttrs (name: meta: evaluate (pantheros.hostModules name meta)) pantheros.fleet.hosts;
  hosts = lib.mapAttrs (_: summary) evaluated;

  # The nix-unit tests of tests/nix/unit.nix (which CI runs with nixpkgs),
  # over these evaluations: each test's verdict, true when expr == expected.
  # Tests that expect an error are left to nix-unit.
  unit =
    let
      tests = import ../unit.nix {
        inherit lib;
        root = fleetRoot;
        pantheros = pantheros // {
          nixosConfigurations = evaluated;
        };
      };
      verdict = test: if test ? expected then test.expr == test.expected else null;
      run = lib.mapAttrs (
        name: value: if lib.hasPrefix "test" name then verdict value else run value
      );
    in
    run tests;
in
{
  inherit hosts unit;

  # nixosModules.default on its own: a flake that imports neither
  # home-manager nor opnix (nor disko) must still evaluate it.
  frameworkAlone = summary (evaluate [
    (frameworkRoot + "/modules/nixos")
    {
      networking.hostName = "alone";
      system.stateVersion = "26.05";
      panther.host = {
        name = "alone";
        class = "server";
        system = "x86_64-linux";
        stage = "production";
        user = "alex";
        deployHost = "alone";
        report = "facter.json";
      };
      panther.users.primary = {
        name = "alex";
        # Without opnix the hash file is put there by hand.
        hashedPasswordFile = "/etc/panther/alex.hash";
      };
    }
  ]);
}
