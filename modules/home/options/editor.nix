# panther.editor: Neovim (built with nixvim) that teaches, and Zed.
{ config, lib, ... }:
let
  inherit (lib) mkOption types;
  cfg = config.panther.editor;
  levels = import ../../../lib/editor-levels.nix;
in
{
  options.panther.editor = {
    enable = lib.mkEnableOption "Neovim with LSP, formatting, git, and the learning aids (hardtime, precognition, which-key)";

    level = mkOption {
      type = types.enum levels.levels;
      default = "beginner";
      description = ''
        How much the editor coaches (lib/editor-levels.nix,
        docs/learning-neovim.md): "beginner" is strict (hardtime blocks a key
        pressed over and over, arrow keys and mouse are off, motion hints are
        always on), "intermediate" only hints, "advanced" turns the training
        wheels off.
      '';
    };

    autosave = mkOption {
      type = types.bool;
      default = true;
      description = "Whether Neovim saves a changed file when you leave it or switch away from the editor.";
    };

    formatOnSave = mkOption {
      type = types.bool;
      default = true;
      description = "Whether Neovim formats a file when it is saved (conform.nvim; the LSP where no formatter is configured).";
    };

    zed.enable = mkOption {
      type = types.bool;
      default = cfg.enable && config.panther.desktop.enable;
      defaultText = lib.literalExpression "config.panther.editor.enable && config.panther.desktop.enable";
      description = "Whether Zed is installed too, with Nix and Python support (it needs a desktop).";
    };
  };
}
