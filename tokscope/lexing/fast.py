"""pygments' ``RegexLexer`` loop, re-implemented to try only the rules that can match.

At each position the loop tries, in pygments' order, only the rules whose regular expression can
start with the character found there (:func:`~tokscope.lexing.firsts.first_chars`), combined into
one alternation. The first rule that matches wins, exactly as in pygments, so the tokens are
identical. :func:`fast_lexer` says None for any lexer it cannot run; callers then use pygments.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from pygments.lexer import Lexer, RegexLexer
from pygments.token import Error, Whitespace, _TokenType

from tokscope.lexing.classes import CHECK_CONTENT, OTHER, WHITESPACE, class_of, type_class
from tokscope.lexing.firsts import END, EVERYTHING, NON_ASCII, first_chars

_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")  # group references: numbering must not shift
_LEADING_FLAGS = re.compile(r"\(\?([ims]+)\)")

Rule = tuple[Callable[[str, int], "re.Match[str] | None"], Any, Any]
"""One pygments rule: (bound ``match`` of the compiled regex, action, new state)."""
Segment = tuple[Callable[[str, int], "re.Match[str] | None"], dict[int, Rule] | None, Rule | None]
"""Rules tried together: a combined ``match`` and its group -> rule map, or one rule alone."""


def _scoped(pattern: str) -> str:
    """``(?i)x`` -> ``(?i:x)``: leading global flags cannot sit inside an alternation."""
    match = _LEADING_FLAGS.match(pattern)
    return f"(?{match.group(1)}:{pattern[match.end() :]})" if match else pattern


class FastRegex:
    """pygments' ``RegexLexer.get_tokens_unprocessed`` loop, trying fewer rules per position."""

    def __init__(self, lexer_class: type[RegexLexer]) -> None:
        tokendefs: dict[str, list[Rule]] = lexer_class.__dict__["_tokens"]
        self.rules = tokendefs
        self.firsts: dict[str, list[tuple[frozenset[int], bool]]] = {}
        for state, rules in tokendefs.items():
            firsts = []
            for rule in rules:
                compiled = getattr(rule[0], "__self__", None)
                if compiled is None:
                    firsts.append((EVERYTHING, True))
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
        """Lexeme starts and classes of ``text``, as pygments' tokens through
        :func:`~tokscope.lexing.lexers.collect` would give them."""
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
                bucket = ord(char) if char < "\x80" else NON_ASCII
            else:
                bucket = END
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
                                code = codes[action] = type_class(action)
                            if code == CHECK_CONTENT:
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
                                    code = codes[tokentype] = type_class(tokentype)
                                if code == CHECK_CONTENT:
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


def has_fast_path(lexer: Lexer) -> bool:
    """Whether :class:`FastRegex` can run ``lexer``: a plain ``RegexLexer`` whose rules pygments
    built once for its class.

    Lexers with their own loop, and those that build their rules per instance (C#, Nemerle and
    Inform 7 keep ``_tokens`` on the instance, one table per Unicode level), are run by pygments.
    """
    cls = type(lexer)
    return (
        isinstance(lexer, RegexLexer)
        and cls.get_tokens_unprocessed is RegexLexer.get_tokens_unprocessed
        and isinstance(cls.__dict__.get("_tokens"), dict)
        and getattr(lexer, "_tokens", None) is cls.__dict__["_tokens"]
    )


@lru_cache(maxsize=64)
def fast_table(lexer_class: type[RegexLexer]) -> FastRegex:
    """The (cached) fast loop of a lexer class that :func:`has_fast_path` accepts."""
    return FastRegex(lexer_class)


def fast_lexer(lexer: Lexer) -> FastRegex | None:
    """The fast loop for ``lexer``, or None when it must run through pygments itself."""
    if not has_fast_path(lexer):
        return None
    try:
        return fast_table(type(lexer))
    except Exception:  # rules the fast loop cannot read: pygments runs them
        return None
