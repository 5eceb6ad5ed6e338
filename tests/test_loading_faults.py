"""Tokenizer files that would change or break the analysis: stored truncation and padding, two
SentencePiece models in one folder, tokenizers that fail while encoding; and the Vocabulary."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from tokenizers import Tokenizer, models, pre_tokenizers

from tests.cli_helpers import run, run_json
from tokscope.errors import SourceError, TokenizerError
from tokscope.loading.sources import LoadedTokenizer, load

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpora" / "python"

TRUNCATION = {"max_length": 4, "stride": 0, "strategy": "LongestFirst", "direction": "Right"}
PADDING = {
    "strategy": {"Fixed": 64},
    "direction": "Right",
    "pad_to_multiple_of": None,
    "pad_id": 0,
    "pad_type_id": 0,
    "pad_token": "[PAD]",
}


def with_settings(small_dir: Path, target: Path, **settings: object) -> Path:
    """A copy of the trained byte-level BPE with ``settings`` stored in its tokenizer.json."""
    data = json.loads((small_dir / "byte-bpe" / "tokenizer.json").read_text(encoding="utf-8"))
    data.update(settings)
    target.mkdir()
    (target / "tokenizer.json").write_text(json.dumps(data), encoding="utf-8")
    return target


def one_line_error(result: object, *needles: str) -> str:
    """Exit 2, one line on stderr, no traceback; the line."""
    assert getattr(result, "exit_code", None) == 2, getattr(result, "output", "")
    stderr = getattr(result, "stderr", "")
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


def total_tokens(spec: Path) -> int:
    out = run_json(["stats", str(SOURCE), "-t", str(spec), "-j", "1", "--no-lex"])
    return int(out["tokenizers"][0]["overall"]["tokens"])


def test_stored_truncation_and_padding_are_switched_off(small_dir: Path, tmp_path: Path) -> None:
    plain = total_tokens(small_dir / "byte-bpe")
    cut = with_settings(small_dir, tmp_path / "cut", truncation=TRUNCATION)
    padded = with_settings(small_dir, tmp_path / "padded", padding=PADDING)
    assert total_tokens(cut) == plain
    assert total_tokens(padded) == plain
    loaded = load(str(cut))
    assert [s.name for s in loaded.switched_off] == ["truncation"]
    assert json.loads(loaded.switched_off[0].value)["max_length"] == 4
    assert loaded.tokenizer.truncation is None


def test_diff_draws_no_padding(small_dir: Path, tmp_path: Path) -> None:
    padded = with_settings(small_dir, tmp_path / "padded", padding=PADDING)
    text = "x = 1\n"
    got = run_json(["diff", "-", "-t", str(padded)], stdin=text)
    want = run_json(["diff", "-", "-t", str(small_dir / "byte-bpe")], stdin=text)
    assert got["tokenizers"][0]["tokens"] == want["tokenizers"][0]["tokens"]
    assert "[PAD]" not in json.dumps(got["tokenizers"][0]["tokens"])


def test_inspect_shows_what_was_switched_off(small_dir: Path, tmp_path: Path) -> None:
    both = with_settings(small_dir, tmp_path / "both", truncation=TRUNCATION, padding=PADDING)
    result = run(["inspect", str(both), "--width", "200"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if x.strip().startswith("switched off"))
    assert '"max_length": 4' in line and "truncation" in line
    assert "padding" in line
    assert '"pad_token":"[PAD]"' in "".join(result.stdout.split())  # markup-like text shown as is
    plain = run(["inspect", str(small_dir / "byte-bpe"), "--width", "200"])
    assert "switched off" not in plain.stdout


def test_two_sentencepiece_models_name_both(tmp_path: Path) -> None:
    (tmp_path / "a.model").write_bytes(b"x")
    (tmp_path / "b.model").write_bytes(b"y")
    with pytest.raises(SourceError, match=r"has 2 SentencePiece \.model files \('a\.model', "):
        load(str(tmp_path))
    one_line_error(run(["inspect", str(tmp_path)]), "'b.model'", "give the path")


def no_unk_word_level(folder: Path) -> Path:
    """A WordLevel tokenizer without an unknown token: any word it lacks fails to encode."""
    tok = Tokenizer(models.WordLevel({"x": 0, "=": 1}))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    folder.mkdir()
    tok.save(str(folder / "tokenizer.json"))
    return folder


def test_a_tokenizer_failing_to_encode_is_one_line_in_diff(tmp_path: Path) -> None:
    spec = no_unk_word_level(tmp_path / "words")
    line = one_line_error(run(["diff", "-", "-t", str(spec)], stdin="x = y\n"), "'words'")
    assert "failed while encoding" in line and "Missing [UNK]" in line
    with pytest.raises(TokenizerError):
        load(str(spec)).encode_batch(["x = y"])
    assert TokenizerError.reason == "tokenizer-error"


def test_the_vocabulary_reads_every_id(small: dict[str, LoadedTokenizer]) -> None:
    for tok in small.values():
        t = tok.tokenizer
        vocab = tok.vocabulary
        assert tok.vocabulary is vocab  # built once
        by_id = {i: s for s, i in t.get_vocab(with_added_tokens=False).items()}
        by_id.update({i: a.content for i, a in t.get_added_tokens_decoder().items()})
        assert dict(vocab.entries) == by_id
        assert vocab.size == max(by_id) + 1
        assert list(vocab.contents) == [
            tok.entries.content(i, s) for i, s in enumerate(vocab.tokens)
        ]
        added = t.get_added_tokens_decoder()
        assert vocab.added_ids == frozenset(added)
        assert vocab.special_ids == frozenset(i for i, a in added.items() if a.special)
        unk = vocab.unk_id
        assert unk is None or vocab.tokens[unk] in ("<unk>", "[UNK]")


def test_a_pickled_tokenizer_leaves_its_vocabulary_behind(
    small: dict[str, LoadedTokenizer],
) -> None:
    tok = small["byte-bpe"]
    assert tok.vocabulary.size > 0
    copy = pickle.loads(pickle.dumps(tok))
    assert "vocabulary" not in copy.__dict__
    assert copy.vocabulary.tokens == tok.vocabulary.tokens
