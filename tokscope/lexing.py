"""Lexical classes of source code: pygments lexemes grouped into a few classes.

:func:`lexemes` splits a text into :class:`Lexeme` spans, each with one class of :data:`CLASSES`
(identifier, keyword, string, comment, number, operator, punctuation, whitespace, other). Adjacent
lexemes of a class that pygments cuts into pieces (a string's quotes, escapes and body; a comment;
a newline and the indentation after it) are merged into one, so a lexeme is the unit a reader sees.

Pygments is the slow part of corpus statistics, so plain ``RegexLexer`` lexers (Python, Java,
JavaScript, Go, ...) run through :class:`_FastRegex`, an exact re-implementation of pygments' own
loop: at each position it tries, in pygments' order, only the rules whose regular expression can
start with the character found there, combined into one alternation. The first rule that matches
wins, exactly as in pygments, so the tokens are identical (``tests/test_lexing.py`` checks it on
every corpus file and on generated text). Lexers that override the loop use pygments directly.

>>> [(x.start, x.end, x.cls) for x in lexemes("x = 'a'  # b", "Python")]
[(0, 1, 'identifier'), (1, 2, 'whitespace'), (2, 3, 'operator'), (3, 4, 'whitespace'), \
(4, 7, 'string'), (7, 9, 'whitespace'), (9, 12, 'comment')]
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from pygments.lexer import Lexer, RegexLexer
from pygments.token import Error, Whitespace, _TokenType

CLASSES: tuple[str, ...] = (
    "identifier",
    "keyword",
    "string",
    "comment",
    "number",
    "operator",
    "punctuation",
    "whitespace",
    "other",
)
"""The lexical classes, in report order. :func:`class_index` gives a class's position."""

IDENTIFIER, KEYWORD, STRING, COMMENT, NUMBER, OPERATOR, PUNCTUATION, WHITESPACE, OTHER = range(9)
"""Indexes of :data:`CLASSES`. These are *lexical* classes, a lexing concept: ``IDENTIFIER`` is
a pygments ``Name`` lexeme (which may hold dots or sigils; :data:`tokscope.text.IDENTIFIER_LEXEME`
tells the plain ones), and ``WHITESPACE`` is a lexeme that pygments marks as whitespace or whose
text is all ``str.isspace()``. The whitespace of the whitespace measures (cost, lost, whitespace
tokens) is :data:`tokscope.text.WHITESPACE`, the same in every command."""

MERGED: frozenset[int] = frozenset({STRING, COMMENT, WHITESPACE})
"""Classes whose adjacent lexemes are merged into one (pygments splits them into pieces)."""

_CHECK_CONTENT = -1  # Text tokens: whitespace or other, by their content


@dataclass(frozen=True)
class Lexeme:
    """A span of source text and its lexical class."""

    start: int
    """First character (an index into the text)."""
    end: int
    """One past the last character."""
    cls: str
    """One of :data:`CLASSES`."""


def class_index(cls: str) -> int:
    """Position of ``cls`` in :data:`CLASSES`.

    >>> class_index("comment")
    3
    """
    return CLASSES.index(cls)


def lexemes(text: str, language: str, *, merge: bool = True) -> list[Lexeme]:
    """``text`` as consecutive lexemes that tile it, each with its class.

    ``language`` is a pygments language name or alias (``Python``, ``go``); for a language pygments
    does not know, the text is split into whitespace and ``other`` runs. With ``merge=False`` every
    pygments token is its own lexeme.
    """
    starts, classes = lexeme_starts(text, language, merge=merge)
    ends = [*starts[1:], len(text)]
    return [Lexeme(s, e, CLASSES[c]) for s, e, c in zip(starts, ends, classes)]


def lexeme_starts(text: str, language: str, *, merge: bool = True) -> tuple[list[int], list[int]]:
    """Where each lexeme starts (character index) and its class index; the fast form of
    :func:`lexemes` (a lexeme ends where the next one starts, the last at the end of the text).
    """
    if not text:
        return [], []
    merged = MERGED if merge else frozenset()
    lexer = lexer_for(language)
    if lexer is None:
        return _split_whitespace(text)
    if _has_fast_path(lexer):
        starts, classes = _fast_table(type(lexer)).run(lexer, text, merged)
    else:
        starts, classes = _collect(lexer.get_tokens_unprocessed(text), merged)
    if not starts or starts[0] != 0:  # an action that yields nothing for the first characters
        starts.insert(0, 0)
        classes.insert(0, OTHER)
    return starts, classes


@lru_cache(maxsize=256)
def lexer_for(language: str) -> Lexer | None:
    """A pygments lexer for a language name or alias (cached), or None when pygments has none.

    The lexer is set up to keep the text exactly as given (no newline stripping or adding).
    """
    from pygments.lexers import find_lexer_class, get_lexer_by_name
    from pygments.util import ClassNotFound

    options = {"stripnl": False, "stripall": False, "ensurenl": False}
    if not language or language == "unknown":
        return None
    try:
        return get_lexer_by_name(language.lower(), **options)
    except ClassNotFound:
        cls = find_lexer_class(language)
        return cls(**options) if cls is not None else None


@lru_cache(maxsize=1024)
def canonical_language(language: str) -> str:
    """Pygments' name for a language name or alias (``python`` -> ``Python``); unknown names are
    returned unchanged, so reports group ``py`` records and ``.py`` files together.

    >>> canonical_language("golang")
    'Go'
    """
    lexer = lexer_for(language)
    return str(lexer.name) if lexer is not None else language


def class_of(tokentype: _TokenType, value: str) -> int:
    """The class index of a pygments token (``Text`` is whitespace or other by its content)."""
    code = _type_class(tokentype)
    if code == _CHECK_CONTENT:
        return WHITESPACE if value.isspace() else OTHER
    return code


_CLASS_BY_PREFIX: tuple[tuple[str, int], ...] = (
    ("Token.Operator.Word", KEYWORD),  # and, or, not, in, is
    ("Token.Name", IDENTIFIER),
    ("Token.Keyword", KEYWORD),
    ("Token.Literal.String", STRING),
    ("Token.Literal.Number", NUMBER),
    ("Token.Comment", COMMENT),
    ("Token.Operator", OPERATOR),
    ("Token.Punctuation", PUNCTUATION),
    ("Token.Text", _CHECK_CONTENT),
    ("Token.Whitespace", _CHECK_CONTENT),
)


@cache
def _type_class(tokentype: _TokenType) -> int:
    name = str(tokentype)
    for prefix, code in _CLASS_BY_PREFIX:
        if name == prefix or name.startswith(prefix + "."):
            return code
    return OTHER


def _split_whitespace(text: str) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    classes: list[int] = []
    for match in re.finditer(r"\s+|\S+", text):
        starts.append(match.start())
        classes.append(WHITESPACE if match.group().isspace() else OTHER)
    return starts, classes


def _collect(
    tokens: Iterator[tuple[int, _TokenType, str]], merged: frozenset[int]
) -> tuple[list[int], list[int]]:
    """Lexeme starts and classes from pygments tokens (empty tokens and overlaps skipped)."""
    starts: list[int] = []
    classes: list[int] = []
    last, last_start = -1, -1
    for index, tokentype, value in tokens:
        if not value or index <= last_start:
            continue
        code = class_of(tokentype, value)
        if code != last or code not in merged:
            starts.append(index)
            classes.append(code)
            last, last_start = code, index
    return starts, classes


def _has_fast_path(lexer: Lexer) -> bool:
    return (
        isinstance(lexer, RegexLexer)
        and type(lexer).get_tokens_unprocessed is RegexLexer.get_tokens_unprocessed
    )


# -- the fast RegexLexer loop -------------------------------------------------------------------

_NON_ASCII = 128  # bucket for every character above U+007F
_END = 129  # bucket for the end of the text
_ALL_ASCII: frozenset[int] = frozenset(range(128))
_EVERYTHING: frozenset[int] = _ALL_ASCII | {_NON_ASCII}
_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")  # group references: numbering must not shift
_LEADING_FLAGS = re.compile(r"\(\?([ims]+)\)")

Rule = tuple[Callable[[str, int], "re.Match[str] | None"], Any, Any]
"""One pygments rule: (bound ``match`` of the compiled regex, action, new state)."""
Segment = tuple[Callable[[str, int], "re.Match[str] | None"], dict[int, Rule] | None, Rule | None]
"""Rules tried together: a combined ``match`` and its group -> rule map, or one rule alone."""


def _sre() -> Any:
    try:
        return importlib.import_module("re._parser")
    except ImportError:  # Python 3.10
        return importlib.import_module("sre_parse")


_SPACE = frozenset({9, 10, 11, 12, 13, 28, 29, 30, 31, 32})
_DIGIT = frozenset(range(48, 58))
_WORD = _DIGIT | frozenset(range(65, 91)) | frozenset(range(97, 123)) | {95}
_LETTERS = frozenset(range(65, 91)) | frozenset(range(97, 123))


def _category(name: str) -> frozenset[int]:
    if "DIGIT" in name:
        base = _DIGIT
    elif "SPACE" in name:
        base = _SPACE
    elif "WORD" in name:
        base = _WORD
    elif "LINEBREAK" in name:
        base = frozenset({10})
    else:
        return _EVERYTHING
    if "NOT" in name:
        return (_ALL_ASCII - base) | {_NON_ASCII}
    return base | {_NON_ASCII}


def _first_of_set(items: Any) -> set[int]:
    chars: set[int] = set()
    negate = False
    for op, av in items:
        kind = op.name
        if kind == "NEGATE":
            negate = True
        elif kind == "LITERAL":
            chars.add(av if av < 128 else _NON_ASCII)
        elif kind == "RANGE":
            lo, hi = av
            chars.update(range(lo, min(hi, 127) + 1))
            if hi >= 128:
                chars.add(_NON_ASCII)
        elif kind == "CATEGORY":
            chars |= _category(av.name)
        else:
            return set(_EVERYTHING)
    if negate:
        return set(_ALL_ASCII - chars) | {_NON_ASCII}
    return chars


def _fold(chars: set[int], flags: int) -> set[int]:
    """Characters that match under IGNORECASE (generously: Unicode folds K, S and I oddly)."""
    if not flags & re.IGNORECASE:
        return chars
    out = set(chars) | {_NON_ASCII}
    for c in chars:
        if c < 128:
            out |= {ord(chr(c).lower()), ord(chr(c).upper())}
    if _NON_ASCII in chars:
        out |= _LETTERS
    return out


def _first_of_sequence(items: Any, flags: int) -> tuple[set[int], bool]:
    found: set[int] = set()
    for op, av in items:
        chars, nullable = _first_of_op(op.name, av, flags)
        found |= chars
        if not nullable:
            return found, False
    return found, True


def _first_of_op(kind: str, av: Any, flags: int) -> tuple[set[int], bool]:
    if kind == "LITERAL":
        return _fold({av if av < 128 else _NON_ASCII}, flags), False
    if kind == "IN":
        return _fold(_first_of_set(av), flags), False
    if kind in ("AT", "ASSERT", "ASSERT_NOT"):
        return set(), True  # zero-width: says nothing about the next character
    if kind == "BRANCH":
        found: set[int] = set()
        any_nullable = False
        for branch in av[1]:
            chars, nullable = _first_of_sequence(branch.data, flags)
            found |= chars
            any_nullable |= nullable
        return found, any_nullable
    if kind == "SUBPATTERN":
        _group, add, remove, sub = av
        return _first_of_sequence(sub.data, (flags | add) & ~remove)
    if kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _high, sub = av
        chars, nullable = _first_of_sequence(sub.data, flags)
        return chars, nullable or low == 0
    if kind == "ATOMIC_GROUP":
        return _first_of_sequence(av.data, flags)
    raise ValueError(kind)  # NOT_LITERAL, ANY, group references...: could start with anything


def first_chars(pattern: str, flags: int) -> tuple[frozenset[int], bool]:
    """The characters a match of ``pattern`` at some position can start with, and whether it can
    match the empty string there.

    Characters are code points below 128, or 128 for any other character. The answer may include
    more than needed, never less: it decides which rules are worth trying at a position.

    >>> sorted(first_chars(r"[+-]?\\d", 0)[0])[:3], first_chars(r"x*", 0)[1]
    ([43, 45, 48], True)
    """
    try:
        parsed = _sre().parse(pattern, flags)
        state = getattr(parsed, "state", None)
        chars, nullable = _first_of_sequence(parsed.data, getattr(state, "flags", flags))
    except Exception:  # anything unusual: try the rule everywhere
        return _EVERYTHING, True
    return frozenset(chars), nullable


def _scoped(pattern: str) -> str:
    """``(?i)x`` -> ``(?i:x)``: leading global flags cannot sit inside an alternation."""
    match = _LEADING_FLAGS.match(pattern)
    return f"(?{match.group(1)}:{pattern[match.end() :]})" if match else pattern


class _FastRegex:
    """pygments' ``RegexLexer.get_tokens_unprocessed`` loop, trying fewer rules per position."""

    def __init__(self, lexer_class: type[RegexLexer]) -> None:
        tokendefs: dict[str, list[Rule]] = lexer_class._tokens  # type: ignore[attr-defined]
        self.rules = tokendefs
        self.firsts: dict[str, list[tuple[frozenset[int], bool]]] = {}
        for state, rules in tokendefs.items():
            firsts = []
            for rule in rules:
                compiled = getattr(rule[0], "__self__", None)
                if compiled is None:
                    firsts.append((_EVERYTHING, True))
                else:
                    firsts.append(first_chars(compiled.pattern, compiled.flags))
            self.firsts[state] = firsts
        self.slots: dict[str, list[list[Segment] | None]] = {}
        self.built: dict[tuple[str, tuple[int, ...]], list[Segment]] = {}
        self.codes: dict[_TokenType, int] = {}

    def segments(self, state: str, bucket: int) -> list[Segment]:
        """The rules to try in ``state`` when the next character falls in ``bucket``."""
        slots = self.slots.setdefault(state, [None] * 130)
        found = slots[bucket]
        if found is None:
            picked = tuple(
                k
                for k, (chars, nullable) in enumerate(self.firsts[state])
                if nullable or bucket in chars
            )
            found = self.built.get((state, picked))
            if found is None:
                found = self._combine(self.rules[state], picked)
                self.built[(state, picked)] = found
            slots[bucket] = found
        return found

    @staticmethod
    def _combine(rules: list[Rule], picked: tuple[int, ...]) -> list[Segment]:
        segments: list[Segment] = []
        run: list[Rule] = []

        def flush() -> None:
            if len(run) == 1:
                segments.append((run[0][0], None, run[0]))
            elif run:
                parts: list[str] = []
                groups: dict[int, Rule] = {}
                number = 1
                for rule in run:
                    compiled = rule[0].__self__  # type: ignore[attr-defined]
                    groups[number] = rule
                    parts.append(f"({_scoped(compiled.pattern)})")
                    number += 1 + compiled.groups
                flags = run[0][0].__self__.flags  # type: ignore[attr-defined]
                try:
                    combined = re.compile("|".join(parts), flags)
                except re.error:
                    segments.extend((rule[0], None, rule) for rule in run)
                else:
                    segments.append((combined.match, groups, None))
            run.clear()

        for k in picked:
            rule = rules[k]
            compiled = getattr(rule[0], "__self__", None)
            alone = compiled is None or bool(_BACKREF.search(compiled.pattern))
            if alone or (run and compiled.flags != run[0][0].__self__.flags):  # type: ignore
                flush()
            if alone:
                segments.append((rule[0], None, rule))
            else:
                run.append(rule)
        flush()
        return segments

    def run(self, lexer: Lexer, text: str, merged: frozenset[int]) -> tuple[list[int], list[int]]:
        """Lexeme starts and classes of ``text``, as :func:`_collect` would give from pygments."""
        starts: list[int] = []
        classes: list[int] = []
        push_start, push_class = starts.append, classes.append
        last, last_start = -1, -1
        pos, size = 0, len(text)
        stack = ["root"]
        state = "root"
        slots = self.slots.get(state) or [None] * 130
        token_type = _TokenType
        codes = self.codes
        while True:
            if pos < size:
                char = text[pos]
                bucket = ord(char) if char < "\x80" else _NON_ASCII
            else:
                bucket = _END
            segs = slots[bucket]
            if segs is None:
                segs = self.segments(state, bucket)
                slots = self.slots[state]
            for match_fn, groups, single in segs:
                m = match_fn(text, pos)
                if m is None:
                    continue
                if groups is None:
                    action, new_state = single[1], single[2]  # type: ignore[index]
                else:
                    rule = groups[m.lastindex]  # type: ignore[index]
                    action, new_state = rule[1], rule[2]
                    if action is not None and type(action) is not token_type:
                        m = rule[0](text, pos)  # callbacks read the rule's own groups
                        assert m is not None
                end = m.end()
                if action is not None:
                    if type(action) is token_type:
                        if end > pos and pos > last_start:
                            code = codes.get(action)
                            if code is None:
                                code = codes[action] = _type_class(action)
                            if code == _CHECK_CONTENT:
                                code = WHITESPACE if text[pos:end].isspace() else OTHER
                            if code != last or code not in merged:
                                push_start(pos)
                                push_class(code)
                                last, last_start = code, pos
                    else:
                        for index, tokentype, value in action(lexer, m):
                            if value and index > last_start:
                                code = codes.get(tokentype)
                                if code is None:
                                    code = codes[tokentype] = _type_class(tokentype)
                                if code == _CHECK_CONTENT:
                                    code = WHITESPACE if value.isspace() else OTHER
                                if code != last or code not in merged:
                                    push_start(index)
                                    push_class(code)
                                    last, last_start = code, index
                pos = end
                if new_state is not None:
                    _transition(stack, new_state)
                    state = stack[-1]
                    slots = self.slots.get(state) or [None] * 130
                break
            else:
                if pos >= size:
                    break
                if text[pos] == "\n":  # pygments: at a line end, reset to root
                    stack = ["root"]
                    state = "root"
                    slots = self.slots.get(state) or [None] * 130
                    code = class_of(Whitespace, "\n")
                else:
                    code = class_of(Error, text[pos])
                if pos > last_start and (code != last or code not in merged):
                    push_start(pos)
                    push_class(code)
                    last, last_start = code, pos
                pos += 1
        return starts, classes


def _transition(stack: list[str], new_state: Any) -> None:
    """Apply a pygments state change, exactly as ``RegexLexer.get_tokens_unprocessed`` does."""
    if isinstance(new_state, tuple):
        for state in new_state:
            if state == "#pop":
                if len(stack) > 1:
                    stack.pop()
            elif state == "#push":
                stack.append(stack[-1])
            else:
                stack.append(state)
    elif isinstance(new_state, int):
        if abs(new_state) >= len(stack):
            del stack[1:]
        else:
            del stack[new_state:]
    elif new_state == "#push":
        stack.append(stack[-1])
    else:
        raise AssertionError(f"wrong state def: {new_state!r}")


@lru_cache(maxsize=64)
def _fast_table(lexer_class: type[RegexLexer]) -> _FastRegex:
    return _FastRegex(lexer_class)
