"""The compression benchmark: a small real run (root) and its error paths."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from pantheros.errors import InputError
from pantheros.storage import bench, tools
from tests.conftest import needs_root  # conftest is loaded first


@needs_root
@pytest.mark.root
def test_small_bench_measures_and_cleans_up(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for index in range(40):
        (corpus / f"text{index}.txt").write_bytes(f"line {index} of a log file\n".encode() * 3000)
        (corpus / f"random{index}.bin").write_bytes(os.urandom(40_000))
    images = tmp_path / "images"
    images.mkdir()
    result = bench.run_bench(size_bytes=8 * 1024**2, corpus_dir=corpus, rounds=1, image_dir=images)
    # Only this run's loop device counts: other processes may attach theirs meanwhile.
    listed = subprocess.run(
        ["losetup", "--list", "--noheadings", "--output", "BACK-FILE"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(images) not in listed
    assert list(images.iterdir()) == []  # the image is gone too
    rows = {row.algorithm: row for row in result.rows}
    assert set(rows) == {"none", "lzo", "zstd:1", "zstd:3", "zstd:6"}
    assert rows["zstd:1"].used_bytes < rows["none"].used_bytes
    assert rows["zstd:3"].used_bytes <= rows["zstd:1"].used_bytes * 1.05
    assert all(row.write_mb_s > 0 and row.read_mb_s > 0 for row in result.rows)
    assert result.recommendation.startswith("zstd")
    assert result.model_dump_json()


def test_bench_refuses_without_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tools.os, "geteuid", lambda: 1000)
    with pytest.raises(InputError, match="needs root") as caught:
        bench.run_bench(size_bytes=4 * 1024**2)
    assert caught.value.fix


@pytest.mark.parametrize(("text", "expected"), [("384M", 384 * 1024**2), ("1G", 1024**3)])
def test_parse_size_arg(text: str, expected: int) -> None:
    assert bench.parse_size_arg(text) == expected


@pytest.mark.parametrize("text", ["lots", "1K", "100G"])
def test_parse_size_arg_rejects(text: str) -> None:
    with pytest.raises(InputError):
        bench.parse_size_arg(text)


def test_recommendation_prefers_zstd3_only_when_it_pays() -> None:
    def row(name: str, used: int, cpu: float) -> bench.BenchRow:
        return bench.BenchRow(
            algorithm=name, used_bytes=used, ratio=100 / used, write_seconds=1, write_mb_s=100,
            write_cpu_seconds=cpu, read_seconds=1, read_mb_s=100,
        )  # fmt: skip

    close = [row("none", 100, 1), row("zstd:1", 50, 1.0), row("zstd:3", 48, 1.1)]
    assert bench.recommend(close).startswith("zstd:1")
    far = [row("none", 100, 1), row("zstd:1", 50, 1.0), row("zstd:3", 40, 1.1)]
    assert bench.recommend(far).startswith("zstd:3")


@needs_root
@pytest.mark.root
def test_a_namespace_made_mid_bench_cannot_make_mkfs_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mkfs.btrfs … Device or resource busy`: a mount namespace created while a round's
    filesystem was mounted (nix-instantiate as root, a build sandbox, a systemd unit) kept a
    copy of it, so the next round's mkfs found the device still claimed. The bench mounts in
    a namespace of its own now."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for index in range(20):
        (corpus / f"t{index}.txt").write_bytes(f"row {index}\n".encode() * 5000)
    bystander = subprocess.Popen(
        ["bash", "-c", "read -r _; exec unshare --mount --propagation private bash -c "
         "'echo unshared; read -r _'"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert bystander.stdin is not None and bystander.stdout is not None
    real_sync = tools.filesystem_sync
    calls: list[Path] = []

    def sync_then_unshare(mountpoint: Path) -> None:
        real_sync(mountpoint)
        if not calls:  # the first round's filesystem is mounted right now
            assert bystander.stdin is not None and bystander.stdout is not None
            bystander.stdin.write("go\n")
            bystander.stdin.flush()
            assert bystander.stdout.readline().strip() == "unshared"
        calls.append(mountpoint)

    monkeypatch.setattr(tools, "filesystem_sync", sync_then_unshare)
    try:
        result = bench.run_bench(
            size_bytes=4 * 1024**2,
            corpus_dir=corpus,
            algorithms=("none", "zstd:1"),
            rounds=1,
            image_dir=tmp_path,
        )
    finally:
        bystander.stdin.close()
        bystander.wait(timeout=30)
    assert [row.algorithm for row in result.rows] == ["none", "zstd:1"]
    assert len(calls) == 2
    listed = subprocess.run(
        ["losetup", "--list", "--noheadings", "--output", "BACK-FILE"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(tmp_path) not in listed  # its loop device is gone
