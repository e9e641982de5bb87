# `nix flake init -t <pantheros>` (and `panther init`, which writes the same
# files): a new fleet of one's own.
{
  flake.templates = {
    fleet = {
      path = ./fleet;
      description = "A PantherOS fleet: flake.nix, fleet.toml; add hosts with `panther host add`";
      welcomeText = ''
        A new PantherOS fleet. Next:

          panther host add NAME --report facter.json   # a machine from its hardware report
          panther storage check NAME                   # its disk layout against the hardware
          panther install NAME --target root@IP        # install it: erases its disks
      '';
    };
    default = {
      path = ./fleet;
      description = "A PantherOS fleet (same as the `fleet` template)";
    };
  };
}
