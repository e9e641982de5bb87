# Turns a fleet (lib/fleet.nix reads its fleet.toml) into flake outputs:
# nixosConfigurations, homeConfigurations (one per user), deploy-rs nodes and
# per-system checks. Needs nixpkgs (through the framework's inputs). `root` is
# the fleet's folder; the framework's own modules and profiles come from this
# repository.
{ inputs, root }:
let
  inherit (inputs.nixpkgs) lib;
  fleet = import ./fleet.nix { inherit root; };

  # Modules every host gets, before its profile and its own file.
  baseModules = [
    inputs.disko.nixosModules.disko
    inputs.home-manager.nixosModules.home-manager
    inputs.opnix.nixosModules.default
    inputs.niri.nixosModules.niri
    ../modules/nixos
    frameworkModule
  ];

  # home-manager modules for a user: PantherOS's (modules/home) and nixvim's,
  # which the editor is built with.
  homeModules = [
    inputs.nixvim.homeModules.nixvim
    ../modules/home
  ];

  # On a desktop, also the user's side of it. niri-flake's NixOS module adds
  # its own home-manager module (programs.niri.settings) for every user.
  desktopHomeModules = [
    inputs.dank-material-shell.homeModules.dank-material-shell
    inputs.dank-material-shell.homeModules.niri
    ../modules/home/desktop.nix
  ];

  # What the framework's own flake provides to every host.
  frameworkModule =
    { config, ... }:
    {
      panther = {
        home.modules =
          homeModules ++ lib.optionals config.panther.desktop.enable desktopHomeModules;
        packages.panther = lib.mkDefault (pantherFor config.panther.host.system);
      };
    };

  # PantherOS's own panther package (modules/flake/dev.nix), when the flake has one.
  pantherFor = system: inputs.self.packages.${system}.panther or null;

  # The facts fleet.toml holds about one host, as NixOS settings.
  fleetModule = name: meta: {
    networking.hostName = name;
    nixpkgs.hostPlatform = meta.system;
    hardware.facter.reportPath = root + "/${meta.report}";
    panther = {
      host = meta;
      fleet = {
        inherit (fleet.settings) name tailnet;
        inherit (fleet) hosts;
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

  # home-manager on its own, for machines that are not NixOS (or whose
  # NixOS is not in this fleet): the same shell, editor and tools as on the
  # fleet's hosts, without the desktop. `home-manager switch --flake .#<user>`;
  # <user>-aarch64-linux on ARM machines.
  homeSystems = [
    "x86_64-linux"
    "aarch64-linux"
  ];
  homeName = user: system: if system == "x86_64-linux" then user else "${user}-${system}";

  standaloneHomeModule = user: system: {
    home = {
      username = user;
      homeDirectory = lib.mkDefault "/home/${user}";
      # Set once, at the first switch; see home-manager's manual before changing it.
      stateVersion = lib.mkDefault "26.05";
    };
    # XDG_DATA_DIRS and friends for a distribution that is not NixOS.
    targets.genericLinux.enable = lib.mkDefault true;
    programs.home-manager.enable = true;
    panther = {
      shell.enable = lib.mkDefault true;
      editor.enable = lib.mkDefault true;
      ai.enable = lib.mkDefault true;
      packages.panther = pantherFor system;
    };
  };

  # The module list of one user's standalone configuration.
  homeModulesFor = user: system: homeModules ++ [ (standaloneHomeModule user system) ];

  homeConfigurations = lib.listToAttrs (
    lib.concatMap (
      user:
      map (system: {
        name = homeName user system;
        value = inputs.home-manager.lib.homeManagerConfiguration {
          # The AI tools that are unfree in nixpkgs, allowed by name (as NixOS
          # hosts do in modules/nixos/ai.nix).
          pkgs = import inputs.nixpkgs {
            inherit system;
            config.allowUnfreePackages = (import ./ai-agents.nix).unfreePackages;
          };
          modules = homeModulesFor user system;
        };
      }) homeSystems
    ) (lib.attrNames fleet.users)
  );

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
    homeModulesFor
    homeConfigurations
    hostChecks
    ;

  deploy.nodes = lib.mapAttrs deployNode fleet.hosts;

  # What a fleet's flake.nix returns from `outputs`.
  checks = lib.genAttrs [
    "x86_64-linux"
    "aarch64-linux"
  ] hostChecks;
}
