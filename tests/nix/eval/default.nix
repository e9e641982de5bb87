# The evaluation tier: every host of a fleet through nixpkgs' real module
# system, without nixpkgs.
#
# Each host is evaluated with lib.evalModules from a nixpkgs lib checkout over
# the same module list lib/default.nix gives lib.nixosSystem: the framework's
# modules, the host's profile, folder and disko.nix, the real opnix, disko,
# nixos-hardware and niri-flake modules, DankMaterialShell's real
# home-manager modules, and home-manager's and nixvim's real option
# declarations. What nixpkgs would declare comes from ./stand-ins.nix
# (upstream types and defaults, each citing its source); packages come from
# ./pkgs. An option that nobody declares fails the evaluation, as it would on
# the machine.
#
# For each host it forces every option that is set (./force.nix), collects
# failed assertions and warnings, and returns the values of `probes`; for
# each user of the fleet it does the same with the standalone home-manager
# configuration lib.mkFleet makes (`homes`).
{
  nixpkgsLib, # nixpkgs' lib folder (holds default.nix)
  disko, # disko checkout
  opnix, # opnix checkout
  nixosHardware, # nixos-hardware checkout
  homeManager, # home-manager checkout
  niri, # niri-flake checkout
  dankMaterialShell, # DankMaterialShell checkout
  nixvim, # nixvim checkout
  fleetRoot, # the fleet: the folder holding fleet.toml
  frameworkRoot ? ../../.., # the PantherOS framework (lib/, modules/, profiles/)
  probes ? [ ], # option paths ("a.b.c") whose values come back per host
  homeProbes ? [ ], # home-manager option paths whose values come back per host and user
  extraModules ? [ ], # added to every host (tests use it to break things on purpose)
  extraHomeModules ? [ ], # added to every standalone home-manager configuration
}:
let
  lib = import nixpkgsLib;
  pkgs = import ./pkgs { inherit lib; };
  force = import ./force.nix { inherit lib; };

  homeManagerModule = import ./home-manager.nix { inherit homeManager; };
  optionsOnly = import ./options-only.nix { inherit lib; };

  # niri-flake's outputs, from its own flake.nix. Its inputs: nixpkgs' lib (its
  # packages need nixpkgs itself), and for the sources it builds niri and
  # xwayland-satellite from (flake = false inputs), their revisions from its
  # flake.lock and a store path nothing reads.
  niriFlake =
    let
      lock = builtins.fromJSON (builtins.readFile (niri + "/flake.lock"));
      hash32 = text: builtins.substring 0 32 (builtins.hashString "sha256" text);
      source =
        name:
        let
          inherit (lock.nodes.${name}) locked;
        in
        {
          outPath = "${builtins.storeDir}/${hash32 locked.rev}-source";
          inherit (locked) rev lastModified;
          shortRev = builtins.substring 0 7 locked.rev;
          lastModifiedDate = "19700101000000";
        };
      outputs = (import (niri + "/flake.nix")).outputs (
        {
          self = outputs // {
            outPath = toString niri;
          };
          nixpkgs = {
            inherit lib;
            legacyPackages = throw "niri-flake's flake outputs other than its modules need nixpkgs";
          };
          nixpkgs-stable = throw "niri-flake's nixpkgs-stable is only for its own checks";
        }
        // lib.genAttrs [
          "niri-stable"
          "niri-unstable"
          "xwayland-satellite-stable"
          "xwayland-satellite-unstable"
        ] source
      );
    in
    outputs;

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
    niri = {
      inherit (niriFlake) nixosModules homeModules;
    };
    # DankMaterialShell's home-manager modules as its flake.nix exports them
    # (mkModuleWithDmsPkgs passes the package it builds from source as
    # `dmsPkgs`); the stub package set's dms-shell stands in for that build.
    dank-material-shell.homeModules = {
      dank-material-shell =
        args@{ pkgs, ... }:
        {
          imports = [
            (import (dankMaterialShell + "/distro/nix/home.nix") (
              args
              // {
                dmsPkgs = {
                  inherit (pkgs) dms-shell;
                };
              }
            ))
          ];
        };
      niri = dankMaterialShell + "/distro/nix/niri.nix";
    };
    nixvim.homeModules.nixvim = import ./nixvim.nix { inherit nixvim; };
    # The framework's own packages.panther (modules/flake/dev.nix).
    self.packages = lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] (_: {
      inherit (pkgs) panther;
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
      # What each user's home-manager configuration holds at `homeProbes`.
      home = lib.mapAttrs (
        user: _:
        lib.genAttrs homeProbes (path: force.probe options config "home-manager.users.${user}.${path}")
      ) (config.home-manager.users or { });
    };

  evaluated = lib.mapAttrs (name: meta: evaluate (pantheros.hostModules name meta)) pantheros.fleet.hosts;
  hosts = lib.mapAttrs (_: summary) evaluated;

  # The standalone home-manager configuration of each user (what
  # homeConfigurations.<user> builds), over home-manager's option
  # declarations as in ./home-manager.nix.
  homeManagerOptions =
    let
      hmLib = import (homeManager + "/modules/lib/stdlib-extended.nix") lib;
      withoutNixpkgs = [ (toString (homeManager + "/modules/services-modular")) ];
      needsNixpkgs =
        module:
        (builtins.isPath module || builtins.isString module)
        && (
          lib.hasPrefix (toString pkgs.path) (toString module) || lib.elem (toString module) withoutNixpkgs
        );
      modules = lib.filter (module: !(needsNixpkgs module)) (
        import (homeManager + "/modules/modules.nix") {
          inherit pkgs;
          lib = hmLib;
          useNixpkgsModule = false;
        }
      );
    in
    {
      lib = hmLib;
      modules = map optionsOnly modules ++ [
        ./home-misc.nix
        ./home-defaults.nix
        { _module.args.pkgs = pkgs; }
      ];
    };
  homeSummary =
    evaluated:
    let
      inherit (evaluated) config options;
      values = force.values options config { };
    in
    {
      failedAssertions = map (a: a.message) (lib.filter (a: !a.assertion) config.assertions);
      inherit (config) warnings;
      setOptions = force.count values;
      forced = builtins.deepSeq values true;
      probes = lib.genAttrs homeProbes (force.probe options config);
    };
  homes = lib.genAttrs (lib.attrNames pantheros.fleet.users) (
    user:
    homeSummary (
      lib.evalModules {
        specialArgs = {
          inherit (homeManagerOptions) lib;
          modulesPath = toString (homeManager + "/modules");
        };
        modules =
          homeManagerOptions.modules ++ pantheros.homeModulesFor user "x86_64-linux" ++ extraHomeModules;
      }
    )
  );

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
  inherit hosts homes unit;

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
