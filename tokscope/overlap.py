"""Normalised vocabularies and how much they share.

Every vocabulary entry becomes the bytes it stands for (:meth:`EntryDecoder.content`: byte-level
``Ġ`` is a space, SentencePiece ``▁`` a space, added tokens their literal text), plus a flag for
WordPiece continuations (``##x``). Entries of one vocabulary that stand for the same bytes count
once and are reported as duplicates. Two vocabularies are then compared as sets of these *forms*:
sizes, intersection, Jaccard and coverage in both directions, overall and per category (whitespace,
punctuation, digits, code keywords, ASCII words, scripts, byte fragments). On a corpus, the share of
A's tokens whose form B also has says whether a difference matters for code at all; the vocabulary
budget relates entries to embedding parameters and to what the corpus uses.

Nothing here renders: the results are frozen dataclasses (see ``tokscope.render.overlap_*``).
"""

from __future__ import annotations

import bisect
import heapq
import importlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple, TypeAlias

from tokscope.corpus import Document, Skipped, SkipReport
from tokscope.describe import WHITESPACE_BYTES
from tokscope.sources import LoadedTokenizer, Provenance
from tokscope.vocab import bytes_to_unicode

# -- categories ---------------------------------------------------------------------------------

SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x00C0, 0x00D6, "latin-extended"),  # Latin-1 letters (without × and ÷)
    (0x00D8, 0x00F6, "latin-extended"),
    (0x00F8, 0x024F, "latin-extended"),  # Latin-1 letters, Latin Extended-A and -B
    (0x0250, 0x02AF, "latin-extended"),  # IPA Extensions
    (0x0370, 0x03FF, "greek"),  # Greek and Coptic
    (0x0400, 0x052F, "cyrillic"),  # Cyrillic, Cyrillic Supplement
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),  # Arabic Supplement
    (0x08A0, 0x08FF, "arabic"),  # Arabic Extended-A
    (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x0DFF, "other-indic"),  # Bengali ... Malayalam, Sinhala
    (0x0E00, 0x0EFF, "thai-lao"),  # Thai, Lao
    (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "hangul"),  # Hangul Jamo
    (0x1C80, 0x1C8F, "cyrillic"),  # Cyrillic Extended-C
    (0x1C90, 0x1CBF, "georgian"),  # Georgian Extended
    (0x1E00, 0x1EFF, "latin-extended"),  # Latin Extended Additional
    (0x1F00, 0x1FFF, "greek"),  # Greek Extended
    (0x2C60, 0x2C7F, "latin-extended"),  # Latin Extended-C
    (0x2D00, 0x2D2F, "georgian"),  # Georgian Supplement
    (0x2DE0, 0x2DFF, "cyrillic"),  # Cyrillic Extended-A
    (0x2E80, 0x2FDF, "cjk"),  # CJK Radicals, Kangxi Radicals
    (0x3000, 0x303F, "cjk"),  # CJK Symbols and Punctuation
    (0x3040, 0x30FF, "cjk"),  # Hiragana, Katakana
    (0x3100, 0x312F, "cjk"),  # Bopomofo
    (0x3130, 0x318F, "hangul"),  # Hangul Compatibility Jamo
    (0x31A0, 0x31FF, "cjk"),  # Bopomofo Extended, CJK Strokes, Katakana Phonetic Extensions
    (0x3200, 0x33FF, "cjk"),  # Enclosed CJK Letters and Months, CJK Compatibility
    (0x3400, 0x4DBF, "cjk"),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF, "cjk"),  # CJK Unified Ideographs
    (0xA640, 0xA69F, "cyrillic"),  # Cyrillic Extended-B
    (0xA720, 0xA7FF, "latin-extended"),  # Latin Extended-D
    (0xA8E0, 0xA8FF, "devanagari"),  # Devanagari Extended
    (0xA960, 0xA97F, "hangul"),  # Hangul Jamo Extended-A
    (0xAB30, 0xAB6F, "latin-extended"),  # Latin Extended-E
    (0xAC00, 0xD7FF, "hangul"),  # Hangul Syllables, Hangul Jamo Extended-B
    (0xF900, 0xFAFF, "cjk"),  # CJK Compatibility Ideographs
    (0xFB1D, 0xFB4F, "hebrew"),  # Hebrew presentation forms
    (0xFB50, 0xFDFF, "arabic"),  # Arabic Presentation Forms-A
    (0xFE30, 0xFE4F, "cjk"),  # CJK Compatibility Forms
    (0xFE70, 0xFEFE, "arabic"),  # Arabic Presentation Forms-B (U+FEFF, the BOM, is no letter)
    (0xFF00, 0xFFEF, "cjk"),  # Halfwidth and Fullwidth Forms
    (0x20000, 0x3FFFF, "cjk"),  # CJK Unified Ideographs Extensions B and later
)
"""Code point ranges (inclusive) of the scripts told apart; sorted by start. A non-ASCII letter
outside every range (Tibetan, Ethiopic, Khmer...) is ``other-script``; other non-ASCII characters
outside them (punctuation, symbols, emoji, combining marks) belong to no script."""

SCRIPT_CATEGORIES: tuple[str, ...] = (
    "latin-extended",
    "greek",
    "cyrillic",
    "armenian",
    "hebrew",
    "arabic",
    "devanagari",
    "other-indic",
    "thai-lao",
    "georgian",
    "hangul",
    "cjk",
    "other-script",
)
"""Categories of entries written in one script other than basic (ASCII) Latin."""

CATEGORIES: dict[str, str] = {
    "whitespace": "only spaces, tabs, newlines, CR, VT or FF",
    "punctuation": "ASCII punctuation and operators (whitespace allowed)",
    "digits": "ASCII digits, optionally with surrounding whitespace",
    "keyword": "a keyword of a common programming language, optionally with surrounding whitespace",
    "ascii-word": "ASCII letters, digits and _ (not only digits), optionally with surrounding "
    "whitespace",
    "ascii-mixed": "any other ASCII entry: letters with punctuation (self. __( [unused0])",
    **{name: f"{name} script (with or without ASCII)" for name in SCRIPT_CATEGORIES[:-1]},
    "other-script": "letters of a script not listed above",
    "mixed-scripts": "letters of more than one non-ASCII script",
    "symbols": "non-ASCII without letters: symbols, punctuation, emoji",
    "byte-fragment": "not valid UTF-8: part of a multi-byte character",
}
"""Every category of a normalised entry, in display order, with what it holds."""

BUDGET_EXTRA: dict[str, str] = {
    "special": "special tokens (always counted in the budget, by id)",
    "empty": "entries that stand for no bytes at all",
}
"""Rows of the vocabulary budget besides :data:`CATEGORIES`."""

_SCRIPT_STARTS = [start for start, _, _ in SCRIPT_RANGES]
_WS = bytes(sorted(WHITESPACE_BYTES))
_DIGITS = b"0123456789"
_PUNCT_WS = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" + _WS
_WORD = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"


def script_of(ch: str) -> str | None:
    """The script category of one character, or None (ASCII, symbols, punctuation, marks).

    Characters below U+0100 outside the Latin-1 letters (``ª``, ``µ``, ``º``...) belong to no
    script.

    >>> script_of("ж"), script_of("中"), script_of("→"), script_of("a")
    ('cyrillic', 'cjk', None, None)
    """
    code = ord(ch)
    if code < 0x80:
        return None
    i = bisect.bisect_right(_SCRIPT_STARTS, code) - 1
    if i >= 0 and code <= SCRIPT_RANGES[i][1]:
        return SCRIPT_RANGES[i][2]
    if code < 0x100:
        return None
    return "other-script" if unicodedata.category(ch).startswith("L") else None


class _ScriptTable(dict[int, "str | None"]):
    """``str.translate`` table: each character to a one-letter script code, or deleted."""

    def __missing__(self, code: int) -> str | None:
        script = script_of(chr(code))
        value = None if script is None else chr(0x41 + SCRIPT_CATEGORIES.index(script))
        self[code] = value
        return value


class Categorizer:
    """Puts normalised entries into :data:`CATEGORIES`.

    >>> Categorizer(frozenset({"return"}))(b" return")
    'keyword'
    """

    def __init__(self, keywords: frozenset[str]) -> None:
        self.keywords = frozenset(k.encode("ascii") for k in keywords)
        self._scripts = _ScriptTable()

    def __call__(self, content: bytes) -> str:
        """The category of an entry that stands for ``content`` (not empty)."""
        if content.isascii():
            core = content.strip(_WS)
            if not core:
                return "whitespace"
            if not core.translate(None, _DIGITS):
                return "digits"
            if not core.translate(None, _PUNCT_WS):
                return "punctuation"
            if core in self.keywords:
                return "keyword"
            return "ascii-mixed" if core.translate(None, _WORD) else "ascii-word"
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return "byte-fragment"
        codes = set(text.translate(self._scripts))
        if not codes:
            return "symbols"
        if len(codes) > 1:
            return "mixed-scripts"
        return SCRIPT_CATEGORIES[ord(codes.pop()) - 0x41]


# -- keywords from pygments ---------------------------------------------------------------------

KEYWORD_LANGUAGES: tuple[str, ...] = (
    "python",
    "javascript",
    "typescript",
    "java",
    "c",
    "cpp",
    "csharp",
    "go",
    "rust",
    "ruby",
    "php",
    "kotlin",
    "swift",
    "scala",
    "bash",
)
"""Pygments lexer aliases whose keywords make the ``keyword`` category."""

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]+\Z")
_EXPAND_LIMIT = 4096


@dataclass(frozen=True)
class KeywordSet:
    """Keywords of common programming languages, read from pygments' lexers."""

    words: frozenset[str]
    """Identifier-like keywords (two characters or more), all languages together."""
    languages: tuple[str, ...]
    """The pygments lexer aliases read."""
    per_language: tuple[tuple[str, int], ...]
    """How many keywords each language contributed."""
    pygments_version: str
    """The pygments version they come from (the lists change between versions)."""


@lru_cache(maxsize=1)
def code_keywords(languages: tuple[str, ...] = KEYWORD_LANGUAGES) -> KeywordSet:
    """The keywords of ``languages`` according to pygments (see docs/overlap.md for how).

    Every rule of a lexer's ``tokens`` (the lexer class and the classes it inherits from) whose
    token type is ``Keyword.*`` or ``Operator.Word`` (or that gives such a type to one group
    through ``bygroups``) is read; its regular expression, including those built by ``words(...)``,
    is expanded into the finite set of strings it matches (zero-width assertions ignored; rules
    matching unbounded or very many strings are skipped). Identifiers of two characters or more
    are kept.
    """
    import pygments
    from pygments.lexers import find_lexer_class_by_name

    words: set[str] = set()
    counts = []
    for alias in languages:
        found = _lexer_keywords(find_lexer_class_by_name(alias))
        counts.append((alias, len(found)))
        words |= found
    return KeywordSet(frozenset(words), languages, tuple(counts), pygments.__version__)


def _lexer_keywords(lexer: type) -> set[str]:
    from pygments.lexer import words
    from pygments.token import Keyword, Operator

    def is_keyword(action: object) -> bool:
        return action in Keyword or action in Operator.Word  # type: ignore[operator]

    found: set[str] = set()
    for cls in lexer.__mro__:
        tokens = cls.__dict__.get("tokens")
        if not isinstance(tokens, dict):
            continue
        if cls.__dict__.get("token_variants"):  # C#: one table per Unicode level
            tokens = tokens.get("basic", {})
        for rules in tokens.values():
            for rule in rules if isinstance(rules, list) else ():
                if not isinstance(rule, tuple) or len(rule) < 2:
                    continue
                pattern, action = rule[0], rule[1]
                if isinstance(pattern, words):
                    pattern = pattern.get()  # type: ignore[no-untyped-call]
                if not isinstance(pattern, str):
                    continue
                groups: list[int] = []
                if isinstance(action, tuple) and is_keyword(action):
                    groups = [0]
                elif callable(action) and action.__closure__:  # bygroups(Keyword, ...)
                    args = action.__closure__[0].cell_contents
                    if isinstance(args, tuple):
                        groups = [i for i, a in enumerate(args, 1) if is_keyword(a)]
                for group in groups:
                    found |= _expand_group(pattern, group)
    return {w for w in found if _IDENTIFIER.match(w)}


def _sre_parser() -> Any:
    try:
        return importlib.import_module("re._parser")
    except ImportError:  # Python 3.10
        return importlib.import_module("sre_parse")


def _expand_group(pattern: str, group: int) -> set[str]:
    try:
        tree = list(_sre_parser().parse(pattern))
    except Exception:  # a pattern Python cannot parse on its own (flags set elsewhere)
        return set()
    items = tree if group == 0 else _find_group(tree, group)
    return (_expand(items) or set()) if items is not None else set()


def _find_group(items: list[Any], group: int) -> list[Any] | None:
    for op, arg in items:
        children: list[list[Any]] = []
        if str(op) == "SUBPATTERN":
            if arg[0] == group:
                return list(arg[-1])
            children = [list(arg[-1])]
        elif str(op) == "BRANCH":
            children = [list(b) for b in arg[1]]
        elif str(op) in ("MAX_REPEAT", "MIN_REPEAT"):
            children = [list(arg[2])]
        for child in children:
            hit = _find_group(child, group)
            if hit is not None:
                return hit
    return None


def _expand(items: list[Any]) -> set[str] | None:
    """All strings a parsed regular expression matches, or None when too many or unbounded."""
    out = {""}
    for op, arg in items:
        name = str(op)
        alternatives: set[str] | None
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        if name == "LITERAL":
            alternatives = {chr(arg)}
        elif name == "SUBPATTERN":
            alternatives = _expand(list(arg[-1]))
        elif name == "BRANCH":
            alternatives = set()
            for branch in arg[1]:
                more = _expand(list(branch))
                if more is None:
                    return None
                alternatives |= more
        elif name == "IN":
            alternatives = _expand_class(arg)
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            alternatives = _expand_repeat(arg)
        else:
            return None
        if alternatives is None:
            return None
        out = {a + b for a in out for b in alternatives}
        if len(out) > _EXPAND_LIMIT:
            return None
    return out


def _expand_class(items: list[Any]) -> set[str] | None:
    chars: set[str] = set()
    for op, arg in items:
        if str(op) == "LITERAL":
            chars.add(chr(arg))
        elif str(op) == "RANGE" and arg[1] - arg[0] < 64:
            chars |= {chr(c) for c in range(arg[0], arg[1] + 1)}
        else:
            return None
    return chars


def _expand_repeat(arg: Any) -> set[str] | None:
    low, high, sub = arg
    if high > 4:
        return None
    each = _expand(list(sub))
    if each is None:
        return None
    result: set[str] = set()
    current = {""}
    for k in range(high + 1):
        if k >= low:
            result |= current
        current = {a + b for a in current for b in each}
        if len(current) > _EXPAND_LIMIT:
            return None
    return result


# -- normalised vocabularies --------------------------------------------------------------------


class Continuation(NamedTuple):
    """A WordPiece continuation (``##x``): bytes glued to the previous piece of a word.

    Wrapped so that it never equals the word-initial entry of the same bytes.
    """

    content: bytes
    """The bytes of source text."""


Form: TypeAlias = bytes | Continuation
"""What a vocabulary entry stands for: its bytes, or a :class:`Continuation`."""


def form_bytes(form: Form) -> bytes:
    """The bytes a form stands for."""
    return form.content if isinstance(form, Continuation) else form


def is_continuation(form: Form) -> bool:
    """Whether ``form`` is a WordPiece continuation."""
    return isinstance(form, Continuation)


def form_text(form: Form) -> str:
    """A form as text: bytes that are not UTF-8 written ``\\xNN``, ``##`` before continuations.

    >>> form_text(b"\\xf0\\x9f"), form_text(Continuation(b"ing"))
    ('\\\\xf0\\\\x9f', '##ing')
    """
    text = form_bytes(form).decode("utf-8", errors="backslashreplace")
    return "##" + text if isinstance(form, Continuation) else text


def sample_key(form: Form) -> tuple[int, bytes, bool]:
    """The order of samples: by length, then by bytes (continuations after)."""
    content = form_bytes(form)
    return (len(content), content, isinstance(form, Continuation))


@dataclass(frozen=True)
class Duplicate:
    """Several entries of one vocabulary that stand for the same bytes (counted once)."""

    form: Form
    """What they all stand for."""
    ids: tuple[int, ...]
    """Their ids, ascending."""
    tokens: tuple[str, ...]
    """Their strings as the tokenizer writes them, in the order of ``ids``."""
    added: tuple[bool, ...]
    """Whether each is an added token (stored as literal text)."""


@dataclass(frozen=True)
class NormalisedVocab:
    """One vocabulary as a set of forms."""

    name: str
    """The tokenizer's display name."""
    provenance: Provenance
    """Where the tokenizer's files came from."""
    model_type: str
    """``BPE``, ``Unigram``, ``WordPiece`` or ``WordLevel``."""
    size: int
    """Entries, added tokens included (the embedding rows)."""
    special: tuple[tuple[int, str], ...]
    """``(id, token)`` of every added token flagged special, by id."""
    include_special: bool
    """Whether special tokens take part in the comparison (otherwise they are left out)."""
    form_of: Mapping[int, Form] = field(repr=False)
    """The form of every id that takes part in the comparison."""
    forms: Mapping[Form, str] = field(repr=False)
    """Each distinct form and its category (a key of :data:`CATEGORIES`)."""
    duplicates: tuple[Duplicate, ...]
    """Forms that more than one entry stands for, by :func:`sample_key`."""
    tokens: Mapping[int, str] = field(repr=False)
    """Every id's string as the tokenizer writes it."""
    empty: tuple[int, ...] = ()
    """Ids of entries that stand for no bytes (left out of the comparison)."""
    continuations: bool = False
    """Whether some forms are WordPiece continuations."""

    @property
    def compared_entries(self) -> int:
        """Entries that take part in the comparison (duplicates counted each)."""
        return len(self.form_of)

    def by_category(self) -> dict[str, set[Form]]:
        """The forms of each category (categories without forms are absent)."""
        groups: dict[str, set[Form]] = {}
        for form, category in self.forms.items():
            group = groups.get(category)
            if group is None:
                groups[category] = {form}
            else:
                group.add(form)
        return groups


def vocabulary_entries(tok: LoadedTokenizer) -> dict[int, str]:
    """Every id of ``tok`` (added tokens included) and its string.

    ``get_vocab`` is keyed by string, so an added token spelled like a model entry would hide
    it; the model's entries and the added tokens are read apart instead.
    """
    t = tok.tokenizer
    entries = {i: token for token, i in t.get_vocab(with_added_tokens=False).items()}
    for i, added in t.get_added_tokens_decoder().items():
        entries[i] = added.content
    return entries


@lru_cache(maxsize=1)
def _byte_level_table() -> dict[int, int]:
    """``str.translate`` table from byte-level characters to the bytes they stand for; any other
    character below U+0100 maps to U+0100 so that encoding as Latin-1 fails."""
    table = {code: 0x100 for code in range(0x100)}
    table.update({ord(c): b for b, c in bytes_to_unicode().items()})
    return table


def entry_contents(tok: LoadedTokenizer, entries: Mapping[int, str]) -> dict[int, bytes]:
    """:meth:`EntryDecoder.content` of every entry, with a fast path for byte-level entries
    (equal by construction, and checked against ``content`` in the tests)."""
    decoder = tok.entries
    content = decoder.content
    if not decoder.byte_level:
        return {i: content(i, token) for i, token in entries.items()}
    table = _byte_level_table()
    out: dict[int, bytes] = {}
    for i, token in entries.items():
        if i in decoder.added:
            out[i] = token.encode("utf-8")
            continue
        try:
            out[i] = token.translate(table).encode("latin-1")
        except UnicodeEncodeError:  # not a byte-level string: content() decides
            out[i] = content(i, token)
    return out


def normalise(
    tok: LoadedTokenizer,
    categorizer: Categorizer,
    *,
    include_special: bool = False,
    entries: Mapping[int, str] | None = None,
) -> NormalisedVocab:
    """Map every entry of ``tok`` to the bytes it stands for and categorise the forms.

    ``entries`` (from :func:`vocabulary_entries`) saves reading the vocabulary again.
    """
    entries = vocabulary_entries(tok) if entries is None else entries
    special_ids = tok.special_ids
    decoder = tok.entries
    contents = entry_contents(tok, entries)
    if not include_special:
        for i in special_ids:
            contents.pop(i, None)
    empty = sorted(i for i, content in contents.items() if not content)
    for i in empty:
        del contents[i]
    form_of: dict[int, Form] = dict(contents)
    continuations = False
    if decoder.continuing_prefix:
        for i, content in contents.items():
            if decoder.is_continuation(i, entries[i]):
                form_of[i] = Continuation(content)
                continuations = True
    first: dict[Form, int] = {}
    repeated: dict[Form, list[int]] = {}
    for i, form in form_of.items():
        seen = first.setdefault(form, i)
        if seen != i:
            repeated.setdefault(form, [seen]).append(i)
    added = tok.tokenizer.get_added_tokens_decoder()
    duplicates = []
    for form in sorted(repeated, key=sample_key):
        ids = tuple(sorted(repeated[form]))
        duplicates.append(
            Duplicate(form, ids, tuple(entries[i] for i in ids), tuple(i in added for i in ids))
        )
    return NormalisedVocab(
        name=tok.name,
        provenance=tok.provenance,
        model_type=type(tok.tokenizer.model).__name__,
        size=tok.tokenizer.get_vocab_size(with_added_tokens=True),
        special=tuple((i, entries[i]) for i in sorted(special_ids) if i in entries),
        include_special=include_special,
        form_of=form_of,
        forms={form: categorizer(form_bytes(form)) for form in first},
        duplicates=tuple(duplicates),
        tokens=entries,
        empty=tuple(empty),
        continuations=continuations,
    )


# -- pairwise overlap ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SetOverlap:
    """Two sets of forms: sizes, intersection, Jaccard and coverage."""

    a: int
    """Forms of A."""
    b: int
    """Forms of B."""
    shared: int
    """Forms in both."""

    @property
    def union(self) -> int:
        """Forms in either."""
        return self.a + self.b - self.shared

    @property
    def jaccard(self) -> float:
        """|A∩B| / |A∪B| (0 when both are empty)."""
        return self.shared / self.union if self.union else 0.0

    @property
    def a_in_b(self) -> float | None:
        """Coverage of A by B: |A∩B| / |A| (None when A is empty)."""
        return self.shared / self.a if self.a else None

    @property
    def b_in_a(self) -> float | None:
        """Coverage of B by A: |A∩B| / |B| (None when B is empty)."""
        return self.shared / self.b if self.b else None


@dataclass(frozen=True)
class CategoryOverlap:
    """The overlap of two vocabularies within one category, with samples."""

    category: str
    """A key of :data:`CATEGORIES`."""
    counts: SetOverlap
    """Sizes and intersection within the category."""
    shared: tuple[Form, ...]
    """Samples of forms in both (shortest first, then by bytes)."""
    a_only: tuple[Form, ...]
    """Samples of forms only in A."""
    b_only: tuple[Form, ...]
    """Samples of forms only in B."""


@dataclass(frozen=True)
class IdDelta:
    """Ids one vocabulary has and the other lacks."""

    count: int
    """How many."""
    ranges: tuple[tuple[int, int], ...]
    """Runs of consecutive ids, ``(first, last)`` inclusive."""
    special: tuple[str, ...]
    """The tokens flagged special among them, by id."""
    others: int
    """How many are not flagged special."""
    first_other: str | None
    """The first (lowest id) of the others."""
    last_other: str | None
    """The last (highest id) of the others."""


@dataclass(frozen=True)
class IdComparison:
    """The two vocabularies compared id by id, as the tokenizers write their entries."""

    identical: int
    """Ids present in both with the same string (and, for added tokens, the same settings)."""
    different: int
    """Ids present in both whose entry differs."""
    a_only: IdDelta
    """Ids only A has."""
    b_only: IdDelta
    """Ids only B has."""

    @property
    def a_extends_b(self) -> bool:
        """A holds every entry of B at the same id, and perhaps more."""
        return self.different == 0 and self.b_only.count == 0 and self.identical > 0

    @property
    def b_extends_a(self) -> bool:
        """B holds every entry of A at the same id, and perhaps more."""
        return self.different == 0 and self.a_only.count == 0 and self.identical > 0


@dataclass(frozen=True)
class CategoryWeight:
    """Corpus tokens of one category and how many of them the other vocabulary has."""

    category: str
    """A key of :data:`CATEGORIES`."""
    tokens: int
    """A's tokens of this category on the corpus."""
    covered: int
    """Those whose form B also has."""


@dataclass(frozen=True)
class MissingForm:
    """A form A uses on the corpus that B does not have."""

    form: Form
    """What the tokens stand for."""
    count: int
    """How many of A's tokens on the corpus stand for it."""
    share: float
    """``count`` over all of A's tokens on the corpus."""


@dataclass(frozen=True)
class CorpusCoverage:
    """Corpus-weighted coverage of A by B: the share of A's tokens whose form B has."""

    tokenizer: str
    """A, whose tokens are counted."""
    against: str
    """B, whose vocabulary is looked up."""
    tokens: int
    """A's tokens on the corpus (special tokens left out unless included)."""
    covered: int
    """Those whose form is also an entry of B."""
    by_category: tuple[CategoryWeight, ...]
    """The same, per category (categories A used)."""
    missing: tuple[MissingForm, ...]
    """A's most frequent forms that B lacks, most frequent first."""

    @property
    def share(self) -> float | None:
        """``covered / tokens`` (None without tokens)."""
        return self.covered / self.tokens if self.tokens else None


@dataclass(frozen=True)
class PairOverlap:
    """How much two vocabularies share."""

    a: str
    """Name of A."""
    b: str
    """Name of B."""
    overall: SetOverlap
    """All forms."""
    categories: tuple[CategoryOverlap, ...]
    """Per category, in :data:`CATEGORIES` order; categories empty in both are left out."""
    ids: IdComparison
    """Id-by-id comparison of the raw entries."""
    corpus: tuple[CorpusCoverage, CorpusCoverage] | None = None
    """On the corpus: A covered by B, then B covered by A."""


# -- corpus -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusCounts:
    """Token ids counted on a corpus, for each tokenizer."""

    documents: int
    """Documents encoded."""
    n_bytes: int
    """Their UTF-8 size."""
    skipped: SkipReport
    """Inputs not analysed, by reason."""
    scripts: tuple[str, ...]
    """Script categories (:data:`SCRIPT_CATEGORIES`) of characters that occur in the corpus."""
    counts: Mapping[str, Mapping[int, int]] = field(repr=False)
    """Per tokenizer name, how often each id occurs (documents encoded without special tokens
    added; special tokens matched in the text are counted)."""


def count_corpus(
    tokenizers: Sequence[LoadedTokenizer],
    items: Iterable[Document | Skipped],
    *,
    batch_size: int = 64,
    advance: Callable[[int, int], None] | None = None,
) -> CorpusCounts:
    """Encode every document with every tokenizer and count the ids.

    ``advance(files, n_bytes)`` is called as documents are done (for a progress bar).
    """
    counters: dict[str, Counter[int]] = {t.name: Counter() for t in tokenizers}
    skipped: list[Skipped] = []
    chars: set[str] = set()
    documents = n_bytes = 0
    batch: list[Document] = []

    def flush() -> None:
        texts = [d.text for d in batch]
        for tok in tokenizers:
            counter = counters[tok.name]
            for encoding in tok.tokenizer.encode_batch(texts, add_special_tokens=False):
                counter.update(encoding.ids)
        if advance is not None:
            advance(len(batch), sum(d.n_bytes for d in batch))
        batch.clear()

    for item in items:
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        documents += 1
        n_bytes += item.n_bytes
        if not item.text.isascii():
            chars.update(item.text)
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    scripts = {s for s in map(script_of, chars) if s is not None}
    return CorpusCounts(
        documents=documents,
        n_bytes=n_bytes,
        skipped=SkipReport.of(skipped),
        scripts=tuple(c for c in SCRIPT_CATEGORIES if c in scripts),
        counts={name: dict(counter) for name, counter in counters.items()},
    )


@dataclass(frozen=True)
class CorpusUse:
    """How one tokenizer's vocabulary is used on the corpus."""

    name: str
    """The tokenizer."""
    tokens: int
    """Tokens counted (special tokens left out unless included)."""
    special_tokens: int
    """Occurrences of special tokens (unknown tokens among them), left out of ``tokens`` unless
    special tokens are included."""
    used_entries: int
    """Distinct ids that occur at least once."""


# -- vocabulary budget --------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetRow:
    """Embedding parameters spent on the entries of one category."""

    category: str
    """A key of :data:`CATEGORIES` or :data:`BUDGET_EXTRA`."""
    entries: int
    """Ids of this category (each id is one embedding row, duplicates included)."""
    params: int
    """``entries x hidden``."""
    unused_entries: int | None
    """Entries that never occur on the corpus (None without a corpus)."""
    in_corpus: bool | None
    """For script categories with a corpus: whether the corpus has characters of that script."""


@dataclass(frozen=True)
class VocabBudget:
    """What one vocabulary costs at a hidden size, and what of it a corpus uses."""

    name: str
    """The tokenizer."""
    hidden: int
    """Hidden (embedding) size."""
    entries: int
    """Vocabulary size with added tokens, as in ``tokscope inspect``."""
    rows: tuple[BudgetRow, ...]
    """Per category, categories without entries left out."""

    @property
    def params(self) -> int:
        """``entries x hidden``: the embedding table."""
        return self.entries * self.hidden

    @property
    def unused_entries(self) -> int | None:
        """Entries the corpus never uses (None without a corpus)."""
        if any(r.unused_entries is None for r in self.rows):
            return None
        return sum(r.unused_entries or 0 for r in self.rows)

    @property
    def absent_script_entries(self) -> int | None:
        """Entries of a script the corpus does not contain (None without a corpus)."""
        if any(r.unused_entries is None for r in self.rows):
            return None
        return sum(r.entries for r in self.rows if r.in_corpus is False)


def budget(
    vocab: NormalisedVocab,
    *,
    hidden: int,
    counts: Mapping[int, int] | None = None,
    scripts: Sequence[str] = (),
) -> VocabBudget:
    """Embedding rows and parameters per category; with corpus ``counts``, what goes unused."""
    form_of = vocab.form_of
    category_of = dict(zip(form_of, map(vocab.forms.__getitem__, form_of.values())))
    category_of.update((i, "special") for i, _ in vocab.special)
    category_of.update((i, "empty") for i in vocab.empty)
    entries = Counter(category_of.values())
    used = Counter(category_of[i] for i, n in (counts or {}).items() if n and i in category_of)
    unused = entries - used
    order = [*CATEGORIES, *BUDGET_EXTRA]
    rows = tuple(
        BudgetRow(
            category=c,
            entries=entries[c],
            params=entries[c] * hidden,
            unused_entries=None if counts is None else unused[c],
            in_corpus=(c in scripts) if counts is not None and c in SCRIPT_CATEGORIES else None,
        )
        for c in order
        if entries[c]
    )
    return VocabBudget(vocab.name, hidden, vocab.size, rows)


# -- the whole report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Matrix:
    """Pairwise figures for N vocabularies; ``[i][j]`` reads "row i against column j"."""

    names: tuple[str, ...]
    """Tokenizers, in the order given."""
    coverage: tuple[tuple[float | None, ...], ...]
    """Share of row i's forms that column j also has (1 on the diagonal)."""
    jaccard: tuple[tuple[float, ...], ...]
    """Jaccard of the two sets of forms (1 on the diagonal)."""
    corpus_coverage: tuple[tuple[float | None, ...], ...] | None
    """Share of row i's corpus tokens whose form column j has (with a corpus)."""


@dataclass(frozen=True)
class OverlapReport:
    """Everything ``tokscope overlap`` reports."""

    vocabularies: tuple[NormalisedVocab, ...]
    """The normalised vocabularies, in the order given."""
    pairs: tuple[PairOverlap, ...]
    """Every pair (i < j) in the order given."""
    matrix: Matrix
    """The pairwise figures as matrices."""
    keywords: KeywordSet
    """Where the ``keyword`` category comes from."""
    budgets: tuple[VocabBudget, ...]
    """The vocabulary budget of each tokenizer."""
    corpus: CorpusCounts | None
    """The corpus counts, when a corpus was given."""
    uses: tuple[CorpusUse, ...]
    """How each vocabulary is used on the corpus (empty without a corpus)."""
    include_special: bool
    """Whether special tokens took part in the comparison."""
    samples: int
    """Samples kept per category and side."""
    top: int
    """Missing forms kept per direction on the corpus."""
    hidden: int
    """Hidden size of the budget."""


def overlap(
    tokenizers: Sequence[LoadedTokenizer],
    *,
    include_special: bool = False,
    samples: int = 6,
    top: int = 10,
    hidden: int = 1024,
    corpus: CorpusCounts | None = None,
    keywords: KeywordSet | None = None,
) -> OverlapReport:
    """Compare the vocabularies of ``tokenizers`` pairwise (and on ``corpus``, if given).

    ``samples`` forms are kept per category and side, ``top`` missing forms per direction on the
    corpus; ``hidden`` is the embedding width of the budget.
    """
    kw = keywords or code_keywords()
    categorizer = Categorizer(kw.words)
    entries = [vocabulary_entries(t) for t in tokenizers]
    vocabs = [
        normalise(t, categorizer, include_special=include_special, entries=e)
        for t, e in zip(tokenizers, entries)
    ]
    groups = [v.by_category() for v in vocabs]
    pairs = []
    for i in range(len(vocabs)):
        for j in range(i + 1, len(vocabs)):
            a, b = vocabs[i], vocabs[j]
            overall, categories = _pair(a, b, groups[i], groups[j], samples)
            coverage = None
            if corpus is not None:
                coverage = (
                    corpus_coverage(a, b, corpus.counts[a.name], top=top),
                    corpus_coverage(b, a, corpus.counts[b.name], top=top),
                )
            ids = compare_ids(tokenizers[i], tokenizers[j], entries[i], entries[j])
            pairs.append(PairOverlap(a.name, b.name, overall, categories, ids, coverage))
    uses = () if corpus is None else tuple(_use(v, corpus.counts[v.name]) for v in vocabs)
    budgets = tuple(
        budget(
            v,
            hidden=hidden,
            counts=None if corpus is None else corpus.counts[v.name],
            scripts=() if corpus is None else corpus.scripts,
        )
        for v in vocabs
    )
    return OverlapReport(
        vocabularies=tuple(vocabs),
        pairs=tuple(pairs),
        matrix=_matrix(vocabs, pairs),
        keywords=kw,
        budgets=budgets,
        corpus=corpus,
        uses=uses,
        include_special=include_special,
        samples=samples,
        top=top,
        hidden=hidden,
    )


def pick_samples(forms: Collection[Form], n: int, *, plain: bool | None = None) -> tuple[Form, ...]:
    """The shortest and the longest forms, ``n`` in all (the shortest first; see
    :func:`sample_key`). ``plain`` says that no form is a :class:`Continuation` (found out when
    not given).

    >>> pick_samples([b"abc", b"a", b"ab", b"b"], 3)
    (b'a', b'b', b'abc')
    """
    if len(forms) <= n:
        return tuple(sorted(forms, key=sample_key))
    if plain is None:
        plain = not any(isinstance(f, Continuation) for f in forms)
    if plain:
        # bytes sort by length then bytes once the candidates are cut by length (fast path)
        k_head, k_tail = (n + 1) // 2, n // 2
        lengths = list(map(len, forms))
        low = heapq.nsmallest(k_head, lengths)[-1] if k_head else -1
        high = heapq.nlargest(k_tail, lengths)[-1] if k_tail else 1 << 62
        head = sorted(f for f in forms if len(f) <= low)
        tail = sorted(f for f in forms if len(f) >= high)
        head.sort(key=len)
        tail.sort(key=len)
        return (*head[:k_head], *(tail[len(tail) - k_tail :] if k_tail else ()))
    head = heapq.nsmallest((n + 1) // 2, forms, key=sample_key)
    tail = heapq.nlargest(n // 2, forms, key=sample_key)
    return (*head, *reversed(tail))


def _pair(
    a: NormalisedVocab,
    b: NormalisedVocab,
    groups_a: dict[str, set[Form]],
    groups_b: dict[str, set[Form]],
    samples: int,
) -> tuple[SetOverlap, tuple[CategoryOverlap, ...]]:
    categories = []
    total_shared = 0
    plain = not (a.continuations or b.continuations)
    for category in CATEGORIES:
        fa, fb = groups_a.get(category, set()), groups_b.get(category, set())
        if not fa and not fb:
            continue
        shared = fa & fb
        total_shared += len(shared)
        categories.append(
            CategoryOverlap(
                category,
                SetOverlap(len(fa), len(fb), len(shared)),
                pick_samples(shared, samples, plain=plain),
                pick_samples(fa - shared, samples, plain=plain),
                pick_samples(fb - shared, samples, plain=plain),
            )
        )
    return SetOverlap(len(a.forms), len(b.forms), total_shared), tuple(categories)


_AddedKey = tuple[str, bool, bool, bool, bool, bool]


def _added_keys(tok: LoadedTokenizer) -> dict[int, _AddedKey]:
    return {
        i: (a.content, a.special, a.single_word, a.lstrip, a.rstrip, a.normalized)
        for i, a in tok.tokenizer.get_added_tokens_decoder().items()
    }


def compare_ids(
    a: LoadedTokenizer,
    b: LoadedTokenizer,
    entries_a: Mapping[int, str] | None = None,
    entries_b: Mapping[int, str] | None = None,
) -> IdComparison:
    """Compare the entries of ``a`` and ``b`` id by id: the same string, and for added tokens the
    same settings (special, single_word, lstrip, rstrip, normalized)."""
    ea = vocabulary_entries(a) if entries_a is None else entries_a
    eb = vocabulary_entries(b) if entries_b is None else entries_b
    added_a, added_b = _added_keys(a), _added_keys(b)
    dense = _dense(ea) and _dense(eb)  # ids 0..n-1, the usual case: ranges, not sets
    common: Iterable[int] = range(min(len(ea), len(eb))) if dense else ea.keys() & eb.keys()
    identical = different = 0
    for i in common:
        if ea[i] == eb[i] and added_a.get(i) == added_b.get(i):
            identical += 1
        else:
            different += 1
    return IdComparison(
        identical,
        different,
        _delta(ea, range(len(eb), len(ea)) if dense else _only(ea, eb), a.special_ids),
        _delta(eb, range(len(ea), len(eb)) if dense else _only(eb, ea), b.special_ids),
    )


def _dense(entries: Mapping[int, str]) -> bool:
    return not entries or (min(entries) == 0 and max(entries) == len(entries) - 1)


def _only(mine: Mapping[int, str], theirs: Mapping[int, str]) -> list[int]:
    return sorted(mine.keys() - theirs.keys())


def _delta(mine: Mapping[int, str], ids: Sequence[int], special: frozenset[int]) -> IdDelta:
    """What ``ids`` (ascending: a range or a sorted list) hold of ``mine``."""
    ranges: list[tuple[int, int]] = []
    if ids and ids[-1] - ids[0] + 1 == len(ids):
        ranges.append((ids[0], ids[-1]))  # one block (the usual case): no need to walk it
    else:
        for i in ids:
            if ranges and ranges[-1][1] == i - 1:
                ranges[-1] = (ranges[-1][0], i)
            else:
                ranges.append((i, i))
    members = ids if isinstance(ids, range) else set(ids)
    specials = [i for i in sorted(special) if i in members]
    first = next((i for i in ids if i not in special), None)
    last = next((i for i in reversed(ids) if i not in special), None)
    return IdDelta(
        count=len(ids),
        ranges=tuple(ranges),
        special=tuple(mine[i] for i in specials),
        others=len(ids) - len(specials),
        first_other=None if first is None else mine[first],
        last_other=None if last is None else mine[last],
    )


def corpus_coverage(
    a: NormalisedVocab, b: NormalisedVocab, counts: Mapping[int, int], *, top: int = 10
) -> CorpusCoverage:
    """The share of A's corpus tokens whose form is an entry of B, and A's most frequent forms
    that B lacks. ``counts`` are A's id counts on the corpus."""
    index = a.form_of
    tokens = covered = 0
    per_category: dict[str, list[int]] = {}
    missing: Counter[Form] = Counter()
    for i, n in counts.items():
        form = index.get(i)
        if form is None:  # a special token (left out) or an entry standing for nothing
            continue
        tokens += n
        weights = per_category.setdefault(a.forms[form], [0, 0])
        weights[0] += n
        if form in b.forms:
            covered += n
            weights[1] += n
        else:
            missing[form] += n
    ranked = sorted(missing.items(), key=lambda kv: (-kv[1], sample_key(kv[0])))[:top]
    return CorpusCoverage(
        tokenizer=a.name,
        against=b.name,
        tokens=tokens,
        covered=covered,
        by_category=tuple(
            CategoryWeight(c, *per_category[c]) for c in CATEGORIES if c in per_category
        ),
        missing=tuple(MissingForm(f, n, n / tokens) for f, n in ranked),
    )


def _use(vocab: NormalisedVocab, counts: Mapping[int, int]) -> CorpusUse:
    special = {i for i, _ in vocab.special}
    special_tokens = sum(n for i, n in counts.items() if i in special)
    total = sum(counts.values())
    return CorpusUse(
        name=vocab.name,
        tokens=total if vocab.include_special else total - special_tokens,
        special_tokens=special_tokens,
        used_entries=sum(1 for n in counts.values() if n),
    )


def _matrix(vocabs: Sequence[NormalisedVocab], pairs: Sequence[PairOverlap]) -> Matrix:
    n = len(vocabs)
    names = tuple(v.name for v in vocabs)
    position = {name: k for k, name in enumerate(names)}
    coverage: list[list[float | None]] = [
        [1.0 if i == j else None for j in range(n)] for i in range(n)
    ]
    jaccard = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    weighted: list[list[float | None]] | None = None
    if pairs and pairs[0].corpus is not None:
        weighted = [[1.0 if i == j else None for j in range(n)] for i in range(n)]
    for pair in pairs:
        i, j = position[pair.a], position[pair.b]
        coverage[i][j] = pair.overall.a_in_b
        coverage[j][i] = pair.overall.b_in_a
        jaccard[i][j] = jaccard[j][i] = pair.overall.jaccard
        if weighted is not None and pair.corpus is not None:
            weighted[i][j] = pair.corpus[0].share
            weighted[j][i] = pair.corpus[1].share
    return Matrix(
        names,
        tuple(tuple(row) for row in coverage),
        tuple(tuple(row) for row in jaccard),
        None if weighted is None else tuple(tuple(row) for row in weighted),
    )
