# Every PantherOS NixOS module. Each file owns one concern and declares its
# options under `panther.<area>`; profiles and hosts only set those options.
{
  imports = [
    ./ai.nix
    ./audio.nix
    ./backup.nix
    ./bluetooth.nix
    ./boot.nix
    ./cache.nix
    ./containers.nix
    ./datadog.nix
    ./desktop.nix
    ./fonts.nix
    ./greeter.nix
    ./headless.nix
    ./home.nix
    ./host.nix
    ./monitoring.nix
    ./monitoring-alerts.nix
    ./monitoring-facts.nix
    ./monitoring-server.nix
    ./network.nix
    ./nix.nix
    ./power.nix
    ./secrets.nix
    ./security.nix
    ./storage.nix
    ./users.nix
  ];
}
