# The keybindings of the PantherOS desktop, terminal and editor, in one table.
#
# Builtins only, so `nix-instantiate --eval` tests it anywhere. Each row is one
# action and gives its key in each layer that has it; the same letter means the
# same thing everywhere, and each layer has one modifier:
#
#   desktop   niri            Mod (the Super key): Mod+H focuses the window on the left
#   terminal  Zellij          Alt: Alt h focuses the pane on the left
#   editor    Neovim          Ctrl-w for windows (<C-w>h), Space (<leader>) for the rest
#
# and Shift moves instead of focusing (Mod+Shift+H, Alt Shift h, <C-w>H).
#
# A row's fields:
#   action        a name, unique in the table
#   what          what it does, for people (which-key, docs)
#   overlay       niri's hotkey overlay title, where `what` speaks of several layers
#   desktop/niri  the niri key, and the niri action (an attrset with one key,
#                 as niri-flake's programs.niri.settings.binds.<key>.action takes it)
#   terminal/zellij  the Zellij key, and the Zellij action (KDL, ending in ";")
#   editor/nvim   the Neovim key (normal mode unless `mode` says otherwise), and
#                 the right-hand side PantherOS maps it to; without `nvim` the key
#                 is Neovim's own and only documented here
#   terminal without zellij: likewise a key Zellij has by itself
#   allowWhenLocked, repeat   niri bind flags (defaults false and true)
#
# The outputs below (niri binds, Zellij KDL, nixvim keymaps, the Markdown table
# in docs/keybindings.md) are all made from these rows, and `conflicts` lists any
# key that two rows use in one layer (tests/nix/test_keybindings.py keeps it
# empty).
let
  inherit (builtins)
    attrNames
    concatMap
    concatStringsSep
    filter
    genList
    groupBy
    length
    listToAttrs
    map
    replaceStrings
    toString
    ;

  # DankMaterialShell's IPC (`dms ipc call <target> <function> [args…]`,
  # DankMaterialShell docs/IPC.md).
  dms = args: { spawn = [ "dms" "ipc" "call" ] ++ args; };

  workspaceRow =
    i:
    let
      n = toString (i + 1);
    in
    {
      action = "go-to-${n}";
      what = "Go to workspace / tab ${n}";
      overlay = "Go to workspace ${n}";
      desktop = "Mod+${n}";
      niri.focus-workspace = i + 1;
      terminal = "Alt ${n}";
      zellij = "GoToTab ${n};";
    };

  rows = [
    # --- moving around: the same letters in every layer --------------------
    {
      action = "focus-left";
      what = "Focus the window / pane on the left";
      overlay = "Focus the window on the left";
      desktop = "Mod+H";
      niri.focus-column-left = [ ];
      terminal = "Alt h";
      zellij = ''MoveFocusOrTab "Left";'';
      editor = "<C-w>h";
    }
    {
      action = "focus-down";
      what = "Focus the window / pane below";
      overlay = "Focus the window below";
      desktop = "Mod+J";
      niri.focus-window-down = [ ];
      terminal = "Alt j";
      zellij = ''MoveFocus "Down";'';
      editor = "<C-w>j";
    }
    {
      action = "focus-up";
      what = "Focus the window / pane above";
      overlay = "Focus the window above";
      desktop = "Mod+K";
      niri.focus-window-up = [ ];
      terminal = "Alt k";
      zellij = ''MoveFocus "Up";'';
      editor = "<C-w>k";
    }
    {
      action = "focus-right";
      what = "Focus the window / pane on the right";
      overlay = "Focus the window on the right";
      desktop = "Mod+L";
      niri.focus-column-right = [ ];
      terminal = "Alt l";
      zellij = ''MoveFocusOrTab "Right";'';
      editor = "<C-w>l";
    }
    {
      action = "move-left";
      what = "Move the window / pane to the left";
      overlay = "Move the window to the left";
      desktop = "Mod+Shift+H";
      niri.move-column-left = [ ];
      terminal = "Alt Shift h";
      zellij = ''MovePane "Left";'';
      editor = "<C-w>H";
    }
    {
      action = "move-down";
      what = "Move the window / pane down";
      overlay = "Move the window down";
      desktop = "Mod+Shift+J";
      niri.move-window-down = [ ];
      terminal = "Alt Shift j";
      zellij = ''MovePane "Down";'';
      editor = "<C-w>J";
    }
    {
      action = "move-up";
      what = "Move the window / pane up";
      overlay = "Move the window up";
      desktop = "Mod+Shift+K";
      niri.move-window-up = [ ];
      terminal = "Alt Shift k";
      zellij = ''MovePane "Up";'';
      editor = "<C-w>K";
    }
    {
      action = "move-right";
      what = "Move the window / pane to the right";
      overlay = "Move the window to the right";
      desktop = "Mod+Shift+L";
      niri.move-column-right = [ ];
      terminal = "Alt Shift l";
      zellij = ''MovePane "Right";'';
      editor = "<C-w>L";
    }
    {
      action = "new";
      what = "Open a terminal / a pane / a split";
      overlay = "Open a terminal (Ghostty)";
      desktop = "Mod+T";
      niri.spawn = [ "ghostty" ];
      terminal = "Alt n";
      zellij = "NewPane;";
      editor = "<C-w>v";
    }
    {
      action = "close";
      what = "Close the window / pane";
      overlay = "Close the window";
      desktop = "Mod+Q";
      niri.close-window = [ ];
      repeat = false;
      terminal = "Alt q";
      zellij = "CloseFocus;";
      editor = "<C-w>q";
    }
    {
      action = "zoom";
      what = "Let the window / pane fill the screen (again to undo)";
      overlay = "Let the window fill the screen (again to undo)";
      desktop = "Mod+F";
      niri.maximize-column = [ ];
      terminal = "Alt f";
      zellij = "ToggleFocusFullscreen;";
    }
    {
      action = "fullscreen";
      what = "Fullscreen the window";
      desktop = "Mod+Shift+F";
      niri.fullscreen-window = [ ];
    }
    {
      action = "float";
      what = "Float the window / show the floating panes";
      overlay = "Float the window (again to tile it)";
      desktop = "Mod+G";
      niri.toggle-window-floating = [ ];
      terminal = "Alt g";
      zellij = "ToggleFloatingPanes;";
    }
    {
      action = "next";
      what = "Next workspace / tab / buffer";
      overlay = "Next workspace";
      desktop = "Mod+U";
      niri.focus-workspace-down = [ ];
      terminal = "Alt u";
      zellij = "GoToNextTab;";
      editor = "]b";
    }
    {
      action = "previous";
      what = "Previous workspace / tab / buffer";
      overlay = "Previous workspace";
      desktop = "Mod+I";
      niri.focus-workspace-up = [ ];
      terminal = "Alt i";
      zellij = "GoToPreviousTab;";
      editor = "[b";
    }
    {
      action = "move-to-next";
      what = "Move the window to the next workspace";
      desktop = "Mod+Shift+U";
      niri.move-column-to-workspace-down = [ ];
    }
    {
      action = "move-to-previous";
      what = "Move the window to the previous workspace";
      desktop = "Mod+Shift+I";
      niri.move-column-to-workspace-up = [ ];
    }
    {
      action = "narrower";
      what = "Make the window / pane narrower";
      overlay = "Make the window narrower";
      desktop = "Mod+Minus";
      niri.set-column-width = "-10%";
      terminal = "Alt -";
      zellij = ''Resize "Decrease";'';
      editor = "<C-w><";
    }
    {
      action = "wider";
      what = "Make the window / pane wider";
      overlay = "Make the window wider";
      desktop = "Mod+Equal";
      niri.set-column-width = "+10%";
      terminal = "Alt =";
      zellij = ''Resize "Increase";'';
      editor = "<C-w>>";
    }
    {
      action = "preset-width";
      what = "Cycle the window through the preset widths";
      desktop = "Mod+R";
      niri.switch-preset-column-width = [ ];
    }
    {
      action = "center";
      what = "Center the window";
      desktop = "Mod+C";
      niri.center-column = [ ];
    }
    {
      action = "into-column";
      what = "Put the window into the column on the left (or out of it)";
      desktop = "Mod+BracketLeft";
      niri.consume-or-expel-window-left = [ ];
    }
    {
      action = "out-of-column";
      what = "Put the window into the column on the right (or out of it)";
      desktop = "Mod+BracketRight";
      niri.consume-or-expel-window-right = [ ];
    }
    {
      action = "focus-monitor-left";
      what = "Focus the monitor on the left";
      desktop = "Mod+Ctrl+H";
      niri.focus-monitor-left = [ ];
    }
    {
      action = "focus-monitor-right";
      what = "Focus the monitor on the right";
      desktop = "Mod+Ctrl+L";
      niri.focus-monitor-right = [ ];
    }
    {
      action = "move-to-monitor-left";
      what = "Move the window to the monitor on the left";
      desktop = "Mod+Ctrl+Shift+H";
      niri.move-column-to-monitor-left = [ ];
    }
    {
      action = "move-to-monitor-right";
      what = "Move the window to the monitor on the right";
      desktop = "Mod+Ctrl+Shift+L";
      niri.move-column-to-monitor-right = [ ];
    }
    {
      action = "overview";
      what = "Overview of all workspaces";
      desktop = "Mod+O";
      niri.toggle-overview = [ ];
      repeat = false;
    }
  ]
  ++ genList workspaceRow 9
  ++ [
    # --- finding things ----------------------------------------------------
    {
      action = "find";
      what = "Find an application / a file";
      overlay = "Find an application";
      desktop = "Mod+Space";
      niri = dms [
        "spotlight"
        "toggle"
      ];
      editor = "<leader>ff";
      nvim = "<cmd>Telescope find_files<CR>";
    }
    {
      action = "search";
      what = "Search the project's text";
      editor = "<leader>fg";
      nvim = "<cmd>Telescope live_grep<CR>";
    }
    {
      action = "buffers";
      what = "List the open buffers";
      editor = "<leader>fb";
      nvim = "<cmd>Telescope buffers<CR>";
    }
    {
      action = "files";
      what = "Browse the folder of this file (edit it like text)";
      editor = "-";
      nvim = "<cmd>Oil<CR>";
    }
    {
      action = "git";
      what = "Git status, staging and commits";
      editor = "<leader>gg";
      nvim = "<cmd>Neogit<CR>";
    }
    {
      action = "sessions";
      what = "Sessions: switch, or bring back one that ended";
      terminal = "Alt s";
      zellij = ''LaunchOrFocusPlugin "session-manager" { floating true; move_to_focused_tab true; };'';
    }
    {
      action = "help";
      what = "Show the keys";
      overlay = "Show the keys";
      desktop = "Mod+Shift+Slash";
      niri.show-hotkey-overlay = [ ];
      terminal = "Ctrl g";
      editor = "<leader>?";
      nvim = "<cmd>WhichKey<CR>";
    }

    # --- code ---------------------------------------------------------------
    {
      action = "definition";
      what = "Go to the definition";
      editor = "gd";
      nvim = "<cmd>lua vim.lsp.buf.definition()<CR>";
    }
    {
      action = "hover";
      what = "Documentation of the thing under the cursor";
      editor = "K";
    }
    {
      action = "rename";
      what = "Rename the symbol everywhere";
      editor = "grn";
    }
    {
      action = "code-action";
      what = "Fixes and refactorings for this line";
      editor = "gra";
    }
    {
      action = "references";
      what = "Where is this used";
      editor = "grr";
    }
    {
      action = "format";
      what = "Format the file";
      editor = "<leader>cf";
      nvim = ''<cmd>lua require("conform").format({ lsp_format = "fallback" })<CR>'';
    }
    {
      action = "toggle-hints";
      what = "Show or hide the motion hints (precognition)";
      editor = "<leader>tp";
      nvim = "<cmd>Precognition toggle<CR>";
    }
    {
      action = "toggle-hardtime";
      what = "Pause or resume the habit coach (hardtime)";
      editor = "<leader>th";
      nvim = "<cmd>Hardtime toggle<CR>";
    }

    # --- the shell around it -------------------------------------------------
    {
      action = "notifications";
      what = "Notification center";
      desktop = "Mod+N";
      niri = dms [
        "notifications"
        "toggle"
      ];
    }
    {
      action = "do-not-disturb";
      what = "Do not disturb: on / off";
      desktop = "Mod+Shift+N";
      niri = dms [
        "notifications"
        "toggleDoNotDisturb"
      ];
    }
    {
      action = "clipboard";
      what = "Clipboard history";
      desktop = "Mod+V";
      niri = dms [
        "clipboard"
        "toggle"
      ];
    }
    {
      action = "settings";
      what = "Settings";
      desktop = "Mod+Comma";
      niri = dms [
        "settings"
        "toggle"
      ];
    }
    {
      action = "lock";
      what = "Lock the screen";
      desktop = "Super+Alt+L";
      niri = dms [
        "lock"
        "lock"
      ];
    }
    {
      action = "power";
      what = "Power menu: suspend, restart, log out";
      desktop = "Mod+X";
      niri = dms [
        "powermenu"
        "toggle"
      ];
    }
    {
      action = "leave";
      what = "Quit niri (asks first) / detach from Zellij (the session keeps running)";
      overlay = "Quit niri (asks first)";
      desktop = "Mod+Shift+E";
      niri.quit = [ ];
      terminal = "Alt d";
      zellij = "Detach;";
    }
    {
      action = "monitors-off";
      what = "Turn the monitors off";
      desktop = "Mod+Shift+P";
      niri.power-off-monitors = [ ];
    }
    {
      action = "shortcuts-inhibit";
      what = "Let the focused app have every key (e.g. a virtual machine), or take them back";
      desktop = "Mod+Escape";
      niri.toggle-keyboard-shortcuts-inhibit = [ ];
    }
    {
      action = "screenshot";
      what = "Screenshot: pick an area";
      desktop = "Print";
      niri.screenshot = [ ];
    }
    {
      action = "screenshot-screen";
      what = "Screenshot of the screen";
      desktop = "Ctrl+Print";
      niri.screenshot-screen = [ ];
    }
    {
      action = "screenshot-window";
      what = "Screenshot of the window";
      desktop = "Alt+Print";
      niri.screenshot-window = [ ];
    }
    {
      action = "volume-up";
      what = "Volume up";
      desktop = "XF86AudioRaiseVolume";
      niri = dms [
        "audio"
        "increment"
        "3"
      ];
      allowWhenLocked = true;
    }
    {
      action = "volume-down";
      what = "Volume down";
      desktop = "XF86AudioLowerVolume";
      niri = dms [
        "audio"
        "decrement"
        "3"
      ];
      allowWhenLocked = true;
    }
    {
      action = "mute";
      what = "Mute / unmute";
      desktop = "XF86AudioMute";
      niri = dms [
        "audio"
        "mute"
      ];
      allowWhenLocked = true;
    }
    {
      action = "mic-mute";
      what = "Mute / unmute the microphone";
      desktop = "XF86AudioMicMute";
      niri = dms [
        "audio"
        "micmute"
      ];
      allowWhenLocked = true;
    }
    {
      action = "brighter";
      what = "Screen brighter";
      desktop = "XF86MonBrightnessUp";
      niri = dms [
        "brightness"
        "increment"
        "5"
        ""
      ];
      allowWhenLocked = true;
    }
    {
      action = "darker";
      what = "Screen darker";
      desktop = "XF86MonBrightnessDown";
      niri = dms [
        "brightness"
        "decrement"
        "5"
        ""
      ];
      allowWhenLocked = true;
    }
  ];

  layers = [
    "desktop"
    "terminal"
    "editor"
  ];

  letters = s: genList (i: builtins.substring i 1 s) (builtins.stringLength s);
  lower = replaceStrings (letters "ABCDEFGHIJKLMNOPQRSTUVWXYZ") (letters "abcdefghijklmnopqrstuvwxyz");

  # What makes two keys the same key in a layer: niri and Zellij do not tell
  # upper from lower case (Shift is written out); Neovim does, per mode.
  keyIdentity =
    layer: row:
    if layer == "editor" then "${row.mode or "n"} ${row.editor}" else lower row.${layer};

  inLayer = layer: filter (row: row ? ${layer}) rows;

  # { <layer> = { <key> = [ <action> … ]; }; } for keys used by more than one row.
  conflictsIn =
    rows:
    listToAttrs (
      map (layer: {
        name = layer;
        value =
          let
            byKey = groupBy (keyIdentity layer) (filter (row: row ? ${layer}) rows);
          in
          listToAttrs (
            concatMap (
              key:
              if length byKey.${key} > 1 then
                [
                  {
                    name = key;
                    value = map (row: row.action) byKey.${key};
                  }
                ]
              else
                [ ]
            ) (attrNames byKey)
          );
      }) layers
    );
  conflicts = conflictsIn rows;

  # niri-flake's programs.niri.settings.binds.
  niri = listToAttrs (
    map (row: {
      name = row.desktop;
      value = {
        action = row.niri;
        hotkey-overlay.title = row.overlay or row.what;
      }
      // (if row.allowWhenLocked or false then { allow-when-locked = true; } else { })
      // (if row.repeat or true then { } else { repeat = false; });
    }) (filter (row: row ? niri) (inLayer "desktop"))
  );

  # Zellij's `keybinds` block. `shared` applies in every mode, Locked included,
  # so these keys work while Zellij passes everything else to the program inside.
  zellij =
    let
      bind = row: "        bind \"${row.terminal}\" { ${row.zellij} }";
    in
    concatStringsSep "\n" (
      [
        "keybinds {"
        "    shared {"
      ]
      ++ map bind (filter (row: row ? zellij) (inLayer "terminal"))
      ++ [
        "    }"
        "}"
      ]
    )
    + "\n";

  # nixvim's `keymaps`.
  nixvim = map (row: {
    mode = row.mode or "n";
    key = row.editor;
    action = row.nvim;
    options.desc = row.what;
  }) (filter (row: row ? nvim) (inLayer "editor"));

  # The table in docs/keybindings.md; ¹ marks a key the program has by itself.
  own = layer: row: layer == "editor" && !(row ? nvim) || layer == "terminal" && !(row ? zellij);
  cell =
    layer: row:
    if row ? ${layer} then
      "`${replaceStrings [ "|" ] [ "\\|" ] row.${layer}}`"
      + (if own layer row then " ¹" else "")
    else
      "";
  markdown = concatStringsSep "\n" (
    [
      "| action | what it does | desktop (niri) | terminal (Zellij) | editor (Neovim) |"
      "| --- | --- | --- | --- | --- |"
    ]
    ++ map (
      row:
      "| ${row.action} | ${row.what} | "
      + concatStringsSep " | " (map (layer: cell layer row) layers)
      + " |"
    ) rows
  )
  + "\n";
in
{
  inherit
    rows
    layers
    conflictsIn
    conflicts
    niri
    zellij
    nixvim
    markdown
    ;
}
