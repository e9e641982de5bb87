# The host's record from fleet.toml (lib/fleet.nix computes it; lib/default.nix
# sets it), and every host's record for the services that reach the whole
# fleet (Prometheus' scrape targets). Other modules read them instead of
# taking extra module arguments.
{ lib, ... }:
let
  inherit (lib) mkOption types;
  schema = import ../../lib/schema.nix;
  str = description: mkOption { type = types.str; inherit description; };

  # One host's record (docs/fleet-toml.md, "Derived host metadata").
  record = {
    name = str "Host name (the table name in fleet.toml).";
    class = mkOption {
      type = types.enum schema.classes;
      description = "Host class; selects profiles/<class>.nix.";
    };
    system = str "Nix system string, e.g. x86_64-linux.";
    stage = str "Deploy wave the host belongs to.";
    stageIndex = mkOption {
      type = types.ints.unsigned;
      default = 0;
      description = "Position of the stage in fleet.stages.";
    };
    user = str "Primary user of the machine (a key of [users]).";
    deployHost = str "SSH address used to deploy (MagicDNS name by default).";
    deployUser = mkOption {
      type = types.str;
      default = "root";
      description = "SSH user used to deploy.";
    };
    deployPort = mkOption {
      type = types.port;
      default = 22;
      description = "SSH port used to deploy.";
    };
    hostKey = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = "Pinned SSH host public key, or null when not pinned.";
    };
    report = str "Path of the nixos-facter report, relative to fleet.toml.";
    tags = mkOption {
      type = types.listOf types.str;
      default = [ ];
      description = "Free-form labels from fleet.toml.";
    };
    workloads = mkOption {
      type = types.listOf (types.enum schema.workloads);
      default = [ ];
      description = "What the host runs; modules switch on from it (e.g. containers).";
    };
    optional = mkOption {
      type = types.bool;
      default = false;
      description = "Whether deploys may skip the host when it is offline.";
    };
    bootMode = mkOption {
      type = types.nullOr (types.enum schema.bootModes);
      default = null;
      description = "Boot mode from fleet.toml, or null to infer it from the report.";
    };
    hibernate = mkOption {
      type = types.bool;
      default = false;
      description = "Whether the host hibernates (swap sized for it).";
    };
  };
in
{
  options.panther = {
    host = record;

    fleet = {
      name = mkOption {
        type = types.str;
        default = "pantheros";
        description = "Name of the fleet ([fleet] name).";
      };
      tailnet = mkOption {
        type = types.nullOr types.str;
        default = null;
        description = "MagicDNS suffix of the tailnet ([fleet] tailnet).";
      };
      hosts = mkOption {
        type = types.attrsOf (types.submodule { options = record; });
        default = { };
        description = ''
          Every host of the fleet, by name, with the same record as
          panther.host: what the monitoring server scrapes, and where the
          hosts find it (the host whose workloads include `monitoring`).
        '';
      };
    };
  };
}
