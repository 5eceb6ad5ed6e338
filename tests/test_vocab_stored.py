"""Reachability kept in the cache (``tokscope.vocab.stored``): a stored result is the computed
one, it is found again only for the same tokenizer and code, damage is recomputed, and
``vocab``/``report`` give the same output with and without it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cache_rows import records
from tests.cli_helpers import run, specs
from tokscope.cache import Store
from tokscope.loading.sources import LoadedTokenizer
from tokscope.overlap import Categorizer, code_keywords, normalise
from tokscope.vocab import stored
from tokscope.vocab.reachability import Reachability, reachability
from tokscope.vocab.stored import (
    decode_reachability,
    encode_reachability,
    reachability_key,
    stored_reachability,
)

DESIGNS = ("byte-bpe", "space-runs", "collapsing", "wordpiece")


def _computed(tok: LoadedTokenizer) -> tuple[Any, Reachability]:
    vocab = normalise(tok, Categorizer(code_keywords().words))
    return vocab, reachability(tok, vocab)


def _fields(reach: Reachability) -> tuple[Any, ...]:
    """Everything a reachability holds, in order (dict order included)."""
    return (list(reach.status.items()), list(reach.encodes_to.items()), reach.context)


@pytest.mark.parametrize("design", DESIGNS)
def test_a_stored_reachability_is_the_computed_one(
    small: dict[str, LoadedTokenizer], design: str
) -> None:
    _, reach = _computed(small[design])
    back = decode_reachability(encode_reachability(reach))
    assert back is not None
    assert _fields(back) == _fields(reach)


def test_the_space_run_design_round_trips_its_unreachable_entries(
    small: dict[str, LoadedTokenizer],
) -> None:
    _, reach = _computed(small["space-runs"])
    assert reach.encodes_to  # the case worth storing: entries with what they encode to
    back = decode_reachability(encode_reachability(reach))
    assert back is not None and back.encodes_to == reach.encodes_to


@pytest.mark.parametrize("damage", [b"", b"not zlib", b"x\x9c\x03\x00\x00\x00\x00\x01"])
def test_damaged_bodies_are_not_read(damage: bytes) -> None:
    assert decode_reachability(damage) is None


def test_a_body_of_another_format_is_not_read(small: dict[str, LoadedTokenizer]) -> None:
    import zlib

    _, reach = _computed(small["byte-bpe"])
    body = json.loads(zlib.decompress(encode_reachability(reach)))
    body[0] = stored.FORMAT + 1
    assert decode_reachability(zlib.compress(json.dumps(body).encode())) is None


def test_the_second_call_is_served_from_the_store(
    small: dict[str, LoadedTokenizer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tok = small["collapsing"]
    vocab, reach = _computed(tok)
    store = Store(tmp_path, max_size=10**8)
    first = stored_reachability(tok, vocab, store)
    assert _fields(first) == _fields(reach)
    assert store.get(reachability_key(tok)) is not None

    def computed(*_args: Any) -> Reachability:
        raise AssertionError("computed again although stored")

    monkeypatch.setattr(stored, "reachability", computed)
    assert _fields(stored_reachability(tok, vocab, store)) == _fields(reach)


def test_a_damaged_entry_is_computed_and_stored_again(
    small: dict[str, LoadedTokenizer], tmp_path: Path
) -> None:
    tok = small["wordpiece"]
    vocab, reach = _computed(tok)
    store = Store(tmp_path, max_size=10**8)
    store.put(reachability_key(tok), b"garbage")
    assert _fields(stored_reachability(tok, vocab, store)) == _fields(reach)
    data = store.get(reachability_key(tok))
    assert data is not None and decode_reachability(data) is not None


def test_the_key_follows_the_tokenizer_and_the_code(
    small: dict[str, LoadedTokenizer], monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = {reachability_key(small[d]) for d in DESIGNS}
    assert len(keys) == len(DESIGNS)
    before = reachability_key(small["byte-bpe"])
    monkeypatch.setattr(stored, "code_parts", lambda: ["another", "code"])
    assert reachability_key(small["byte-bpe"]) != before


def test_without_a_store_nothing_is_kept(
    small: dict[str, LoadedTokenizer], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = reachability

    def counted(*args: Any) -> Reachability:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(stored, "reachability", counted)
    tok = small["byte-bpe"]
    vocab = normalise(tok, Categorizer(code_keywords().words))
    stored_reachability(tok, vocab, None)
    stored_reachability(tok, vocab, None)
    assert len(calls) == 2


def test_vocab_output_is_the_same_from_the_cache(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    args = ["vocab", *specs(small_dir, "space-runs", "collapsing"), "--json"]
    fresh = run([*args, "--no-cache"])
    assert fresh.exit_code == 0, fresh.output
    assert not (tmp_path / "cache").exists()  # --no-cache stores nothing
    first, second = run([*args, "-v"]), run([*args, "-v"])
    assert first.stdout == second.stdout == fresh.stdout
    assert "reachability of 0 of 2 tokenizers read" in first.stderr
    assert "reachability of 2 of 2 tokenizers read" in second.stderr
    assert len(records(tmp_path / "cache")) == 2  # one per tokenizer


def test_vocab_reads_what_it_stored(
    small_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    args = ["vocab", *specs(small_dir, "collapsing"), "--json"]
    first = run(args)

    def computed(*_args: Any) -> Reachability:
        raise AssertionError("computed again although stored")

    monkeypatch.setattr(stored, "reachability", computed)
    assert run(args).stdout == first.stdout


def test_the_report_reads_the_reachability_vocab_stored(
    small_dir: Path, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    tokenizers = specs(small_dir, "byte-bpe", "collapsing")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    named = [arg for spec in tokenizers for arg in ("-t", spec)]
    assert run(["vocab", *tokenizers, "--json"]).exit_code == 0
    fresh = run(
        [
            "report",
            str(corpus),
            *named,
            "--no-cache",
            "--markdown",
            "-o",
            str(tmp_path / "a" / "report.md"),
        ]
    )
    assert fresh.exit_code == 0, fresh.output

    def computed(*_args: Any) -> Reachability:
        raise AssertionError("computed again although stored")

    monkeypatch.setattr(stored, "reachability", computed)
    again = run(
        ["report", str(corpus), *named, "--markdown", "-o", str(tmp_path / "b" / "report.md")]
    )
    assert again.exit_code == 0, again.output
    assert (tmp_path / "a" / "report.md").read_text() == (tmp_path / "b" / "report.md").read_text()
