"""Shell completion scripts for bash, zsh and fish, generated from the command tree.

The scripts are static: a Tab completes commands and options without running panther. Only
the places that take a host name ask `panther hosts --names`, which answers from the fleet's
snapshot without loading anything heavy. Regenerate a script after upgrading panther.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Positional arguments that name a fleet host (or, for some, a report file).
HOST_ARGUMENTS = {"host", "target", "a", "b"}
# Options whose value is a path.
PATH_OPTIONS = {"--fleet", "--report", "--disko", "--output", "-o", "--corpus"}

SHELLS = ("bash", "zsh", "fish")


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]  # ("storage", "check")
    help: str
    options: tuple[str, ...]  # every spelling, flags and value options alike
    value_options: tuple[str, ...]  # options that take a value
    hosts: bool  # a positional argument takes a host name
    children: tuple[str, ...] = field(default=())


def command_tree(root: Any) -> list[Command]:
    """Every command and group below a click command (typer's get_command), depth first."""
    found: list[Command] = []

    def walk(command: Any, path: tuple[str, ...]) -> None:
        options: list[str] = []
        values: list[str] = []
        hosts = False
        for param in command.params:
            if param.param_type_name == "option":
                spellings = [*param.opts, *param.secondary_opts]
                options += spellings
                if not param.is_flag:
                    values += spellings
            elif param.name in HOST_ARGUMENTS:
                hosts = True
        children = tuple(sorted(getattr(command, "commands", {})))
        text = (command.help or command.short_help or "").strip().splitlines()
        found.append(
            Command(
                path,
                text[0] if text else "",
                (*options, "--help"),
                tuple(values),
                hosts,
                children,
            )
        )
        for name in children:
            walk(command.commands[name], (*path, name))

    walk(root, ())
    return found


def _word(path: tuple[str, ...]) -> str:
    return "_".join(path) or "root"


def bash(tree: list[Command]) -> str:
    known = "|".join(f'"{" ".join(c.path)}"' for c in tree if c.path)
    cases = []
    for c in tree:
        key = " ".join(c.path)
        cases.append(
            f'    "{key}") words="{" ".join(c.children + c.options)}"; '
            f'values="{" ".join(c.value_options)}"; hosts={int(c.hosts)} ;;'
        )
    return f"""# bash completion for panther (panther completion bash)
_panther() {{
  local cur prev path="" next i word words values hosts
  cur="${{COMP_WORDS[COMP_CWORD]}}"
  prev="${{COMP_WORDS[COMP_CWORD-1]}}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="${{COMP_WORDS[i]}}"
    [[ $word == -* ]] && continue
    next="${{path:+$path }}$word"
    case "$next" in
      {known}) path="$next" ;;
    esac
  done
  case "$path" in
{chr(10).join(cases)}
    *) return ;;
  esac
  if [[ " $values " == *" $prev "* ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
    return
  fi
  if [[ $cur != -* && $hosts == 1 ]]; then
    COMPREPLY=($(compgen -W "$(panther hosts --names 2>/dev/null)" -- "$cur")
      $(compgen -f -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}}
complete -F _panther panther
"""


def zsh(tree: list[Command]) -> str:
    # zsh runs the bash function through bashcompinit: one logic, two shells.
    return (
        "#compdef panther\n# zsh completion for panther (panther completion zsh)\n"
        "autoload -Uz bashcompinit && bashcompinit\n" + bash(tree).split("\n", 1)[1]
    )


def _fish_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("'", "\\'")


def _fish_condition(command: Command) -> str:
    """True in fish when the command line is at `command` (and not yet in one of its children)."""
    if not command.path:
        return "__fish_use_subcommand"
    parts = [f"__fish_seen_subcommand_from {name}" for name in command.path]
    if command.children:
        parts.append(f"not __fish_seen_subcommand_from {' '.join(command.children)}")
    return "; and ".join(parts)


def fish(tree: list[Command]) -> str:
    by_path = {c.path: c for c in tree}
    lines = ["# fish completion for panther (panther completion fish)", "complete -c panther -f"]
    for c in tree:
        condition = _fish_condition(c)
        for child in c.children:
            help_text = _fish_escape(by_path[(*c.path, child)].help)
            lines.append(f"complete -c panther -n '{condition}' -a {child} -d '{help_text}'")
        for option in c.options:
            if option.startswith("--"):
                flag = f"-l {option[2:]}"
            elif len(option) == 2 and option.startswith("-"):
                flag = f"-s {option[1:]}"
            else:
                continue
            needs = " -r -F" if option in c.value_options else ""
            lines.append(f"complete -c panther -n '{condition}' {flag}{needs}")
        if c.hosts:
            lines.append(
                f"complete -c panther -n '{condition}' -a '(panther hosts --names 2>/dev/null)'"
                " -d host"
            )
    return "\n".join(lines) + "\n"


def script(shell: str, root: Any) -> str:
    tree = command_tree(root)
    return {"bash": bash, "zsh": zsh, "fish": fish}[shell](tree)
