# Reads fleet.toml and derives the host metadata record documented in
# docs/fleet-toml.md ("Derived host metadata").
#
# Builtins only: this file must evaluate without nixpkgs, so that
# `nix-instantiate --eval --strict --json` can check it anywhere and so that
# `panther` can compare its own reading of fleet.toml with this one.
#
# Usage: import ./fleet.nix { root = ./..; }   (root = the folder holding fleet.toml)
#
# A host's profile is the fleet's own profiles/<class>.nix when the fleet has
# one, else PantherOS's (`frameworkProfiles`); `profileOf` says which.
#
# Every attribute except `errors` fails evaluation with one message listing
# every problem, each naming the host (or table) and the fix.
{
  root,
  frameworkProfiles ? ../profiles,
}:
let
  inherit (builtins)
    all
    attrNames
    concatLists
    concatMap
    concatStringsSep
    elem
    elemAt
    filter
    fromJSON
    fromTOML
    genList
    head
    isAttrs
    isBool
    isInt
    isList
    isString
    length
    listToAttrs
    mapAttrs
    match
    pathExists
    readFile
    toJSON
    ;

  rootStr = toString root;
  fleetFile = root + "/fleet.toml";

  raw =
    if pathExists fleetFile then
      fromTOML (readFile fleetFile)
    else
      throw "PantherOS: ${rootStr}/fleet.toml not found. Fix: run from the folder that holds fleet.toml, or create one (see docs/fleet-toml.md).";

  # Allowed values, from docs/fleet-toml.md.
  schema = import ./schema.nix;
  inherit (schema) classes systems bootModes;
  workloadKinds = schema.workloads;

  topKeys = [
    "fleet"
    "users"
    "hosts"
  ];
  fleetKeys = [
    "name"
    "stages"
    "tailnet"
    "cache"
  ];
  cacheKeys = [
    "url"
    "public_key"
  ];
  userKeys = [
    "description"
    "ssh_keys"
  ];
  hostKeys = [
    "class"
    "system"
    "stage"
    "user"
    "report"
    "tags"
    "workloads"
    "optional"
    "boot_mode"
    "hibernate"
    "deploy"
    "health"
  ];
  healthKeys = [
    "units"
    "probes"
  ];
  probeKinds = [
    "tcp"
    "http"
    "command"
  ];
  deployKeys = [
    "host"
    "user"
    "port"
    "host_key"
  ];

  # --- small helpers (builtins only) ----------------------------------------

  indexOf =
    x: list:
    let
      go =
        i:
        if i >= length list then
          null
        else if elemAt list i == x then
          i
        else
          go (i + 1);
    in
    go 0;

  quoteList = list: concatStringsSep ", " (map (x: ''"${x}"'') list);

  isStringList = v: isList v && all isString v;

  unique =
    list:
    let
      go =
        seen: rest:
        if rest == [ ] then
          seen
        else if elem (head rest) seen then
          go seen (builtins.tail rest)
        else
          go (seen ++ [ (head rest) ]) (builtins.tail rest);
    in
    go [ ] list;

  unknownKeys = allowed: attrs: filter (k: !(elem k allowed)) (attrNames attrs);

  unknownKeyErrors =
    where: allowed: attrs:
    map (
      k:
      "${where}: unknown key \"${k}\". Fix: remove it or correct the spelling; allowed keys are ${quoteList allowed}."
    ) (unknownKeys allowed attrs);

  showValue = v: if isString v then ''"${v}"'' else toJSON v;

  # --- the tables -------------------------------------------------------------

  fleetTable = raw.fleet or { };
  usersRaw = raw.users or { };
  hostsRaw = raw.hosts or { };

  stages = fleetTable.stages or [ ];
  tailnet = fleetTable.tailnet or null;
  cacheTable = fleetTable.cache or null;
  stageList = if isStringList stages then stages else [ ];

  fleetErrors = concatLists [
    (unknownKeyErrors "fleet.toml" topKeys raw)
    (unknownKeyErrors "[fleet]" fleetKeys fleetTable)
    (
      if !(raw ? fleet) then
        [ "[fleet]: table missing. Fix: add a [fleet] table with name and stages (see docs/fleet-toml.md)." ]
      else
        [ ]
    )
    (
      if raw ? fleet && !(isString (fleetTable.name or null)) then
        [ ''[fleet]: name must be a string. Fix: set name = "my-fleet".'' ]
      else
        [ ]
    )
    (
      if raw ? fleet && !(isStringList stages && stages != [ ]) then
        [ ''[fleet]: stages must be a non-empty list of strings. Fix: set stages = ["staging", "production"].'' ]
      else if unique stageList != stageList then
        [ "[fleet]: stages contains a duplicate. Fix: list each stage once." ]
      else
        [ ]
    )
    (
      if tailnet != null && !(isString tailnet) then
        [ ''[fleet]: tailnet must be a string. Fix: set tailnet = "example.ts.net" or remove it.'' ]
      else
        [ ]
    )
    cacheErrors
  ];

  # [fleet.cache]: the fleet's binary cache (both keys, or no table).
  cacheErrors =
    if cacheTable == null then
      [ ]
    else if !(isAttrs cacheTable) then
      [ "[fleet.cache]: must be a table. Fix: write it as [fleet.cache] with url and public_key." ]
    else
      concatLists [
        (unknownKeyErrors "[fleet.cache]" cacheKeys cacheTable)
        (
          if !(isString (cacheTable.url or null) && match "https?://[^ ]+" cacheTable.url != null) then
            [ ''[fleet.cache]: url must be an http(s) URL. Fix: set url = "http://cache-host.example.ts.net:8080/panther".'' ]
          else
            [ ]
        )
        (
          if !(isString (cacheTable.public_key or null) && match "[^: ]+:[A-Za-z0-9+/]{43}=" cacheTable.public_key != null) then
            [ ''[fleet.cache]: public_key must be a Nix signing key "name:base64". Fix: paste what `attic cache info <cache>` prints as its public key.'' ]
          else if match "[^:]+:A{43}=" cacheTable.public_key != null then
            [ "[fleet.cache]: public_key is all zero bytes, a placeholder. Fix: paste the key `attic cache info <cache>` prints." ]
          else
            [ ]
        )
      ];

  userErrors = concatMap (
    name:
    let
      u = usersRaw.${name};
      where = "user \"${name}\"";
    in
    if !(isAttrs u) then
      [ "${where}: must be a table. Fix: write it as [users.${name}]." ]
    else
      concatLists [
        (unknownKeyErrors where userKeys u)
        (
          if !(isStringList (u.ssh_keys or null)) then
            [ ''${where}: ssh_keys must be a list of public keys. Fix: add ssh_keys = ["ssh-ed25519 AAAA… ${name}@laptop"].'' ]
          else
            [ ]
        )
        (
          if u ? description && !(isString u.description) then
            [ "${where}: description must be a string. Fix: quote it." ]
          else
            [ ]
        )
      ]
  ) (attrNames usersRaw);

  # --- per-host metadata ----------------------------------------------------

  reportOf = name: h: h.report or "hosts/${name}/facter.json";

  profileOf =
    class:
    let
      own = root + "/profiles/${class}.nix";
    in
    if pathExists own then own else frameworkProfiles + "/${class}.nix";

  meta =
    name: h:
    let
      deploy = h.deploy or { };
    in
    {
      inherit name;
      inherit (h) class system stage;
      stageIndex = indexOf h.stage stageList;
      inherit (h) user;
      deployHost =
        deploy.host or (if tailnet != null then "${name}.${tailnet}" else name);
      deployUser = deploy.user or "root";
      deployPort = deploy.port or 22;
      hostKey = deploy.host_key or null;
      report = reportOf name h;
      tags = h.tags or [ ];
      workloads = h.workloads or [ ];
      optional = h.optional or false;
      bootMode = h.boot_mode or null;
      hibernate = h.hibernate or (h.class == "laptop");
    };

  hostErrors =
    name: h:
    let
      where = "host \"${name}\"";
      deploy = h.deploy or { };
      class = h.class or null;
      system = h.system or null;
      stage = h.stage or null;
      user = h.user or null;
      report = reportOf name h;
      reportFile = root + "/${report}";
      hostDir = root + "/hosts/${name}";
      required = filter (k: !(h ? ${k})) [
        "class"
        "system"
        "stage"
        "user"
      ];
      reportSystem =
        if isString report && pathExists reportFile then
          (fromJSON (readFile reportFile)).system or null
        else
          null;
      port = deploy.port or 22;
      hostKey = deploy.host_key or "ssh-";

      # Each rule: ok (must hold) and msg (the problem, then the fix).
      rules = [
        {
          ok = match "[a-z][a-z0-9-]{0,62}" name != null;
          msg = ''not a valid host name. Fix: rename the table to lower-case letters, digits and "-", starting with a letter, at most 63 characters.'';
        }
        {
          ok = pathExists hostDir;
          msg = "folder hosts/${name}/ not found. Fix: create hosts/${name}/default.nix (`panther host add ${name} --report FILE` does it), or remove [hosts.${name}] from fleet.toml.";
        }
        {
          ok = !(pathExists hostDir) || pathExists (hostDir + "/default.nix");
          msg = "hosts/${name}/default.nix not found. Fix: create it (an empty module `{ }` is enough).";
        }
        {
          ok = class == null || elem class classes;
          msg = "class ${showValue class} is not one of ${quoteList classes}. Fix: set class to one of them.";
        }
        {
          ok = !(elem class classes) || pathExists (profileOf class);
          msg = "class \"${toString class}\" has no profile: neither the fleet nor PantherOS has profiles/${toString class}.nix. Fix: add profiles/${toString class}.nix to the fleet or choose a class that has a profile.";
        }
        {
          ok = system == null || elem system systems;
          msg = "system ${showValue system} is not one of ${quoteList systems}. Fix: set system to the value in the host's hardware report.";
        }
        {
          ok = stage == null || elem stage stageList;
          msg = "stage ${showValue stage} is not in fleet.stages (${quoteList stageList}). Fix: set stage to one of them or add it to stages in [fleet].";
        }
        {
          ok = user == null || (isString user && usersRaw ? ${user});
          msg = "user ${showValue user} is not defined. Fix: add a [users.${toString user}] table with ssh_keys, or set user to one of ${quoteList (attrNames usersRaw)}.";
        }
        {
          ok = isString report;
          msg = ''report must be a path string. Fix: set report = "hosts/${name}/facter.json".'';
        }
        {
          ok = !(isString report) || pathExists reportFile;
          msg = "hardware report ${report} not found. Fix: run `nixos-facter -o facter.json` on the machine and copy it to ${report} (or set report to where it is).";
        }
        {
          ok = reportSystem == null || system == null || reportSystem == system;
          msg = "system is \"${toString system}\" but its report ${report} says \"${toString reportSystem}\". Fix: set system = \"${toString reportSystem}\" in [hosts.${name}], or point report at this machine's report.";
        }
        {
          ok = isStringList (h.tags or [ ]);
          msg = ''tags must be a list of strings. Fix: write tags = ["label"].'';
        }
        {
          ok = isList (h.workloads or [ ]) && all (w: elem w workloadKinds) (h.workloads or [ ]);
          msg = "workloads must be a list of ${quoteList workloadKinds}. Fix: remove or correct the unknown entry.";
        }
        {
          ok = isBool (h.optional or false);
          msg = "optional must be true or false. Fix: write optional = true.";
        }
        {
          ok = isBool (h.hibernate or false);
          msg = "hibernate must be true or false. Fix: write hibernate = true.";
        }
        {
          ok = elem (h.boot_mode or "uefi") bootModes;
          msg = "boot_mode ${showValue (h.boot_mode or null)} is not one of ${quoteList bootModes}. Fix: set it to one of them or remove it to infer it from the report.";
        }
        {
          ok = isAttrs deploy;
          msg = "deploy must be a table. Fix: write it as [hosts.${name}.deploy].";
        }
        {
          ok = isString (deploy.host or "");
          msg = "deploy.host must be a string. Fix: quote the address.";
        }
        {
          ok = isString (deploy.user or "");
          msg = "deploy.user must be a string. Fix: quote the user name.";
        }
        {
          ok = isInt port && port >= 1 && port <= 65535;
          msg = "deploy.port must be an integer from 1 to 65535. Fix: write port = 22.";
        }
        {
          ok = isString hostKey && match "(ssh-|ecdsa-|sk-).*" hostKey != null;
          msg = ''deploy.host_key must be an OpenSSH public key. Fix: paste the line from /etc/ssh/ssh_host_ed25519_key.pub ("ssh-ed25519 AAAA…").'';
        }
      ];
    in
    if !(isAttrs h) then
      [ "${where}: must be a table. Fix: write it as [hosts.${name}]." ]
    else
      concatLists [
        (unknownKeyErrors where hostKeys h)
        (map (
          k: "${where}: ${k} is required. Fix: add ${k} = … to [hosts.${name}] (see docs/fleet-toml.md)."
        ) required)
        (map (rule: "${where}: ${rule.msg}") (filter (rule: !rule.ok) rules))
        (if isAttrs deploy then unknownKeyErrors "${where} [deploy]" deployKeys deploy else [ ])
        (healthErrors where (h.health or { }))
      ];

  # [hosts.<name>.health]: what `panther deploy` and `panther health` check besides the
  # system state. Only checked here; the flake itself does not use it.
  healthErrors =
    where: health:
    if !(isAttrs health) then
      [ "${where}: health must be a table. Fix: write it as [hosts.<name>.health]." ]
    else
      concatLists [
        (unknownKeyErrors "${where} [health]" healthKeys health)
        (
          if !(isStringList (health.units or [ ])) then
            [ ''${where} [health]: units must be a list of unit names. Fix: write units = ["postgresql.service"].'' ]
          else
            [ ]
        )
        (
          if !(isList (health.probes or [ ])) then
            [ ''${where} [health]: probes must be a list. Fix: write probes = [{ tcp = 5432 }].'' ]
          else
            concatMap (
              probe:
              if
                !(isAttrs probe)
                || length (attrNames probe) != 1
                || !(elem (head (attrNames probe)) probeKinds)
              then
                [ ''${where} [health]: each probe is one of { tcp = PORT }, { http = "URL" }, { command = "…" }. Fix: correct the probe.'' ]
              else if probe ? tcp && !(isInt probe.tcp && probe.tcp >= 1 && probe.tcp <= 65535) then
                [ "${where} [health]: a tcp probe needs a port from 1 to 65535. Fix: write { tcp = 5432 }." ]
              else if probe ? http && !(isString probe.http && match "https?://[^ ]+" probe.http != null) then
                [ ''${where} [health]: an http probe needs an http(s) URL. Fix: write { http = "http://127.0.0.1:8080/" }.'' ]
              else if probe ? command && !(isString probe.command && probe.command != "") then
                [ "${where} [health]: a command probe needs a command line. Fix: quote it." ]
              else
                [ ]
            ) (health.probes or [ ])
        )
      ];

  errors =
    fleetErrors
    ++ userErrors
    ++ concatMap (name: hostErrors name hostsRaw.${name}) (attrNames hostsRaw);

  checked =
    value:
    if errors == [ ] then
      value
    else
      throw (
        "PantherOS: ${rootStr}/fleet.toml has ${toString (length errors)} problem(s):\n"
        + concatStringsSep "\n" (map (e: "  - ${e}") errors)
      );

  settings = {
    name = fleetTable.name or null;
    inherit stages tailnet;
    cache =
      if cacheTable == null then
        null
      else
        {
          inherit (cacheTable) url;
          publicKey = cacheTable.public_key;
        };
  };

  users = mapAttrs (name: u: {
    inherit name;
    description = u.description or null;
    sshKeys = u.ssh_keys or [ ];
  }) usersRaw;

  hostNames = attrNames hostsRaw;
in
{
  # Problems found, as a list of strings (empty when the fleet is valid).
  inherit errors profileOf;
  settings = checked settings;
  users = checked users;
  stages = checked stages;
  hostNames = checked hostNames;
  hosts = checked (
    listToAttrs (
      map (name: {
        inherit name;
        value = meta name hostsRaw.${name};
      }) hostNames
    )
  );
  # Host names per stage, in deploy order: [ { stage; hosts; } ].
  waves = checked (
    genList (
      i:
      let
        stage = elemAt stageList i;
      in
      {
        inherit stage;
        hosts = filter (n: (hostsRaw.${n}.stage or null) == stage) hostNames;
      }
    ) (length stageList)
  );
  # True when the fleet has no problems; false (never a throw) otherwise.
  valid = errors == [ ];
}
