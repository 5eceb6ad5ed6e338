"""tiktoken encodings as ``tokenizers`` tokenizers: the ids equal tiktoken's own
``encode_ordinary``, on small encodings these tests build (the real files cannot be downloaded
here) with the real encodings' split patterns; loading by name through tiktoken, from a
``.tiktoken`` file, and the errors a user can act on."""

from __future__ import annotations

import base64
import json
import os
import sys
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests import trained
from tests.cli_helpers import run, run_json
from tokscope.errors import SourceError
from tokscope.loading.entries import unicode_to_bytes
from tokscope.loading.sources import load
from tokscope.loading.tiktoken_format import convert, is_tiktoken_spec, onig_pattern
from tokscope.testing.strategies import code_text, runs_in_context
from tokscope.whitespace.kinds import KINDS, MAX_MAX_RUN, POSITIONS

try:
    import tiktoken
    import tiktoken_ext.openai_public as openai_public
except ImportError:  # the `tiktoken` extra; CI installs it through `dev`
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        raise
    pytest.skip("needs tiktoken: pip install 'tokscope[tiktoken]'", allow_module_level=True)

NAMES = ("r50k_base", "p50k_base", "cl100k_base", "o200k_base")
CHOSEN = [b"  ", b"    ", b"        ", b"\n\n", b"\n    ", b"aa", b"aaa", b"aaaa", b"==", b"===",
          b"\t\t", b" =", b"ab", b"ba", b"aba", b"bab"]  # fmt: skip
"""Tokens added to the trained ones: whitespace runs, and tokens with several splits."""


@lru_cache(maxsize=1)
def small_ranks() -> dict[bytes, int]:
    """Every byte, then the merges of a small byte-level BPE trained on corpora/, then
    :data:`CHOSEN` (each with its pieces), each token ranked by the order it was made in."""
    tok = trained.byte_level_bpe(vocab_size=600)
    inverse = unicode_to_bytes()
    ranks = {bytes([b]): b for b in range(256)}

    def add(token: bytes) -> None:
        if token not in ranks:
            ranks[token] = len(ranks)

    merges = json.loads(tok.to_str())["model"]["merges"]
    for merge in merges:
        a, b = merge if isinstance(merge, list) else merge.split(" ")
        add(bytes(inverse[c] for c in a) + bytes(inverse[c] for c in b))
    for token in CHOSEN:
        for k in range(2, len(token) + 1):
            add(token[:k])
        add(token)
    return ranks


@cache
def real_pattern(name: str) -> tuple[str, dict[str, int]]:
    """The split pattern and special tokens of a real encoding, read from tiktoken's own
    definition without its rank file."""
    with mock.patch.object(openai_public, "load_tiktoken_bpe", return_value={}):
        spec = getattr(openai_public, name)()
    return spec["pat_str"], spec["special_tokens"]


def encodings(name: str) -> tuple[Any, Any]:
    """tiktoken's encoding with the small ranks and ``name``'s pattern, and its conversion."""
    pattern, specials = real_pattern(name)
    ranks = small_ranks()
    top = max(ranks.values()) + 1
    specials = {t: top + k for k, t in enumerate(sorted(specials))}
    enc = tiktoken.Encoding(
        name=f"small-{name}", pat_str=pattern, mergeable_ranks=ranks, special_tokens=specials
    )
    return enc, convert(ranks, pattern, specials)


@cache
def _cached(name: str) -> tuple[Any, Any]:
    return encodings(name)


def probes() -> Iterator[str]:
    """The whitespace probes of ``tokscope whitespace``: every kind of run, 1 to 64 units, in
    each of its positions."""
    for kind in KINDS.values():
        for position in kind.positions:
            p = POSITIONS[position]
            for k in range(1, MAX_MAX_RUN + 1):
                yield p.before + kind.run(k) + p.after


TEXT = st.one_of(
    code_text(),
    runs_in_context(),
    st.text(st.sampled_from("ab= \n\t"), max_size=16),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=24),
)


@pytest.mark.parametrize("name", NAMES)
@given(text=TEXT)
@example(text="aaaaa")
@example(text="ababab")
@example(text="x   \n\n    y")
@example(text="don't DON'T 12345 ü")
@example(text="0000")  # cl100k's \p{N}{1,3}+ is possessive: 000 + 0, not 00 + 00
@example(text="x = 1234567 + 89")
def test_ids_equal_encode_ordinary(name: str, text: str) -> None:
    enc, converted = _cached(name)
    assert converted.encode(text, add_special_tokens=False).ids == enc.encode_ordinary(text)


@pytest.mark.parametrize("name", NAMES)
def test_whitespace_probes_equal_encode_ordinary(name: str) -> None:
    enc, converted = _cached(name)
    texts = list(probes())
    got = [e.ids for e in converted.encode_batch(texts, add_special_tokens=False)]
    assert got == [enc.encode_ordinary(t) for t in texts]


def test_special_tokens_keep_their_ids() -> None:
    enc, converted = _cached("cl100k_base")
    text = "a<|endoftext|>b"
    assert converted.encode(text).ids == enc.encode(text, allowed_special="all")
    assert converted.decode(enc.encode_ordinary("def f():\n\treturn 1")) == "def f():\n\treturn 1"


def _write_rank_file(path: Path) -> Path:
    lines = [base64.b64encode(t) + b" " + str(r).encode() for t, r in small_ranks().items()]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_rank_file_with_explicit_pattern(tmp_path: Path) -> None:
    pattern, _ = real_pattern("cl100k_base")
    path = _write_rank_file(tmp_path / "small.tiktoken")
    tok = load(f"{path}#{pattern}")
    assert tok.name == "small" and tok.provenance.format == "tiktoken"
    assert tok.entries.byte_level
    enc = tiktoken.Encoding(
        name="small", pat_str=pattern, mergeable_ranks=small_ranks(), special_tokens={}
    )
    text = "def f(x):\n    return x  # done\n"
    assert tok.tokenizer.encode(text).ids == enc.encode_ordinary(text)
    assert is_tiktoken_spec(f"tiktoken:{path}#{pattern}")
    assert load(f"tiktoken:{path}#{pattern}").provenance.sha256 == tok.provenance.sha256


def test_rank_file_errors(tmp_path: Path) -> None:
    path = _write_rank_file(tmp_path / "small.tiktoken")
    with pytest.raises(SourceError, match="give its split pattern after '#'"):
        load(str(path))
    bad = tmp_path / "bad.tiktoken"
    bad.write_bytes(b"not-base64!! x\n")
    with pytest.raises(SourceError, match="line 1: expected 'BASE64 RANK'"):
        load(f"{bad}#\\S+")
    with pytest.raises(SourceError, match="cannot read tiktoken file"):
        load(f"{tmp_path / 'missing.tiktoken'}#\\S+")


@pytest.fixture()
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """tiktoken keeps loaded encodings in a module dict: start each test without them."""
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})


def test_named_encoding_loads_through_tiktoken(fresh_registry: None) -> None:
    with mock.patch.object(openai_public, "load_tiktoken_bpe", return_value=small_ranks()):
        tok = load("tiktoken:cl100k_base")
    pattern, specials = real_pattern("cl100k_base")
    enc = tiktoken.Encoding(
        name="x", pat_str=pattern, mergeable_ranks=small_ranks(), special_tokens=specials
    )
    assert tok.name == "cl100k_base"
    assert (
        tok.provenance.origin == "tiktoken"
        and tok.provenance.files[0].path == "tiktoken:cl100k_base"
    )
    assert tok.special_ids == frozenset(specials.values())
    text = "class A:\n\tdef f(self):  return 1\n"
    assert tok.tokenizer.encode(text).ids == enc.encode_ordinary(text)


def test_every_command_works_on_a_tiktoken_encoding(tmp_path: Path) -> None:
    pattern, _ = real_pattern("o200k_base")
    spec = f"{_write_rank_file(tmp_path / 'small.tiktoken')}#{pattern}"
    diff = run_json(["diff", "-", "-t", spec], stdin=b"def f():\n    return 1\n")
    assert diff["tokenizers"][0]["totals"]["round_trip"] is True
    vocab = run_json(["vocab", spec])["tokenizers"][0]
    assert vocab["statuses"]["reachable"]["entries"] > 0
    assert run(["inspect", spec]).exit_code == 0


def test_not_in_cache_offline_is_one_line(
    fresh_registry: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import requests

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    failing = mock.Mock(side_effect=requests.ConnectionError("Failed to resolve host"))
    with mock.patch.object(openai_public, "load_tiktoken_bpe", failing):
        result = run(["inspect", "tiktoken:o200k_base"])
    assert result.exit_code == 2
    assert "not in tiktoken's cache" in result.stderr and str(tmp_path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_encoding_and_missing_package(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SourceError, match=r"no encoding 'nope': known are .*cl100k_base"):
        load("tiktoken:nope")
    monkeypatch.setitem(sys.modules, "tiktoken", None)
    with pytest.raises(SourceError, match=r"pip install 'tokscope\[tiktoken\]'"):
        load("tiktoken:cl100k_base")


def test_a_rank_file_with_another_pattern_is_measured_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache tells one rank file's patterns apart: the pattern is part of the tokenizer."""
    monkeypatch.setenv("TOKSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    path = _write_rank_file(tmp_path / "small.tiktoken")
    corpus = Path(__file__).resolve().parent.parent / "corpora" / "python"
    results = {}
    for pattern in (r"\s+|\S+", "."):
        args = ["stats", str(corpus), "-t", f"x={path}#{pattern}", "--reference", "x", "--json"]
        warm = run([*args, "-v"])
        fresh = run([*args, "--no-cache"])
        assert warm.exit_code == fresh.exit_code == 0, (warm.output, fresh.output)
        assert warm.stdout == fresh.stdout
        assert "cache: 0 hits" in warm.stderr
        results[pattern] = warm.stdout
    assert results[r"\s+|\S+"] != results["."]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\p{N}{1,3}+", r"(?>\p{N}{1,3})"),
        (r"[{]{2}+|\{2}+", r"(?>[{]{2})|\{2}+"),  # a class holding "{"; an escaped "{"
        (r"(?i:ab|c){1,}+d*+", r"(?>(?i:ab|c){1,})d*+"),
        (r"a{3}b{2,4}", r"a{3}b{2,4}"),  # not possessive: as it is
        (r"(?<n>x{1,2}+)", r"(?<n>(?>x{1,2}))"),
    ],
)
def test_possessive_intervals_become_atomic_groups(pattern: str, expected: str) -> None:
    assert onig_pattern(pattern) == expected


@pytest.mark.parametrize("name", NAMES)
def test_every_real_pattern_splits_digits_as_tiktoken_does(name: str) -> None:
    enc, converted = _cached(name)
    for digits in ("0", "00", "0000", "1234567", "12 3456 789012"):
        assert converted.encode(digits, add_special_tokens=False).ids == enc.encode_ordinary(digits)
