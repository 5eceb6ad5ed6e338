"""Vocabulary overlap on hand-made and self-trained vocabularies: exact figures, categories,
keywords, samples and the corpus, checked against straightforward reference computations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st
from pygments.lexer import words
from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers

from tests.conftest import _wrap
from tests.samples import SAMPLES
from tokscope.corpus.walk import iter_corpus
from tokscope.inspection import describe
from tokscope.loading.sources import LoadedTokenizer
from tokscope.overlap import (
    CATEGORIES,
    SCRIPT_CATEGORIES,
    SCRIPTS,
    Categorizer,
    Continuation,
    code_keywords,
    compare_ids,
    count_corpus,
    entry_contents,
    form_bytes,
    normalise,
    overlap,
    pick_samples,
    sample_key,
    script_of,
    vocabulary_entries,
)
from tokscope.text import WHITESPACE_BYTES

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


# -- hand-made vocabularies whose overlaps are known exactly -----------------------------------


def tiny_byte_level() -> LoadedTokenizer:
    """Byte-level BPE with a ``Ġ`` run, its raw-space added twin, a fragment and a special."""
    vocab = {
        "a": 0,
        "b": 1,
        "Ġ": 2,
        "ĠĠĠĠ": 3,
        "Ġreturn": 4,
        "return": 5,
        "ðŁ": 6,  # the first two bytes of an emoji
        "Ċ": 7,
        "(": 8,
        "):": 9,
        "42": 10,
        "Ã©": 11,  # é
    }
    tok = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.add_tokens([AddedToken("    ", normalized=False)])  # id 12
    tok.add_special_tokens(["<s>"])  # id 13
    return _wrap("tiny-bpe", tok)


def tiny_unigram() -> LoadedTokenizer:
    """SentencePiece-style Unigram: ``▁`` for spaces, ``<unk>`` special."""
    pieces = ["<unk>", "▁return", "▁", "▁▁▁▁", "a", "ing", "é", "中", "▁42"]
    tok = Tokenizer(models.Unigram([(p, -1.0) for p in pieces], unk_id=0))
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    tok.add_special_tokens(["<unk>"])
    return _wrap("tiny-unigram", tok)


def tiny_wordpiece() -> LoadedTokenizer:
    """WordPiece with a continuation and a word-initial entry of the same bytes."""
    vocab = {"[UNK]": 0, "return": 1, "##ing": 2, "ing": 3, "a": 4, "##a": 5}
    tok = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    tok.add_special_tokens(["[UNK]"])
    return _wrap("tiny-wordpiece", tok)


@pytest.fixture(scope="module")
def tiny() -> list[LoadedTokenizer]:
    return [tiny_byte_level(), tiny_unigram(), tiny_wordpiece()]


def test_tiny_normalisation(tiny: list[LoadedTokenizer]) -> None:
    report = overlap(tiny)
    bpe, unigram, wordpiece = report.vocabularies
    assert set(bpe.forms) == {
        b"a",
        b"b",
        b" ",
        b"    ",
        b" return",
        b"return",
        b"\xf0\x9f",
        b"\n",
        b"(",
        b"):",
        b"42",
        "é".encode(),
    }
    assert bpe.form_of[3] == bpe.form_of[12] == b"    "  # ĠĠĠĠ and the raw added run
    assert bpe.compared_entries == 13  # 12 model entries and the added run; <s> left out
    assert [(d.form, d.ids, d.tokens, d.added) for d in bpe.duplicates] == [
        (b"    ", (3, 12), ("ĠĠĠĠ", "    "), (False, True))
    ]
    assert set(unigram.forms) == {
        b" return",
        b" ",
        b"    ",
        b"a",
        b"ing",
        "é".encode(),
        "中".encode(),
        b" 42",
    }
    assert unigram.form_of[unigram_id(tiny[1], "▁▁▁▁")] == b"    "
    assert set(wordpiece.forms) == {
        b"return",
        Continuation(b"ing"),
        b"ing",
        b"a",
        Continuation(b"a"),
    }
    assert not wordpiece.duplicates  # ##ing and ing are told apart
    categories = {form: c for v in report.vocabularies for form, c in v.forms.items()}
    assert categories[b"    "] == categories[b"\n"] == "whitespace"
    assert categories[b" return"] == categories[b"return"] == "keyword"
    assert categories[b"\xf0\x9f"] == "byte-fragment"
    assert categories[b"):"] == "punctuation"
    assert categories[b" 42"] == "digits"
    assert categories["é".encode()] == "latin-extended"
    assert categories["中".encode()] == "cjk"
    assert categories[Continuation(b"ing")] == "ascii-word"


def unigram_id(tok: LoadedTokenizer, piece: str) -> int:
    found = tok.tokenizer.token_to_id(piece)
    assert found is not None
    return found


def test_tiny_overlaps_are_exact(tiny: list[LoadedTokenizer]) -> None:
    pairs = {(p.a, p.b): p for p in overlap(tiny).pairs}
    bu = pairs["tiny-bpe", "tiny-unigram"]
    assert (bu.overall.a, bu.overall.b, bu.overall.shared, bu.overall.union) == (12, 8, 5, 15)
    assert bu.overall.jaccard == pytest.approx(5 / 15)
    assert bu.overall.a_in_b == pytest.approx(5 / 12)
    assert bu.overall.b_in_a == pytest.approx(5 / 8)
    by_category = {c.category: (c.counts.a, c.counts.b, c.counts.shared) for c in bu.categories}
    assert by_category == {
        "whitespace": (3, 2, 2),
        "punctuation": (2, 0, 0),
        "digits": (1, 1, 0),
        "keyword": (2, 1, 1),
        "ascii-word": (2, 2, 1),
        "latin-extended": (1, 1, 1),
        "cjk": (0, 1, 0),
        "byte-fragment": (1, 0, 0),
    }
    whitespace = next(c for c in bu.categories if c.category == "whitespace")
    assert whitespace.shared == (b" ", b"    ")
    assert whitespace.a_only == (b"\n",)
    assert whitespace.b_only == ()
    uw = pairs["tiny-unigram", "tiny-wordpiece"]
    assert (uw.overall.shared, uw.overall.a, uw.overall.b) == (2, 8, 5)  # ing, a; not ##ing
    bw = pairs["tiny-bpe", "tiny-wordpiece"]
    assert bw.overall.shared == 2  # return, a


def test_special_tokens_join_when_asked(tiny: list[LoadedTokenizer]) -> None:
    report = overlap(tiny[:2], include_special=True)
    bpe, unigram = report.vocabularies
    assert b"<s>" in bpe.forms and b"<unk>" in unigram.forms
    assert report.pairs[0].overall.a == 13
    assert bpe.special == ((13, "<s>"),)


def test_ids_compared_entry_by_entry(small: dict[str, LoadedTokenizer]) -> None:
    report = overlap([small["byte-bpe"], small["space-runs"]])
    ids = report.pairs[0].ids
    assert ids.b_extends_a and not ids.a_extends_b
    assert ids.identical == 500
    added = sorted(small["space-runs"].tokenizer.get_added_tokens_decoder())[-7:]
    assert ids.b_only.ranges == ((added[0], added[-1]),)
    assert ids.b_only.special == () and ids.b_only.others == 7
    assert ids.b_only.first_other == " " * 8 and ids.b_only.last_other == "  "


# -- self-trained tokenizers against a reference computation -----------------------------------


def reference_forms(tok: LoadedTokenizer, include_special: bool = False) -> set[object]:
    """The normalised vocabulary, straight from ``get_vocab`` and ``EntryDecoder``."""
    forms: set[object] = set()
    for token, i in tok.tokenizer.get_vocab(with_added_tokens=True).items():
        if i in tok.special_ids and not include_special:
            continue
        content = tok.entries.content(i, token)
        forms.add(Continuation(content) if tok.entries.is_continuation(i, token) else content)
    return forms


def test_small_overlaps_match_reference(small: dict[str, LoadedTokenizer]) -> None:
    toks = list(small.values())
    report = overlap(toks)
    refs = {t.name: reference_forms(t) for t in toks}
    for vocab in report.vocabularies:
        assert set(vocab.forms) == refs[vocab.name]
    for pair in report.pairs:
        a, b = refs[pair.a], refs[pair.b]
        assert (pair.overall.a, pair.overall.b, pair.overall.shared) == (
            len(a),
            len(b),
            len(a & b),
        )
        assert sum(c.counts.shared for c in pair.categories) == pair.overall.shared
        assert sum(c.counts.a for c in pair.categories) == pair.overall.a
        for c in pair.categories:
            assert set(c.shared) <= a & b
            assert set(c.a_only) <= a - b and set(c.b_only) <= b - a
            assert list(c.shared) == sorted(c.shared, key=sample_key)


def test_space_runs_duplicate_their_g_twins(small: dict[str, LoadedTokenizer]) -> None:
    tok = small["space-runs"]
    vocab = normalise(tok, Categorizer(frozenset()))
    model = tok.tokenizer.get_vocab(with_added_tokens=False)
    expected = {k for k in range(2, 9) if "Ġ" * k in model}
    assert expected  # the trainer learnt some Ġ runs from the corpora
    assert {len(d.form) for d in vocab.duplicates} == expected
    for d in vocab.duplicates:
        assert d.tokens == ("Ġ" * len(d.form), " " * len(d.form))
        assert d.added == (False, True)
    pair = overlap([small["byte-bpe"], tok]).pairs[0]
    assert pair.overall.a_in_b == 1.0
    only = {form_bytes(f) for c in pair.categories for f in c.b_only}
    assert only == {b" " * k for k in range(2, 9)} - {b" " * k for k in expected}


def test_fast_contents_equal_entry_decoder(small: dict[str, LoadedTokenizer]) -> None:
    for tok in small.values():
        entries = vocabulary_entries(tok)
        assert entry_contents(tok, entries) == {
            i: tok.entries.content(i, t) for i, t in entries.items()
        }


def test_corpus_coverage_matches_reference(small: dict[str, LoadedTokenizer]) -> None:
    a, b = small["space-runs"], small["collapsing"]
    counts = count_corpus([a, b], iter_corpus([str(CORPORA)]), batch_size=3)
    assert counts.documents == len(SAMPLES)
    report = overlap([a, b], corpus=counts, top=5)
    coverage = report.pairs[0].corpus
    assert coverage is not None
    forms_b = reference_forms(b)
    tokens = covered = 0
    missing: dict[bytes, int] = {}
    for doc in iter_corpus([str(CORPORA)]):
        text = getattr(doc, "text", None)
        assert text is not None
        encoding = a.tokenizer.encode(text, add_special_tokens=False)
        for i, token in zip(encoding.ids, encoding.tokens):
            if i == a.vocabulary.unk_id:  # text a cannot represent: counted, never covered
                tokens += 1
                continue
            if i in a.special_ids:
                continue
            content = a.entries.content(i, token)
            tokens += 1
            if content in forms_b:
                covered += 1
            else:
                missing[content] = missing.get(content, 0) + 1
    assert (coverage[0].tokens, coverage[0].covered) == (tokens, covered)
    top = sorted(missing.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[:5]
    assert [(m.form, m.count) for m in coverage[0].missing] == top
    assert sum(w.tokens for w in coverage[0].by_category) == tokens - coverage[0].unknown
    # b collapses whitespace: its vocabulary has no newline or run, the commonest misses
    assert WHITESPACE_BYTES.issuperset(form_bytes(coverage[0].missing[0].form))


def test_budget_matches_inspect_and_counts_unused(small: dict[str, LoadedTokenizer]) -> None:
    toks = [small["byte-bpe"], small["collapsing"]]
    counts = count_corpus(toks, iter_corpus([str(CORPORA / "python")]))
    report = overlap(toks, corpus=counts, hidden=64)
    for tok, b in zip(toks, report.budgets):
        assert b.params == describe(tok, hidden=64).params.vocab_params
        assert sum(r.entries for r in b.rows) == b.entries
        assert all(r.params == r.entries * 64 for r in b.rows)
        used = sum(1 for n in counts.counts[tok.name].values() if n)
        assert b.unused_entries == b.entries - used
        special = next(r for r in b.rows if r.category == "special")
        assert special.entries == len(tok.special_ids)


def test_without_corpus_nothing_is_invented(small: dict[str, LoadedTokenizer]) -> None:
    report = overlap([small["byte-bpe"], small["wordpiece"]])
    assert report.corpus is None and report.uses == ()
    assert report.matrix.corpus_coverage is None
    assert all(p.corpus is None for p in report.pairs)
    assert all(b.unused_entries is None for b in report.budgets)


# -- categories ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "category"),
    [
        (b"    ", "whitespace"),
        (b" \n\t\r", "whitespace"),
        (b"):", "punctuation"),
        (b" {\n", "punctuation"),
        (b" 2024", "digits"),
        (b" return", "keyword"),
        (b"elif", "keyword"),
        (b"getUserName", "ascii-word"),
        (b"__init__", "ascii-word"),
        (b"self.", "ascii-mixed"),
        (b"[unused0]", "ascii-mixed"),
        ("café".encode(), "latin-extended"),
        (" привет".encode(), "cyrillic"),
        ("ελληνικά".encode(), "greek"),
        ("مرحبا".encode(), "arabic"),
        ("नमस्ते".encode(), "devanagari"),
        ("안녕".encode(), "hangul"),
        ("日本語です".encode(), "cjk"),
        ("ብር".encode(), "other-script"),
        ("Ðж".encode(), "mixed-scripts"),
        ("µ".encode(), "symbols"),
        ("→".encode(), "symbols"),
        ("👩".encode(), "symbols"),
        (b"\xf0\x9f", "byte-fragment"),
        (b" \xe4\xb8", "byte-fragment"),
    ],
)
def test_categories(content: bytes, category: str) -> None:
    assert Categorizer(code_keywords().words)(content) == category


@given(st.binary(min_size=1, max_size=12))
@example(b"\x80")
@example(b" \xa0")
def test_every_entry_gets_one_category(content: bytes) -> None:
    category = Categorizer(frozenset({"return"}))(content)
    assert category in CATEGORIES
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        assert category == "byte-fragment"
    else:
        assert category != "byte-fragment"
    assert (category == "whitespace") == WHITESPACE_BYTES.issuperset(content)


@pytest.mark.parametrize(
    ("ch", "expected"),
    [
        ("ж", "cyrillic"),
        ("é", "latin-extended"),
        ("×", None),  # Latin-1's multiplication sign is a symbol
        ("ª", "latin-extended"),  # a Latin letter, although below U+0100
        ("Ａ", "latin-extended"),  # fullwidth Latin is Latin
        ("ｱ", "cjk"),  # halfwidth katakana
        ("ー", "cjk"),  # Common, but used by kana only
        ("。", None),  # CJK punctuation: Common, shared with Hangul and Yi
        ("\u064e", "arabic"),  # an Arabic vowel mark (Inherited)
        ("\u0300", None),  # a combining accent of many scripts
        ("\u202f", None),  # a space that Latin and Mongolian share
        ("ሀ", "other-script"),  # an Ethiopic letter
        ("፣", None),  # Ethiopic punctuation: no letter
        ("\U00020000", "cjk"),  # beyond the BMP
        ("a", None),
    ],
)
def test_script_of(ch: str, expected: str | None) -> None:
    assert script_of(ch) == expected


@given(st.characters())
@example("\u1c89")  # Cyrillic Extended-C, added in Unicode 16: no table to update
def test_script_of_follows_the_script_property(ch: str) -> None:
    found = script_of(ch)
    assert found is None or found in SCRIPT_CATEGORIES
    if ch.isascii():
        assert found is None
    elif found == "other-script":
        assert regex.match(r"\p{L}", ch)
    else:
        for category, scripts in SCRIPTS.items():
            if any(regex.match(rf"\p{{Script={name}}}", ch) for name in scripts):
                assert found == category


def test_scripts_are_documented() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "overlap.md").read_text("utf-8")
    assert set(SCRIPTS) | {"other-script"} == set(SCRIPT_CATEGORIES)
    for category, scripts in SCRIPTS.items():
        assert re.search(rf"\|\s*{category}\s*\|\s*{', '.join(scripts)}\s*\|", doc), category
    for category in CATEGORIES:
        assert f"`{category}`" in doc


# -- keywords ------------------------------------------------------------------------------------


def test_keywords_come_from_pygments() -> None:
    kw = code_keywords()
    assert code_keywords() is kw
    assert dict(kw.per_language).keys() == set(kw.languages)
    assert all(n > 0 for _, n in kw.per_language)
    for word in ("def", "elif", "lambda", "return", "func", "fn", "impl", "struct", "esac"):
        assert word in kw.words
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]+", w) for w in kw.words)
    assert "len" not in kw.words and "print" in kw.words  # Python's builtin; PHP's keyword


identifier = st.from_regex(r"[a-z_][a-z0-9_]{0,7}", fullmatch=True)


@given(st.lists(identifier, min_size=1, max_size=30, unique=True))
@example(["as", "assert", "async"])
def test_keyword_regexes_expand_to_their_words(ws: list[str]) -> None:
    from tokscope.overlap.keywords import _expand_group

    pattern = words(tuple(ws), prefix=r"(?<!\.)", suffix=r"\b").get()  # type: ignore[no-untyped-call]
    assert _expand_group(pattern, 0) == set(ws)


# -- samples -------------------------------------------------------------------------------------


@given(st.lists(st.binary(min_size=1, max_size=5), unique=True, max_size=40), st.integers(0, 9))
@example([b"b", b"a", b"ab"], 2)
def test_samples_are_the_shortest_and_the_longest(forms: list[bytes], n: int) -> None:
    ordered = sorted(forms, key=sample_key)
    expected = (
        ordered if len(ordered) <= n else ordered[: (n + 1) // 2] + ordered[len(ordered) - n // 2 :]
    )
    assert list(pick_samples(forms, n)) == expected
    mixed = [Continuation(f) if k % 2 else f for k, f in enumerate(forms)]
    ordered_mixed = sorted(mixed, key=sample_key)
    got = list(pick_samples(mixed, n))
    assert got == (
        ordered_mixed
        if len(mixed) <= n
        else ordered_mixed[: (n + 1) // 2] + ordered_mixed[len(mixed) - n // 2 :]
    )


# -- overlap is plain set arithmetic -------------------------------------------------------------


def word_level(name: str, tokens: list[str]) -> LoadedTokenizer:
    vocab = {t: i for i, t in enumerate(["<unk>", *tokens])}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.add_special_tokens(["<unk>"])
    return _wrap(name, tok)


vocab_tokens = st.lists(
    st.text(alphabet="ab _é中\n", min_size=1, max_size=4).filter(lambda t: t != "<unk>"),
    unique=True,
    max_size=25,
)


@given(vocab_tokens, vocab_tokens)
@example(["a", " "], ["a"])
@example([], ["x"])
def test_pair_figures_are_set_arithmetic(left: list[str], right: list[str]) -> None:
    a, b = word_level("left", left), word_level("right", right)
    forward, backward = overlap([a, b], samples=2).pairs[0], overlap([b, a]).pairs[0]
    fa, fb = {t.encode() for t in left}, {t.encode() for t in right}
    o = forward.overall
    assert (o.a, o.b, o.shared, o.union) == (len(fa), len(fb), len(fa & fb), len(fa | fb))
    assert o.jaccard == (len(fa & fb) / len(fa | fb) if fa | fb else 0.0)
    r = backward.overall
    assert (r.a, r.b, r.shared, r.a_in_b, r.b_in_a) == (o.b, o.a, o.shared, o.b_in_a, o.a_in_b)
    assert [c.category for c in forward.categories] == [c.category for c in backward.categories]


def sparse_word_level(name: str, vocab: dict[int, str]) -> LoadedTokenizer:
    tok = Tokenizer(models.WordLevel(vocab={t: i for i, t in vocab.items()}, unk_token="<unk>"))
    return _wrap(name, tok)


id_vocab = st.dictionaries(st.integers(0, 40), st.sampled_from(["a", "b", "c", "d"]), max_size=20)


@given(id_vocab, id_vocab)
@example({0: "a", 1: "b"}, {0: "a", 1: "b", 2: "c"})  # dense: the fast path
@example({0: "a", 5: "b"}, {0: "a", 3: "c"})  # holes: the general path
def test_ids_compared_like_a_reference(left: dict[int, str], right: dict[int, str]) -> None:
    # WordLevel keeps one id per string: drop repeated strings first
    left = {i: t for t, i in {t: i for i, t in sorted(left.items())}.items()}
    right = {i: t for t, i in {t: i for i, t in sorted(right.items())}.items()}
    ids = compare_ids(sparse_word_level("l", left), sparse_word_level("r", right))
    common = left.keys() & right.keys()
    assert ids.identical == sum(1 for i in common if left[i] == right[i])
    assert ids.different == len(common) - ids.identical
    only = sorted(left.keys() - right.keys())
    assert ids.a_only.count == ids.a_only.others == len(only)
    assert [i for x, y in ids.a_only.ranges for i in range(x, y + 1)] == only
    assert ids.a_only.first_other == (left[only[0]] if only else None)
    assert ids.a_only.last_other == (left[only[-1]] if only else None)
    assert ids.b_only.count == len(right.keys() - left.keys())


# -- the two rules about special tokens (docs/overlap.md) -----------------------------------------


def test_a_string_special_in_one_tokenizer_is_compared_on_no_side() -> None:
    """RoBERTa's ordinary ``<|endoftext|>`` is not "RoBERTa only" because ModernBERT flags the
    same string special: a difference in flags is not a difference in text."""
    ordinary = word_level("ordinary", ["a", "<|endoftext|>"])
    flagged = word_level("flagged", ["a"])
    flagged.tokenizer.add_special_tokens(["<|endoftext|>"])
    flagged = _wrap("flagged", flagged.tokenizer)
    report = overlap([ordinary, flagged])
    o = report.pairs[0].overall
    assert (o.a, o.b, o.shared) == (1, 1, 1)
    left, right = report.vocabularies
    assert left.special_elsewhere == (ordinary.tokenizer.token_to_id("<|endoftext|>"),)
    assert right.special_elsewhere == ()
    with_flags = overlap([ordinary, flagged], include_special=True).pairs[0].overall
    assert with_flags.shared == 3  # a, <unk> and <|endoftext|>


def test_unknown_tokens_stay_in_the_corpus_denominator() -> None:
    """XLM-R's ``<unk>`` is text it could not represent, not a special token found in the text:
    it is counted among A's tokens and never covered."""
    from tokscope.corpus.walk import SkipReport
    from tokscope.overlap import CorpusCounts

    a, b = word_level("a", ["x", "y"]), word_level("b", ["x"])
    unk, x = a.vocabulary.unk_id, a.tokenizer.token_to_id("x")
    assert unk is not None and x is not None
    assert b.tokenizer.token_to_id("x") == x
    counts = CorpusCounts(
        documents=1,
        n_bytes=10,
        counts={"a": {unk: 3, x: 2}, "b": {x: 2}},
        scripts=(),
        skipped=SkipReport.of([]),
    )
    report = overlap([a, b], corpus=counts)
    (use_a, _) = report.uses
    assert (use_a.tokens, use_a.unknown_tokens, use_a.special_tokens) == (5, 3, 0)
    coverage = report.pairs[0].corpus
    assert coverage is not None
    assert (coverage[0].tokens, coverage[0].covered, coverage[0].unknown) == (5, 2, 3)
