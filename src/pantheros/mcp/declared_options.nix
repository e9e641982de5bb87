# Every option PantherOS's modules declare, read without nixpkgs (options_gen.py).
#
# The modules are imported with a stand-in for nixpkgs' lib that records what
# mkOption is given: the option's type is rendered the way the NixOS manual
# words it (types.nix's descriptions, phrase for phrase), and positions say
# where `default` and `example` are written, so their Nix text is read from
# the file instead of evaluating them (a default may need the whole system's
# config). Nothing a module sets (`config`) is evaluated.
{
  files,
  # Options (by name) whose default is a bare variable: its value is shown instead.
  force ? [ ],
}:
let
  inherit (builtins)
    attrNames
    concatMap
    concatStringsSep
    isAttrs
    isBool
    isFunction
    isInt
    isString
    length
    head
    ;
  self = toString ./declared_options.nix;

  type = name: description: class: {
    _isType = true;
    inherit name description class;
  };
  # optionDescriptionPhrase: the element's words, in parentheses unless its class reads well.
  phrase = ok: t: if ok t.class then t.description else "(${t.description})";
  show =
    v:
    if isString v then
      ''"${v}"''
    else if isInt v then
      toString v
    else if isBool v then
      (if v then "true" else "false")
    else
      "<${builtins.typeOf v}>";
  between = lo: hi: "${toString lo} and ${toString hi} (both inclusive)";
  types = {
    str = type "str" "string" "noun";
    bool = type "bool" "boolean" "noun";
    lines = type "lines" ''strings concatenated with "\n"'' "noun";
    port = type "port" "16 bit unsigned integer; between ${between 0 65535}" "noun";
    package = type "package" "package" "noun";
    raw = type "raw" "raw value" "noun";
    int = type "int" "signed integer" "noun";
    float = type "float" "floating point number" "noun";
    path = type "path" "absolute path" "noun"; # types.path is pathWith { absolute = true; }
    strMatching = pattern: type "strMatching" "string matching the pattern ${pattern}" "noun";
    either =
      a: b:
      type "either" (
        if a.class == "nonRestrictiveClause" then
          "${a.description}, or ${phrase (c: c == "noun" || c == "conjunction") b}"
        else
          "${phrase (c: c == "noun" || c == "conjunction") a} or ${
            phrase (c: c == "noun" || c == "conjunction" || c == "composite") b
          }"
      ) "conjunction";
    ints = {
      unsigned = type "unsignedInt" "unsigned integer, meaning >=0" "nonRestrictiveClause";
      positive = type "positiveInt" "positive integer, meaning >0" "nonRestrictiveClause";
      between = lo: hi: type "intBetween" "integer between ${between lo hi}" "noun";
    };
    enum =
      values:
      type "enum" (
        if values == [ ] then
          "impossible (empty enum)"
        else if length values == 1 then
          "value ${show (head values)} (singular enum)"
        else
          "one of ${concatStringsSep ", " (map show values)}"
      ) (if length values < 2 then "noun" else "conjunction");
    listOf =
      t:
      type "listOf" "list of ${phrase (c: c == "noun" || c == "composite") t}" "composite"
      // {
        element = t;
        placeholder = "*";
      };
    attrsOf =
      t:
      type "attrsOf" "attribute set of ${phrase (c: c == "noun" || c == "composite") t}" "composite"
      // {
        element = t;
        placeholder = "<name>";
      };
    nullOr =
      t:
      type "nullOr" "null or ${phrase (c: c == "noun" || c == "conjunction") t}" "conjunction"
      // {
        element = t;
        placeholder = null;
      };
    submodule = module: type "submodule" "submodule" null // { inherit module; };
  };

  literal = kind: text: {
    _type = kind;
    inherit text;
  };
  lib = {
    inherit types;
    mkOption = attrs: attrs // { _isOption = true; };
    mkEnableOption =
      name:
      lib.mkOption {
        default = false;
        example = true;
        description = "Whether to enable ${name}.";
        type = types.bool;
      };
    literalMD = literal "literalMD";
    literalExpression = literal "literalExpression";
    inherit (builtins) mapAttrs elem;
    optional = cond: x: if cond then [ x ] else [ ];
    optionalAttrs = cond: x: if cond then x else { };
    mkDefault = x: x;
    mkForce = x: x;
  };
  args = {
    inherit lib;
    config = { };
    options = { };
    pkgs = { };
    inputs = { };
    name = "<name>";
  };
  moduleOptions =
    module:
    let
      loaded = if isFunction module then module args else module;
    in
    loaded.options or { };

  # The Nix text of `default` or `example` is read by the caller from where it is written;
  # the stand-in's own (mkEnableOption's false and true) are given as values.
  written =
    option: key:
    let
      pos = builtins.unsafeGetAttrPos key option;
    in
    if !(option ? ${key}) then
      null
    else if pos == null || pos.file == self then
      { value = builtins.toJSON option.${key}; }
    else
      { inherit (pos) file line column; };

  defaultText =
    text:
    if isAttrs text && text ? text then
      text.text
    else if isString text then
      text
    else
      null;

  # The options of a submodule an option's type carries (attrsOf (submodule …) and the like).
  nested =
    loc: t:
    if t ? module then
      walk loc null (moduleOptions t.module)
    else if t ? element then
      nested (loc ++ (if t.placeholder == null then [ ] else [ t.placeholder ])) t.element
    else
      [ ];

  walk =
    loc: pos: value:
    if value ? _isOption then
      [
        {
          inherit loc pos;
          type = value.type.description or "unspecified value";
          description = value.description or "";
          defaultText = if value ? defaultText then defaultText value.defaultText else null;
          default =
            if builtins.elem (concatStringsSep "." loc) force then
              { value = builtins.toJSON value.default; }
            else
              written value "default";
          example = written value "example";
          readOnly = value.readOnly or false;
        }
      ]
      ++ nested loc (value.type or { })
    else if isAttrs value then
      concatMap (
        n:
        let
          here = builtins.unsafeGetAttrPos n value;
        in
        # Options a function made (mapAttrs) have no place of their own: their set's is used.
        walk (loc ++ [ n ]) (if here == null then pos else here) value.${n}
      ) (attrNames value)
    else
      [ ];
in
concatMap (file: walk [ ] null (moduleOptions (import file))) files
