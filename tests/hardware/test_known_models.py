"""The known-model table: it loads, and every module it names exists in nixos-hardware.

The names come from nixos-hardware's flake.nix: the checkout when PANTHER_NIXOS_HARDWARE_SRC
(or .tier/nixos-hardware) is there, else the list extracted from it at the cited commit
(nixos_hardware_modules.txt), which the checkout keeps honest.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pantheros.hardware.known_models import (
    TABLE_FILE,
    generic_modules,
    known_models,
    required_text,
)
from pantheros.hardware.nixos_hardware import (
    HEADER,
    FlakeModule,
    checkout_modules,
    parse_flake,
    read_list,
    render_list,
)
from pantheros.hardware.profile import Cpu, Disk, Gpu
from pantheros.hardware.quirks import QUIRKS

LIST = Path(__file__).with_name("nixos_hardware_modules.txt")
COMMIT = "0471accf8d0a8210b31d947497d179ecc99e0021"
CHECKOUT = os.environ.get("PANTHER_NIXOS_HARDWARE_SRC")


def flake_modules() -> dict[str, FlakeModule]:
    modules = checkout_modules(Path(CHECKOUT)) if CHECKOUT else read_list(LIST.read_text())
    return {m.name: m for m in modules}


def table_modules() -> dict[str, list[str]]:
    table = known_models()
    return {e.name: list(e.modules) for e in [*table.model, *table.family] if e.modules}


def test_every_module_in_the_table_exists_and_is_not_deprecated() -> None:
    flake = flake_modules()
    for entry, modules in table_modules().items():
        for module in modules:
            assert module in flake, f"{entry}: {module} is not in nixos-hardware's flake.nix"
            assert flake[module].status == "ok", f"{entry}: {module} is {flake[module].status}"


def test_notes_name_the_folder_of_their_module() -> None:
    """An entry whose note says `nixos-hardware <folder>` uses the module imported from it."""
    flake = flake_modules()
    table = known_models()
    for entry in table.model:
        match = re.match(r"nixos-hardware ([a-z0-9-]+/[^\s:,;]+)", entry.note)
        if match is None:
            continue
        paths = {(flake[m].path or "").removeprefix("./") for m in entry.modules}
        assert match.group(1) in paths, (entry.name, match.group(1), paths)


def test_the_list_is_the_cited_commits_flake() -> None:
    text = LIST.read_text()
    assert COMMIT in text
    assert f"commit {COMMIT}" in (Path(__file__).parents[2] / "docs" / "hardware.md").read_text()
    assert (
        COMMIT
        in (Path(__file__).parents[2] / "src" / "pantheros" / "hardware" / TABLE_FILE).read_text()
    )


@pytest.mark.skipif(CHECKOUT is None, reason="no nixos-hardware checkout (.tier/nixos-hardware)")
def test_the_checked_in_list_matches_the_checkout() -> None:
    assert CHECKOUT is not None
    fresh = render_list(checkout_modules(Path(CHECKOUT)), header=HEADER)
    body = [line for line in fresh.splitlines() if not line.startswith("#")]
    kept = [line for line in LIST.read_text().splitlines() if not line.startswith("#")]
    assert body == kept, (
        "tests/hardware/nixos_hardware_modules.txt is out of date: run "
        "python -m pantheros.hardware.nixos_hardware CHECKOUT COMMIT > it"
    )


def test_parse_flake_reads_imports_deprecations_and_removals() -> None:
    text = """{
  outputs = { self, ... }: {
    nixosModules =
      let
        deprecated = issue: name: value: builtins.trace "warning: ${name} in" value;
        import = path: path;
      in
      {
        a-one = import ./a/one;
        b-two = deprecated "12" "b-two" (
          import ./b/two
        );
        # a comment; with a semicolon
        c-gone = throw "c-gone has been removed; use a-one";
        d-file = import ./d/file.nix;
      };
    formatter = 1;
  };
}"""
    assert parse_flake(text) == [
        FlakeModule("a-one", "./a/one", "ok"),
        FlakeModule("b-two", "./b/two", "deprecated"),
        FlakeModule("c-gone", None, "removed"),
        FlakeModule("d-file", "./d/file.nix", "ok"),
    ]


def test_table_loads_quirks_and_fallbacks() -> None:
    table = known_models()
    assert len(table.model) > 200, "the table covers the common NixOS machines"
    for entry in table.model:
        assert entry.note
        assert entry.board is not None or (entry.vendor and entry.product), entry.name
        if not entry.modules:
            assert entry.exact is False, f"{entry.name}: generic fallback cannot be exact"
    for entry in [*table.model, *table.family]:
        assert set(entry.quirks) <= set(QUIRKS)
    for family in table.family:
        assert not family.modules or family.note, f"{family.name}: say why it is not exact"


def _disk(rotational: bool | None) -> Disk:
    return Disk(
        name="sda",
        model=None,
        device="/dev/sda",
        by_id=None,
        bus="sata",
        rotational=rotational,
        size_bytes=1,
    )


def _gpu(vendor: str, kind: str, passthrough: bool = False) -> Gpu:
    return Gpu(
        vendor=vendor,  # type: ignore[arg-type]
        name=None,
        device_id=None,
        driver=None,
        kind=kind,  # type: ignore[arg-type]
        pci_address=None,
        bus_id=None,
        passthrough=passthrough,
    )


def test_generic_fallback_names_exist_and_are_current() -> None:
    flake = flake_modules()
    seen: set[str] = set()
    for cpu_vendor in ("intel", "amd", "arm", "other"):
        for gpus in (
            [],
            [_gpu("intel", "integrated")],
            [_gpu("amd", "integrated"), _gpu("nvidia", "discrete")],
            [_gpu("amd", "integrated"), _gpu("nvidia", "discrete", passthrough=True)],
        ):
            for hybrid in (False, True):
                for form in ("laptop", "desktop", "server", "vm", "board"):
                    for disks in ([], [_disk(False)], [_disk(True)], [_disk(None)]):
                        cpu = Cpu(
                            vendor=cpu_vendor,  # type: ignore[arg-type]
                            model=None,
                            cores=None,
                            threads=None,
                            microcode=None,
                        )
                        modules, _ = generic_modules(cpu, gpus, hybrid, form, disks, cppc=True)  # type: ignore[arg-type]
                        seen.update(modules)
    assert all(flake[m].status == "ok" for m in seen), sorted(seen)
    assert {"common-pc-laptop", "common-pc-ssd", "common-gpu-nvidia"} <= seen


def test_vm_and_board_need_no_generic_modules() -> None:
    cpu = Cpu(vendor="amd", model=None, cores=None, threads=None, microcode=None)
    assert generic_modules(cpu, [], False, "vm", [], cppc=False)[0] == []
    assert generic_modules(cpu, [], False, "board", [], cppc=False)[0] == []


def test_a_passed_through_gpu_gets_no_driver_module() -> None:
    cpu = Cpu(vendor="amd", model=None, cores=None, threads=None, microcode=None)
    gpus = [_gpu("amd", "integrated"), _gpu("nvidia", "discrete", passthrough=True)]
    modules, why = generic_modules(cpu, gpus, False, "desktop", [], cppc=False)
    assert not any("nvidia" in m for m in modules)
    assert "vfio-pci" in why


def test_every_pattern_in_the_table_compiles() -> None:
    """The table is read without compiling its patterns (each compiles when first needed)."""
    table = known_models()
    for entry in [*table.model, *table.family]:
        for pattern in (entry.vendor, entry.product, entry.cpu_model):
            if pattern is not None:
                re.compile(pattern, re.IGNORECASE)


PRODUCT_PATTERNS = sorted(
    {e.product for e in [*known_models().model, *known_models().family] if e.product}
)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_a_product_without_the_required_text_cannot_match(data: st.DataObject) -> None:
    """The prefilter is exact: every string a pattern matches contains its required text."""
    pattern = data.draw(st.sampled_from(PRODUCT_PATTERNS))
    required = required_text(pattern)
    if required is None:
        return
    text = data.draw(st.from_regex(re.compile(pattern, re.IGNORECASE)))
    assert required in text.casefold(), (pattern, text)


def test_required_text_reads_only_what_every_match_has() -> None:
    assert required_text("^Laptop( 13)? \\(12th Gen") == "laptop"
    assert required_text("\\bEliteBook 845 (1[3-6] inch )?G9") == "elitebook 845 "
    assert required_text("ThinkPad X1 Yoga Gen ?8") == "thinkpad x1 yoga gen"
    assert required_text("Zephyrus|Strix") is None
    assert required_text("^ROG |Zephyrus") is None
    assert required_text("\\d+ Book") is None
    assert sum(required_text(p) is not None for p in PRODUCT_PATTERNS) > 250
