# Neovim that teaches, built with nixvim: LSP, treesitter, formatting, git,
# search and a file explorer, plus the learning aids (hardtime, precognition,
# which-key) whose strictness follows panther.editor.level
# (lib/editor-levels.nix; docs/learning-neovim.md is the week-by-week path).
# The keys PantherOS adds come from lib/keybindings.nix.
{ config, lib, ... }:
let
  cfg = config.panther.editor;
  level = (import ../../lib/editor-levels.nix).for cfg.level;
  keybindings = import ../../lib/keybindings.nix;

  prettier = [ "prettier" ];
in
{
  config = lib.mkIf cfg.enable {
    programs.nixvim = {
      enable = true;
      defaultEditor = true;
      vimdiffAlias = true;

      globals = {
        mapleader = " ";
        maplocalleader = " ";
      };

      opts = {
        number = true;
        # Relative numbers show how far `5j` goes.
        relativenumber = true;
        mouse = level.mouse;
        signcolumn = "yes";
        # Undo survives closing the file.
        undofile = true;
        ignorecase = true;
        smartcase = true;
        scrolloff = 8;
        updatetime = 250;
      };

      # Yanks go to the desktop's clipboard; a machine without one (a dev
      # VPS over SSH) keeps Neovim's own registers instead of an error per yank.
      clipboard = lib.mkIf config.panther.desktop.enable {
        register = "unnamedplus";
        providers.wl-copy.enable = true;
      };

      keymaps = keybindings.nixvim;

      plugins = {
        hardtime = level.hardtime;
        precognition = level.precognition;
        which-key = {
          enable = true;
          settings = level.whichKey // {
            spec = [
              {
                __unkeyed-1 = "<leader>f";
                group = "find";
              }
              {
                __unkeyed-1 = "<leader>g";
                group = "git";
              }
              {
                __unkeyed-1 = "<leader>c";
                group = "code";
              }
              {
                __unkeyed-1 = "<leader>t";
                group = "toggle";
              }
            ];
          };
        };

        treesitter = {
          enable = true;
          highlight.enable = true;
          indent.enable = true;
        };

        # Server configurations for the native `lsp.servers` below.
        lspconfig.enable = true;

        conform-nvim = {
          enable = true;
          # The formatters named here are installed with the editor.
          autoInstall.enable = true;
          settings = {
            formatters_by_ft = {
              nix = [ "nixfmt" ];
              python = [
                "ruff_organize_imports"
                "ruff_format"
              ];
              lua = [ "stylua" ];
              sh = [ "shfmt" ];
              bash = [ "shfmt" ];
              fish = [ "fish_indent" ];
              javascript = prettier;
              typescript = prettier;
              javascriptreact = prettier;
              typescriptreact = prettier;
              json = prettier;
              css = prettier;
              html = prettier;
              markdown = prettier;
              yaml = prettier;
            };
            format_on_save = lib.mkIf cfg.formatOnSave {
              timeout_ms = 1000;
              lsp_format = "fallback";
            };
          };
        };

        # Save when leaving a buffer or the editor, never while typing.
        auto-save = lib.mkIf cfg.autosave {
          enable = true;
          settings.trigger_events = {
            immediate_save = [
              "BufLeave"
              "FocusLost"
            ];
            defer_save = [ ];
          };
        };

        gitsigns.enable = true;
        neogit.enable = true;
        telescope.enable = true;
        oil = {
          enable = true;
          settings = {
            default_file_explorer = true;
            view_options.show_hidden = true;
          };
        };
        web-devicons.enable = true;
      };

      lsp.servers = {
        nixd.enable = true;
        lua_ls.enable = true;
        basedpyright.enable = true;
        ts_ls.enable = true;
        bashls.enable = true;
      };
    };
  };
}
