# panther.editor.level -> what Neovim's training wheels do at that level.
#
# Builtins only (tests/nix/test_editor_levels.py evaluates it with
# nix-instantiate). modules/home/editor.nix puts the result into nixvim:
# `hardtime` and `precognition` are plugins.<name>.{enable,settings},
# `whichKey` is plugins.which-key.settings and `mouse` is opts.mouse.
# docs/learning-neovim.md walks through the levels week by week.
#
#   beginner      strict: hardtime blocks a key pressed over and over (jjjj)
#                 and points to the motion that does it in one go; arrow keys
#                 and the mouse are off; precognition's motion hints are always
#                 on; which-key opens at once and lists Neovim's own keys too.
#   intermediate  relaxed: hardtime only hints, arrows and mouse work again,
#                 precognition stays hidden until <leader>tp, which-key waits
#                 half a second and leaves out motions you know by now.
#   advanced      training wheels off: no hardtime, no precognition; which-key
#                 only when you pause for a second.
let
  levels = [
    "beginner"
    "intermediate"
    "advanced"
  ];

  choices = builtins.concatStringsSep ", " levels;

  arrows = [
    "<Up>"
    "<Down>"
    "<Left>"
    "<Right>"
  ];

  # hardtime disables the arrow keys by default (its disabled_keys); a key set
  # to `false` is allowed again (hardtime README, "disabled_keys"). nixvim
  # renders { __raw = "false"; } as the Lua value false.
  allowArrows = builtins.listToAttrs (
    map (key: {
      name = key;
      value.__raw = "false";
    }) arrows
  );

  presets = on: {
    operators = true;
    motions = on;
    text_objects = on;
    windows = true;
    nav = true;
    z = true;
    g = true;
  };

  settings = {
    beginner = {
      hardtime = {
        enable = true;
        settings = {
          enabled = true;
          restriction_mode = "block";
          max_count = 2;
          hint = true;
          disable_mouse = true;
        };
      };
      precognition = {
        enable = true;
        settings.startVisible = true;
      };
      whichKey = {
        delay = 0;
        plugins.presets = presets true;
      };
      mouse = "";
    };

    intermediate = {
      hardtime = {
        enable = true;
        settings = {
          enabled = true;
          restriction_mode = "hint";
          max_count = 3;
          hint = true;
          disable_mouse = false;
          disabled_keys = allowArrows;
        };
      };
      precognition = {
        enable = true;
        settings.startVisible = false;
      };
      whichKey = {
        delay = 500;
        plugins.presets = presets false;
      };
      mouse = "nvi";
    };

    advanced = {
      hardtime = {
        enable = false;
        settings = { };
      };
      precognition = {
        enable = false;
        settings = { };
      };
      whichKey = {
        delay = 1000;
        plugins.presets = presets false;
      };
      mouse = "nvi";
    };
  };
in
{
  inherit levels;

  # The settings of one level; anything else is refused with the choices.
  for =
    level:
    settings.${level} or (throw ''panther.editor.level: "${level}" is not one of ${choices}.'');
}
