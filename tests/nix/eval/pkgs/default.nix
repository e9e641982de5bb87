# A stand-in for nixpkgs' package set, for the evaluation tier (no nixpkgs here).
#
# Packages are attribute sets shaped like derivations (type, name, outPath,
# meta.mainProgram, override). Their store path is a hash of the arguments
# they were built from, so turning one into a string forces every value that
# went into it (a build script's text, its inputs) the way a real derivation
# would. Nothing here can be built.
#
# It is also importable the way nixpkgs is (`import pkgs.path { overlays; }`),
# because opnix's module builds its own package set like that.
{
  lib ? import <nixpkgs-lib>,
  overlays ? [ ],
  ...
}:
let
  storePath =
    name: args:
    "${builtins.storeDir}/${builtins.substring 0 32 (builtins.hashString "sha256" (builtins.toJSON args))}-${name}";

  # A package-like value. `args` is hashed into its path: keep functions and
  # source trees out of it (toJSON cannot hash the one and would copy the other).
  package =
    name: args:
    lib.fix (self: {
      type = "derivation";
      inherit name;
      pname = name;
      version = "0";
      outPath = storePath name args;
      drvPath = storePath "${name}.drv" args;
      outputs = [ "out" ];
      outputName = "out";
      out = self;
      bin = self;
      meta = {
        mainProgram = args.meta.mainProgram or name;
      };
      passthru = { };
      override = more: package name (args // lib.filterAttrs (_: v: !lib.isFunction v) more);
      overrideAttrs = _: self;
    });

  # Plain packages the modules (ours, opnix, disko, nixos-hardware, niri-flake,
  # DankMaterialShell) refer to.
  names = [
    "attic-client"
    "attic-server"
    "basedpyright"
    "bash"
    "bash-language-server"
    "btrfs-progs"
    "claude-code"
    "coreutils"
    "curl"
    "eudev"
    "fetchzip"
    "fish"
    "github-copilot-cli"
    "glib"
    "gnugrep"
    "gnused"
    "installShellFiles"
    "intel-compute-runtime"
    "intel-compute-runtime-legacy1"
    "intel-media-driver"
    "intel-media-sdk"
    "intel-ocl"
    "intel-vaapi-driver"
    "inter"
    "jq"
    "khal"
    "libgbm"
    "libglvnd"
    "libinput"
    "libxkbcommon"
    "lua-language-server"
    "material-symbols"
    "mcp-nixos"
    "mcp-server-sequential-thinking"
    "networkmanager"
    "nixd"
    "nixfmt"
    "nodejs"
    "noto-fonts"
    "noto-fonts-color-emoji"
    "opencode"
    "openssh"
    "openssl"
    "pango"
    "pipewire"
    "pkg-config"
    "quickshell"
    "restic"
    "ruff"
    "seatd"
    "shadow"
    "snapper"
    "sudo"
    "systemd"
    "systemdLibs"
    "systemdMinimal"
    "tuigreet"
    "typescript-language-server"
    "util-linux"
    "vpl-gpu-rt"
    "wayland"
    "wl-clipboard"
    "xdg-desktop-portal-gnome"
    "xdg-desktop-portal-gtk"
    "xdg-utils"
    "xwayland-satellite"
  ];

  # pkgs.formats: what the settings of a config file may hold, and a writer.
  # Our own types in the spirit of nixpkgs' pkgs-lib/formats.nix (not a copy):
  # JSON-like values for the structured formats, sections of scalars for INI.
  inherit (lib) types;
  scalar = types.nullOr (
    types.oneOf [
      types.bool
      types.int
      types.float
      types.str
      types.path
    ]
  );
  jsonValue =
    types.nullOr (
      types.oneOf [
        scalar
        (types.attrsOf jsonValue)
        (types.listOf jsonValue)
      ]
    )
    // {
      description = "JSON value";
    };
  iniAtom = types.either scalar (types.listOf scalar);
  format = type: {
    inherit type;
    generate = name: value: package name { inherit name value; };
    lib.types.atom = iniAtom;
  };
  formats = {
    json = _: format jsonValue;
    yaml = _: format jsonValue;
    yaml_1_1 = _: format jsonValue;
    yaml_1_2 = _: format jsonValue;
    toml = _: format (types.attrsOf jsonValue);
    xml = _: format jsonValue;
    ini = _: format (types.attrsOf (types.attrsOf iniAtom));
    iniWithGlobalSection =
      _:
      format (
        types.submodule {
          options.globalSection = lib.mkOption {
            type = types.attrsOf iniAtom;
            default = { };
          };
          options.sections = lib.mkOption {
            type = types.attrsOf (types.attrsOf iniAtom);
            default = { };
          };
        }
      );
    keyValue = _: format (types.attrsOf iniAtom);
    javaProperties = _: format (types.attrsOf types.str);
  };

  base = lib.genAttrs names (name: package name { inherit name; }) // {
    inherit lib formats;
    # `import pkgs.path { … }` must find this file again.
    path = ./.;

    stdenv.hostPlatform = lib.systems.elaborate "x86_64-linux";

    # The NVIDIA driver nixpkgs' hardware.nvidia.package defaults to; its
    # `open` and `firmware` attributes tell nixos-hardware it supports the
    # open kernel module.
    linuxPackages.nvidiaPackages.stable = package "nvidia-x11" { version = "580.95.05"; } // {
      version = "580.95.05";
      open = package "nvidia-open" { };
      firmware = package "nvidia-firmware" { };
    };

    qemu.ga = package "qemu-ga" { };

    # Packages in sets.
    kdePackages.polkit-kde-agent-1 = package "polkit-kde-agent-1" { };
    nerd-fonts.jetbrains-mono = package "nerd-fonts-jetbrains-mono" { };

    # What stands in for the packages built from source by flakes the tier
    # imports: PantherOS's panther (modules/flake/dev.nix) and
    # DankMaterialShell's dms-shell (its flake.nix, mkDmsShell).
    panther = package "pantheros" { meta.mainProgram = "panther"; };
    dms-shell = package "dms-shell" { meta.mainProgram = "dms"; };

    # niri-flake's make-niri asserts that it gets libdisplay-info 0.2.
    libdisplay-info = package "libdisplay-info" { } // {
      version = "0.2.0";
    };

    # callPackage as nixpkgs has it: a function's arguments from this set,
    # except those given.
    callPackage =
      fn: overrides:
      let
        f = if builtins.isFunction fn then fn else import fn;
      in
      f (builtins.intersectAttrs (lib.functionArgs f) withOverlays // overrides);

    # buildRustPackage keeps its cargo feature arguments and passthru on the
    # result, as nixpkgs' does (niri-flake's NixOS module reads
    # cargoBuildNoDefaultFeatures and cargoBuildFeatures from niri's package).
    rustPlatform = {
      bindgenHook = package "rust-bindgen-hook" { };
      buildRustPackage =
        args:
        package args.pname (
          removeAttrs args [
            "passthru"
            "meta"
          ]
          // {
            meta.mainProgram = args.meta.mainProgram or args.pname;
          }
        )
        // {
          cargoBuildNoDefaultFeatures = args.buildNoDefaultFeatures or false;
          cargoBuildFeatures = args.buildFeatures or [ ];
        }
        // args.passthru or { };
    };

    driversi686Linux = lib.genAttrs [
      "intel-media-driver"
      "intel-vaapi-driver"
    ] (name: package "${name}-i686" { inherit name; });

    writeText = name: text: package name { inherit name text; };
    writeScript = name: text: package name { inherit name text; };
    writeShellScript = name: text: package name { inherit name text; };
    writeShellScriptBin = name: text: package name { inherit name text; };
    writeShellApplication =
      {
        name,
        text,
        runtimeInputs ? [ ],
        ...
      }:
      package name {
        inherit name text runtimeInputs;
        meta.mainProgram = name;
      };
    runCommand =
      name: env: script:
      package name {
        inherit name script;
        env = lib.filterAttrs (_: v: !lib.isFunction v) env;
      };
    buildGoModule =
      args:
      package (args.pname or args.name) (
        removeAttrs args [
          "src"
          "passthru"
          "meta"
        ]
      );
    buildEnv = args: package args.name (removeAttrs args [ "passthru" ]);
    symlinkJoin = args: package args.name (removeAttrs args [ "passthru" ]);
  };

  # Overlays as nixpkgs applies them: each sees the final set and the one before.
  withOverlays = lib.fix (
    final: lib.foldl' (prev: overlay: prev // overlay final prev) base overlays
  );
in
withOverlays
