"""`storage check --disko F` evaluates a file someone else wrote: what it may not do.

Each config here is valid Nix that a disko file has no business running; the evaluation is
restricted to the file's folder, offline, with an empty environment and capped time and memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pantheros.errors import InputError
from pantheros.nix import cli as nix
from pantheros.storage.check import evaluate_disko
from tests.conftest import REAL_REPORTS, real_report, run_panther

pytestmark = pytest.mark.skipif(not nix.available(), reason="nix-instantiate is not installed")

DISK = (
    '{{ disko.devices.disk.main = {{ type = "disk"; device = {device}; '
    'content = {{ type = "gpt"; partitions = {{ }}; }}; }}; }}\n'
)


def config(tmp_path: Path, device: str, name: str = "disko.nix") -> Path:
    path = tmp_path / name
    path.write_text(DISK.format(device=device))
    return path


def test_reading_a_file_outside_its_folder_is_refused(tmp_path: Path) -> None:
    path = config(tmp_path, 'builtins.readFile "/etc/passwd"')
    with pytest.raises(InputError) as caught:
        evaluate_disko(path)
    assert "reaches outside its folder" in caught.value.message
    assert "root:" not in caught.value.one_line()


def test_the_cli_says_the_same_and_shows_nothing_of_the_file(tmp_path: Path) -> None:
    path = config(tmp_path, 'builtins.readFile "/etc/passwd"')
    done = run_panther(
        "storage", "check", "--disko", str(path), "--report", str(real_report(REAL_REPORTS[2]))
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert (
        "reaches outside its folder" in done.stderr and "root:x:" not in done.stdout + done.stderr
    )


def test_a_sibling_file_may_be_imported(tmp_path: Path) -> None:
    (tmp_path / "device.nix").write_text('"/dev/disk/by-id/nvme-x"\n')
    devices, _ = evaluate_disko(config(tmp_path, "import ./device.nix"))
    assert devices["disk"]["main"]["device"] == "/dev/disk/by-id/nvme-x"


def test_the_environment_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PANTHER_SECRET_FOR_TEST", "hunter2")
    devices, _ = evaluate_disko(config(tmp_path, 'builtins.getEnv "PANTHER_SECRET_FOR_TEST"'))
    assert devices["disk"]["main"]["device"] == ""


def test_nothing_is_fetched(tmp_path: Path) -> None:
    path = config(tmp_path, 'builtins.fetchurl "http://127.0.0.1:9/x"')
    with pytest.raises(InputError, match="reaches outside its folder"):
        evaluate_disko(path)


def test_nothing_is_built_or_written_to_the_store(tmp_path: Path) -> None:
    path = config(tmp_path, 'builtins.readFile (builtins.toFile "x" "/dev/sda")')
    with pytest.raises(InputError):
        evaluate_disko(path)


def test_memory_is_capped(tmp_path: Path) -> None:
    path = config(tmp_path, "toString (builtins.genList (x: x) 200000000)")
    with pytest.raises(InputError) as caught:
        evaluate_disko(path)
    assert "MiB of memory" in caught.value.message and caught.value.location == str(path)


def test_time_is_capped_and_the_file_is_named(tmp_path: Path) -> None:
    slow = (
        'let f = n: if n == 0 then "x" else '
        "builtins.seq (builtins.genList (x: x) 1000) (f (n - 1)); in f 100000000"
    )
    path = config(tmp_path, slow)
    with pytest.raises(InputError) as caught:
        nix.eval_untrusted_json(f"import {path}", subject=path, allowed=tmp_path, timeout=1)
    assert "longer than 1 s" in caught.value.message
    assert caught.value.location == str(path) and "nix-instantiate" in (caught.value.fix or "")
