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
    before = subprocess.run(["losetup", "-a"], capture_output=True, text=True).stdout
    result = bench.run_bench(size_bytes=8 * 1024**2, corpus_dir=corpus, rounds=1)
    after = subprocess.run(["losetup", "-a"], capture_output=True, text=True).stdout
    assert after == before
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
