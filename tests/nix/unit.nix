# nix-unit tests for lib/ and for invariants every host must keep. They run
# over whatever hosts the fleet at `root` has (the example fleet in CI), so no
# test names a host.
# Names of tests start with "test"; groups nest.
{ lib, pantheros, root }:
let
  inherit (pantheros) fleet nixosConfigurations deploy;
  raw = builtins.fromTOML (builtins.readFile (root + "/fleet.toml"));
  rawHost = name: raw.hosts.${name};

  configOf = name: nixosConfigurations.${name}.config;
  ofClass = class: lib.filterAttrs (_: meta: meta.class == class) fleet.hosts;
  servers = ofClass "server";
  laptops = ofClass "laptop";
  forAll = hosts: f: lib.mapAttrs f hosts;
  allTrue = hosts: lib.mapAttrs (_: _: true) hosts;

  readFixture = name: import ../../lib/fleet.nix { root = ./fixtures + "/${name}"; };

  # A class profile on its own: what it sets, with lib.mkDefault unwrapped.
  profile =
    class:
    (import (../../profiles + "/${class}.nix") {
      inherit lib;
      config.panther.host.hibernate = class == "laptop";
    }).panther;
  value = setting: setting.content or setting;
  desktopClasses = [
    "laptop"
    "workstation"
  ];
in
{
  fleet = {
    testHostNameIsTheTableName = {
      expr = forAll fleet.hosts (_: meta: meta.name);
      expected = lib.mapAttrs (name: _: name) fleet.hosts;
    };
    testDeployHostIsTheMagicDnsName = {
      expr = forAll fleet.hosts (_: meta: meta.deployHost);
      expected = forAll fleet.hosts (
        name: _: (rawHost name).deploy.host or "${name}.${fleet.settings.tailnet}"
      );
    };
    testDeployDefaults = {
      expr = forAll fleet.hosts (_: meta: { inherit (meta) deployUser deployPort; });
      expected = forAll fleet.hosts (
        name: _: {
          deployUser = (rawHost name).deploy.user or "root";
          deployPort = (rawHost name).deploy.port or 22;
        }
      );
    };
    testBootModeFromFleetToml = {
      expr = forAll fleet.hosts (_: meta: meta.bootMode);
      expected = forAll fleet.hosts (name: _: (rawHost name).boot_mode or null);
    };
    testLaptopsHibernateServersDoNot = {
      expr = forAll fleet.hosts (_: meta: meta.hibernate);
      expected = lib.mapAttrs (_: meta: meta.class == "laptop") fleet.hosts;
    };
    testWavesFollowStages = {
      expr = map (wave: wave.stage) fleet.waves;
      expected = fleet.stages;
    };
    testEveryHostIsInOneWave = {
      expr = lib.sort lib.lessThan (lib.concatMap (wave: wave.hosts) fleet.waves);
      expected = fleet.hostNames;
    };
    testTheExampleFleetIsValid = {
      expr = fleet.errors;
      expected = [ ];
    };
    testBadStageNamesTheHostAndTheFix = {
      expr = (readFixture "bad-stage").hosts;
      expectedError = {
        type = "ThrownError";
        msg = ''host "lonely": stage "canary" is not in fleet.stages .* Fix: set stage to one of them'';
      };
    };
    testErrorsAreListedWithoutThrowing = {
      expr = lib.length (readFixture "bad-stage").errors;
      expected = 1;
    };
  };

  # Builtins and lib.mkDefault only: also run by tests/nix/test_unit_fleet.py.
  profiles = {
    testTheLaptopProfileEnablesTheDesktop = {
      expr = value (profile "laptop").desktop.enable;
      expected = true;
    };
    testTheServerProfileDoesNot = {
      expr = value (profile "server").desktop.enable;
      expected = false;
    };
    testLaptopsAndWorkstationsGetTheShellAndTheEditor = {
      expr = map (class: {
        shell = value (profile class).shell.enable;
        editor = value (profile class).editor.enable;
      }) desktopClasses;
      expected = map (_: {
        shell = true;
        editor = true;
      }) desktopClasses;
    };
    testServersKeepNeitherShellNorEditorSettings = {
      expr = lib.attrNames (
        lib.filterAttrs (
          name: _:
          lib.elem name [
            "shell"
            "editor"
            "ai"
          ]
        ) (profile "server")
      );
      expected = [ ];
    };
    testTheDevProfileIsHeadlessWithTheEditor = {
      expr = {
        desktop = value (profile "dev").desktop.enable;
        headless = value (profile "dev").headless.enable;
        editor = value (profile "dev").editor.enable;
        shell = value (profile "dev").shell.enable;
      };
      expected = {
        desktop = false;
        headless = true;
        editor = true;
        shell = true;
      };
    };
  };

  hosts = {
    testDesktopOnlyWhereTheClassHasOne = {
      expr = forAll fleet.hosts (name: _: (configOf name).panther.desktop.enable);
      expected = lib.mapAttrs (_: meta: lib.elem meta.class desktopClasses) fleet.hosts;
    };
    testServersRunNoDesktopNorEditor = {
      expr = forAll servers (
        name: _:
        let
          config = configOf name;
        in
        {
          desktop = config.panther.desktop.enable;
          editor = config.panther.editor.enable;
          greeter = config.panther.desktop.greeter.enable;
          sound = config.panther.audio.enable;
        }
      );
      expected = lib.mapAttrs (_: _: {
        desktop = false;
        editor = false;
        greeter = false;
        sound = false;
      }) servers;
    };
    testHostNameIsTheAttributeName = {
      expr = lib.mapAttrs (_: nixos: nixos.config.networking.hostName) nixosConfigurations;
      expected = lib.mapAttrs (name: _: name) nixosConfigurations;
    };
    testSystemMatchesTheReport = {
      expr = forAll fleet.hosts (name: _: (configOf name).nixpkgs.hostPlatform.system);
      expected = forAll fleet.hosts (_: meta: (lib.importJSON (root + "/${meta.report}")).system);
    };
    testNoPasswordLoginOverSsh = {
      expr = forAll fleet.hosts (
        name: _:
        let
          ssh = (configOf name).services.openssh.settings;
        in
        !ssh.PasswordAuthentication && !ssh.KbdInteractiveAuthentication
      );
      expected = allTrue fleet.hosts;
    };
    testServersHaveTheFirewallOn = {
      expr = forAll servers (name: _: (configOf name).networking.firewall.enable);
      expected = allTrue servers;
    };
    testServersHaveAuthorizedKeys = {
      expr = forAll servers (
        name: meta:
        let
          users = (configOf name).users.users;
        in
        users.${meta.user}.openssh.authorizedKeys.keys != [ ]
        && users.root.openssh.authorizedKeys.keys != [ ]
      );
      expected = allTrue servers;
    };
    testNoHostAnswersSshOutsideTailscale = {
      expr = forAll fleet.hosts (name: _: (configOf name).services.openssh.openFirewall);
      expected = lib.mapAttrs (_: _: false) fleet.hosts;
    };
    testBackupsNeverHoldSecretsOrSnapshots = {
      expr = forAll fleet.hosts (
        name: _:
        let
          inherit ((configOf name).services.restic.backups.b2) exclude;
        in
        lib.elem "/var/lib/opnix/secrets" exclude && lib.elem ".snapshots" exclude
      );
      expected = allTrue fleet.hosts;
    };
    testServersOnlyAnswerSshOnTailscale = {
      expr = forAll servers (
        name: _:
        let
          config = configOf name;
        in
        {
          inherit (config.services.openssh) openFirewall;
          tailscaleTrusted = lib.elem "tailscale0" config.networking.firewall.trustedInterfaces;
        }
      );
      expected = lib.mapAttrs (_: _: {
        openFirewall = false;
        tailscaleTrusted = true;
      }) servers;
    };
    testBootLoaderFollowsBootMode = {
      expr = forAll fleet.hosts (
        name: _:
        let
          config = configOf name;
        in
        if config.panther.boot.mode == "bios" then
          config.boot.loader.grub.enable
        else
          config.boot.loader.systemd-boot.enable
      );
      expected = allTrue fleet.hosts;
    };
    testBootModeInFleetTomlWins = {
      expr = forAll (lib.filterAttrs (_: meta: meta.bootMode != null) fleet.hosts) (
        name: _: (configOf name).panther.boot.mode
      );
      expected = lib.mapAttrs (_: meta: meta.bootMode) (
        lib.filterAttrs (_: meta: meta.bootMode != null) fleet.hosts
      );
    };
    testSnapshotsPerClass = {
      expr = forAll (laptops // servers) (name: _: (configOf name).services.snapper.snapshotInterval);
      expected = lib.mapAttrs (_: _: "hourly") laptops // lib.mapAttrs (_: _: "daily") servers;
    };
    testServerRetentionIsDailyWeeklyMonthly = {
      expr = forAll servers (
        name: _: {
          inherit ((configOf name).services.snapper.configs.root)
            TIMELINE_LIMIT_HOURLY
            TIMELINE_LIMIT_DAILY
            TIMELINE_LIMIT_WEEKLY
            TIMELINE_LIMIT_MONTHLY
            ;
        }
      );
      expected = lib.mapAttrs (_: _: {
        TIMELINE_LIMIT_HOURLY = "0";
        TIMELINE_LIMIT_DAILY = "14";
        TIMELINE_LIMIT_WEEKLY = "8";
        TIMELINE_LIMIT_MONTHLY = "6";
      }) servers;
    };
    testBackupsPruneAfterwards = {
      expr = forAll fleet.hosts (
        name: _: lib.any (lib.hasPrefix "--keep-daily") (configOf name).services.restic.backups.b2.pruneOpts
      );
      expected = allTrue fleet.hosts;
    };
    testSecretsStayOutOfTheStore = {
      expr = forAll fleet.hosts (
        name: _:
        let
          backup = (configOf name).services.restic.backups.b2;
        in
        lib.all (path: !(lib.hasPrefix builtins.storeDir path)) [
          backup.passwordFile
          backup.environmentFile
          backup.repositoryFile
        ]
      );
      expected = allTrue fleet.hosts;
    };
    testEveryHostExportsMetricsWithoutOpeningAPort = {
      expr = forAll fleet.hosts (
        name: _:
        let
          exporter = (configOf name).services.prometheus.exporters.node;
        in
        exporter.enable && !exporter.openFirewall
      );
      expected = allTrue fleet.hosts;
    };
    testTheMonitoringServerIsTheHostWithTheWorkload = {
      expr = forAll fleet.hosts (name: _: (configOf name).services.prometheus.enable);
      expected = lib.mapAttrs (_: meta: lib.elem "monitoring" meta.workloads) fleet.hosts;
    };
    testMonitoringSecretsStayOutOfTheStore = {
      expr = forAll fleet.hosts (
        name: _:
        let
          config = configOf name;
        in
        (
          config.services.datadog-agent.enable
          -> !(lib.hasPrefix builtins.storeDir config.services.datadog-agent.apiKeyFile)
        )
        && (
          config.services.grafana.enable
          -> lib.hasPrefix "$__file{/" config.services.grafana.settings.security.secret_key
        )
      );
      expected = allTrue fleet.hosts;
    };
  };

  deploy = {
    testEveryHostHasANode = {
      expr = lib.attrNames deploy.nodes;
      expected = fleet.hostNames;
    };
    testNodesFollowTheMetadata = {
      expr = lib.mapAttrs (_: node: {
        inherit (node)
          hostname
          sshUser
          magicRollback
          autoRollback
          ;
      }) deploy.nodes;
      expected = lib.mapAttrs (_: meta: {
        hostname = meta.deployHost;
        sshUser = meta.deployUser;
        magicRollback = true;
        autoRollback = true;
      }) fleet.hosts;
    };
    testPinnedHostKeysAreChecked = {
      expr = lib.mapAttrs (name: _: lib.elem "StrictHostKeyChecking=yes" deploy.nodes.${name}.sshOpts) (
        lib.filterAttrs (_: meta: meta.hostKey != null) fleet.hosts
      );
      expected = allTrue (lib.filterAttrs (_: meta: meta.hostKey != null) fleet.hosts);
    };
  };
}
