# A test "NixOS system" for simulated hosts: a store path whose
# bin/switch-to-configuration is a stand-in honouring the real contract:
#   switch | test   make this system the running one (/run/current-system), start its
#                   units; exit 0, or 4 when a unit failed to start (as the real one does)
#   boot            make it the next boot's entry, change nothing now
#   dry-activate    change nothing
# `kernel` decides kernel, initrd and kernel-modules (shared store paths, as on NixOS), so
# two systems with the same kernel differ only in what needs no reboot.
{
  name,
  version ? "1",
  kernel ? "6.12.0",
  units ? [ "sshd.service" ],
  failUnit ? null,
  exitCode ? 0,
  sleep ? 0,
  system ? "x86_64-linux",
}:
let
  path = "/usr/bin:/bin";
  kernelPackage = derivation {
    name = "linux-${kernel}";
    inherit system;
    PATH = path;
    builder = "/bin/sh";
    args = [
      "-c"
      ''mkdir -p $out/lib/modules/${kernel}; echo "linux ${kernel}" > $out/bzImage; echo "initrd ${kernel}" > $out/initrd; :''
    ];
  };
  switch = builtins.toFile "switch-to-configuration" ''
    #!/bin/sh
    set -u
    state=/run/panther-sim/units
    mkdir -p "$state"
    case "''${1:-}" in
      switch|test)
        sleep ${toString sleep}
        ln -sfn @out@ /run/.current-system.new && mv -T /run/.current-system.new /run/current-system
        rm -f "$state"/*.active "$state"/*.failed
        for unit in ${toString units}; do : > "$state/$unit.active"; done
        ${if failUnit == null then "" else '': > "$state/${failUnit}.failed"; exit 4''}
        exit ${toString exitCode} ;;
      boot) echo @out@ > /run/panther-sim/boot-entry; exit 0 ;;
      dry-activate) exit 0 ;;
      *) echo "usage: switch-to-configuration switch|boot|test|dry-activate" >&2; exit 1 ;;
    esac
  '';
in
derivation {
  name = "nixos-system-${name}-${version}";
  inherit system version;
  PATH = path;
  builder = "/bin/sh";
  args = [
    "-c"
    ''
      mkdir -p $out/bin
      sed "s|@out@|$out|g" ${switch} > $out/bin/switch-to-configuration
      chmod +x $out/bin/switch-to-configuration
      ln -s ${kernelPackage}/bzImage $out/kernel
      ln -s ${kernelPackage}/initrd $out/initrd
      ln -s ${kernelPackage}/lib/modules $out/kernel-modules
      echo ${version} > $out/nixos-version
      :
    ''
  ];
}
