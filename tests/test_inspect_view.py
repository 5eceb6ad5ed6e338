"""What ``inspect`` shows: every file a tokenizer was read from, a ``Split`` pre-tokenizer's
pattern and flags, and the same sections as Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from tokenizers import Regex, pre_tokenizers

from tests import trained
from tests.cli_helpers import run
from tokscope.inspection import describe
from tokscope.loading.sources import load


def test_a_vocab_and_merges_folder_lists_both_files(small_dir: Path) -> None:
    result = run(["inspect", str(small_dir / "byte-bpe-files"), "--markdown"])
    assert result.exit_code == 0, result.output
    (source,) = [line for line in result.stdout.splitlines() if line.startswith("| source |")]
    assert "vocab.json" in source and "merges.txt" in source


def test_markdown_has_every_section_of_the_terminal(small_dir: Path) -> None:
    spec = str(small_dir / "byte-bpe")
    markdown = run(["inspect", spec, "--markdown"]).stdout
    terminal = run(["inspect", spec, "--width", "200"]).stdout
    titles = re.findall(r"^## (.*)$", markdown, re.M)
    assert titles == [
        "Tokenizers",
        "Vocabulary parameters (vocab with added tokens x hidden)",
        "Where the parameter figures come from",
    ]
    for title in titles:
        assert title in terminal
    assert "| vocab (base) |" in markdown


def test_a_split_pre_tokenizer_shows_its_regex_and_flags(tmp_path: Path) -> None:
    tok = trained.byte_level_bpe()
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(r" ?[A-Za-z_]+| +(?! )"), behavior="merged_with_next"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    trained.save_tokenizer_json(tok, tmp_path / "split")
    facts = describe(load(str(tmp_path / "split")))
    assert "Split(regex ` ?[A-Za-z_]+| +(?! )`, behavior=MergedWithNext, invert=false)" in (
        facts.pre_tokenizer
    )
    assert facts.pre_tokenizer.endswith(
        "ByteLevel(add_prefix_space=false, trim_offsets=true, use_regex=false)"
    )
