"""The ``run-length-stable`` property: an identifier's tokens after runs of 1, 2, 4 and 8 spaces
(and tabs), mid-line and as indentation. Self-trained designs for the mechanism, the real files
for the facts: ModernBERT fails (``Ġreturn`` after one space, ``return`` after four), RoBERTa and
XLM-R pass."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests import trained
from tests.cli_helpers import run
from tokscope.loading.sources import LoadedTokenizer
from tokscope.testing import properties as p
from tokscope.testing import strategies as s
from tokscope.testing.access import as_loaded
from tokscope.testing.runner import check_strategies, search

SOME = settings(max_examples=min(settings().max_examples, 50))
"""Each example costs eight encodings per identifier: at most 50."""

CODE = st.one_of(
    s.identifiers(),
    s.code_lines(),
    s.indented_blocks(kind="spaces", width=4, max_lines=4),
    s.indented_blocks(kind="tabs", max_lines=4),
)
"""Identifiers at the start of a text, mid-line, and as indentation."""


@pytest.fixture(scope="module")
def isolated() -> LoadedTokenizer:
    """A byte-level BPE whose pre-tokenizer isolates runs of two or more spaces."""
    return as_loaded(trained.isolated_runs_bpe(), name="isolated-runs")


def _failure(tok: LoadedTokenizer, text: str) -> p.PropertyFailure:
    with pytest.raises(p.PropertyFailure) as info:
        p.run_length_stable(tok, text)
    return info.value


@pytest.mark.parametrize("name", ["byte-bpe", "collapsing"])
@SOME
@given(text=CODE)
@example(text="x")
@example(text="if x:\n\treturn  y\n")
def test_designs_that_keep_the_word_apart_from_the_run_length_pass(
    small: dict[str, LoadedTokenizer], name: str, text: str
) -> None:
    p.run_length_stable(small[name], text)


def test_isolating_runs_of_two_or_more_spaces_fails(isolated: LoadedTokenizer) -> None:
    found = _failure(isolated, "    return x\n")
    assert found.property_id == "run-length-stable"
    assert found.reason == (
        "'return' as indentation is ·return after 1 space but return after 2 spaces"
    )
    assert [sp.label for sp in found.splits] == ["text", "1 space", "2 spaces"]
    assert [sp.text for sp in found.splits] == ["    return x\n", " return x\n", "  return x\n"]


def test_mid_line_identifiers_are_varied_and_glued_ones_skipped(isolated: LoadedTokenizer) -> None:
    # `a` follows `(` (no run to vary), `b` follows one space in the middle of the line.
    found = _failure(isolated, "(a) b")
    assert found.reason.startswith("'b' mid-line is ·b after 1 space but b after 2 spaces")
    assert found.splits[2].text == "(a)  b"
    p.run_length_stable(isolated, "(f(a.b))")  # no identifier starts a line or follows a run


def test_space_runs_as_added_tokens_fail_and_shrink(small: dict[str, LoadedTokenizer]) -> None:
    prop = p.get_property("run-length-stable")
    strategy = check_strategies()["run-length-stable"]
    found = search(prop, small["space-runs"], strategy, max_examples=40, seed=0, pinned=())
    assert found is not None and not found.pinned
    assert found.text.isidentifier(), found.text  # shrunk to one word, no whitespace
    assert "as indentation is ·" in found.reason and "after 2 spaces" in found.reason


def test_max_identifiers_is_checked(small: dict[str, LoadedTokenizer]) -> None:
    with pytest.raises(ValueError, match="max_identifiers must be at least 1"):
        p.run_length_stable(small["byte-bpe"], "x", max_identifiers=0)


# -- the real files -----------------------------------------------------------------------------


def test_modernbert_fails(real: dict[str, LoadedTokenizer]) -> None:
    found = _failure(real["modernbert"], "    return x\n")
    assert found.reason == (
        "'return' as indentation is ·return after 1 space but return after 2 spaces"
    )
    spaces = {sp.label: sp.tokens for sp in found.splits}
    assert spaces["1 space"][0] == " return" and spaces["2 spaces"][:2] == ("  ", "return")


@pytest.mark.parametrize("name", ["roberta", "xlm-roberta"])
@SOME
@given(text=CODE)
@example(text="    return x\n")
@example(text="x = 1\n\t\treturn  y")
def test_roberta_and_xlmr_pass(real: dict[str, LoadedTokenizer], name: str, text: str) -> None:
    p.run_length_stable(real[name], text)


def test_check_modernbert_fails_run_length_stable(real_tokenizers: object) -> None:
    args = ["check", "modernbert", "-p", "run-length-stable", "--seed", "0"]
    result = run(args)
    assert result.exit_code == 1
    assert "run-length-stable   FAILED" in result.stdout
    assert "after 1 space but" in result.stdout
    assert "unexpected failures: modernbert: run-length-stable" in result.stdout
    expected = run([*args, "--expect", "modernbert:run-length-stable"])
    assert expected.exit_code == 0
    assert "run-length-stable   expected failure" in expected.stdout


def test_check_roberta_passes_run_length_stable(real_tokenizers: object) -> None:
    result = run(["check", "roberta", "-p", "run-length-stable", "--seed", "0"])
    assert result.exit_code == 0, result.output
    assert "run-length-stable   passed" in result.stdout
    assert "no unexpected failures" in result.stdout
