# panther.packages: packages of PantherOS itself that the environment uses.
{ lib, ... }:
{
  options.panther.packages.panther = lib.mkOption {
    type = lib.types.nullOr lib.types.package;
    default = null;
    description = ''
      The panther command; the shell's completion for it is generated from it
      at build time (`panther completion fish`). lib.mkFleet sets it to
      PantherOS's packages.panther; null leaves panther out.
    '';
  };
}
