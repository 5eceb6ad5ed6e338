"""Lexemes and classes: the fast RegexLexer loop gives exactly what pygments gives."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pygments.lexers import get_all_lexers

from tokscope import lexing
from tokscope.corpus.walk import language_for
from tokscope.lexing import (
    CLASSES,
    MERGED,
    canonical_language,
    fast,
    first_chars,
    lexeme_starts,
    lexemes,
    lexer_for,
)
from tokscope.lexing.fast import fast_lexer, fast_table, has_fast_path
from tokscope.lexing.filenames import lexer_class_for_filename
from tokscope.lexing.lexers import collect

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted(p for p in (ROOT / "corpora").rglob("*") if p.is_file())
FAST = ("Python", "Go", "Java", "JavaScript", "Rust", "TypeScript", "Kotlin", "Bash", "SQL")

PIECES = [
    *("def", "class", "return", "func", "var", "let", "fn", "if", "else", "import", "print"),
    *("x", "_y", "getUserName", "__init__", "é", "中文", "1", "0x1F", "3.14", "1e-3", "1_000"),
    *(" ", "  ", "    ", "\t", "\n", "\r\n", "\r", "\\", "\\\n", "\x0c", "\u00a0", "\u200d"),
    *("'", '"', '"""', "'''", "`", "f'", 'b"', "r'", "{", "}", "{x}", "${x}", "%s", "\\n"),
    *("#", "//", "/*", "*/", "--", "<!--", "(", ")", "[", "]", ":", ";", ",", ".", "->"),
    *("=", "==", "+=", "<", ">", "<<", "!", "?", "@", "$", "&", "|", "^", "~", "*", "%", "/"),
]
code_text = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(max_size=40),
)


@pytest.fixture(autouse=True)
def fast_loop_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text through the fast loop: what these tests compare with pygments' own."""
    monkeypatch.setattr(lexing, "PYGMENTS_FIRST", 0)


def test_the_first_characters_of_a_language_go_through_pygments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A few files are lexed by pygments (the fast loop's patterns are not compiled for them),
    the rest by the fast loop, with the same lexemes."""
    monkeypatch.setattr(lexing, "PYGMENTS_FIRST", 50)
    monkeypatch.setattr(lexing, "_LEXED", {})
    used: list[str] = []
    real_run = fast.FastRegex.run

    def run(self: fast.FastRegex, *args: object) -> tuple[list[int], list[int]]:
        used.append("fast")
        return real_run(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(fast.FastRegex, "run", run)
    text = "def f(x):\n    return x  # done\n"
    for _ in range(3):
        assert lexeme_starts(text, "Python") == pygments_starts(text, "Python")
    assert used == ["fast"]  # 33 and 66 characters were lexed before the third text


def pygments_starts(text: str, language: str, *, merge: bool = True) -> tuple[list[int], list[int]]:
    """What pygments' own loop gives, grouped the same way."""
    lexer = lexer_for(language)
    assert lexer is not None
    starts, classes = collect(lexer.get_tokens_unprocessed(text), MERGED if merge else frozenset())
    if text and (not starts or starts[0] != 0):
        starts.insert(0, 0)
        classes.insert(0, CLASSES.index("other"))
    return starts, classes


@pytest.mark.parametrize("merge", [True, False], ids=["merged", "unmerged"])
@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_same_lexemes_as_pygments_on_the_corpora(path: Path, merge: bool) -> None:
    text = path.read_bytes().decode("utf-8")
    language = language_for(path.name)
    assert lexeme_starts(text, language, merge=merge) == pygments_starts(
        text, language, merge=merge
    )


ALL_LEXERS = [(name, aliases[0] if aliases else name) for name, aliases, *_ in get_all_lexers()]
SAMPLE = (
    "class A {\n  int x = 1; // c\n  s = \"a\\n\" + 'b' # d\n}\n\tdef f(y): return [y, 2.5e3]\n"
)


@pytest.mark.parametrize(("name", "language"), ALL_LEXERS, ids=[n for n, _ in ALL_LEXERS])
def test_every_pygments_lexer_gives_what_pygments_gives(name: str, language: str) -> None:
    """The fast loop matches pygments on every lexer it runs, and steps aside for the rest."""
    lexer = lexer_for(language)
    assert lexer is not None and lexer.name == name
    assert lexeme_starts(SAMPLE, language) == pygments_starts(SAMPLE, language)
    assert lexeme_starts(SAMPLE, language, merge=False) == pygments_starts(
        SAMPLE, language, merge=False
    )


@pytest.mark.parametrize("language", ["C#", "Nemerle", "Inform 7"])
def test_lexers_with_rules_per_instance_run_through_pygments(language: str) -> None:
    lexer = lexer_for(language)
    assert lexer is not None and fast_lexer(lexer) is None
    assert lexeme_starts(SAMPLE, language) == pygments_starts(SAMPLE, language)


def test_the_fast_path_covers_the_common_languages() -> None:
    for language in FAST:
        lexer = lexer_for(language)
        assert lexer is not None and has_fast_path(lexer), language


@pytest.mark.parametrize("language", FAST)
@given(text=code_text)
@example(text="f'{x!r:>{w}}'\n")
@example(text='"""doc\n"""\r\nx = 1\\\n  + 2')
@example(text="s = '\\\n")
@example(text="\u212a = 1")  # KELVIN SIGN matches k under IGNORECASE
@example(text="`${a}` /re/g")
def test_same_lexemes_as_pygments_on_generated_text(language: str, text: str) -> None:
    assert lexeme_starts(text, language) == pygments_starts(text, language)


@given(text=code_text)
def test_lexemes_tile_the_text(text: str) -> None:
    found = lexemes(text, "Python")
    assert "".join(text[x.start : x.end] for x in found) == text
    assert all(x.start < x.end and x.cls in CLASSES for x in found)
    for a, b in pairwise(found):  # merged classes never follow themselves
        assert not (a.cls == b.cls and a.cls in ("string", "comment", "whitespace"))


def test_classes_of_a_python_line() -> None:
    found = lexemes("if x_1 in (1, 'a'):  # c\n    return None", "Python")
    assert [
        (x.cls, "if x_1 in (1, 'a'):  # c\n    return None"[x.start : x.end]) for x in found
    ] == [
        ("keyword", "if"),
        ("whitespace", " "),
        ("identifier", "x_1"),
        ("whitespace", " "),
        ("keyword", "in"),
        ("whitespace", " "),
        ("punctuation", "("),
        ("number", "1"),
        ("punctuation", ","),
        ("whitespace", " "),
        ("string", "'a'"),
        ("punctuation", ")"),
        ("punctuation", ":"),
        ("whitespace", "  "),
        ("comment", "# c"),
        ("whitespace", "\n    "),
        ("keyword", "return"),
        ("whitespace", " "),
        ("keyword", "None"),
    ]


def test_unknown_language_splits_on_whitespace() -> None:
    found = lexemes("ab  c\n", "unknown")
    assert [(x.start, x.end, x.cls) for x in found] == [
        (0, 2, "other"),
        (2, 4, "whitespace"),
        (4, 5, "other"),
        (5, 6, "whitespace"),
    ]
    assert lexemes("", "Python") == []


def test_canonical_language() -> None:
    assert canonical_language("python") == "Python"
    assert canonical_language("py") == "Python"
    assert canonical_language("Python") == "Python"
    assert canonical_language("no such language") == "no such language"


SAMPLES = [chr(c) for c in range(128)] + ["é", "中", "\u212a", "\u0130", "\u017f", "\u00a0"]
SUFFIXES = ["", "a", "Z", "1", " ", "_", "(", "\n", "'", '"', "x1", "abc", "  x", "=", "é"]


def bucket(char: str) -> int:
    return ord(char) if ord(char) < 128 else 128


@pytest.mark.parametrize("language", ["Python", "Go", "JavaScript", "Java"])
def test_first_chars_never_misses_a_character(language: str) -> None:
    """A rule that matches text starting with some character must list that character."""
    lexer = lexer_for(language)
    assert lexer is not None
    table = fast_table(type(lexer))
    checked = 0
    for state, rules in table.rules.items():
        for rule, (chars, nullable) in zip(rules, table.firsts[state]):
            compiled = getattr(rule[0], "__self__", None)
            if compiled is None or nullable:
                continue
            for char in SAMPLES:
                for suffix in SUFFIXES:
                    m = compiled.match(char + suffix)
                    if m and m.end() > 0:
                        assert bucket(char) in chars, (state, compiled.pattern, char)
                        checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("pattern", "flags", "expected", "nullable"),
    [
        (r"abc", 0, {ord("a")}, False),
        (r"[xy]+z", 0, {ord("x"), ord("y")}, False),
        (r"a?b", 0, {ord("a"), ord("b")}, False),
        (r"(?i)k", 0, {ord("k"), ord("K"), 128}, False),
        (r"(?<!\.)foo", 0, {ord("f")}, False),
        (r"\d", 0, set(range(48, 58)) | {128}, False),
        (r"x*", 0, {ord("x")}, True),
        (r"", 0, set(), True),
    ],
)
def test_first_chars_of_simple_patterns(
    pattern: str, flags: int, expected: set[int], nullable: bool
) -> None:
    chars, can_be_empty = first_chars(pattern, flags | re.UNICODE)
    assert set(chars) == expected
    assert can_be_empty is nullable


def test_unusual_patterns_are_tried_everywhere() -> None:
    assert first_chars(r"(a)\1", 0) == (frozenset({ord("a")}), False)
    chars, nullable = first_chars(r"(a?)\1x", 0)  # a group reference may come first
    assert len(chars) == 129 and nullable


def _pygments_name(fn: str) -> str | None:
    from pygments.lexers import find_lexer_class_for_filename

    found = find_lexer_class_for_filename(fn)
    return None if found is None else str(found.name)


def _examples_of(glob: str) -> list[str]:
    """Names a pattern matches: its stars as nothing and as text, classes as their first char."""
    plain = re.sub(r"\[!?(.)[^\]]*\]", r"\1", glob).replace("?", "q")
    return [plain.replace("*", ""), plain.replace("*", "x"), "dir.d" + plain.replace("*", "_a.")]


def test_filename_index_agrees_with_pygments_on_every_pattern() -> None:
    from pygments.lexers._mapping import LEXERS

    names = {n for *_, patterns, _ in LEXERS.values() for g in patterns for n in _examples_of(g)}
    names |= {p.name for p in CORPUS}
    assert len(names) > 1000
    for name in sorted(names):
        mine = lexer_class_for_filename(name)
        assert (None if mine is None else mine.name) == _pygments_name(name), name


@given(st.text(alphabet="._-abchlmpsty1AMK*", max_size=14))
@example("Makefile.am")
@example("CMakeLists.txt")
@example("x.h")
def test_filename_index_agrees_with_pygments_on_generated_names(name: str) -> None:
    mine = lexer_class_for_filename(name)
    assert (None if mine is None else mine.name) == _pygments_name(name)
