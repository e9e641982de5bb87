# Forces what a configuration sets: every option that has a definition above
# its default, through its final (merged, type-checked) value. Inside
# submodules (users.users.<name>, systemd.services.<name>, each home-manager
# user, …) it goes on the same way, option by option, using the submodule's
# own evaluation (the option's valueMeta), so a sub-option nobody set and
# that has no default is left alone, as NixOS leaves it. Free-form values
# (settings attributes no option declares) are forced whole. An option that
# is set but undeclared never gets here: the module system refuses it first.
{ lib }:
let
  # Values as JSON can carry them. A package becomes its store path, which for
  # the stub packages is a hash of everything it was built from.
  plain =
    value:
    if lib.isDerivation value then
      value.outPath
    else if lib.isFunction value then
      "<function>"
    else if builtins.isPath value then
      toString value
    else if lib.isAttrs value then
      lib.mapAttrs (_: plain) value
    else if lib.isList value then
      map plain value
    else
      value;

  # `plain`, leaving out computed attributes (names starting with `_`): for
  # trees whose types record no valueMeta, such as disko's devices, whose
  # `_parent` points back up the tree.
  public =
    value:
    if lib.isDerivation value then
      value.outPath
    else if lib.isAttrs value then
      lib.mapAttrs (_: public) (lib.filterAttrs (name: _: !(lib.hasPrefix "_" name)) value)
    else if lib.isList value then
      map public value
    else
      plain value;

  # mkOptionDefault is priority 1500; anything below it was set by a module.
  isSet = option: option.highestPrio < 1500;
  # Set, or given a value by its default.
  hasValue = option: option.isDefined;

  # A value, descending into the submodule evaluations valueMeta records;
  # `keep` picks the sub-options that count.
  valueOf =
    keep: meta: value:
    if meta ? configuration then
      walk keep { } [ ] meta.configuration.options meta.configuration.config
    else if meta ? attrs && lib.isAttrs value then
      lib.mapAttrs (name: v: valueOf keep (meta.attrs.${name} or { }) v) value
    else if meta ? list && lib.isList value then
      lib.imap0 (i: v: valueOf keep (lib.elemAt meta.list i) v) value
    else
      plain value;

  # The set options of one evaluation (its `options` and `config` side by
  # side), plus its free-form attributes. `special` maps an option path
  # ("a.b") to what is forced instead of its value, for options that cannot
  # be forced here. Names starting with `_` are computed, not set: `_module`
  # (the module system's own) and disko's internals (`_parent` points back up
  # the tree, `_create` and friends are scripts that need nixpkgs).
  walk =
    keep: special: path: options: config:
    lib.concatMapAttrs (
      name: value:
      let
        here = path ++ [ name ];
        key = lib.concatStringsSep "." here;
      in
      if lib.hasPrefix "_" name then
        { }
      else if special ? ${key} then
        { ${name} = special.${key} value; }
      else if !(options ? ${name}) then
        { ${name} = plain value; }
      else if lib.isOption options.${name} then
        lib.optionalAttrs (keep options.${name}) {
          ${name} = valueOf keep options.${name}.valueMeta or { } value;
        }
      else
        let
          inner = walk keep special here options.${name} value;
        in
        lib.optionalAttrs (inner != { }) { ${name} = inner; }
    ) config;

  # Everything a configuration sets (see the top of this file).
  values = options: config: special: walk isSet special [ ] options config;

  # What one option path holds on the machine: set values and defaults alike,
  # leaving out sub-options that have neither. Null when nothing is there. The
  # path may go on inside a submodule option (`home-manager.users.alex.programs.
  # fish.enable`), through the evaluation its valueMeta records.
  probe = options: config: path: probeAt options config (lib.splitString "." path);

  probeAt =
    options: config: loc:
    let
      name = builtins.head loc;
      rest = builtins.tail loc;
      option = options.${name};
      meta = option.valueMeta or { };
      # An attrsOf submodule (users.users, home-manager.users): the next name picks one.
      element = if rest == [ ] then { } else meta.attrs.${builtins.head rest} or { };
      inner =
        if meta ? configuration then
          {
            inherit (meta.configuration) options config;
            loc = rest;
          }
        else if element ? configuration then
          {
            inherit (element.configuration) options config;
            loc = builtins.tail rest;
          }
        else
          null;
    in
    if !(options ? ${name}) then
      null
    else if lib.isOption option then
      if rest == [ ] then
        (if option.isDefined then valueOf hasValue meta config.${name} else null)
      else if inner == null then
        null
      else if inner.loc == [ ] then
        walk hasValue { } [ ] inner.options inner.config
      else
        probeAt inner.options inner.config inner.loc
    else if rest == [ ] then
      walk hasValue { } [ name ] option config.${name}
    else
      probeAt option config.${name} rest;

  # How many set options a forced tree holds (for the summary).
  count =
    tree:
    if lib.isAttrs tree then lib.foldl' (n: v: n + count v) 0 (lib.attrValues tree) else 1;
in
{
  inherit
    plain
    public
    values
    probe
    count
    ;
}
