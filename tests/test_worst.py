"""The worst files: a bounded top-k that merges in any grouping and order, and the files it
names on a corpus built so that the worst is known."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from tests.cli_helpers import run
from tokscope.stats.worst import WORST_KEPT, Row, WorstFiles

rows = st.lists(
    st.builds(
        Row,
        st.sampled_from(["a.py", "b.py", "c.py", "d.py", "A.py"]),
        st.integers(0, 40),
        st.integers(1, 40),
        st.integers(0, 5),
    ),
    max_size=20,
)


def _one_by_one(items: list[Row]) -> WorstFiles:
    worst = WorstFiles()
    for r in items:
        worst.add(*r)
    return worst


@given(items=rows, data=st.data())
@example(items=[Row("b.py", 1, 2, 0), Row("a.py", 2, 4, 0)], data=None)
def test_any_grouping_and_order_gives_the_same_top(items: list[Row], data: st.DataObject) -> None:
    whole = _one_by_one(items)
    assert len(whole.dense) <= WORST_KEPT and len(whole.lossy) <= WORST_KEPT
    cuts = sorted(data.draw(st.lists(st.integers(0, len(items)))) if data else [1])
    parts = [items[i:j] for i, j in zip([0, *cuts], [*cuts, len(items)])]
    if data:
        parts = data.draw(st.permutations(parts))
    merged = WorstFiles()
    for part in parts:
        batch = WorstFiles()
        batch.add_many(
            [r.file for r in part],
            np.array([r.tokens for r in part], dtype=np.int64),
            np.array([r.bytes for r in part], dtype=np.int64),
            np.array([r.lost for r in part], dtype=np.int64),
        )
        merged.merge(batch)
    assert merged == whole


@given(items=rows)
def test_the_top_is_the_best_by_exact_ratio_then_name(items: list[Row]) -> None:
    worst = _one_by_one(items)
    expected = sorted(items, key=lambda r: (-r.tokens / r.bytes, r.file, r.tokens, r.bytes))
    assert [(r.tokens / r.bytes, r.file) for r in worst.dense] == [
        (r.tokens / r.bytes, r.file) for r in expected[:WORST_KEPT]
    ]
    lossy = sorted((r for r in items if r.lost), key=lambda r: (-r.lost, r.file))
    assert [(r.lost, r.file) for r in worst.lossy] == [(r.lost, r.file) for r in lossy[:WORST_KEPT]]


def test_equal_ratios_go_to_the_first_name() -> None:
    worst = _one_by_one([Row("b.py", 1, 2, 0), Row("a.py", 2, 4, 0), Row("c.py", 1, 3, 0)])
    assert [r.file for r in worst.dense] == ["a.py", "b.py", "c.py"]
    assert worst.lossy == []


def test_stats_names_the_files_built_to_be_worst(small_dir: Path, tmp_path: Path) -> None:
    plain = "def area(width, height):\n    return width * height\n" * 3
    (tmp_path / "plain.py").write_text(plain)
    (tmp_path / "rare.py").write_text("# 漢字仮名交じり文 ☃ ✈ 🀄 ꙮ\n" * 5)  # one byte, one token
    (tmp_path / "spaces.py").write_text("x = 1" + " " * 100 + "# far\n")  # a run it collapses
    args = ["stats", str(tmp_path), "-t", str(small_dir / "byte-bpe")]
    args += ["-t", str(small_dir / "collapsing"), "--reference", "byte-bpe", "--json"]
    result = run(args)
    assert result.exit_code == 0, result.output
    bpe, collapsing = (t["worst_files"] for t in json.loads(result.stdout)["tokenizers"])
    assert bpe["tokens_per_byte"][0]["file"].endswith("rare.py")
    assert bpe["bytes_lost"] == []  # byte-level BPE round-trips every file
    lost = collapsing["bytes_lost"]
    assert lost[0]["file"].endswith("spaces.py")
    assert lost[0]["bytes_lost"] >= 99  # at least the run but one space
    assert len({w["file"] for w in bpe["tokens_per_byte"]}) == 3
