# fish: abbreviations instead of aliases (what you type expands in front of
# you, so you learn the real command), completions for nix, git and panther,
# and one command for each frequent chore.
#
# nix's completions come from the nix package itself (fish reads the vendor
# completions of the system and user profiles), git's ship with fish, and
# panther's are generated from its CLI when the configuration is built.
{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.panther.shell;
  inherit (config.panther.packages) panther;
  inherit (config.home) username;

  # Inside NixOS the system is rebuilt; elsewhere home-manager switches alone.
  rebuild =
    if config.submoduleSupport.enable then
      "sudo nixos-rebuild switch --flake ${cfg.fleet}"
    else
      "home-manager switch --flake ${cfg.fleet}#${username}";

  pantherCompletion =
    pkgs.runCommand "panther-completion.fish" { nativeBuildInputs = [ panther ]; }
      ''
        HOME="$TMPDIR" panther completion fish > "$out"
      '';
in
{
  config = lib.mkIf cfg.enable {
    programs.fish = {
      enable = true;
      # Anything else that defines an alias for fish gets an abbreviation too.
      preferAbbrs = true;

      shellAbbrs = {
        # the chores
        inherit rebuild;
        update = "nix flake update --flake ${cfg.fleet}";
        clean = "nix-collect-garbage --delete-older-than 14d";
        hosts = "panther hosts";
        check = "panther validate";
        # git
        g = "git";
        gs = "git status --short --branch";
        gd = "git diff";
        ga = "git add";
        gc = "git commit";
        gp = "git push";
        gl = "git log --oneline --graph -n 20";
        lg = "lazygit";
        # files
        ll = "eza -l --git --group-directories-first";
        la = "eza -la --git --group-directories-first";
        lt = "eza --tree --level=2 --git-ignore";
        v = "nvim";
      }
      // cfg.abbreviations;

      functions = {
        work = {
          description = "Open the project's Zellij session (made the first time, brought back later)";
          body = ''
            if set -q ZELLIJ
                echo "work: already inside Zellij; Alt s lists the sessions." >&2
                return 1
            end
            set -l dir
            if test (count $argv) -gt 0
                set dir (zoxide query -- $argv[1]); or return 1
            else
                set dir (git rev-parse --show-toplevel 2>/dev/null; or pwd)
            end
            set -l name (string replace -ra '[^A-Za-z0-9_-]+' '-' -- (path basename -- $dir))
            cd $dir; and zellij attach --create $name options --default-layout project
          '';
        };

        what = {
          description = "What was I doing? Sessions, recent places, this repository's state";
          body = ''
            echo "Sessions (an ended one comes back with: work NAME):"
            zellij list-sessions --no-formatting 2>/dev/null; or echo "  none"
            echo
            echo "Recent places:"
            zoxide query --list 2>/dev/null | head -n 5
            if git rev-parse --is-inside-work-tree >/dev/null 2>&1
                echo
                echo "Here:"
                git status --short --branch
                git log --oneline -n 3
            end
          '';
        };
      };

      # No greeting: a new terminal is quiet.
      interactiveShellInit = ''
        set -g fish_greeting
      '';
    };

    xdg.configFile."fish/completions/panther.fish" = lib.mkIf (panther != null) {
      source = pantherCompletion;
    };
  };
}
