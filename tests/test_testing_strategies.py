"""What each strategy in tokscope.testing.strategies generates, and how it checks arguments."""

from __future__ import annotations

import ast
import importlib.util
import itertools
import keyword
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from tests import trained
from tokscope.testing import properties as p
from tokscope.testing import strategies as s
from tokscope.testing.runner import search

FEW = settings(max_examples=min(settings().max_examples, 30))
"""Checking what a strategy generates needs fewer examples than the profile's property tests."""

STYLE_PATTERNS = {
    "snake": r"[a-z][a-z0-9]*(_[a-z0-9]+)*_?",
    "camel": r"[a-z][a-z0-9]*([A-Z][a-z0-9]*)*_?",
    "pascal": r"([A-Z][a-z0-9]*)+_?",
    "upper": r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*",
    "dunder": r"__[a-z][a-z0-9]*(_[a-z0-9]+)*__",
}


def valid_unicode(text: str) -> bool:
    """Encodable as UTF-8 (no lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@FEW
@given(style=st.sampled_from(sorted(STYLE_PATTERNS)), data=st.data())
def test_identifiers_have_the_requested_style(style: str, data: st.DataObject) -> None:
    name = data.draw(s.identifiers(styles=[style], min_parts=2, max_parts=3))
    assert name.isidentifier()
    assert not keyword.iskeyword(name)
    assert re.fullmatch(STYLE_PATTERNS[style], name), name
    if style in ("snake", "upper", "dunder"):
        assert name.strip("_").count("_") >= 1, name  # two parts, joined by _


@FEW
@given(s.identifiers(styles=["non-ascii"]))
def test_non_ascii_identifiers(name: str) -> None:
    assert name.isidentifier()
    assert any(ord(ch) > 127 for ch in name)
    assert unicodedata.is_normalized("NFC", name)


@FEW
@given(width=st.sampled_from([2, 4, 8]), data=st.data())
def test_indentation_of_spaces_is_whole_levels(width: int, data: st.DataObject) -> None:
    indent = data.draw(s.indentation(kind="spaces", width=width, min_depth=1, max_depth=12))
    assert set(indent) == {" "}
    assert len(indent) % width == 0
    assert 1 <= len(indent) // width <= 12


@FEW
@given(s.indentation(kind="tabs", min_depth=20, max_depth=40))
def test_deep_tab_indentation(indent: str) -> None:
    assert set(indent) == {"\t"}
    assert 20 <= len(indent) <= 40


@FEW
@given(s.indentation(kind="mixed", width=3, max_depth=10))
def test_mixed_indentation_is_tabs_and_levels_of_spaces(indent: str) -> None:
    levels = re.findall(r"\t|   ", indent)
    assert "".join(levels) == indent
    assert len(levels) <= 10


def _indents(block: str) -> list[str]:
    lines = block.split("\n")
    assert lines[-1] == "", "a block ends with a newline"
    return [re.match(r"[ \t]*", line).group(0) for line in lines[:-1]]  # type: ignore[union-attr]


@FEW
@given(width=st.sampled_from([2, 3, 4, 8]), data=st.data())
def test_indented_blocks_have_the_requested_width(width: int, data: st.DataObject) -> None:
    block = data.draw(s.indented_blocks(kind="spaces", width=width, max_depth=5))
    depths = []
    for indent in _indents(block):
        assert set(indent) <= {" "}
        assert len(indent) % width == 0, (width, block)
        depths.append(len(indent) // width)
    assert depths[0] == 0
    assert 1 <= max(depths) <= 5  # at least one line is indented
    for before, after in itertools.pairwise(depths):
        assert after <= before + 1, block  # never more than one level deeper at a time


@FEW
@given(s.indented_blocks(kind="tabs", languages=["go", "c"]))
def test_tab_blocks_close_their_braces(block: str) -> None:
    open_at: list[str] = []
    for line, indent in zip(block.split("\n"), _indents(block)):
        assert set(indent) <= {"\t"}
        if line.endswith("{"):
            open_at.append(indent)
        elif line.strip() == "}":
            assert open_at.pop() == indent, block  # closed at the opener's depth
    assert open_at == [], block


@pytest.mark.parametrize(("kind", "unit"), [("tabs", "\t"), ("spaces", "  "), ("mixed", "\t")])
def test_indented_blocks_shrink_to_indented_text(kind: str, unit: str) -> None:
    fixed = settings(derandomize=True, database=None)  # one search, the same in every profile
    smallest = find(s.indented_blocks(kind=kind, width=2), lambda block: True, settings=fixed)
    assert f"\n{unit}" in smallest and p.indent_unit(smallest) == unit, smallest


def test_tab_blocks_are_indented_with_tabs_only() -> None:
    # Once, a tab block shrank to one line at column 0, which indent-stable then indented by its
    # fallback of four spaces: a plain byte-level BPE (tabs never join a word) failed spuriously.
    bpe = p.as_loaded(trained.byte_level_bpe(), name="byte-bpe")
    prop = p.get_property("indent-stable")
    blocks = s.indented_blocks(kind="tabs")
    assert search(prop, bpe, blocks, max_examples=30, seed=0, pinned=()) is None
    spaces = s.indented_blocks(kind="spaces", width=4)
    found = search(prop, bpe, spaces, max_examples=30, seed=0, pinned=())
    assert found is not None and "by '····'" in found.reason, found


def test_unindented_blocks_when_asked() -> None:
    for blocks in (s.indented_blocks(max_lines=1), s.indented_blocks(max_depth=0)):
        smallest = find(blocks, lambda block: True)
        assert smallest.count("\n") == 1 and not smallest[0].isspace(), (blocks, smallest)


@FEW
@given(s.indented_blocks(kind="mixed", width=4, languages=["python"]))
def test_python_blocks_open_before_going_deeper(block: str) -> None:
    lines = block.rstrip("\n").split("\n")
    levels = [len(re.findall(r"\t|    ", re.match(r"[ \t]*", x).group(0))) for x in lines]  # type: ignore[union-attr]
    for k in range(len(lines) - 1):
        if levels[k + 1] > levels[k]:
            assert lines[k].endswith(":"), block


@FEW
@given(s.whitespace_runs(kinds=["tab", "crlf"], min_length=3, max_length=9))
def test_whitespace_runs_of_one_kind_and_length(run: str) -> None:
    if run.startswith("\t"):
        assert run == "\t" * len(run) and 3 <= len(run) <= 9
    else:
        assert run == "\r\n" * (len(run) // 2) and 3 <= len(run) // 2 <= 9


@FEW
@given(s.whitespace_runs(kinds=list(s.WHITESPACE_KINDS), mixed=True, max_length=30))
def test_mixed_whitespace_runs(run: str) -> None:
    assert run.isspace()
    assert 1 <= len(run) <= 60


@FEW
@given(s.runs_in_context(kinds=["space"], min_length=5, max_length=7))
def test_runs_in_context_hold_the_run(text: str) -> None:
    runs = [len(m) for m in re.findall(r" +", text)]
    assert any(5 <= n <= 7 for n in runs), text


@pytest.mark.parametrize(
    ("style", "check"),
    [
        ("lf", lambda t: "\r" not in t and t.endswith("\n")),
        ("crlf", lambda t: t.count("\r") == t.count("\n") == t.count("\r\n") > 0),
        ("cr", lambda t: "\n" not in t and t.endswith("\r")),
        ("mixed", lambda t: len(set(re.findall(r"\r\n|\r|\n", t))) >= 2),
    ],
)
@FEW
@given(data=st.data())
def test_line_endings(style: str, check: Callable[[str], bool], data: st.DataObject) -> None:
    text = data.draw(s.line_endings(style=style, min_lines=2, max_lines=4))
    assert check(text), text
    assert 2 <= len(re.findall(r"\r\n|\r|\n", text)) <= 4


@FEW
@given(s.string_literals())
def test_string_literals_are_valid_python(literal: str) -> None:
    assert literal[0] == literal[-1] and literal[0] in "'\""
    assert isinstance(ast.literal_eval(literal), str)


@FEW
@given(s.string_literals(quotes=["'"], max_length=0))
def test_empty_string_literal(literal: str) -> None:
    assert literal == "''"


@FEW
@given(kind=st.sampled_from(sorted(s.UNICODE_KINDS)), data=st.data())
def test_unicode_edge_cases_hold_their_kind(kind: str, data: st.DataObject) -> None:
    text = data.draw(s.unicode_edge_cases(kinds=[kind]))
    assert valid_unicode(text)
    checks: dict[str, Callable[[str], bool]] = {
        "combining": lambda t: any(unicodedata.category(c).startswith("M") for c in t),
        "emoji": lambda t: any(ord(c) >= 0x2600 for c in t),
        "rtl": lambda t: any(unicodedata.bidirectional(c) in ("R", "AL", "RLO", "RLI", "PDI", "RLM")
                             for c in t),
        "zero-width": lambda t: any(c in "\u200b\u200c\u200d\u2060\ufeff" for c in t),
        "nul": lambda t: "\x00" in t,
    }  # fmt: skip
    assert checks[kind](text), text


@FEW
@given(s.unicode_edge_cases(kinds=["combining"], normalize="NFC"))
def test_unicode_edge_cases_normalised(text: str) -> None:
    assert unicodedata.is_normalized("NFC", text)


@FEW
@given(s.code_text())
def test_code_text_is_valid_unicode(text: str) -> None:
    assert valid_unicode(text)


@FEW
@given(s.unicode_text(max_size=40))
def test_unicode_text_is_assigned_and_encodable(text: str) -> None:
    assert valid_unicode(text)
    assert all(unicodedata.category(ch) != "Cn" for ch in text), ascii(text)


def _with_category(category: str) -> Callable[[str], bool]:
    return lambda text: any(unicodedata.category(ch) == category for ch in text)


def test_unassigned_and_surrogates_only_when_asked() -> None:
    # U+0BA0 (unassigned) was once XLM-R's no-unk counterexample: not valid text by default.
    assert _with_category("Cn")(find(s.unicode_text(unassigned=True), _with_category("Cn")))
    assert _with_category("Cs")(find(s.unicode_text(surrogates=True), _with_category("Cs")))
    found = find(s.code_text(unassigned=True), _with_category("Cn"))
    assert _with_category("Cn")(found)


@FEW
@given(s.code_text(normalize="NFC", languages=["ruby"]))
def test_code_text_in_nfc(text: str) -> None:
    assert unicodedata.is_normalized("NFC", text)


@FEW
@given(s.code_lines(languages=["python"]))
def test_code_lines_are_single_lines(line: str) -> None:
    assert line and "\n" not in line and "\r" not in line
    assert line == line.lstrip()


HAS_HYPOTHESMITH = importlib.util.find_spec("hypothesmith") is not None


@pytest.mark.skipif(not HAS_HYPOTHESMITH, reason="hypothesmith is not installed")
@settings(max_examples=5, suppress_health_check=list(HealthCheck))
@given(s.python_source() if HAS_HYPOTHESMITH else st.nothing())
def test_python_source_is_valid_python(source: str) -> None:
    compile(source, "<hypothesmith>", "exec")


def test_python_source_without_hypothesmith(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "hypothesmith", None)
    with pytest.raises(ImportError, match=r"pip install 'tokscope\[hypothesmith\]'"):
        s.python_source()


@pytest.mark.parametrize(
    ("factory", "kwargs", "message"),
    [
        (s.identifiers, {"styles": ["kebab"]}, "unknown 'kebab'"),
        (s.identifiers, {"styles": "snake"}, "sequence of names"),
        (s.identifiers, {"styles": []}, "at least one"),
        (s.identifiers, {"min_parts": 3, "max_parts": 2}, "larger than"),
        (s.indentation, {"kind": "spaces", "width": 0}, "between 1 and 16"),
        (s.indentation, {"kind": "tabs4"}, "kind must be one of"),
        (s.indentation, {"max_depth": 65}, "between 0 and 64"),
        (s.indentation, {"max_depth": 2.5}, "must be an int"),
        (s.indented_blocks, {"languages": ["cobol"]}, "unknown 'cobol'"),
        (s.indented_blocks, {"min_lines": 0}, "between 1 and 64"),
        (s.indented_blocks, {"normalize": "NFX"}, "normalize must be one of"),
        (s.whitespace_runs, {"kinds": ["space", "vtab"]}, "unknown 'vtab'"),
        (s.whitespace_runs, {"mixed": "yes"}, "mixed must be a bool"),
        (s.whitespace_runs, {"min_length": 5, "max_length": 4}, "larger than"),
        (s.line_endings, {"style": "nel"}, "style must be one of"),
        (s.line_endings, {"style": "mixed", "min_lines": 1}, "between 2 and 64"),
        (s.string_literals, {"quotes": ["`"]}, "unknown '`'"),
        (s.unicode_edge_cases, {"kinds": ["klingon"]}, "unknown 'klingon'"),
        (s.code_text, {"languages": []}, "at least one"),
        (s.code_text, {"unassigned": "yes"}, "unassigned must be a bool"),
        (s.unicode_text, {"surrogates": 1}, "surrogates must be a bool"),
        (s.unicode_text, {"min_size": 3, "max_size": 2}, "larger than"),
    ],
)
def test_arguments_are_checked(
    factory: Callable[..., Any], kwargs: dict[str, Any], message: str
) -> None:
    # Hypothesis's own error for a bad argument, whether its type or its value is wrong.
    with pytest.raises(InvalidArgument, match=re.escape(message)):
        factory(**kwargs)
