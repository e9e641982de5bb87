# Keeps only what a module declares: its options and its imports (recursively),
# dropping everything it sets. The evaluation tier uses it for home-manager,
# whose modules cannot run without nixpkgs but whose option declarations (real
# names, types and defaults) can: a setting the project makes is then checked
# against home-manager itself, not against a copy.
{ lib }:
let
  optionsOnly =
    module:
    let
      fromFile = builtins.isPath module || builtins.isString module;
      file = toString module;
      loaded = if fromFile then import module else module;

      keep =
        result:
        {
          options = result.options or { };
          imports = map optionsOnly (result.imports or [ ]);
          disabledModules = result.disabledModules or [ ];
        }
        // lib.optionalAttrs fromFile {
          _file = file;
          key = file;
        }
        // lib.optionalAttrs (result ? _class) { inherit (result) _class; };
    in
    if lib.isFunction loaded then
      # The module system passes a function only the arguments it names.
      lib.setFunctionArgs (args: keep (loaded args)) (lib.functionArgs loaded)
    else
      keep loaded;
in
optionsOnly
