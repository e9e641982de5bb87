# Developer outputs: `nix run .#panther`, `nix develop` (which installs the
# pre-commit hooks: nixfmt, deadnix, statix, ruff) and `nix fmt`.
{ inputs, ... }:
{
  imports = [ inputs.git-hooks.flakeModule ];

  perSystem =
    {
      config,
      lib,
      pkgs,
      ...
    }:
    let
      root = ../..;
      pyproject = lib.importTOML (root + "/pyproject.toml");
      python = pkgs.python3Packages;

      panther = python.buildPythonApplication {
        pname = "pantheros";
        inherit (pyproject.project) version;
        pyproject = true;

        # Only what the wheel needs: the package, and the example fleet that
        # hatch_build.py ships inside it.
        src = lib.fileset.toSource {
          inherit root;
          fileset = lib.fileset.unions [
            (root + "/pyproject.toml")
            (root + "/README.md")
            (root + "/hatch_build.py")
            (root + "/src")
            (root + "/fleet.toml")
            (root + "/flake.nix")
            (root + "/hosts")
            (root + "/profiles")
            (root + "/modules")
            (root + "/lib")
          ];
        };

        build-system = [ python.hatchling ];
        dependencies = [
          python.typer
          python.rich
          python.pydantic
          python.tomlkit
          python.mcp
        ];

        pythonImportsCheck = [ "pantheros" ];

        meta = {
          inherit (pyproject.project) description;
          license = lib.licenses.mit;
          mainProgram = "panther";
        };
      };
    in
    {
      packages = {
        inherit panther;
        default = panther;
      };

      apps.panther = {
        type = "app";
        program = lib.getExe panther;
        meta.description = "The PantherOS fleet tool";
      };

      formatter = pkgs.nixfmt-tree;

      pre-commit = {
        # CI runs the hooks in a job of their own (`pre-commit run
        # --all-files`), so a formatting slip does not hide test results.
        check.enable = false;
        settings.hooks = {
          nixfmt.enable = true;
          deadnix.enable = true;
          statix.enable = true;
          ruff.enable = true;
        };
      };

      devShells.default = pkgs.mkShell {
        inputsFrom = [
          panther
          config.pre-commit.devShell
        ];
        packages = [
          panther
          config.pre-commit.settings.package
          pkgs.nixfmt
          pkgs.deadnix
          pkgs.statix
          pkgs.ruff
          pkgs.nix-unit
          pkgs.nixos-anywhere
          pkgs.disko
          pkgs.nixos-facter
          pkgs.restic
          pkgs.attic-client
          pkgs.deploy-rs
          python.pytest
          python.hypothesis
        ];
        inherit (config.pre-commit) shellHook;
      };
    };
}
