# Zed with Nix (the nix extension, nixd) and Python (basedpyright, ruff)
# support. Zed saves and formats by itself; Copilot only with panther.ai.copilot.
{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.panther.editor;
  copilot = config.panther.ai.copilot.enable;
in
{
  config = lib.mkIf cfg.zed.enable {
    programs.zed-editor = {
      enable = true;
      extensions = [ "nix" ];
      extraPackages = [
        pkgs.nixd
        pkgs.nixfmt
        pkgs.basedpyright
        pkgs.ruff
      ];
      userSettings = {
        autosave = if cfg.autosave then "on_focus_change" else "off";
        format_on_save = if cfg.formatOnSave then "on" else "off";
        # Nix installs and updates Zed.
        auto_update = false;
        telemetry = {
          diagnostics = false;
          metrics = false;
        };
        features.edit_prediction_provider = if copilot then "copilot" else "none";
        languages = {
          Nix = {
            language_servers = [
              "nixd"
              "!nil"
            ];
            formatter.external = {
              command = "nixfmt";
              arguments = [ ];
            };
          };
          Python.language_servers = [
            "basedpyright"
            "ruff"
            "!pyright"
          ];
        };
      };
    };
  };
}
