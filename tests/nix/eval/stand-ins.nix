# Typed stand-ins for the nixpkgs options that PantherOS, its hosts and the
# third-party modules it imports (opnix, disko, nixos-hardware) set or read,
# for the evaluation tier (./default.nix), which has nixpkgs' lib but not
# nixpkgs. Only options are declared: each with its upstream type and default,
# under a comment naming the upstream file (and commit, where the index of
# stored copies showed one) it was read from. Where upstream computes a default
# with pkgs or nixos/lib/utils.nix, the comment says what stands in for it.
# An option nobody declares here, or in a real module, fails the evaluation.
#
# Four parts, each a module: the core system (users, systemd units, file
# systems, boot), the services and hardware, the desktop session (sound,
# greeter, fonts, portals, PAM, and what niri-flake's NixOS module sets), and
# the monitoring stack (Prometheus, Alertmanager, Loki, Grafana, Alloy).
let
  coreSystem =
    { config, lib, options, ... }:
    let
      inherit (lib) mkOption types;

      # ---------------------------------------------------------------------------
      # systemd helpers
      # ---------------------------------------------------------------------------

      # Same regex as upstream systemdUtils.lib.unitNameType (nixos/lib/systemd-lib.nix,
      # several index copies agree).  Note: plain names like "a" are rejected, exactly
      # as upstream; write "a.service".
      unitNameType = types.strMatching "[a-zA-Z0-9@%:_.\\-]+[.](service|socket|device|mount|automount|swap|target|path|timer|scope|slice)";

      # Stand-in for systemdUtils.unitOptions.unitOption (a custom type upstream whose
      # merge concatenates list definitions and otherwise requires equal values).
      # Equivalent used here, as requested: scalar-or-list-of-scalars.  Difference:
      # upstream also accepts mixing one scalar definition with list definitions.
      unitScalar = types.oneOf [ types.bool types.int types.str types.path ];
      unitOption = types.oneOf [ types.bool types.int types.str types.path (types.listOf unitScalar) ];
      unitSection = types.attrsOf unitOption;

      # Stand-in for upstream checkService (checkUnitConfig "Service" with
      # assertValueOneOf "Type"/"Restart"); values wrapped in mkOverride are unwrapped,
      # anything that is not a plain string (e.g. mkIf) is not checked.
      unwrapOverride = v: if builtins.isAttrs v && (v._type or "") == "override" then unwrapOverride v.content else v;
      checkService =
        attrs:
        let
          a = builtins.mapAttrs (_: unwrapOverride) attrs;
          oneOf = k: allowed: !(a ? ${k}) || !(builtins.isString a.${k}) || builtins.elem a.${k} allowed;
        in
        oneOf "Type" [ "exec" "simple" "forking" "oneshot" "dbus" "notify" "notify-reload" "idle" ]
        && oneOf "Restart" [ "no" "on-success" "on-failure" "on-abnormal" "on-abort" "always" ];

      listOfUnits = desc: mkOption { type = types.listOf unitNameType; default = [ ]; description = desc; };

      # sharedOptions + commonUnitOptions + stage2CommonUnitOptions
      # nixpkgs nixos/lib/systemd-unit-options.nix @ 515c8fb59bc189b54fc47113d6248cd45f607f65
      #   + newer index copy (id 25694729354: name, upheldBy, upholds, notSocketActivated,
      #   enableStrictShellChecks, notify-reload) + systemd.services.<n>.enableDefaultPath
      #   (seen in a 2026 port of upstream rev 6c9a78c0, index id 60801680587, and in many configs)
      commonUnitModule =
        suffix:
        { name, ... }:
        {
          options = {
            enable = mkOption { type = types.bool; default = true; description = "If false, the unit is masked (linked to /dev/null)."; };
            # Upstream: no default here; systemd-lib.nix sets it to "<attr>.<suffix>" (file not read).
            name = mkOption { type = types.str; default = "${name}.${suffix}"; description = "Full unit name including its suffix (stand-in default)."; };
            overrideStrategy = mkOption {
              type = types.enum [ "asDropinIfExists" "asDropin" ];
              default = "asDropinIfExists";
              description = "Whether the unit is written as a full unit file or as an overrides.conf drop-in.";
            };
            requiredBy = listOfUnits "Units that get a .requires link to this unit.";
            upheldBy = listOfUnits "Units that keep this unit running (reverse of upholds).";
            wantedBy = listOfUnits "Units that get a .wants link to this unit, e.g. multi-user.target.";
            aliases = listOfUnits "Alternative names for this unit.";
            description = mkOption { type = types.singleLineStr; default = ""; description = "Human readable unit description."; };
            documentation = mkOption { type = types.listOf types.str; default = [ ]; description = "Documentation URIs for the unit."; };
            requires = listOfUnits "Hard dependencies (Requires=).";
            wants = listOfUnits "Soft dependencies (Wants=).";
            upholds = listOfUnits "Units kept running while this one runs (Upholds=).";
            after = listOfUnits "Ordering: start after these units (After=).";
            before = listOfUnits "Ordering: start before these units (Before=).";
            bindsTo = listOfUnits "Like requires, but also stop when these disappear (BindsTo=).";
            partOf = listOfUnits "Stop/restart together with these units (PartOf=).";
            conflicts = listOfUnits "Units that cannot run at the same time (Conflicts=).";
            requisite = listOfUnits "Units that must already be active (Requisite=).";
            unitConfig = mkOption { type = unitSection; default = { }; description = "Raw [Unit] section keys (stand-in type, see unitOption above)."; };
            onFailure = listOfUnits "Units activated when this unit fails (OnFailure=).";
            onSuccess = listOfUnits "Units activated when this unit finishes successfully (OnSuccess=).";
            startLimitBurst = mkOption { type = types.int; description = "StartLimitBurst=; no default upstream."; };
            startLimitIntervalSec = mkOption { type = types.int; description = "StartLimitIntervalSec=; no default upstream."; };
            # stage2CommonUnitOptions
            restartTriggers = mkOption { type = types.listOf types.unspecified; default = [ ]; description = "Anything whose change restarts the unit on switch."; };
            reloadTriggers = mkOption { type = types.listOf unitOption; default = [ ]; description = "Anything whose change reloads the unit on switch."; };
          };
        };

      # serviceOptions + stage2ServiceOptions (same files as above)
      serviceModule = {
        options = {
          environment = mkOption {
            type = types.attrsOf (types.nullOr (types.oneOf [ types.str types.path types.package ]));
            default = { };
            description = "Environment variables for the service processes.";
          };
          path = mkOption { type = types.listOf (types.oneOf [ types.package types.str ]); default = [ ]; description = "Packages whose bin/sbin go on the service PATH."; };
          enableDefaultPath = mkOption { type = types.bool; default = true; description = "Whether the small default PATH is appended for the service."; };
          serviceConfig = mkOption {
            # Upstream: types.addCheck (types.attrsOf unitOption) checkService.
            type = types.addCheck unitSection checkService;
            default = { };
            description = "Raw [Service] section keys (stand-in type; Type/Restart values are checked).";
          };
          # Upstream: no default in the option; systemd-lib.nix fills in
          # config.systemd.enableStrictShellChecks (default false) -> literal false here.
          enableStrictShellChecks = mkOption { type = types.bool; default = false; description = "Run shellcheck on the generated scripts."; };
          script = mkOption { type = types.lines; default = ""; description = "Main process shell script (becomes ExecStart upstream; not wired here)."; };
          scriptArgs = mkOption { type = types.str; default = ""; description = "Arguments for the main script; may use % specifiers."; };
          preStart = mkOption { type = types.lines; default = ""; description = "Shell run before the main process."; };
          postStart = mkOption { type = types.lines; default = ""; description = "Shell run after the main process started."; };
          reload = mkOption { type = types.lines; default = ""; description = "Shell run on reload."; };
          preStop = mkOption { type = types.lines; default = ""; description = "Shell run to stop the service."; };
          postStop = mkOption { type = types.lines; default = ""; description = "Shell run after the main process exited."; };
          jobScripts = mkOption {
            type = types.coercedTo types.path lib.singleton (types.listOf types.path);
            default = [ ];
            internal = true;
            description = "Generated job scripts (internal).";
          };
          restartIfChanged = mkOption { type = types.bool; default = true; description = "Restart on switch when the unit changed."; };
          reloadIfChanged = mkOption { type = types.bool; default = false; description = "Reload instead of restart on switch when changed."; };
          stopIfChanged = mkOption { type = types.bool; default = true; description = "Stop in old config, start in new one (instead of one restart)."; };
          notSocketActivated = mkOption { type = types.bool; default = false; description = "Never treat the unit as socket activated on switch."; };
          startAt = mkOption {
            type = types.either types.str (types.listOf types.str);
            default = [ ];
            apply = v: if builtins.isList v then v else [ v ];
            description = "OnCalendar spec(s); creates a matching timer upstream.";
          };
          # `confinement.*` (nixos/modules/security/systemd-confinement.nix) is skipped on purpose.
        };
      };

      timerModule = {
        options.timerConfig = mkOption { type = unitSection; default = { }; description = "Raw [Timer] section keys (stand-in type)."; };
      };
      pathModule = {
        options.pathConfig = mkOption { type = unitSection; default = { }; description = "Raw [Path] section keys (stand-in type)."; };
      };

      # ---------------------------------------------------------------------------
      # users helpers
      # nixpkgs nixos/modules/config/users-groups.nix @ 005ab72f9cf5a75cdcd9ff672fb4a3b03391619f
      # ---------------------------------------------------------------------------
      cfgUsers = config.users;

      subUidRange = {
        options = {
          startUid = mkOption { type = types.int; description = "First subordinate uid."; };
          count = mkOption { type = types.int; default = 1; description = "Number of subordinate uids."; };
        };
      };
      subGidRange = {
        options = {
          startGid = mkOption { type = types.int; description = "First subordinate gid."; };
          count = mkOption { type = types.int; default = 1; description = "Number of subordinate gids."; };
        };
      };

      # Stand-in for upstream default `pkgs.shadow` (a shell package whose shellPath is
      # /bin/nologin): a fake derivation that passes types.shellPackage.
      shadowStandIn = {
        type = "derivation";
        name = "shadow-stand-in";
        outPath = "/nix/store/00000000000000000000000000000000-shadow-stand-in";
        shellPath = "/bin/nologin";
      };

      userModule =
        { name, config, ... }:
        {
          options = {
            enable = mkOption { type = types.bool; default = true; description = "Set false to not create this account."; };
            name = mkOption {
              type = types.passwdEntry types.str;
              apply = x: assert (lib.stringLength x < 32 || abort "Username '${x}' is longer than 31 characters which is not allowed!"); x;
              description = "Account name; defaults to the attribute name.";
            };
            description = mkOption { type = types.passwdEntry types.str; default = ""; description = "GECOS field (usually the full name)."; };
            uid = mkOption { type = types.nullOr types.int; default = null; description = "Fixed uid, or null to allocate one."; };
            isSystemUser = mkOption { type = types.bool; default = false; description = "Allocate the uid from the system range."; };
            isNormalUser = mkOption { type = types.bool; default = false; description = "A human account: sets group, home, createHome, default shell."; };
            group = mkOption {
              type = types.str;
              apply = x: assert (lib.stringLength x < 32 || abort "Group name '${x}' is longer than 31 characters which is not allowed!"); x;
              default = "";
              description = "Primary group.";
            };
            extraGroups = mkOption { type = types.listOf types.str; default = [ ]; description = "Supplementary groups."; };
            home = mkOption { type = types.passwdEntry types.path; default = "/var/empty"; description = "Home directory."; };
            homeMode = mkOption { type = types.strMatching "[0-7]{1,5}"; default = "700"; description = "Octal mode applied to the home directory when createHome is set."; };
            cryptHomeLuks = mkOption { type = types.nullOr types.str; default = null; description = "LUKS device holding the home directory."; };
            pamMount = mkOption { type = types.attrsOf types.str; default = { }; description = "Attributes for this user's pam_mount entry."; };
            shell = mkOption {
              type = types.nullOr (types.either types.shellPackage (types.passwdEntry types.path));
              default = shadowStandIn; # upstream: pkgs.shadow (stand-in fake derivation, see above)
              description = "Login shell (package or path).";
            };
            ignoreShellProgramCheck = mkOption { type = types.bool; default = false; description = "Skip the programs.<shell>.enable assertion."; };
            subUidRanges = mkOption { type = types.listOf (types.submodule subUidRange); default = [ ]; description = "Subordinate uid ranges (/etc/subuid)."; };
            subGidRanges = mkOption { type = types.listOf (types.submodule subGidRange); default = [ ]; description = "Subordinate gid ranges (/etc/subgid)."; };
            autoSubUidGidRange = mkOption { type = types.bool; default = false; description = "Allocate a 65536-id subordinate range automatically."; };
            createHome = mkOption { type = types.bool; default = false; description = "Create the home directory and fix owner/mode."; };
            useDefaultShell = mkOption { type = types.bool; default = false; description = "Use users.defaultUserShell as the shell."; };
            hashedPassword = mkOption { type = types.nullOr (types.passwdEntry types.str); default = null; description = "crypt(3) hash of the password."; };
            password = mkOption { type = types.nullOr types.str; default = null; description = "Clear-text password (world readable in the store)."; };
            hashedPasswordFile = mkOption {
              type = types.nullOr types.str;
              default = config.passwordFile;
              description = "Runtime path of a file holding the password hash (read during activation).";
            };
            passwordFile = mkOption { type = types.nullOr types.str; default = null; visible = false; description = "Deprecated alias of hashedPasswordFile (warns upstream)."; };
            initialHashedPassword = mkOption { type = types.nullOr (types.passwdEntry types.str); default = null; description = "Hash used only when the account is first created."; };
            initialPassword = mkOption { type = types.nullOr types.str; default = null; description = "Clear-text password used only when the account is first created."; };
            packages = mkOption { type = types.listOf types.package; default = [ ]; description = "Packages for this user's profile."; };
            expires = mkOption {
              type = types.nullOr (types.strMatching "[[:digit:]]{4}-[[:digit:]]{2}-[[:digit:]]{2}");
              default = null;
              description = "Account expiry date YYYY-MM-DD, or null.";
            };
            linger = mkOption { type = types.nullOr types.bool; default = null; description = "Manage systemd lingering; null leaves it alone."; };
          };

          # Same as upstream userOpts.config, minus
          #   shell = mkIf useDefaultShell (mkDefault users.defaultUserShell)   (needs pkgs)
          # and with users.defaultUserHome replaced by its literal default "/home".
          config = lib.mkMerge [
            { name = lib.mkDefault name; }
            (lib.mkIf config.isNormalUser {
              group = lib.mkDefault "users";
              createHome = lib.mkDefault true;
              home = lib.mkDefault "/home/${config.name}";
              homeMode = lib.mkDefault "700";
              useDefaultShell = lib.mkDefault true;
              isSystemUser = lib.mkDefault false;
            })
            (lib.mkIf (!cfgUsers.mutableUsers && config.initialPassword != null) {
              password = lib.mkDefault config.initialPassword;
            })
            (lib.mkIf (!cfgUsers.mutableUsers && config.initialHashedPassword != null) {
              hashedPassword = lib.mkDefault config.initialHashedPassword;
            })
            (lib.mkIf (config.isNormalUser && config.subUidRanges == [ ] && config.subGidRanges == [ ]) {
              autoSubUidGidRange = lib.mkDefault true;
            })
          ];
        };

      # nixpkgs nixos/modules/services/networking/ssh/sshd.nix @ index copy (id 61933264874)
      sshUserModule = {
        options.openssh.authorizedKeys = {
          keys = mkOption { type = types.listOf types.singleLineStr; default = [ ]; description = "Public keys added to /etc/ssh/authorized_keys.d/<user>."; };
          keyFiles = mkOption { type = types.listOf types.path; default = [ ]; description = "Files with one public key each, read at build time."; };
        };
        options.openssh.authorizedPrincipals = mkOption { type = types.listOf types.singleLineStr; default = [ ]; description = "Certificate principals accepted for this user."; };
      };

      groupModule =
        { name, config, ... }:
        {
          options = {
            name = mkOption { type = types.passwdEntry types.str; description = "Group name; defaults to the attribute name."; };
            gid = mkOption { type = types.nullOr types.int; default = null; description = "Fixed gid, or null to allocate one."; };
            members = mkOption { type = types.listOf (types.passwdEntry types.str); default = [ ]; description = "Member user names for /etc/group."; };
          };
          # Same as upstream groupOpts.config.
          config = {
            name = lib.mkDefault name;
            members = lib.mapAttrsToList (n: u: u.name) (
              lib.filterAttrs (n: u: u.enable && builtins.elem config.name u.extraGroups) cfgUsers.users
            );
          };
        };

      # ---------------------------------------------------------------------------
      # fileSystems / swap helpers
      # nixpkgs nixos/modules/tasks/filesystems.nix @ 0148e16d1446003704803ecabb5a00cfea7d8568
      # ---------------------------------------------------------------------------
      addCheckDesc = desc: elemType: check: types.addCheck elemType check // { description = "${elemType.description} (with check: ${desc})"; };
      isNonEmpty = s: (builtins.match "[ \t\n]*" s) == null;
      nonEmptyStr = addCheckDesc "non-empty" types.str isNonEmpty;
      nonEmptyWithoutTrailingSlash = addCheckDesc "non-empty without trailing slash" types.str (
        s: isNonEmpty s && (builtins.match ".+/" s) == null
      );
      specialFSTypes = [ "proc" "sysfs" "tmpfs" "ramfs" "devtmpfs" "devpts" ];
      escapeFstab = s: builtins.replaceStrings [ " " "\t" ] [ "\\040" "\\011" ] s;

      # nixpkgs nixos/modules/tasks/encrypted-devices.nix @ 00976b194fe32d3e425ff3b457eeb6e4ec7ba12c
      encryptedModule = {
        options.encrypted = {
          enable = mkOption { type = types.bool; default = false; description = "Device sits on an encrypted one that is opened in initrd."; };
          blkDev = mkOption { type = types.nullOr types.str; default = null; description = "Backing encrypted block device."; };
          label = mkOption { type = types.nullOr types.str; default = null; description = "Mapper name of the unlocked device."; };
          keyFile = mkOption { type = types.nullOr types.str; default = null; description = "Key file path (as seen under /mnt-root)."; };
        };
      };

      fileSystemModule =
        { name, config, ... }:
        {
          options = {
            enable = mkOption { type = types.bool; default = true; description = "Whether this mount is generated."; };
            mountPoint = mkOption { type = nonEmptyWithoutTrailingSlash; default = name; description = "Mount point; defaults to the attribute name."; };
            stratis.poolUuid = mkOption { type = types.uniq (types.nullOr types.str); default = null; description = "Stratis pool UUID, if any."; };
            device = mkOption { type = types.nullOr nonEmptyStr; default = null; description = "What to mount (device, UUID=..., bind source, ...)."; };
            fsType = mkOption { type = nonEmptyStr; default = "auto"; description = "Filesystem type."; };
            options = mkOption { type = types.nonEmptyListOf nonEmptyStr; default = [ "defaults" ]; description = "Mount options."; };
            depends = mkOption { type = types.listOf nonEmptyWithoutTrailingSlash; default = [ ]; description = "Paths that must be mounted first."; };
            label = mkOption { type = types.nullOr nonEmptyStr; default = null; description = "Filesystem label; sets device to /dev/disk/by-label/<label>."; };
            autoFormat = mkOption { type = types.bool; default = false; description = "Format the device if it has no filesystem."; };
            formatOptions = mkOption { type = types.unspecified; default = null; visible = false; description = "Removed upstream (an assertion fires when set)."; };
            autoResize = mkOption { type = types.bool; default = false; description = "Grow the filesystem before mounting."; };
            noCheck = mkOption { type = types.bool; default = false; description = "Do not fsck this filesystem."; };
            # nixpkgs nixos/modules/system/boot/stage-1.nix @ index copies (ids 46661249237, 50152669)
            neededForBoot = mkOption { type = types.bool; default = false; description = "Mount this filesystem in the initrd."; };
          };
          # Same as upstream for `device`.  Upstream also appends x-systemd.growfs /
          # x-systemd.makefs / x-initrd.mount / x-systemd.requires-mounts-for to
          # `options` (needs utils.fsNeededForBoot); not reproduced here.
          config.device = lib.mkMerge [
            (lib.mkIf (builtins.elem config.fsType specialFSTypes) (lib.mkDefault config.fsType))
            (lib.mkIf (config.label != null) (lib.mkDefault "/dev/disk/by-label/${escapeFstab config.label}"))
          ];
        };

      # nixpkgs nixos/modules/config/swap.nix @ index copy (id 62340882020; recent, has keySize/sectorSize)
      randomEncryptionModule = {
        options = {
          enable = mkOption { type = types.bool; default = false; description = "Encrypt the swap with a random key on every boot."; };
          allowDiscards = mkOption { type = types.bool; default = false; description = "Pass TRIM through the dm-crypt layer."; };
          cipher = mkOption { type = types.str; default = "aes-xts-plain64"; description = "Cipher for cryptsetup plainOpen."; };
          keySize = mkOption { type = types.nullOr types.int; default = null; description = "Key size for the plain device, or null."; };
          sectorSize = mkOption { type = types.nullOr types.int; default = null; description = "Sector size for the plain device, or null."; };
          source = mkOption { type = types.str; default = "/dev/urandom"; description = "Random source for the key."; };
        };
      };
      swapModule =
        { config, options, ... }:
        {
          options = {
            options = mkOption { type = types.listOf types.nonEmptyStr; default = [ "defaults" ]; description = "Swap options for fstab."; };
            device = mkOption { type = types.nonEmptyStr; description = "Swap device or swap file path."; };
            deviceName = mkOption { type = types.str; internal = true; description = "Escaped device name (internal)."; };
            discardPolicy = mkOption { type = types.nullOr (types.enum [ "once" "pages" "both" ]); default = null; description = "swapon discard policy, or null."; };
            isDevice = mkOption { default = lib.substring 0 5 config.device == "/dev/"; internal = true; description = "Whether device is under /dev (internal)."; };
            label = mkOption { type = types.str; description = "Swap label, usable instead of device."; };
            priority = mkOption { type = types.nullOr types.int; default = null; description = "Swap priority 0..32767, or null."; };
            randomEncryption = mkOption {
              type = types.coercedTo types.bool (enable: { inherit enable; }) (types.submodule randomEncryptionModule);
              default = false;
              description = "Random-key encryption (bool or settings).";
            };
            realDevice = mkOption { type = types.path; internal = true; description = "Device actually activated (internal)."; };
            size = mkOption { type = types.nullOr types.int; default = null; description = "Create a swap file of this many MiB."; };
          };
          config = {
            device = lib.mkIf options.label.isDefined "/dev/disk/by-label/${config.label}";
            # Upstream uses utils.escapeSystemdPath; this is a simplified stand-in.
            deviceName = builtins.replaceStrings [ "/" ] [ "-" ] (lib.removePrefix "/" config.device);
            realDevice = if config.randomEncryption.enable then "/dev/mapper/${config.deviceName}" else config.device;
          };
        };

      # nixpkgs nixos/modules/system/boot/kernel.nix @ index copy (id 62278828410; after PR #375975)
      attrNamesToTrue = types.coercedTo (types.listOf types.str) (
        enabledList: lib.genAttrs enabledList (_attrName: true)
      ) (types.attrsOf types.bool);
      enabledNames = mods: lib.attrNames (lib.filterAttrs (_: v: v) mods);

      kernelVersionStandIn = "6.12.0";
    in
    {
      options = {

        # nixpkgs nixos/modules/tasks/network-interfaces.nix @ 003a3fd2f05c2fe13e1bb6db3158d33004723870
        networking.hostName = mkOption {
          type = types.strMatching "^$|^[[:alnum:]]([[:alnum:]_-]{0,61}[[:alnum:]])?$";
          default = "nixos"; # upstream: config.system.nixos.distroId (default "nixos")
          description = "Host name (a single DNS label, no domain part).";
        };

        # nixpkgs nixos/modules/misc/nixpkgs.nix @ 026ffb9e7abfb4626926cc252fa69bcba85960ef
        nixpkgs.hostPlatform = mkOption {
          type = types.either types.str types.attrs;
          apply = lib.systems.elaborate;
          description = "Platform the system runs on, e.g. \"x86_64-linux\"; no default.";
        };
        # Upstream type is the custom `configType` (attrs or function, merged with
        # mergeConfig); its inner schema is pkgs/top-level/config.nix
        # @ 032eb1b381b2dad9416d2ed9ce40207e027e0a37 (freeform lazyAttrsOf raw + declared
        # options, allowUnfree among them; allowUnfreePredicate is NOT declared there,
        # check-meta falls back to `x: false`).  Stand-in: submodule, no function form.
        nixpkgs.config = mkOption {
          type = types.submodule {
            freeformType = types.lazyAttrsOf types.raw;
            options = {
              allowUnfree = mkOption { type = types.bool; default = false; description = "Allow packages with unfree licences."; };
              allowUnfreePredicate = mkOption {
                type = types.functionTo types.bool;
                default = _: false; # stand-in default (upstream: undeclared, treated as `x: false`)
                description = "Per-package unfree allow predicate.";
              };
              allowUnfreePackages = mkOption { type = types.listOf types.str; default = [ ]; description = "Unfree package names to allow (merges additively)."; };
            };
          };
          default = { };
          description = "Nixpkgs configuration (stand-in type).";
        };

        # nixpkgs nixos/modules/misc/version.nix @ 03a362fe87d4d19a45525bc0adab2f17a562f99a (same in recent index copy id 164408158)
        system.stateVersion = mkOption {
          type = types.str;
          default = lib.trivial.release; # upstream: config.system.nixos.release (= lib.trivial.release)
          apply =
            v:
            lib.warnIf (options.system.stateVersion.highestPrio == (lib.mkOptionDefault { }).priority)
              "system.stateVersion is not set, defaulting to ${v}."
              v;
          description = "Release whose stateful defaults this machine keeps.";
        };

        # nixpkgs nixos/modules/system/build.nix @ 14fd976016aee7e8a52f362b145a16947e111515
        system.build = mkOption {
          type = types.submoduleWith {
            modules = [ { freeformType = types.lazyAttrsOf (types.uniq types.unspecified); } ];
          };
          default = { };
          description = "Build products of the system (toplevel, etc, ...).";
        };

        # nixpkgs nixos/modules/misc/assertions.nix @ 08062fccc11d1bf6e5e6a7bdc1e86eba3fb0c0bf
        assertions = mkOption { type = types.listOf types.unspecified; internal = true; default = [ ]; description = "List of { assertion; message; } checked at evaluation."; };
        warnings = mkOption { type = types.listOf types.str; internal = true; default = [ ]; description = "Messages printed as evaluation warnings."; };

        # nixpkgs nixos/modules/config/system-path.nix @ 0354e8b747c8d69802d160ff408d1aece50472c9
        environment.systemPackages = mkOption { type = types.listOf types.package; default = [ ]; description = "Packages linked into /run/current-system/sw."; };

        # nixpkgs nixos/modules/config/stub-ld.nix @ 0c01466c95ef33aa7af6342da3cc4d408d5084cd
        environment.stub-ld.enable = mkOption { type = types.bool; default = true; description = "Install a stub ELF interpreter that explains why foreign binaries fail."; };

        # nixpkgs nixos/modules/system/etc/etc.nix @ 05924f714f31ff83bd10ed1710638688999c3725 (copy has merge markers; option set unaffected)
        environment.etc = mkOption {
          default = { };
          description = "Files to place under /etc.";
          type = types.attrsOf (
            types.submodule (
              { name, config, ... }:
              {
                options = {
                  enable = mkOption { type = types.bool; default = true; description = "Whether this /etc entry is generated."; };
                  target = mkOption { type = types.str; description = "Path relative to /etc; defaults to the attribute name."; };
                  text = mkOption { type = types.nullOr types.lines; default = null; description = "File contents."; };
                  # Upstream: when text != null, source = writeText of it (needs pkgs); not reproduced.
                  source = mkOption { type = types.path; description = "Source file of the entry."; };
                  mode = mkOption { type = types.str; default = "symlink"; description = "\"symlink\", or an octal mode to copy the file instead."; };
                  uid = mkOption { type = types.int; default = 0; description = "Owner uid when copied."; };
                  gid = mkOption { type = types.int; default = 0; description = "Owner gid when copied."; };
                  user = mkOption { type = types.str; default = "+${toString config.uid}"; description = "Owner name when copied (wins over uid)."; };
                  group = mkOption { type = types.str; default = "+${toString config.gid}"; description = "Group name when copied (wins over gid)."; };
                };
                config.target = lib.mkDefault name;
              }
            )
          );
        };

        # nixpkgs nixos/modules/config/users-groups.nix @ 005ab72f9cf5a75cdcd9ff672fb4a3b03391619f
        users.mutableUsers = mkOption { type = types.bool; default = true; description = "Merge declared users with imperatively managed ones instead of replacing them."; };
        users.users = mkOption {
          type = types.attrsOf (types.submodule [ userModule sshUserModule ]);
          default = { };
          description = "User accounts.";
        };
        users.groups = mkOption {
          type = types.attrsOf (types.submodule groupModule);
          default = { };
          description = "Groups.";
        };

        # systemd units: see helper comments above; option attrsets are declared in
        # nixpkgs nixos/modules/system/boot/systemd.nix @ 0017a06717bb18706ac3cb99432034caad0c8b91 (old copy; same shape)
        systemd.services = mkOption {
          type = types.attrsOf (types.submodule [ (commonUnitModule "service") serviceModule ]);
          default = { };
          description = "systemd service units.";
        };
        systemd.timers = mkOption {
          type = types.attrsOf (types.submodule [ (commonUnitModule "timer") timerModule ]);
          default = { };
          description = "systemd timer units.";
        };
        systemd.paths = mkOption {
          type = types.attrsOf (types.submodule [ (commonUnitModule "path") pathModule ]);
          default = { };
          description = "systemd path units.";
        };
        # nixpkgs nixos/modules/system/boot/systemd/user.nix @ 01f31c2ee7d045a337dff0f858c0ed61dd0f4ddb:
        # the same systemdUtils.types.services as system services.
        systemd.user.services = mkOption {
          type = types.attrsOf (types.submodule [ (commonUnitModule "service") serviceModule ]);
          default = { };
          description = "systemd per-user service units.";
        };

        # nixpkgs nixos/modules/system/boot/systemd/tmpfiles.nix @ 046599161540943279017d69898de50acb9cda3b
        systemd.tmpfiles.rules = mkOption { type = types.listOf types.str; default = [ ]; description = "tmpfiles.d(5) lines."; };

        # nixpkgs nixos/modules/system/boot/emergency-mode.nix @ index copy (id 196777767; find_files lists 7b6b6045)
        systemd.enableEmergencyMode = mkOption { type = types.bool; default = true; description = "Drop to an emergency shell when mounting fails."; };

        # systemd.sleep.settings.Sleep: added by NixOS/nixpkgs PR #493223 (merged 2026, NixOS 26.05),
        # which replaced systemd.sleep.extraConfig.  The module file itself was NOT found in the
        # index; type modelled on the other RFC42 systemd conversions, default {} assumed.
        systemd.sleep.settings = mkOption {
          type = types.submodule {
            freeformType = types.attrsOf unitSection;
            options.Sleep = mkOption { type = unitSection; default = { }; description = "[Sleep] section of sleep.conf (stand-in type)."; };
          };
          default = { };
          description = "systemd-sleep.conf settings (RFC42 style).";
        };

        # services.logind.settings.Login: NixOS/nixpkgs PR #435407 (merged Aug 2025, NixOS 25.11;
        # rl-2511.section.md @ 19089905734b2e88c492cfbf59a93f081c7e63c0).  Type and default taken
        # from the PR review diff (freeform attrsOf unitOption, default { KillUserProcesses = false; });
        # the post-PR logind.nix was not in the index.
        services.logind.settings = mkOption {
          type = types.submodule {
            freeformType = types.attrsOf unitSection;
            options.Login = mkOption {
              type = types.submodule { freeformType = unitSection; };
              default = { KillUserProcesses = false; };
              description = "[Login] section of logind.conf, e.g. HandleLidSwitch, IdleAction (stand-in type).";
            };
          };
          default = { };
          description = "logind.conf settings (RFC42 style).";
        };

        # nixpkgs nixos/modules/tasks/filesystems.nix @ 0148e16d1446003704803ecabb5a00cfea7d8568
        fileSystems = mkOption {
          type = types.attrsOf (types.submodule [ fileSystemModule encryptedModule ]);
          default = { };
          apply = lib.filterAttrs (_: fs: fs.enable);
          description = "Filesystems to mount, keyed by mount point.";
        };

        # nixpkgs nixos/modules/config/swap.nix @ index copy (id 62340882020)
        swapDevices = mkOption {
          type = types.listOf (types.submodule [ swapModule encryptedModule ]);
          default = [ ];
          description = "Swap partitions and swap files.";
        };

        # nixpkgs nixos/modules/system/boot/kernel.nix @ index copy (id 62278828410)
        boot.kernelParams = mkOption {
          type = types.listOf (
            types.strMatching ''([^"[:space:]]|"[^"]*")+''
            // {
              name = "kernelParam";
              description = "string, with spaces inside double quotes";
            }
          );
          default = [ ];
          description = "Extra kernel command line parameters.";
        };
        boot.kernelModules = mkOption {
          type = attrNamesToTrue;
          default = { };
          apply = enabledNames;
          description = "Modules loaded in stage 2 (list, or attrset of bools).";
        };
        boot.initrd.availableKernelModules = mkOption {
          type = attrNamesToTrue;
          default = { };
          apply = enabledNames;
          description = "Modules included in the initrd and loaded on demand (list or attrset).";
        };
        boot.initrd.kernelModules = mkOption {
          type = attrNamesToTrue;
          default = { };
          apply = enabledNames;
          description = "Modules always loaded by the initrd (list or attrset).";
        };
        # Upstream: type raw, default pkgs.linuxPackages, apply = extend with kernelPatches etc.
        # Stand-in default (no pkgs): a small attrset; no apply.
        boot.kernelPackages = mkOption {
          type = types.raw;
          default = {
            kernel = {
              version = kernelVersionStandIn;
              modDirVersion = kernelVersionStandIn;
              features = { };
            };
            kernelAtLeast = lib.versionAtLeast kernelVersionStandIn;
            kernelOlder = lib.versionOlder kernelVersionStandIn;
            nvidiaPackages.stable = {
              version = "0.0-stand-in";
              open = { name = "nvidia-open-stand-in"; };
              firmware = { name = "nvidia-firmware-stand-in"; };
            };
          };
          description = "Kernel package set (stand-in default attrset).";
        };

        # nixpkgs nixos/modules/system/boot/modprobe.nix @ index copy (id 194716193; old copy 0c889da4 agrees)
        boot.blacklistedKernelModules = mkOption { type = types.listOf types.str; default = [ ]; description = "Modules never auto-loaded."; };

        # nixpkgs nixos/modules/system/boot/stage-1.nix @ index copy (id 62781097)
        boot.resumeDevice = mkOption { type = types.str; default = ""; description = "Device to resume from hibernation; empty means use swap."; };

        # nixpkgs nixos/modules/system/boot/systemd/initrd.nix @ 0c3e6c4970b3ab32cf4f5c847fe71879760be81b (per /work/shared/reference/nixos-options.md)
        boot.initrd.systemd.enable = mkOption { type = types.bool; default = false; description = "Use systemd as stage 1 init."; };

        # nixpkgs nixos/modules/system/boot/luksroot.nix @ index copy (id 35158101067)
        # Upstream: attrsOf submodule with many declared options; stand-in keeps name/device
        # declared and lets every other key through (freeform).
        boot.initrd.luks.devices = mkOption {
          type = types.attrsOf (
            types.submodule (
              { name, ... }:
              {
                freeformType = types.attrsOf types.anything;
                options.name = mkOption { type = types.str; default = name; visible = false; description = "Mapper name; defaults to the attribute name."; };
                options.device = mkOption { type = types.str; description = "Encrypted block device."; };
              }
            )
          );
          default = { };
          description = "LUKS devices opened in the initrd (stand-in, partly freeform).";
        };

        # nixpkgs nixos/modules/system/boot/loader/systemd-boot/systemd-boot.nix @ 01e499cec163a442f5edeffa7e618171002cc01e
        boot.loader.systemd-boot.enable = mkOption { type = types.bool; default = false; description = "Use systemd-boot (UEFI)."; };
        boot.loader.systemd-boot.editor = mkOption { type = types.bool; default = true; description = "Allow editing the kernel command line at boot (root-equivalent)."; };
        boot.loader.systemd-boot.configurationLimit = mkOption { type = types.nullOr types.int; default = null; description = "Max generations in the menu; null = no limit."; };

        # nixpkgs nixos/modules/system/boot/loader/efi.nix @ 0e1f31068d120f46c491fd21c285967ca6f4d6c1
        boot.loader.efi.canTouchEfiVariables = mkOption { type = types.bool; default = false; description = "Allow installers to write EFI variables."; };
        boot.loader.efi.efiSysMountPoint = mkOption { type = types.str; default = "/boot"; description = "Mount point of the ESP."; };

        # nixpkgs nixos/modules/system/boot/loader/generic-extlinux-compatible/default.nix @ 000b272ea30a103c4ae0ac972ef33da77c49265e
        boot.loader.generic-extlinux-compatible.enable = mkOption { type = types.bool; default = false; description = "Write /boot/extlinux/extlinux.conf (u-boot's distro boot)."; };
        boot.loader.generic-extlinux-compatible.configurationLimit = mkOption { type = types.int; default = 20; description = "Max configurations in the boot menu."; };

        # nixpkgs nixos/modules/system/boot/loader/grub/grub.nix @ index copy (id 62106987586; find_files lists 36bd1a6d)
        boot.loader.grub.enable = mkOption {
          type = types.bool;
          default = true; # upstream: !config.boot.isContainer (true on normal hosts)
          description = "Use GRUB.";
        };
        boot.loader.grub.device = mkOption { type = types.str; default = ""; description = "Disk for the BIOS boot code, or \"nodev\"."; };
        boot.loader.grub.devices = mkOption { type = types.listOf types.str; default = [ ]; description = "Several install disks."; };
        boot.loader.grub.configurationLimit = mkOption { type = types.int; default = 100; description = "Max generations in the GRUB menu."; };
        boot.loader.grub.efiSupport = mkOption { type = types.bool; default = false; description = "Build GRUB with EFI support."; };
        boot.loader.grub.efiInstallAsRemovable = mkOption { type = types.bool; default = false; description = "grub-install --removable (fallback EFI path)."; };
        boot.loader.grub.mirroredBoots = mkOption {
          type = types.listOf (
            types.submodule {
              options = {
                devices = mkOption { type = types.listOf types.str; default = [ ]; description = "Disks that get the GRUB boot code for this copy."; };
                efiBootloaderId = mkOption { type = types.nullOr types.str; default = null; description = "NVRAM boot entry id, or null."; };
                efiSysMountPoint = mkOption { type = types.nullOr types.str; default = null; description = "ESP for this copy, or null for path."; };
                path = mkOption { type = types.str; description = "Boot directory of this copy, e.g. /boot1."; };
              };
            }
          );
          default = [ ];
          description = "Mirrored /boot copies.";
        };

        # nixpkgs nixos/modules/misc/documentation.nix @ 01f34771b4ecb71c5d6c246d25fc0a3e5b25028f
        documentation.nixos.enable = mkOption { type = types.bool; default = true; description = "Install the NixOS manual and configuration.nix(5)."; };

        # nixpkgs nixos/modules/programs/command-not-found/command-not-found.nix @ 02d79c9c8bcba9020b4c93784f96e0cb15709349
        # (default false since 25.11, rl-2511 @ 19089905)
        programs.command-not-found.enable = mkOption { type = types.bool; default = false; description = "Suggest packages for unknown commands (channels only)."; };

        # nixpkgs nixos/modules/config/fonts/fontconfig.nix @ 03942659ca1189ba50f9f1b86bbe6d925eba237b (old copy)
        fonts.fontconfig.enable = mkOption { type = types.bool; default = true; description = "Generate a system fontconfig configuration."; };

        # nixpkgs nixos/modules/config/xdg/autostart.nix @ 14fd976016aee7e8a52f362b145a16947e111515
        xdg.autostart.enable = mkOption { type = types.bool; default = true; description = "Link XDG autostart files."; };
        # nixpkgs nixos/modules/config/xdg/icons.nix @ index copies (ids 62122476802, 287881744; default true)
        # (one copy @ 07f5f4a5 shows default false; treated as an outlier/fork)
        xdg.icons.enable = mkOption { type = types.bool; default = true; description = "Link icon theme directories."; };
        # nixpkgs nixos/modules/config/xdg/menus.nix @ 14fd976016aee7e8a52f362b145a16947e111515
        xdg.menus.enable = mkOption { type = types.bool; default = true; description = "Link XDG menu files."; };
        # nixpkgs nixos/modules/config/xdg/mime.nix @ 060d6812cad65f2ff2ca6419c4db0cfae9464824
        xdg.mime.enable = mkOption { type = types.bool; default = true; description = "Install shared-mime-info and MIME databases."; };
        # nixpkgs nixos/modules/config/xdg/sounds.nix @ 00e6fb2f9cff02df439f8421ba048b97a0854f2b
        xdg.sounds.enable = mkOption { type = types.bool; default = true; description = "Install the freedesktop sound theme."; };

        # nixpkgs nixos/modules/config/power-management.nix @ 04e8a1744818d111e65595b1f8eb7476abccc558
        powerManagement.enable = mkOption { type = types.bool; default = true; description = "Enable suspend and power-saving support."; };

        # nixpkgs nixos/modules/system/activation/specialisation.nix @ 05e1dd327a87ef5e2bf4827d32b1792b74c355d9
        # Upstream `configuration` type comes from extendModules (a full NixOS eval);
        # stand-in: deferredModule, default {}.
        specialisation = mkOption {
          type = types.attrsOf (
            types.submodule {
              options.inheritParentConfig = mkOption { type = types.bool; default = true; description = "Base the specialisation on this configuration."; };
              options.configuration = mkOption { type = types.deferredModule; default = { }; description = "Extra NixOS module for this specialisation."; };
            }
          );
          default = { };
          description = "Alternative boot configurations.";
        };

        # nixpkgs nixos/modules/hardware/all-firmware.nix @ 05924f714f31ff83bd10ed1710638688999c3725
        hardware.enableAllFirmware = mkOption { type = types.bool; default = false; description = "Install all firmware, including unfree (asserts allowUnfree)."; };
        hardware.enableRedistributableFirmware = mkOption {
          type = types.bool;
          default = config.hardware.enableAllFirmware;
          description = "Install firmware with redistributable licences.";
        };
        # nixpkgs nixos/modules/hardware/cpu/intel-microcode.nix @ 14fd976016aee7e8a52f362b145a16947e111515
        hardware.cpu.intel.updateMicrocode = mkOption { type = types.bool; default = false; description = "Load Intel CPU microcode early."; };
        # nixpkgs nixos/modules/hardware/cpu/amd-microcode.nix @ 0f76878eff4ebbd021739d04105fbc7be95f05f8
        hardware.cpu.amd.updateMicrocode = mkOption { type = types.bool; default = false; description = "Load AMD CPU microcode early."; };
      };
    }
  ;

  servicesAndHardware =
    {
      config,
      lib,
      pkgs,
      ...
    }:
    let
      inherit (lib) mkOption types;

      # --- local rebuilds of upstream helper types -------------------------------

      # pkgs.formats.keyValue {} and pkgs.formats.ini {}: a single value is null, bool,
      # int, float or string.
      kvAtom = types.nullOr (
        types.oneOf [
          types.bool
          types.int
          types.float
          types.str
        ]
      );
      keyValueType = types.attrsOf kvAtom; # formats.keyValue {}
      iniType = types.attrsOf (types.attrsOf kvAtom); # formats.ini {}
      # formats.json / formats.toml: declared here as an attrset of anything (see brief).
      jsonLikeAttrs = types.attrsOf types.anything;

      # utils.systemdUtils.unitOptions.unitOption: accepts any value; definitions that
      # contain lists are concatenated, otherwise all definitions must be equal.
      unitOption = lib.mkOptionType {
        name = "systemd option";
        description = "systemd option";
        merge =
          loc: defs:
          let
            defs' = lib.filterOverrides defs;
          in
          if lib.any (d: lib.isList d.value) defs' then
            lib.concatMap (d: lib.toList d.value) defs'
          else
            lib.mergeEqualOption loc defs';
      };

      # nix.nix semanticConfType (freeform type of nix.settings).
      nixConfAtom = types.nullOr (
        types.oneOf [
          types.bool
          types.int
          types.float
          types.str
          types.path
          types.package
        ]
      );
      nixConfType = types.attrsOf (types.either nixConfAtom (types.listOf nixConfAtom));

      # firewall.nix: port lists are de-duplicated and sorted when read.
      canonicalizePortList = ports: lib.unique (builtins.sort builtins.lessThan ports);
      firewallPortOptions = {
        allowedTCPPorts = mkOption {
          type = types.listOf types.port;
          default = [ ];
          apply = canonicalizePortList;
          description = "TCP ports accepting incoming connections.";
        };
        allowedTCPPortRanges = mkOption {
          type = types.listOf (types.attrsOf types.port);
          default = [ ];
          description = "TCP port ranges ({ from; to; }) accepting incoming connections.";
        };
        allowedUDPPorts = mkOption {
          type = types.listOf types.port;
          default = [ ];
          apply = canonicalizePortList;
          description = "UDP ports that are open.";
        };
        allowedUDPPortRanges = mkOption {
          type = types.listOf (types.attrsOf types.port);
          default = [ ];
          description = "UDP port ranges ({ from; to; }) that are open.";
        };
      };

      # snapper.nix helper types.
      snapperSafeStr = types.strMatching "[^\n\"]*" // {
        description = "string without line breaks or quotes";
      };
      snapperLimit = types.either types.ints.unsigned (
        types.strMatching "[[:digit:]]+(-[[:digit:]]+)?"
        // {
          description = "string containing either a number or a range";
        }
      );
      mkSnapperLimit =
        d:
        mkOption {
          type = snapperLimit;
          default = d;
          description = "Retention limit used by timeline cleanup.";
        };

      # video/nvidia.nix bus ID format, e.g. "PCI:1:0:0" or "PCI:1@0:0:0".
      nvidiaBusId = types.strMatching "([[:print:]]+:[0-9]{1,3}(@[0-9]{1,10})?:[0-9]{1,2}:[0-9])?";

      nvCfg = config.hardware.nvidia;
    in
    {
      options = {

        # ==========================================================================
        # nixpkgs nixos/modules/services/backup/restic.nix @ index copy (id 54789246350, nixfmt era, has `command`)
        # Also nixos/doc reference sheet §1 "Restic". Upstream additionally declares
        # `fileBackupContract` (nullOr submodule, default null); it is omitted here, and the
        # defaults of paths/exclude/user below are the values upstream uses when it is null.
        services.restic.backups = mkOption {
          default = { };
          description = "Restic backup jobs, one systemd service (and optional timer) per entry.";
          type = types.attrsOf (
            types.submodule (
              { name, config, ... }:
              {
                options = {
                  passwordFile = mkOption {
                    type = types.nullOr types.str;
                    default = null;
                    description = "File holding the repository password.";
                  };
                  environmentFile = mkOption {
                    type = types.nullOr types.str;
                    default = null;
                    description = "systemd EnvironmentFile with repository credentials.";
                  };
                  rcloneOptions = mkOption {
                    type = types.nullOr (
                      types.attrsOf (
                        types.oneOf [
                          types.str
                          types.bool
                        ]
                      )
                    );
                    default = null;
                    description = "rclone flags (without leading dashes) passed as environment.";
                  };
                  rcloneConfig = mkOption {
                    type = types.nullOr (
                      types.attrsOf (
                        types.oneOf [
                          types.str
                          types.bool
                        ]
                      )
                    );
                    default = null;
                    description = "rclone remote settings (end up in the store).";
                  };
                  rcloneConfigFile = mkOption {
                    type = types.nullOr types.path;
                    default = null;
                    description = "rclone configuration file for the remote.";
                  };
                  inhibitsSleep = mkOption {
                    type = types.bool;
                    default = false;
                    description = "Block system sleep while the job runs.";
                  };
                  repository = mkOption {
                    type = types.nullOr types.str;
                    default = null;
                    description = "Repository location string.";
                  };
                  repositoryFile = mkOption {
                    type = types.nullOr types.path;
                    default = null;
                    description = "File holding the repository location.";
                  };
                  paths = mkOption {
                    type = types.nullOr (types.listOf types.str);
                    default = [ ]; # upstream: [ ] unless fileBackupContract is set
                    description = "Paths to back up; empty/null with no dynamicFilesFrom/command means no backup step.";
                  };
                  command = mkOption {
                    type = types.listOf types.str;
                    default = [ ];
                    description = "Command whose stdout is backed up (--stdin-from-command).";
                  };
                  exclude = mkOption {
                    type = types.listOf types.str;
                    default = [ ]; # upstream: [ ] unless fileBackupContract is set
                    description = "Exclude patterns, written to an --exclude-file.";
                  };
                  timerConfig = mkOption {
                    type = types.nullOr (types.attrsOf unitOption);
                    default = {
                      OnCalendar = "daily";
                      Persistent = true;
                    };
                    description = "systemd timer settings; null means no timer.";
                  };
                  user = mkOption {
                    type = types.str;
                    default = "root"; # upstream: "root" unless fileBackupContract is set
                    description = "User the job runs as.";
                  };
                  extraBackupArgs = mkOption {
                    type = types.listOf types.str;
                    default = [ ];
                    description = "Additional arguments for `restic backup`.";
                  };
                  extraOptions = mkOption {
                    type = types.listOf types.str;
                    default = [ ];
                    description = "Values passed to restic as `-o` options.";
                  };
                  initialize = mkOption {
                    type = types.bool;
                    default = false;
                    description = "Create the repository when it does not exist yet.";
                  };
                  pruneOpts = mkOption {
                    type = types.listOf types.str;
                    default = [ ];
                    description = "Arguments for `restic forget --prune`; empty means no unlock/forget step.";
                  };
                  runCheck = mkOption {
                    type = types.bool;
                    default = builtins.length config.checkOpts > 0;
                    description = "Run `restic check` after the other steps.";
                  };
                  checkOpts = mkOption {
                    type = types.listOf types.str;
                    default = [ ];
                    description = "Arguments for `restic check`.";
                  };
                  dynamicFilesFrom = mkOption {
                    type = types.nullOr types.str;
                    default = null;
                    description = "Script printing extra paths to back up.";
                  };
                  backupPrepareCommand = mkOption {
                    type = types.nullOr types.str;
                    default = null;
                    description = "Script run before the backup (in preStart).";
                  };
                  backupCleanupCommand = mkOption {
                    type = types.nullOr types.str;
                    default = null;
                    description = "Script run after the job (in postStop).";
                  };
                  package = mkOption {
                    type = types.package;
                    default = pkgs.restic; # upstream: mkPackageOption pkgs "restic"
                    description = "restic package to run.";
                  };
                  createWrapper = mkOption {
                    type = types.bool;
                    default = true;
                    description = "Install a `restic-<name>` wrapper with the job's environment.";
                  };
                  progressFps = mkOption {
                    type = types.nullOr types.numbers.nonnegative;
                    default = null;
                    description = "Progress report rate (RESTIC_PROGRESS_FPS).";
                  };
                };
              }
            )
          );
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/hardware/bluetooth.nix @ index copy (faukah/nixpkgs 3b20077c; same in infinixbot/nixpkgs 18ad13ed)
        # (An unattributed newer copy, id 53527702511, widens powerOnBoot to bool or "auto".)
        hardware.bluetooth = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Turn on Bluetooth support.";
          };
          powerOnBoot = mkOption {
            type = types.bool;
            default = true;
            description = "Power the default controller on at boot.";
          };
          settings = mkOption {
            type = iniType; # upstream: (pkgs.formats.ini { }).type
            default = { };
            description = "Sections/keys of /etc/bluetooth/main.conf.";
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/virtualisation/podman/default.nix @ index copy (id 62091337884); reference sheet §4
        virtualisation.podman = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Turn on the Podman container engine.";
          };
          dockerCompat = mkOption {
            type = types.bool;
            default = false;
            description = "Provide a `docker` command that runs podman.";
          };
          defaultNetwork.settings = mkOption {
            type = jsonLikeAttrs; # upstream: (pkgs.formats.json { }).type
            default = { };
            description = "Overrides for the default netavark network (podman.json).";
          };
          autoPrune = {
            enable = mkOption {
              type = types.bool;
              default = false;
              description = "Run `podman system prune -f` on a timer.";
            };
            dates = mkOption {
              type = types.str;
              default = "weekly";
              description = "systemd calendar spec for pruning.";
            };
            flags = mkOption {
              type = types.listOf types.str;
              default = [ ];
              description = "Extra flags for `podman system prune`.";
            };
          };
        };

        # nixpkgs nixos/modules/virtualisation/containers.nix @ index copy (id 9697794, nixfmt-era OCI module); reference sheet §4 (np@df7e8710)
        virtualisation.containers = {
          storage.settings = mkOption {
            type = jsonLikeAttrs; # upstream: (pkgs.formats.toml { }).type
            # No default upstream: when containers.enable, upstream config sets
            # storage.{driver = "overlay"; graphroot; runroot} with mkDefault.
            description = "Contents of /etc/containers/storage.conf.";
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/hardware/graphics.nix @ 0009474fe6d7de65608118277fba2fdca125fb01
        hardware.graphics = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Install hardware-accelerated graphics drivers.";
          };
          enable32Bit = mkOption {
            type = types.bool;
            default = false;
            description = "Also install 32-bit drivers on 64-bit hosts.";
          };
          extraPackages = mkOption {
            type = types.listOf types.package;
            default = [ ];
            description = "Extra driver packages (VA-API, OpenCL, ...).";
          };
          extraPackages32 = mkOption {
            type = types.listOf types.package;
            default = [ ];
            description = "Extra 32-bit driver packages.";
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/monitoring/datadog-agent.nix @ index copy (id 61982343923, nixfmt era); reference sheet §3 (np@a6141a01)
        services.datadog-agent = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run the Datadog agent.";
          };
          apiKeyFile = mkOption {
            type = types.path; # required, no default upstream
            description = "File whose first line is the Datadog API key.";
          };
          site = mkOption {
            type = types.nullOr types.str;
            default = null;
            description = "Datadog site, e.g. datadoghq.eu.";
          };
          hostname = mkOption {
            type = types.nullOr types.str;
            default = null;
            description = "Host name reported to Datadog.";
          };
          tags = mkOption {
            type = types.nullOr (types.listOf types.str);
            default = null;
            description = "Tags attached to this agent.";
          };
          enableLiveProcessCollection = mkOption {
            type = types.bool;
            default = false;
            description = "Run the live process agent.";
          };
          enableTraceAgent = mkOption {
            type = types.bool;
            default = false;
            description = "Run the APM trace agent.";
          };
          checks = mkOption {
            type = types.attrsOf types.attrs;
            default = { };
            description = "Per-check conf.yaml contents, keyed by check name.";
          };
          extraConfig = mkOption {
            type = types.attrs;
            default = { };
            description = "Extra keys merged into datadog.yaml.";
          };
          logLevel = mkOption {
            type = types.nullOr (
              types.enum [
                "DEBUG"
                "INFO"
                "WARN"
                "ERROR"
              ]
            );
            default = null;
            description = "Agent log verbosity.";
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/networking/tailscale.nix @ index copy (id 62218631381); reference sheet §2
        services.tailscale = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run the Tailscale client daemon.";
          };
          openFirewall = mkOption {
            type = types.bool;
            default = false;
            description = "Open the tunnel UDP port in the firewall.";
          };
          authKeyFile = mkOption {
            type = types.nullOr types.path;
            default = null;
            description = "Auth key file; enables tailscaled-autoconnect.";
          };
          extraUpFlags = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Flags for `tailscale up` (only used with authKeyFile).";
          };
          extraSetFlags = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Flags for `tailscale set`.";
          };
          interfaceName = mkOption {
            type = types.str;
            default = "tailscale0";
            description = "Tunnel interface name.";
          };
          port = mkOption {
            type = types.port;
            default = 41641;
            description = "UDP port for tunnel traffic (0 = automatic).";
          };
          useRoutingFeatures = mkOption {
            type = types.enum [
              "none"
              "client"
              "server"
              "both"
            ];
            default = "none";
            description = "Kernel settings for subnet routing / exit nodes.";
          };
        };

        # ==========================================================================
        nix = {
          # nixpkgs nixos/modules/services/system/nix-daemon.nix @ 025640dcb7270faa6fe80089fda831b89f3824a9
          enable = mkOption {
            type = types.bool;
            default = true;
            description = "Provide Nix on the system.";
          };

          # nixpkgs nixos/modules/config/nix-channel.nix @ 025640dcb7270faa6fe80089fda831b89f3824a9
          channel.enable = mkOption {
            type = types.bool;
            default = true;
            description = "Keep nix-channel and its state files.";
          };

          # nixpkgs nixos/modules/config/nix.nix @ 013635633ffe11f70df1d639f563f21c42c1f778
          #   + index copy SuperSandro2000/nixpkgs 576dda10 (declares experimental-features,
          #     gives system-features an option default).
          # Freeform: any nix.conf key, including extra-substituters / extra-trusted-public-keys.
          # substituters / trusted-public-keys / trusted-users have no option default upstream;
          # upstream config adds cache.nixos.org / its key / "root" when nix.enable.
          settings = mkOption {
            default = { };
            description = "nix.conf settings.";
            type = types.submodule {
              freeformType = nixConfType;
              options = {
                max-jobs = mkOption {
                  type = types.either types.int (types.enum [ "auto" ]);
                  default = "auto";
                  description = "Parallel build jobs.";
                };
                auto-optimise-store = mkOption {
                  type = types.bool;
                  default = false;
                  description = "Hard-link identical store files after builds.";
                };
                cores = mkOption {
                  type = types.int;
                  default = 0;
                  description = "Cores per build (0 = all).";
                };
                experimental-features = mkOption {
                  type = types.listOf types.str;
                  default = [ ];
                  description = "Experimental Nix features to turn on.";
                };
                sandbox = mkOption {
                  type = types.either types.bool (types.enum [ "relaxed" ]);
                  default = true;
                  description = "Build sandboxing mode.";
                };
                extra-sandbox-paths = mkOption {
                  type = types.listOf types.str;
                  default = [ ];
                  description = "Host paths made visible in the sandbox.";
                };
                substituters = mkOption {
                  type = types.listOf types.str;
                  description = "Binary cache URLs.";
                };
                trusted-substituters = mkOption {
                  type = types.listOf types.str;
                  default = [ ];
                  description = "Caches that untrusted users may enable.";
                };
                require-sigs = mkOption {
                  type = types.bool;
                  default = true;
                  description = "Require signed substitutes.";
                };
                trusted-public-keys = mkOption {
                  type = types.listOf types.str;
                  description = "Accepted binary cache signing keys.";
                };
                trusted-users = mkOption {
                  type = types.listOf types.str;
                  description = "Users/groups (@group) with extra daemon rights.";
                };
                system-features = mkOption {
                  type = types.listOf types.str;
                  # upstream: these four plus gccarch-* when the host platform sets gcc.arch
                  default = [
                    "nixos-test"
                    "benchmark"
                    "big-parallel"
                    "kvm"
                  ];
                  description = "Features this machine offers to builds.";
                };
                allowed-users = mkOption {
                  type = types.listOf types.str;
                  default = [ "*" ];
                  description = "Users/groups allowed to talk to the daemon.";
                };
              };
            };
          };

          # nixpkgs nixos/modules/services/misc/nix-gc.nix @ index copy (id 62113919362, nixfmt era)
          # (older copy 043248ac: dates = singleLineStr "03:15", no apply)
          gc = {
            automatic = mkOption {
              type = types.bool;
              default = false;
              description = "Run nix-collect-garbage on a timer.";
            };
            dates = mkOption {
              type = types.either types.singleLineStr (types.listOf types.str);
              apply = lib.toList;
              default = [ "03:15" ];
              description = "systemd calendar spec(s) for garbage collection.";
            };
            options = mkOption {
              type = types.singleLineStr;
              default = "";
              description = "Arguments for nix-collect-garbage.";
            };
            persistent = mkOption {
              type = types.bool;
              default = true;
              description = "Catch up on missed runs (timer Persistent=).";
            };
            randomizedDelaySec = mkOption {
              type = types.singleLineStr;
              default = "0";
              description = "Random start delay (timer RandomizedDelaySec=).";
            };
          };

          # nixpkgs nixos/modules/services/misc/nix-optimise.nix @ index copy (generated options doc, id 52602800728)
          # (older copy 05924f71: dates = listOf str). apply = toList assumed as in nix.gc.
          optimise = {
            automatic = mkOption {
              type = types.bool;
              default = false;
              description = "Run nix-store --optimise on a timer.";
            };
            dates = mkOption {
              type = types.either types.singleLineStr (types.listOf types.str);
              apply = lib.toList;
              default = [ "03:45" ];
              description = "systemd calendar spec(s) for store optimisation.";
            };
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/hardware/power-profiles-daemon.nix @ 0588b4bda0daabbb6c2568c36092856de15c0aef
        services.power-profiles-daemon.enable = mkOption {
          type = types.bool;
          default = false;
          description = "Run power-profiles-daemon (asserts TLP is off).";
        };
        # nixpkgs nixos/modules/services/hardware/upower.nix @ 14182c19701221692b84e7428e5b7281b099967a
        services.upower.enable = mkOption {
          type = types.bool;
          default = false;
          description = "Run the UPower D-Bus service.";
        };
        # nixpkgs nixos/modules/services/hardware/tlp.nix @ 0056f5a6d4992d63ed1e16636c63315e62197f51 (old copy; enable unchanged)
        services.tlp.enable = mkOption {
          type = types.bool;
          default = false;
          description = "Run the TLP power daemon.";
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/networking/ssh/sshd.nix @ index copy (id 61933264874); reference sheet §2
        services.openssh = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run the OpenSSH daemon.";
          };
          openFirewall = mkOption {
            type = types.bool;
            default = true;
            description = "Open `ports` in the firewall.";
          };
          ports = mkOption {
            type = types.listOf types.port;
            default = [ 22 ];
            description = "Ports sshd listens on.";
          };
          listenAddresses = mkOption {
            default = [ ];
            description = "ListenAddress entries (addr is required in each).";
            type = types.listOf (
              types.submodule {
                options = {
                  addr = mkOption {
                    type = types.nullOr types.str;
                    default = null;
                    description = "Address to bind.";
                  };
                  port = mkOption {
                    type = types.nullOr types.port;
                    default = null;
                    description = "Port to bind (null = every entry of `ports`).";
                  };
                };
              }
            );
          };
          # Extra option from the same file: the Ciphers/KexAlgorithms/Macs defaults depend on it.
          enableRecommendedAlgorithms = mkOption {
            type = types.bool;
            default = true;
            description = "Use the NixOS-curated algorithm lists.";
          };
          extraConfig = mkOption {
            type = types.lines;
            default = "";
            description = "Raw sshd_config text, appended after the generated settings.";
          };
          hostKeys = mkOption {
            type = types.listOf types.attrs;
            default = [
              {
                bits = 4096;
                path = "/etc/ssh/ssh_host_rsa_key";
                type = "rsa";
              }
              {
                path = "/etc/ssh/ssh_host_ed25519_key";
                type = "ed25519";
              }
            ];
            description = "Host keys to generate (path, type, bits, ...).";
          };
          startWhenNeeded = mkOption {
            type = types.bool;
            default = false;
            description = "Socket-activate sshd per connection.";
          };
          settings = mkOption {
            default = { };
            description = "sshd_config keys (freeform; bools become yes/no).";
            type = types.submodule {
              freeformType = keyValueType; # upstream: pkgs.formats.keyValue type (no lists)
              options = {
                AcceptEnv = mkOption {
                  type = types.nullOr (types.listOf types.str);
                  default = null;
                  description = "Client environment variables accepted.";
                };
                AllowGroups = mkOption {
                  type = types.nullOr (types.listOf types.str);
                  default = null;
                  description = "Only these groups may log in.";
                };
                AllowUsers = mkOption {
                  type = types.nullOr (types.listOf types.str);
                  default = null;
                  description = "Only these users may log in.";
                };
                AuthorizedPrincipalsFile = mkOption {
                  type = types.nullOr types.str;
                  default = "none";
                  description = "Principals file for certificate logins.";
                };
                Banner = mkOption {
                  type = types.nullOr types.path;
                  default = null;
                  description = "Pre-authentication banner file.";
                };
                Ciphers = mkOption {
                  type = types.nullOr (types.listOf types.str);
                  default =
                    if config.services.openssh.enableRecommendedAlgorithms then
                      [
                        "chacha20-poly1305@openssh.com"
                        "aes256-gcm@openssh.com"
                        "aes128-gcm@openssh.com"
                        "aes256-ctr"
                        "aes192-ctr"
                        "aes128-ctr"
                      ]
                    else
                      null;
                  description = "Allowed ciphers.";
                };
                DenyGroups = mkOption {
                  type = types.nullOr (types.listOf types.str);
                  default = null;
                  description = "Groups refused login.";
                };
                DenyUsers = mkOption {
                  type = types.nullOr (types.listOf types.str);
                  default = null;
                  description = "Users refused login.";
                };
                GatewayPorts = mkOption {
                  type = types.nullOr types.str;
                  default = "no";
                  description = "Remote access to forwarded ports.";
                };
                KbdInteractiveAuthentication = mkOption {
                  type = types.nullOr types.bool;
                  default = true;
                  description = "Allow keyboard-interactive auth.";
                };
                KexAlgorithms = mkOption {
                  type = types.nullOr (types.listOf types.str);
                  default =
                    if config.services.openssh.enableRecommendedAlgorithms then
                      [
                        "mlkem768x25519-sha256"
                        "sntrup761x25519-sha512"
                        "sntrup761x25519-sha512@openssh.com"
                        "curve25519-sha256"
                        "curve25519-sha256@libssh.org"
                        "diffie-hellman-group-exchange-sha256"
                      ]
                    else
                      null;
                  description = "Allowed key exchange algorithms.";
                };
                LogLevel = mkOption {
                  type = types.nullOr (
                    types.enum [
                      "QUIET"
                      "FATAL"
                      "ERROR"
                      "INFO"
                      "VERBOSE"
                      "DEBUG"
                      "DEBUG1"
                      "DEBUG2"
                      "DEBUG3"
                    ]
                  );
                  default = "INFO";
                  description = "sshd log verbosity.";
                };
                Macs = mkOption {
                  type = types.nullOr (types.listOf types.str);
                  default =
                    if config.services.openssh.enableRecommendedAlgorithms then
                      [
                        "hmac-sha2-512-etm@openssh.com"
                        "hmac-sha2-256-etm@openssh.com"
                        "umac-128-etm@openssh.com"
                      ]
                    else
                      null;
                  description = "Allowed MACs.";
                };
                PasswordAuthentication = mkOption {
                  type = types.nullOr types.bool;
                  default = true;
                  description = "Allow password auth.";
                };
                PermitRootLogin = mkOption {
                  type = types.nullOr (
                    types.enum [
                      "yes"
                      "without-password"
                      "prohibit-password"
                      "forced-commands-only"
                      "no"
                    ]
                  );
                  default = "prohibit-password";
                  description = "Root login policy.";
                };
                PrintMotd = mkOption {
                  type = types.nullOr types.bool;
                  default = false;
                  description = "Let sshd print /etc/motd (pam_motd does it otherwise).";
                };
                StrictModes = mkOption {
                  type = types.nullOr types.bool;
                  default = true;
                  description = "Check ownership/modes of user files.";
                };
                UseDns = mkOption {
                  type = types.nullOr types.bool;
                  default = false;
                  description = "Reverse-resolve client addresses.";
                };
                UsePAM = mkOption {
                  type = types.nullOr types.bool;
                  default = true;
                  description = "Authenticate through PAM.";
                };
                X11Forwarding = mkOption {
                  type = types.nullOr types.bool;
                  default = false;
                  description = "Allow X11 forwarding.";
                };
              };
            };
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/networking/firewall.nix @ index copy (id 62222018659)
        # NOTE: logRefusedConnections default is false here (PR NixOS/nixpkgs#507761, merged
        # 2026-04-07); older releases and the reference sheet have true.
        networking.firewall = {
          enable = mkOption {
            type = types.bool;
            default = true;
            description = "Turn on the stateful firewall.";
          };
          allowPing = mkOption {
            type = types.bool;
            default = true;
            description = "Answer ICMPv4 echo requests.";
          };
          logRefusedConnections = mkOption {
            type = types.bool;
            default = false;
            description = "Log refused incoming connections to the kernel log.";
          };
          trustedInterfaces = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Interfaces whose traffic is accepted unconditionally (lo is always added).";
          };
          interfaces = mkOption {
            type = types.attrsOf (types.submodule [ { options = firewallPortOptions; } ]);
            default = { };
            description = "Per-interface open ports.";
          };
        }
        // firewallPortOptions;

        # ==========================================================================
        # nixpkgs nixos/modules/security/sudo.nix @ index copy (id 240927343, nixfmt era); reference sheet §2 (old copy np@249968aa)
        security.sudo = {
          enable = mkOption {
            type = types.bool;
            default = true;
            description = "Provide the sudo command.";
          };
          execWheelOnly = mkOption {
            type = types.bool;
            default = false;
            description = "Make the sudo wrapper executable by wheel only.";
          };
          wheelNeedsPassword = mkOption {
            type = types.bool;
            default = true;
            description = "Ask wheel members for their password.";
          };
          extraRules = mkOption {
            default = [ ];
            description = "Extra sudoers rules, rendered in list order.";
            type = types.listOf (
              types.submodule {
                options = {
                  users = mkOption {
                    type = types.listOf (types.either types.str types.int);
                    default = [ ];
                    description = "User names or UIDs the rule covers.";
                  };
                  groups = mkOption {
                    type = types.listOf (types.either types.str types.int);
                    default = [ ];
                    description = "Group names or GIDs the rule covers.";
                  };
                  host = mkOption {
                    type = types.str;
                    default = "ALL";
                    description = "Host the rule applies on.";
                  };
                  runAs = mkOption {
                    type = types.str;
                    default = "ALL:ALL";
                    description = "Target user[:group].";
                  };
                  commands = mkOption {
                    description = "Commands the rule allows.";
                    type = types.listOf (
                      types.either types.str (
                        types.submodule {
                          options = {
                            command = mkOption {
                              type = types.str;
                              description = "Command path, optionally with fixed arguments.";
                            };
                            options = mkOption {
                              type = types.listOf (
                                types.enum [
                                  "NOPASSWD"
                                  "PASSWD"
                                  "NOEXEC"
                                  "EXEC"
                                  "SETENV"
                                  "NOSETENV"
                                  "LOG_INPUT"
                                  "NOLOG_INPUT"
                                  "LOG_OUTPUT"
                                  "NOLOG_OUTPUT"
                                  "MAIL"
                                  "NOMAIL"
                                  "FOLLOW"
                                  "NOFLLOW" # sic, spelled like this upstream
                                  "INTERCEPT"
                                  "NOINTERCEPT"
                                ]
                              );
                              default = [ ];
                              description = "sudoers tags for the command.";
                            };
                          };
                        }
                      )
                    );
                  };
                };
              }
            );
          };
          extraConfig = mkOption {
            type = types.lines;
            default = "";
            description = "Raw text appended to sudoers.";
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/security/fail2ban.nix @ 00afdf6780171761bd4435dfefc3f83ab8afcc80; reference sheet §2 (np@a2ff8c71)
        services.fail2ban = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run fail2ban.";
          };
          maxretry = mkOption {
            type = types.ints.unsigned;
            default = 3;
            description = "Failures before a ban.";
          };
          bantime = mkOption {
            type = types.str;
            default = "10m";
            description = "Ban duration.";
          };
          bantime-increment = {
            enable = mkOption {
              type = types.bool;
              default = false;
              description = "Grow ban time for repeat offenders.";
            };
            rndtime = mkOption {
              type = types.nullOr types.str;
              default = null;
              description = "Random extra ban time (bantime.rndtime).";
            };
            maxtime = mkOption {
              type = types.nullOr types.str;
              default = null;
              description = "Upper bound for ban time (bantime.maxtime).";
            };
            factor = mkOption {
              type = types.nullOr types.str;
              default = null;
              description = "Growth factor (bantime.factor).";
            };
            formula = mkOption {
              type = types.nullOr types.str;
              default = null;
              description = "Growth formula (exclusive with multipliers).";
            };
            multipliers = mkOption {
              type = types.nullOr types.str;
              default = null;
              description = "Growth multipliers (exclusive with formula).";
            };
            overalljails = mkOption {
              type = types.nullOr types.bool;
              default = null;
              description = "Count bans across all jails.";
            };
          };
          ignoreIP = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Addresses/CIDRs/hosts never banned.";
          };
          jails = mkOption {
            default = { };
            description = "Jails: raw INI text, or { enabled; filter; settings; }.";
            type = types.attrsOf (
              types.either types.lines (
                types.submodule (
                  { name, ... }:
                  {
                    options = {
                      enabled = mkOption {
                        type = types.bool;
                        default = true;
                        readOnly = name == "DEFAULT";
                        description = "Turn this jail on.";
                      };
                      filter = mkOption {
                        type = types.nullOr (types.either types.str iniType);
                        default = null;
                        description = "Filter name, or an inline filter definition.";
                      };
                      settings = mkOption {
                        type = keyValueType; # upstream: pkgs.formats.keyValue type
                        default = { };
                        description = "Jail key = value settings.";
                      };
                    };
                  }
                )
              )
            );
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/misc/snapper.nix @ index copy (id 62385115014); reference sheet §1
        services.snapper = {
          snapshotInterval = mkOption {
            type = types.str;
            default = "hourly";
            description = "Timeline timer OnCalendar.";
          };
          cleanupInterval = mkOption {
            type = types.str;
            default = "1d";
            description = "Cleanup timer interval.";
          };
          persistentTimer = mkOption {
            type = types.bool;
            default = false;
            description = "Catch up on missed timeline runs.";
          };
          snapshotRootOnBoot = mkOption {
            type = types.bool;
            default = false;
            description = "Snapshot the `root` config at boot.";
          };
          configs = mkOption {
            default = { };
            description = "snapper configs, one per subvolume (any snapper-configs(5) key allowed).";
            type = types.attrsOf (
              types.submodule {
                freeformType = types.attrsOf (
                  types.oneOf [
                    (types.listOf snapperSafeStr)
                    types.bool
                    snapperSafeStr
                    types.number
                  ]
                );
                options = {
                  SUBVOLUME = mkOption {
                    type = types.path; # required
                    description = "Subvolume / mount point (must contain .snapshots).";
                  };
                  FSTYPE = mkOption {
                    type = types.enum [
                      "btrfs"
                      "bcachefs"
                    ];
                    default = "btrfs";
                    description = "Filesystem type.";
                  };
                  ALLOW_USERS = mkOption {
                    type = types.listOf snapperSafeStr;
                    default = [ ];
                    description = "Users allowed to use this config.";
                  };
                  ALLOW_GROUPS = mkOption {
                    type = types.listOf snapperSafeStr;
                    default = [ ];
                    description = "Groups allowed to use this config.";
                  };
                  TIMELINE_CREATE = mkOption {
                    type = types.bool;
                    default = false;
                    description = "Take hourly timeline snapshots.";
                  };
                  TIMELINE_CLEANUP = mkOption {
                    type = types.bool;
                    default = false;
                    description = "Prune timeline snapshots.";
                  };
                  TIMELINE_LIMIT_HOURLY = mkSnapperLimit 10;
                  TIMELINE_LIMIT_DAILY = mkSnapperLimit 10;
                  TIMELINE_LIMIT_WEEKLY = mkSnapperLimit 0;
                  TIMELINE_LIMIT_MONTHLY = mkSnapperLimit 10;
                  TIMELINE_LIMIT_QUARTERLY = mkSnapperLimit 0;
                  TIMELINE_LIMIT_YEARLY = mkSnapperLimit 10;
                };
              }
            );
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/tasks/filesystems/btrfs.nix @ index copy (id 75967293, nixfmt era)
        services.btrfs.autoScrub = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Scrub btrfs filesystems on a timer.";
          };
          fileSystems = mkOption {
            type = types.listOf types.path;
            # Upstream declares no default; when autoScrub.enable it sets (mkDefault) the
            # mount points of all fileSystems with fsType "btrfs", keeping only the first
            # mount point (attribute-name order) per distinct `device`. Same computation here,
            # read from config.fileSystems if another stand-in declares it (else: none).
            default =
              let
                btrfsMounts = lib.mapAttrsToList (name: fs: {
                  mountPoint = fs.mountPoint or name;
                  device = fs.device or null;
                }) (lib.filterAttrs (_: fs: (fs.fsType or null) == "btrfs") (config.fileSystems or { }));
                seen = list: device: builtins.filter (e: e.device == device) list != [ ];
                uniqueByDevice = lib.foldl' (acc: e: if seen acc e.device then acc else acc ++ [ e ]) [ ];
              in
              map (e: e.mountPoint) (uniqueByDevice btrfsMounts);
            description = "Mount points to scrub.";
          };
          interval = mkOption {
            type = types.str;
            default = "monthly";
            description = "systemd calendar spec for scrubs.";
          };
        };

        # nixpkgs nixos/modules/services/misc/fstrim.nix @ index copy (id 52159317232); reference sheet §1
        services.fstrim = {
          enable = mkOption {
            type = types.bool;
            default = true;
            description = "Run fstrim periodically.";
          };
          interval = mkOption {
            type = types.str;
            default = "weekly";
            description = "How often fstrim runs.";
          };
        };

        # nixpkgs nixos/modules/config/zram.nix @ 05924f714f31ff83bd10ed1710638688999c3725; reference sheet §1
        zramSwap = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Use compressed swap in RAM (zram).";
          };
          algorithm = mkOption {
            type = types.either (types.enum [
              "lzo"
              "lz4"
              "zstd"
            ]) types.str;
            default = "zstd";
            description = "Compression algorithm.";
          };
          memoryPercent = mkOption {
            type = types.int;
            default = 50;
            description = "Cap on stored data as a percentage of RAM.";
          };
          priority = mkOption {
            type = types.int;
            default = 5;
            description = "Swap priority of the zram devices.";
          };
        };

        # nixpkgs nixos/modules/programs/fish.nix @ 023d7ae5e2d9831085288813f7e1a6f99782b7fc; reference sheet §5 (np@f803fb87)
        programs.fish.enable = mkOption {
          type = types.bool;
          default = false;
          description = "Configure fish as a system shell.";
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/networking/atticd.nix @ 2d43f87da257f12e5b67eeb1b8c1f47a994e50ea; reference sheet §4
        services.atticd = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run the attic binary cache server.";
          };
          environmentFile = mkOption {
            type = types.nullOr types.path;
            default = null; # asserted non-null when enabled
            description = "EnvironmentFile with the token signing secret.";
          };
          settings = mkOption {
            type = jsonLikeAttrs; # upstream: (pkgs.formats.toml { }).type
            # No default upstream; when enabled upstream config sets chunking, database.url
            # and storage with mkDefault.
            description = "server.toml contents.";
          };
          mode = mkOption {
            type = types.enum [
              "monolithic"
              "api-server"
              "garbage-collector"
            ];
            default = "monolithic";
            description = "Server components to run.";
          };
          user = mkOption {
            type = types.str;
            default = "atticd";
            description = "Service user.";
          };
          group = mkOption {
            type = types.str;
            default = "atticd";
            description = "Service group.";
          };
        };

        # nixpkgs nixos/modules/services/databases/postgresql.nix @ index copy (id 101609704, nixfmt era)
        services.postgresql = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run PostgreSQL.";
          };
          ensureDatabases = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Databases created if missing.";
          };
          ensureUsers = mkOption {
            default = [ ];
            description = "Roles created if missing (peer auth).";
            type = types.listOf (
              types.submodule {
                options = {
                  name = mkOption {
                    type = types.str; # required
                    description = "Role name.";
                  };
                  ensureDBOwnership = mkOption {
                    type = types.bool;
                    default = false;
                    description = "Own the database of the same name (must be in ensureDatabases).";
                  };
                  ensureClauses = mkOption {
                    default = { };
                    description = "ALTER ROLE clauses; null leaves a clause untouched.";
                    type = types.submodule {
                      options =
                        lib.genAttrs
                          [
                            "superuser"
                            "createrole"
                            "createdb"
                            "inherit"
                            "login"
                            "replication"
                            "bypassrls"
                          ]
                          (
                            clause:
                            mkOption {
                              type = types.nullOr types.bool;
                              default = null;
                              description = "Set or clear the ${clause} attribute.";
                            }
                          );
                    };
                  };
                };
              }
            );
          };
        };

        # nixpkgs nixos/modules/services/backup/postgresql-backup.nix @ 01649c02144050197a3f8325ab620956d577cc17
        services.postgresqlBackup = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Dump PostgreSQL databases on a timer.";
          };
          databases = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Databases to dump (empty = pg_dumpall).";
          };
          location = mkOption {
            type = types.path;
            default = "/var/backup/postgresql";
            description = "Directory for the dumps.";
          };
        };

        # nixpkgs nixos/modules/services/continuous-integration/hercules-ci-agent/{common,settings}.nix
        #   @ 05924f714f31ff83bd10ed1710638688999c3725 / 136283b55aa0c52938e6d4154521570b391726bf
        services.hercules-ci-agent = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run the Hercules CI agent.";
          };
          settings = mkOption {
            # No default upstream (submoduleWith, freeform TOML).
            description = "agent.toml contents.";
            type = types.submodule (
              { config, ... }:
              {
                freeformType = jsonLikeAttrs; # upstream: (pkgs.formats.toml { }).type
                options = {
                  apiBaseUrl = mkOption {
                    type = types.str;
                    default = "https://hercules-ci.com";
                    description = "API endpoint.";
                  };
                  baseDirectory = mkOption {
                    type = types.path;
                    default = "/var/lib/hercules-ci-agent";
                    description = "Agent state directory.";
                  };
                  concurrentTasks = mkOption {
                    type = types.either types.ints.positive (types.enum [ "auto" ]);
                    default = "auto";
                    description = "Tasks run in parallel.";
                  };
                  labels = mkOption {
                    type = jsonLikeAttrs;
                    # upstream: no default; its settings module always sets agent.source,
                    # lib.version and pkgs.version. Stand-in: empty.
                    default = { };
                    description = "Free-form labels shown in the dashboard.";
                  };
                  workDirectory = mkOption {
                    type = types.path;
                    default = config.baseDirectory + "/work";
                    description = "Scratch directory for tasks.";
                  };
                  staticSecretsDirectory = mkOption {
                    type = types.path;
                    default = config.baseDirectory + "/secrets";
                    description = "Directory for statically deployed secrets.";
                  };
                  clusterJoinTokenPath = mkOption {
                    type = types.path;
                    default = config.staticSecretsDirectory + "/cluster-join-token.key";
                    description = "Cluster join token file.";
                  };
                  binaryCachesPath = mkOption {
                    type = types.path;
                    default = config.staticSecretsDirectory + "/binary-caches.json";
                    description = "binary-caches.json file.";
                  };
                  secretsJsonPath = mkOption {
                    type = types.path;
                    default = config.staticSecretsDirectory + "/secrets.json";
                    description = "secrets.json file for effects.";
                  };
                };
              }
            );
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/hardware/video/nvidia.nix @ index copy (qweered/nixpkgs 1aec5921; cross-checked
        # with two other nixfmt-era copies). Upstream `package` defaults to
        # config.boot.kernelPackages.nvidiaPackages.{stable,dc}; boot.kernelPackages is not
        # declared here, so the literal equivalent pkgs.linuxPackages.nvidiaPackages.* is used.
        hardware.nvidia = {
          enabled = mkOption {
            type = types.bool;
            readOnly = true;
            default = lib.elem "nvidia" config.services.xserver.videoDrivers || nvCfg.datacenter.enable;
            description = "Read-only: whether NVIDIA support is active.";
          };
          datacenter.enable = mkOption {
            type = types.bool;
            default = false;
            description = "Use the data-center driver branch.";
          };
          package = mkOption {
            type = types.package;
            default = pkgs.linuxPackages.nvidiaPackages.${if nvCfg.datacenter.enable then "dc" else "stable"};
            description = "NVIDIA driver package.";
          };
          open = mkOption {
            type = types.nullOr types.bool;
            default = if lib.versionOlder nvCfg.package.version "560" then false else null;
            description = "Use the open kernel module (must be set explicitly for drivers >= 560).";
          };
          powerManagement = {
            enable = mkOption {
              type = types.bool;
              default = false;
              description = "systemd-based suspend/resume support.";
            };
            finegrained = mkOption {
              type = types.bool;
              default = false;
              description = "Runtime D3 power-down of the dGPU (needs offload).";
            };
          };
          prime = {
            offload = {
              enable = mkOption {
                type = types.bool;
                default = false;
                description = "PRIME render offload.";
              };
              enableOffloadCmd = mkOption {
                type = types.bool;
                default = false;
                description = "Install the nvidia-offload helper script.";
              };
            };
            intelBusId = mkOption {
              type = nvidiaBusId;
              default = "";
              description = "Bus ID of the Intel iGPU.";
            };
            amdgpuBusId = mkOption {
              type = nvidiaBusId;
              default = "";
              description = "Bus ID of the AMD APU.";
            };
            nvidiaBusId = mkOption {
              type = nvidiaBusId;
              default = "";
              description = "Bus ID of the NVIDIA GPU.";
            };
          };
        };

        # nixpkgs nixos/modules/hardware/video/amdgpu.nix @ index copy (id 62366210172)
        hardware.amdgpu.initrd.enable = mkOption {
          type = types.bool;
          default = false;
          description = "Load amdgpu in stage 1.";
        };

        # nixpkgs nixos/modules/services/x11/xserver.nix @ index copy (id 62003798200)
        services.xserver.videoDrivers = mkOption {
          type = types.listOf types.str;
          default = [
            "modesetting"
            "fbdev"
          ];
          description = "X11 video drivers, tried in order.";
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/hardware/asusd.nix @ 0877140469454747ab0b4039adf38549fcd9ef9b
        # (its config also sets services.supergfxd.enable = mkDefault true)
        services.asusd = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run asusd for ASUS ROG laptops.";
          };
          enableUserService = mkOption {
            type = types.bool;
            default = false;
            description = "Run the asusd-user service.";
          };
        };
        # nixpkgs nixos/modules/services/hardware/supergfxd.nix @ 03a362fe87d4d19a45525bc0adab2f17a562f99a
        # (host add writes it for ASUS laptops with a discrete GPU)
        services.supergfxd.enable = mkOption {
          type = types.bool;
          default = false;
          description = "Run supergfxd (GPU mode switching).";
        };
        # nixpkgs nixos/modules/hardware/sensor/iio.nix @ 136283b55aa0c52938e6d4154521570b391726bf
        hardware.sensor.iio.enable = mkOption {
          type = types.bool;
          default = false;
          description = "Support IIO sensors via iio-sensor-proxy.";
        };

        # ==========================================================================
        # nixpkgs nixos/modules/hardware/facter/default.nix @ 0088b25e384830a88488b5eb5177dc6959a3b3ed; reference sheet §1
        # nixpkgs nixos/modules/virtualisation/qemu-guest-agent.nix @ 0699530f
      # (host add writes it for KVM/QEMU guests)
      services.qemuGuest = {
        enable = mkOption {
          type = types.bool;
          default = false;
          description = "Whether the QEMU guest agent runs.";
        };
        package = mkOption {
          type = types.package;
          default = pkgs.qemu.ga;
          description = "Package providing qemu-ga.";
        };
      };

      hardware.facter = {
          reportPath = mkOption {
            type = types.nullOr types.path;
            default = null;
            description = "facter.json produced by nixos-facter.";
          };
          report = mkOption {
            type = types.attrsOf types.anything;
            default =
              if config.hardware.facter.reportPath == null then
                { }
              else
                builtins.fromJSON (builtins.readFile config.hardware.facter.reportPath);
            description = "Parsed hardware report (from reportPath, or set directly).";
          };
        };
      };
    }
  ;
  # The desktop: sound, greeter, fonts, portals and what niri-flake's NixOS
  # module sets.
  desktopSession =
    { config, lib, ... }:
    let
      inherit (lib) mkOption types;

      # pkgs.formats.toml { } (greetd's settings): attrsets of TOML values.
      tomlValue = types.nullOr (
        types.oneOf [
          types.bool
          types.int
          types.float
          types.str
          (types.attrsOf tomlValue)
          (types.listOf tomlValue)
        ]
      );

      # nixpkgs nixos/modules/security/pam.nix @ 000b58721fef0d1cf693a6f2f4fa442b66fbe2bb (pamOpts):
      # the sub-options PantherOS and the modules it imports set, with their types and
      # defaults; upstream declares many more.
      pamServiceModule =
        { name, ... }:
        {
          options = {
            name = mkOption {
              type = types.str;
              default = name;
              description = "Name of the PAM service (upstream: mkDefault name in its config).";
            };
            unixAuth = mkOption {
              type = types.bool;
              default = true;
              description = "Whether users can log in with passwords from /etc/shadow.";
            };
            startSession = mkOption {
              type = types.bool;
              default = false;
              description = "Whether the service registers a session with logind.";
            };
            allowNullPassword = mkOption {
              type = types.bool;
              default = false;
              description = "Whether accounts without a password may log in.";
            };
            enableGnomeKeyring = mkOption {
              type = types.bool;
              default = false;
              description = "Whether pam_gnome_keyring unlocks the keyring at login.";
            };
            text = mkOption {
              type = types.nullOr types.lines;
              # Upstream: no default; its config generates the file (mkDefault).
              default = null;
              description = "Contents of the PAM service file (stand-in default: null).";
            };
          };
        };
    in
    {
      options = {
        # nixpkgs nixos/modules/services/desktops/pipewire/pipewire.nix @ 014d882725c6ab65982a046f110b73214c0f5e1f
        services.pipewire = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run the PipeWire service.";
          };
          alsa = {
            enable = mkOption {
              type = types.bool;
              default = false;
              description = "ALSA support.";
            };
            support32Bit = mkOption {
              type = types.bool;
              default = false;
              description = "32-bit ALSA support on 64-bit systems.";
            };
          };
          pulse.enable = mkOption {
            type = types.bool;
            default = false;
            description = "PulseAudio server emulation.";
          };
        };

        # nixpkgs nixos/modules/security/rtkit.nix @ 0824f33ebec9f093a003f39a34da82fac33dc834
        security.rtkit.enable = mkOption {
          type = types.bool;
          default = false;
          description = "Run RealtimeKit, which hands out real-time priority (PipeWire uses it).";
        };

        # nixpkgs nixos/modules/services/display-managers/greetd.nix @ index copy (id 164139223, nixfmt era)
        services.greetd = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run greetd, the login manager.";
          };
          settings = mkOption {
            type = types.attrsOf tomlValue; # upstream: (pkgs.formats.toml { }).type
            # No default upstream; its config sets terminal.vt and default_session.user (mkDefault).
            description = "greetd configuration (config.toml).";
          };
          vt = mkOption {
            type = types.int;
            default = 1;
            description = "Virtual console greetd runs on.";
          };
        };

        # nixpkgs nixos/modules/config/fonts/packages.nix @ 1da571d99afc691f51e18caaf287375116e315d1
        fonts.packages = mkOption {
          type = types.listOf types.path;
          default = [ ];
          description = "Font packages.";
        };
        fonts.enableDefaultPackages = mkOption {
          type = types.bool;
          default = false;
          description = "A basic set of fonts with wide Unicode coverage.";
        };

        # nixpkgs nixos/modules/config/fonts/fontconfig.nix @ index copy (id 4315738, nixfmt era; has `emoji`)
        fonts.fontconfig.defaultFonts = {
          monospace = mkOption {
            type = types.listOf types.str;
            default = [ "DejaVu Sans Mono" ];
            description = "Default monospace fonts.";
          };
          sansSerif = mkOption {
            type = types.listOf types.str;
            default = [ "DejaVu Sans" ];
            description = "Default sans-serif fonts.";
          };
          serif = mkOption {
            type = types.listOf types.str;
            default = [ "DejaVu Serif" ];
            description = "Default serif fonts.";
          };
          emoji = mkOption {
            type = types.listOf types.str;
            default = [ "Noto Color Emoji" ];
            description = "Default emoji fonts.";
          };
        };

        # nixpkgs nixos/modules/config/xdg/portal.nix @ 05924f714f31ff83bd10ed1710638688999c3725 (enable,
        # extraPortals, xdgOpenUsePortal); `config` and `configPackages` came later (xdg-desktop-portal
        # 1.17) and are not in that copy: their types are home-manager's port of the module
        # (modules/misc/xdg-portal.nix, index id 6378865169), which mirrors NixOS'.
        xdg.portal = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "XDG desktop portals.";
          };
          extraPortals = mkOption {
            type = types.listOf types.package;
            default = [ ];
            description = "Portal implementations.";
          };
          configPackages = mkOption {
            type = types.listOf types.package;
            default = [ ];
            description = "Packages with share/xdg-desktop-portal/*-portals.conf.";
          };
          config = mkOption {
            type = types.attrsOf (
              types.attrsOf (
                types.coercedTo (types.either (types.listOf types.str) types.str) (
                  x: lib.concatStringsSep ";" (lib.toList x)
                ) types.str
              )
            );
            default = { };
            description = "portals.conf per desktop: which backend serves which interface.";
          };
        };

        # nixpkgs nixos/modules/services/display-managers/default.nix @ 136283b55aa0c52938e6d4154521570b391726bf
        services.displayManager.sessionPackages = mkOption {
          type = types.listOf (
            types.package
            // {
              description = "package with provided sessions";
              check =
                p:
                types.package.check p
                && p ? providedSessions
                && p.providedSessions != [ ]
                && lib.all lib.isString p.providedSessions;
            }
          );
          default = [ ];
          description = "Packages with wayland or X11 session files for the display manager.";
        };

        # nixpkgs nixos/modules/security/polkit.nix @ 07a0204282224891492e7e1cfe72830a1fc32355
        security.polkit.enable = mkOption {
          type = types.bool;
          default = true;
          description = "PolKit.";
        };

        # nixpkgs nixos/modules/security/pam.nix @ 000b58721fef0d1cf693a6f2f4fa442b66fbe2bb
        security.pam.services = mkOption {
          type = types.attrsOf (types.submodule pamServiceModule);
          default = { };
          description = "PAM services (stand-in: the sub-options above).";
        };

        # nixpkgs nixos/modules/services/desktops/gnome/gnome-keyring.nix @ 035aa04c1cd014d7220373a099252639ec1baaac
        services.gnome.gnome-keyring.enable = mkOption {
          type = types.bool;
          default = false;
          description = "GNOME Keyring daemon.";
        };

        # nixpkgs nixos/modules/programs/dconf.nix @ 05924f714f31ff83bd10ed1710638688999c3725
        programs.dconf.enable = mkOption {
          type = types.bool;
          default = false;
          description = "dconf.";
        };
      };
    };
  # The monitoring stack: Prometheus with the node exporter and Alertmanager,
  # alertmanager-ntfy, Loki, Grafana and Grafana Alloy.
  monitoringServices =
    { lib, pkgs, ... }:
    let
      inherit (lib) mkOption types;

      yamlType = (pkgs.formats.yaml { }).type;
      jsonType = (pkgs.formats.json { }).type;
      iniType = (pkgs.formats.ini { }).type;

      # prometheus/default.nix's mkOpt: nullOr the type, default null (left out of prometheus.yml).
      mkOpt =
        type: description:
        mkOption {
          type = types.nullOr type;
          default = null;
          inherit description;
        };

      # nixpkgs nixos/modules/services/monitoring/prometheus/default.nix (promTypes.static_config)
      staticConfig = types.submodule {
        options = {
          targets = mkOption {
            type = types.listOf types.str;
            description = "The targets of the group (host:port).";
          };
          labels = mkOption {
            type = types.attrsOf types.str;
            default = { };
            description = "Labels of every series scraped from the targets.";
          };
        };
      };

      # promTypes.scrape_config: the options PantherOS sets and their siblings it may;
      # upstream declares every service discovery as well.
      scrapeConfig = types.submodule {
        options = {
          job_name = mkOption {
            type = types.str;
            description = "The job label of the scraped series.";
          };
          scrape_interval = mkOpt types.str "How often this job is scraped.";
          scrape_timeout = mkOpt types.str "Per-target timeout of this job.";
          metrics_path = mkOpt types.str "HTTP path of the metrics (prometheus default /metrics).";
          scheme = mkOpt (types.enum [
            "http"
            "https"
          ]) "URL scheme of the targets.";
          static_configs = mkOpt (types.listOf staticConfig) "Labelled target groups.";
          relabel_configs = mkOpt (types.listOf types.attrs) "Relabelling before the scrape (stand-in: attrs).";
        };
      };

      # promTypes.globalConfig
      globalConfig = types.submodule {
        options = {
          evaluation_interval = mkOpt types.str "How often rules are evaluated (prometheus default 1m).";
          external_labels = mkOpt (types.attrsOf types.str) "Labels added to every series and alert sent out.";
          query_log_file = mkOpt types.str "Where queries are logged.";
          scrape_interval = mkOpt types.str "How often targets are scraped (prometheus default 1m).";
          scrape_timeout = mkOpt types.str "Scrape timeout (prometheus default 10s).";
        };
      };

      # nixpkgs nixos/modules/services/monitoring/prometheus/exporters.nix (mkExporterOpts)
      # plus exporters/node.nix (extraOpts); one submodule per exporter upstream.
      nodeExporter = types.submodule {
        options = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run the Prometheus node exporter.";
          };
          port = mkOption {
            type = types.port;
            default = 9100;
            description = "Port to listen on.";
          };
          listenAddress = mkOption {
            type = types.str;
            default = "0.0.0.0";
            description = "Address to listen on.";
          };
          extraFlags = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Extra command-line flags of node_exporter.";
          };
          openFirewall = mkOption {
            type = types.bool;
            default = false;
            description = "Open the port in the firewall.";
          };
          firewallFilter = mkOption {
            type = types.nullOr types.str;
            default = null;
            description = "iptables filter for the opened port (needs openFirewall).";
          };
          enabledCollectors = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Collectors turned on besides the default ones.";
          };
          disabledCollectors = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Default collectors turned off.";
          };
        };
      };

      # nixpkgs nixos/modules/services/monitoring/grafana.nix (grafanaTypes.datasourceConfig)
      datasourceConfig = types.submodule {
        freeformType = yamlType;
        options = {
          access = mkOption {
            type = types.enum [
              "proxy"
              "direct"
            ];
            default = "proxy";
            description = "Access mode (prometheus data sources must not be direct).";
          };
          editable = mkOption {
            type = types.bool;
            default = false;
            description = "Whether the data source may be edited in the UI.";
          };
          jsonData = mkOption {
            type = types.nullOr types.attrs;
            default = null;
            description = "Extra data for the data source plugin.";
          };
          name = mkOption {
            type = types.str;
            description = "Name of the data source.";
          };
          secureJsonData = mkOption {
            type = types.nullOr types.attrs;
            default = null;
            description = "Secret settings (use the file provider: they end up in the store).";
          };
          type = mkOption {
            type = types.str;
            description = "Data source type, e.g. prometheus.";
          };
          uid = mkOption {
            type = types.nullOr types.str;
            default = null;
            description = "Fixed UID that dashboards refer to.";
          };
          url = mkOption {
            type = types.str;
            default = "";
            description = "URL of the data source.";
          };
        };
      };

      # grafanaTypes.dashboardConfig
      dashboardConfig = types.submodule {
        freeformType = yamlType;
        options = {
          options.path = mkOption {
            type = types.path;
            description = "Folder (or file) of dashboard JSON Grafana watches.";
          };
          name = mkOption {
            type = types.str;
            default = "default";
            description = "Unique name of the provider.";
          };
          type = mkOption {
            type = types.str;
            default = "file";
            description = "Provider type.";
          };
        };
      };
    in
    {
      options = {
        # ==========================================================================
        # nixpkgs nixos/modules/services/monitoring/prometheus/default.nix @ index copy
        # (id 62237455239, nixfmt era: port/listenAddress split, stateDir "prometheus2",
        # checkConfig runs `promtool check rules` on every rule file); reference sheet §3
        services.prometheus = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run the Prometheus server.";
          };
          port = mkOption {
            type = types.port;
            default = 9090;
            description = "Port to listen on.";
          };
          listenAddress = mkOption {
            type = types.str;
            default = "0.0.0.0";
            description = "Address to listen on (without the port).";
          };
          stateDir = mkOption {
            type = types.str;
            default = "prometheus2";
            description = "Directory below /var/lib for the TSDB (StateDirectory).";
          };
          retentionTime = mkOption {
            type = types.nullOr types.str;
            default = null;
            description = "How long samples are kept (--storage.tsdb.retention.time).";
          };
          globalConfig = mkOption {
            type = globalConfig;
            default = { };
            description = "The global section of prometheus.yml.";
          };
          scrapeConfigs = mkOption {
            type = types.listOf scrapeConfig;
            default = [ ];
            description = "The scrape_configs of prometheus.yml.";
          };
          ruleFiles = mkOption {
            type = types.listOf types.path;
            default = [ ];
            description = "Rule files to load (each checked with promtool at build time).";
          };
          rules = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Rules as YAML text, written to one more rule file.";
          };
          alertmanagers = mkOption {
            type = types.listOf types.attrs;
            default = [ ];
            description = "The alerting.alertmanagers section of prometheus.yml.";
          };
          checkConfig = mkOption {
            type = types.either types.bool (types.enum [ "syntax-only" ]);
            default = true;
            description = "Check prometheus.yml and the rule files with promtool at build time.";
          };
          extraFlags = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Extra command-line flags of prometheus.";
          };

          # nixpkgs nixos/modules/services/monitoring/prometheus/exporters.nix @ 92fe62e1
          # and exporters/node.nix @ b66158b3 (index copy 04c7868c read); reference sheet §3
          exporters.node = mkOption {
            type = nodeExporter;
            default = { };
            description = "The node exporter (unit prometheus-node-exporter).";
          };

          # nixpkgs nixos/modules/services/monitoring/prometheus/alertmanager.nix @ index copy
          # (id 23545623, nixfmt era; the config is run through envsubst, `$` is `$$`)
          alertmanager = {
            enable = mkOption {
              type = types.bool;
              default = false;
              description = "Run Prometheus Alertmanager.";
            };
            configuration = mkOption {
              type = types.nullOr types.attrs;
              default = null;
              description = "alertmanager.yml as a Nix value (checked with amtool at build time).";
            };
            configText = mkOption {
              type = types.nullOr types.lines;
              default = null;
              description = "alertmanager.yml as text.";
            };
            checkConfig = mkOption {
              type = types.bool;
              default = true;
              description = "Check the configuration with amtool check-config.";
            };
            logLevel = mkOption {
              type = types.enum [
                "debug"
                "info"
                "warn"
                "error"
                "fatal"
              ];
              default = "warn";
              description = "Log verbosity.";
            };
            webExternalUrl = mkOption {
              type = types.nullOr types.str;
              default = null;
              description = "URL Alertmanager is reached at from outside.";
            };
            listenAddress = mkOption {
              type = types.str;
              default = "";
              description = "Address to listen on; empty means every interface.";
            };
            port = mkOption {
              type = types.port;
              default = 9093;
              description = "Port to listen on.";
            };
            openFirewall = mkOption {
              type = types.bool;
              default = false;
              description = "Open the port in the firewall.";
            };
            extraFlags = mkOption {
              type = types.listOf types.str;
              default = [ ];
              description = "Extra command-line flags of alertmanager.";
            };
            environmentFile = mkOption {
              type = types.nullOr types.path;
              default = null;
              description = "Environment file whose variables envsubst puts into the configuration.";
            };
          };

          # nixpkgs nixos/modules/services/monitoring/prometheus/alertmanager-ntfy.nix @ 15162cff
          alertmanager-ntfy = {
            enable = mkOption {
              type = types.bool;
              default = false;
              description = "Run alertmanager-ntfy (Alertmanager webhooks to ntfy).";
            };
            settings = mkOption {
              default = { };
              description = "settings.yml of alertmanager-ntfy.";
              type = types.submodule {
                freeformType = yamlType;
                options = {
                  http.addr = mkOption {
                    type = types.str;
                    default = "127.0.0.1:8000";
                    description = "Address the webhook listens on.";
                  };
                  ntfy = {
                    baseurl = mkOption {
                      type = types.str;
                      description = "Base URL of the ntfy server; no default.";
                    };
                    notification = {
                      topic = mkOption {
                        type = types.str;
                        description = "Topic (or gval expression); no default. Upstream advises \"\" here and the topic in extraConfigFiles.";
                      };
                      priority = mkOption {
                        type = types.str;
                        default = ''status == "firing" ? "high" : "default"'';
                        description = "Message priority (or gval expression).";
                      };
                      tags = mkOption {
                        type = types.listOf (
                          types.submodule {
                            options = {
                              tag = mkOption {
                                type = types.str;
                                description = "Tag (emoji short code).";
                              };
                              condition = mkOption {
                                type = types.nullOr types.str;
                                description = "When the tag is added; no default.";
                              };
                            };
                          }
                        );
                        default = [
                          {
                            tag = "green_circle";
                            condition = ''status == "resolved"'';
                          }
                          {
                            tag = "red_circle";
                            condition = ''status == "firing"'';
                          }
                        ];
                        description = "Tags of the messages.";
                      };
                      templates = {
                        title = mkOption {
                          type = types.str;
                          default = ''
                            {{ if eq .Status "resolved" }}Resolved: {{ end }}{{ index .Annotations "summary" }}
                          '';
                          description = "Title template (the alert's summary).";
                        };
                        description = mkOption {
                          type = types.str;
                          default = ''
                            {{ index .Annotations "description" }}
                          '';
                          description = "Body template (the alert's description).";
                        };
                      };
                    };
                  };
                };
              };
            };
            extraConfigFiles = mkOption {
              type = types.listOf types.path;
              default = [ ];
              description = "Files merged into the settings at start (LoadCredential): for secrets.";
            };
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/monitoring/loki.nix @ 035aa04c (index copy;
        # reference sheet §3 np@93558b57). Exactly one of configuration and configFile
        # must be set (assertion); the configuration is checked with `loki -verify-config`
        # at build time unless extraFlags is set.
        services.loki = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run Loki.";
          };
          user = mkOption {
            type = types.str;
            default = "loki";
            description = "User Loki runs as.";
          };
          group = mkOption {
            type = types.str;
            default = "loki";
            description = "Group Loki runs as.";
          };
          dataDir = mkOption {
            type = types.path;
            default = "/var/lib/loki";
            description = "Loki's working directory (the user's home).";
          };
          configuration = mkOption {
            type = jsonType;
            default = { };
            description = "Loki's configuration as a Nix value.";
          };
          configFile = mkOption {
            type = types.nullOr types.path;
            default = null;
            description = "A configuration file instead.";
          };
          extraFlags = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Extra command-line flags of loki.";
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/monitoring/grafana.nix @ index copy (id 62435813435,
        # 26.05 era: settings.security.secret_key has no default and an assertion requires it;
        # passwords should use the $__file{} provider, else a warning). Upstream declares
        # many more settings; these are the ones PantherOS sets, in Grafana's INI freeform.
        services.grafana = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run Grafana.";
          };
          dataDir = mkOption {
            type = types.path;
            default = "/var/lib/grafana";
            description = "Grafana's data directory.";
          };
          openFirewall = mkOption {
            type = types.bool;
            default = false;
            description = "Open the HTTP port in the firewall.";
          };
          declarativePlugins = mkOption {
            type = types.nullOr (types.listOf types.path);
            default = null;
            description = "Plugin packages; null lets Grafana manage plugins.";
          };
          settings = mkOption {
            default = { };
            description = "grafana.ini, section by section.";
            type = types.submodule {
              freeformType = iniType;
              options = {
                server = {
                  http_addr = mkOption {
                    type = types.str;
                    default = "127.0.0.1";
                    description = "Listening address.";
                  };
                  http_port = mkOption {
                    type = types.port;
                    default = 3000;
                    description = "Listening port.";
                  };
                  domain = mkOption {
                    type = types.str;
                    default = "localhost";
                    description = "Public domain name (used in root_url).";
                  };
                  root_url = mkOption {
                    type = types.str;
                    default = "%(protocol)s://%(domain)s:%(http_port)s/";
                    description = "Full URL Grafana is reached at.";
                  };
                  protocol = mkOption {
                    type = types.enum [
                      "http"
                      "https"
                      "h2"
                      "socket"
                    ];
                    default = "http";
                    description = "Protocol to serve.";
                  };
                };
                security = {
                  admin_user = mkOption {
                    type = types.str;
                    default = "admin";
                    description = "Default admin user name.";
                  };
                  admin_password = mkOption {
                    type = types.str;
                    default = "admin";
                    description = "Default admin password (use the $__file{} provider).";
                  };
                  secret_key = mkOption {
                    type = types.nullOr types.str;
                    default = null;
                    description = "Key that signs data source secrets; asserted non-null (use $__file{}).";
                  };
                };
                users.allow_sign_up = mkOption {
                  type = types.bool;
                  default = false;
                  description = "Whether visitors may create accounts.";
                };
                analytics.reporting_enabled = mkOption {
                  type = types.bool;
                  default = false;
                  description = "Whether usage statistics go to stats.grafana.org.";
                };
              };
            };
          };
          provision = {
            enable = mkOption {
              type = types.bool;
              default = false;
              description = "Provision data sources and dashboards from Nix.";
            };
            datasources = mkOption {
              default = { };
              description = "Provisioned data sources (settings or path, not both).";
              type = types.submodule {
                options.path = mkOption {
                  type = types.nullOr types.path;
                  default = null;
                  description = "A YAML file or folder instead of settings.";
                };
                options.settings = mkOption {
                  default = null;
                  description = "The provisioning file as a Nix value.";
                  type = types.nullOr (
                    types.submodule {
                      options = {
                        apiVersion = mkOption {
                          type = types.int;
                          default = 1;
                          description = "Provisioning file version.";
                        };
                        datasources = mkOption {
                          type = types.listOf datasourceConfig;
                          default = [ ];
                          description = "Data sources to add or update.";
                        };
                        prune = mkOption {
                          type = types.bool;
                          default = false;
                          description = "Delete provisioned data sources removed from the list.";
                        };
                      };
                    }
                  );
                };
              };
            };
            dashboards = mkOption {
              default = { };
              description = "Provisioned dashboard providers (settings or path, not both).";
              type = types.submodule {
                options.path = mkOption {
                  type = types.nullOr types.path;
                  default = null;
                  description = "A YAML file or folder instead of settings.";
                };
                options.settings = mkOption {
                  default = null;
                  description = "The provisioning file as a Nix value.";
                  type = types.nullOr (
                    types.submodule {
                      options.apiVersion = mkOption {
                        type = types.int;
                        default = 1;
                        description = "Provisioning file version.";
                      };
                      options.providers = mkOption {
                        type = types.listOf dashboardConfig;
                        default = [ ];
                        description = "Dashboard providers.";
                      };
                    }
                  );
                };
              };
            };
          };
        };

        # ==========================================================================
        # nixpkgs nixos/modules/services/monitoring/alloy.nix @ 0f58f98f (index copy;
        # reference sheet §3 np@e3a5a0c9): `alloy run <configPath>` as a DynamicUser in
        # group systemd-journal; the config goes in environment.etc."alloy/config.alloy".
        services.alloy = {
          enable = mkOption {
            type = types.bool;
            default = false;
            description = "Run Grafana Alloy.";
          };
          configPath = mkOption {
            type = types.path;
            default = "/etc/alloy";
            description = "Configuration file or folder of *.alloy files.";
          };
          extraFlags = mkOption {
            type = types.listOf types.str;
            default = [ ];
            description = "Extra flags of `alloy run`.";
          };
        };
      };
    };
in
{
  imports = [
    coreSystem
    servicesAndHardware
    desktopSession
    monitoringServices
  ];
}
