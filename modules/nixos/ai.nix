# The AI tools on a NixOS host: the keys the primary user's agents need come
# from 1Password (item `ai`) as files only that user can read, and their
# runtime paths go to home-manager as panther.ai.secretFiles (modules/home/ai.nix
# points OpenCode and the Brave Search MCP server at them). Claude Code and
# the Copilot CLI are unfree in nixpkgs: they are allowed by name.
#
# The options themselves (panther.ai.*) are the personal ones, declared in
# modules/home/options/ai.nix and passed on to home-manager by ./home.nix.
{ config, lib, ... }:
let
  cfg = config.panther.ai;
  secrets = config.panther.secrets;
  user = config.panther.users.primary.name;

  anyClient = cfg.opencode.enable || cfg.claudeCode.enable || cfg.copilot.enable;

  # 1Password: item `ai`, one field per key.
  keys = {
    braveApiKey = "brave-api-key";
  }
  // lib.listToAttrs (map (p: lib.nameValuePair "${p}ApiKey" "${p}-api-key") cfg.providers);
in
{
  config = lib.mkMerge [
    (lib.mkIf (cfg.enable && anyClient && secrets.enable) {
      panther.secrets.wanted = lib.mapAttrs (_: field: {
        item = "ai";
        inherit field;
        owner = user;
      }) keys;

      panther.ai.secretFiles = lib.mapAttrs (name: _: secrets.paths.${name}) keys;
    })

    (lib.mkIf cfg.enable {
      nixpkgs.config.allowUnfreePackages =
        lib.optional cfg.claudeCode.enable "claude-code"
        ++ lib.optional cfg.copilot.enable "github-copilot-cli";
    })
  ];
}
