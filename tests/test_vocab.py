"""``tokscope.vocab``: reachability in a neutral context, with self-trained tokenizers of each
kind, the length histogram, lookups, and the real files' shadowed whitespace entries."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tokenizers import Tokenizer, decoders, models, pre_tokenizers

from tests import trained
from tokscope.errors import TokscopeError
from tokscope.loading.sources import FileRef, LoadedTokenizer, Provenance, entry_decoder_for
from tokscope.overlap import Categorizer, entry_contents, normalise
from tokscope.overlap import vocabulary_entries as entries_of
from tokscope.overlap.vocabulary import Continuation, Form, NormalisedVocab, sample_key
from tokscope.vocab import STATUSES, describe_vocab, length_bins, neutral_tokenizer, reachability


def wrap(name: str, tok: Tokenizer) -> LoadedTokenizer:
    """A tokenizer built in the tests, loaded under ``name``."""
    provenance = Provenance(name, "path", "tokenizer.json", (FileRef(f"<{name}>", "0" * 64),))
    return LoadedTokenizer(name, tok, provenance, entry_decoder_for(tok))


def _naive(tok: LoadedTokenizer) -> dict[int, list[int]]:
    """For every entry that decodes to text, the ids the tokenizer, as it stands, encodes that
    text to."""
    vocab = normalise(tok, Categorizer(frozenset()))
    ids, texts = [], []
    for i, form in vocab.form_of.items():
        content = form if isinstance(form, bytes) else form.content
        try:
            texts.append(content.decode("utf-8"))
        except UnicodeDecodeError:
            continue
        ids.append(i)
    encodings = tok.tokenizer.encode_batch(texts, add_special_tokens=False)
    return {i: e.ids for i, e in zip(ids, encodings)}


def _naive_unreachable(tok: LoadedTokenizer) -> set[int]:
    return {i for i, ids in _naive(tok).items() if ids != [i]}


def _marker_misses(tok: LoadedTokenizer, marker: bytes, *, merged: bool = True) -> set[int]:
    """Entries that the tokenizer, as it stands, misses only because of the marker it inserts:
    their text comes back as marker pieces + the entry, or (``merged``) as the one entry marker
    + text. (A Unigram model may split a text differently with and without the marker, so for
    it only the first kind is a miss caused by the marker alone.)"""
    contents = entry_contents(tok, entries_of(tok))
    misses = set()
    for i, ids in _naive(tok).items():
        if ids == [i] or contents[i].startswith(marker):
            continue
        before = b"".join(contents[k] for k in ids[:-1])
        if (ids[-1] == i and before == marker) or (
            merged and len(ids) == 1 and contents[ids[0]] == marker + contents[i]
        ):
            misses.add(i)
    return misses


def _metaspace_unigram() -> LoadedTokenizer:
    return wrap("unigram", trained.collapsing_unigram())


def _prefix_space_bpe() -> LoadedTokenizer:
    tok = trained.byte_level_bpe()
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
    return wrap("prefix-bpe", tok)


@pytest.mark.parametrize(
    ("make", "marker", "switched"),
    [
        pytest.param(_metaspace_unigram, b" ", "Metaspace prepend_scheme", id="metaspace-unigram"),
        pytest.param(_prefix_space_bpe, b" ", "ByteLevel add_prefix_space", id="prefix-space-bpe"),
    ],
)
def test_neutral_context_keeps_continuation_pieces_reachable(
    make: object, marker: bytes, switched: str
) -> None:
    assert callable(make)
    tok = make()
    assert isinstance(tok, LoadedTokenizer)
    vocab = normalise(tok, Categorizer(frozenset()))
    reach = reachability(tok, vocab)
    assert reach.context == (switched,)
    naive = _naive_unreachable(tok)
    # Encoded as they stand, continuation pieces come back with the marker in front ...
    misses = _marker_misses(tok, marker)
    assert misses
    # ... in the neutral context none of them is unreachable.
    neutral = set(reach.ids("unreachable"))
    assert neutral < naive
    assert not misses & neutral
    contents = entry_contents(tok, entries_of(tok))
    assert any(
        reach.status[i] == "reachable" and not contents[i].startswith(marker) for i in vocab.form_of
    )


def _neutral_pair(tokenizer: Tokenizer) -> tuple[Tokenizer, Tokenizer]:
    """The neutral tokenizer that shares the model, and the one rebuilt from the whole JSON
    (the path taken when truncation is set; a bound no text reaches changes no id)."""
    shared, _ = neutral_tokenizer(tokenizer)
    bounded = Tokenizer.from_str(tokenizer.to_str())
    bounded.enable_truncation(1 << 20)
    rebuilt, _ = neutral_tokenizer(bounded)
    assert shared.truncation is None and rebuilt.truncation is not None  # the two paths
    return shared, rebuilt


def _same_ids(tok: LoadedTokenizer) -> None:
    shared, rebuilt = _neutral_pair(tok.tokenizer)
    contents = entry_contents(tok, entries_of(tok)).values()
    texts = [c.decode("utf-8") for c in contents if c and _utf8(c)]
    assert len(texts) > 100
    texts += ["  x", "\n\tdef f(a, b):", "\u2581word", " <s> a"]
    both = (t.encode_batch(texts, add_special_tokens=False) for t in (shared, rebuilt))
    for a, b in zip(*both):  # as reachability encodes: without the post-processor's tokens
        assert a.ids == b.ids, a.tokens


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize("make", [_metaspace_unigram, _prefix_space_bpe], ids=["unigram", "bpe"])
def test_the_neutral_tokenizer_sharing_the_model_encodes_as_a_rebuilt_one(make: object) -> None:
    assert callable(make)
    tok = make()
    assert isinstance(tok, LoadedTokenizer)
    _same_ids(tok)


def test_real_neutral_tokenizers_share_the_model_exactly(
    real: dict[str, LoadedTokenizer],
) -> None:
    for name in ("xlm-roberta", "roberta"):
        tok = real[name]
        neutral, markers = neutral_tokenizer(tok.tokenizer)
        if markers:  # a marker to neutralise: a copy sharing the model, without the post-processor
            assert tok.tokenizer.post_processor is not None
            assert neutral.post_processor is None
        else:
            assert neutral is tok.tokenizer
        _same_ids(tok)


def test_tokenizers_without_a_marker_are_encoded_as_they_stand(
    small: dict[str, LoadedTokenizer],
) -> None:
    tok = small["byte-bpe"]
    assert neutral_tokenizer(tok.tokenizer) == (tok.tokenizer, ())
    vocab = normalise(tok, Categorizer(frozenset()))
    assert set(reachability(tok, vocab).ids("unreachable")) == _naive_unreachable(tok)


def test_space_runs_shadow_exactly_the_bpe_entries_with_two_spaces(
    small: dict[str, LoadedTokenizer],
) -> None:
    """ModernBERT's design: raw space runs as added tokens, matched before the BPE model."""
    runs, plain = small["space-runs"], small["byte-bpe"]
    facts = describe_vocab(runs, top=5)
    contents = entry_contents(runs, entries_of(runs))
    added = set(runs.tokenizer.get_added_tokens_decoder())
    with_runs = {i for i, c in contents.items() if i not in added and b"  " in c}
    assert with_runs
    assert {e.id for e in facts.unreachable} == with_runs
    assert all(set(e.encodes_to) & added for e in facts.unreachable)
    assert facts.unreachable[0].category == "whitespace"
    # Without the added tokens the same entries are reachable.
    assert not describe_vocab(plain).unreachable
    # Each shadowed entry of only spaces is a duplicate of the added run that shadows it.
    spaces = {e.id for e in facts.unreachable if set(e.form) == {32} and len(e.form) <= 8}
    in_groups = {e.id for g in describe_vocab(runs, top=100).duplicates for e in g.entries}
    assert spaces <= in_groups


def test_unreachable_entries_encode_to_the_same_text(small: dict[str, LoadedTokenizer]) -> None:
    for name in ("space-runs", "collapsing"):
        facts = describe_vocab(small[name])
        for e in facts.unreachable:
            joined = b"".join(f if isinstance(f, bytes) else f.content for f in e.encodes_to_forms)
            assert joined == e.form, (name, e)


def _hand_wordpiece() -> LoadedTokenizer:
    vocab = {"[UNK]": 0, "a": 1, "##b": 2, "##.": 3, "b": 4}
    tok = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    tok.add_special_tokens(["[UNK]"])
    return wrap("hand-wordpiece", tok)


def test_wordpiece_continuations_are_reachable_when_they_stay_in_a_word() -> None:
    tok = _hand_wordpiece()
    assert tok.tokenizer.encode("ab", add_special_tokens=False).tokens == ["a", "##b"]
    assert tok.tokenizer.encode("a.", add_special_tokens=False).tokens == ["a", "[UNK]"]
    facts = describe_vocab(tok)
    status = {e.token: e.status for e in facts.longest}
    assert status == {"a": "reachable", "##b": "reachable", "##.": "unreachable", "b": "reachable"}


def test_trained_wordpiece_continuations(small: dict[str, LoadedTokenizer]) -> None:
    tok = small["wordpiece"]
    vocab = normalise(tok, Categorizer(frozenset()))
    reach = reachability(tok, vocab)
    continuations = [i for i, t in vocab.tokens.items() if t.startswith("##")]
    assert continuations
    for i in continuations:
        word = "a" + vocab.tokens[i][2:]
        one_word = len(tok.tokenizer.pre_tokenizer.pre_tokenize_str(word)) == 1
        assert (reach.status[i] == "reachable") == one_word, vocab.tokens[i]


def test_statuses_add_up_and_cost_hidden_each(small: dict[str, LoadedTokenizer]) -> None:
    for tok in small.values():
        facts = describe_vocab(tok, hidden=7)
        assert [s.status for s in facts.statuses] == list(STATUSES)
        assert sum(s.entries for s in facts.statuses) == facts.size
        assert all(s.params == 7 * s.entries for s in facts.statuses)
        assert facts.count("special") == len(tok.special_ids)
        assert sum(c.entries for c in facts.categories) == facts.size - facts.count(
            "special"
        ) - facts.count("empty")
        assert sum(c.unreachable for c in facts.categories) == facts.count("unreachable")


def test_lookup_and_grep(small: dict[str, LoadedTokenizer]) -> None:
    tok = small["space-runs"]
    two = tok.tokenizer.token_to_id("  ")
    assert two is not None
    facts = describe_vocab(tok, ids=[two, 0], grep=r"^\n +$")
    assert [e.id for e in facts.lookup] == [two, 0]
    assert facts.lookup[0].form == b"  " and facts.lookup[0].status == "reachable"
    assert facts.grep is not None and facts.grep.matches == len(facts.grep.entries) > 0
    assert all(re.fullmatch(r"\n +", e.form.decode()) for e in facts.grep.entries)  # type: ignore[union-attr]
    with pytest.raises(TokscopeError, match="no entry with that id"):
        describe_vocab(tok, ids=[10**6])
    with pytest.raises(TokscopeError, match="not a valid regular expression"):
        describe_vocab(tok, grep="(")


@given(st.lists(st.integers(min_value=1, max_value=200)))
@example([16, 17, 32, 33, 64, 65])
def test_length_bins_count_every_entry_once(lengths: list[int]) -> None:
    bins = length_bins(lengths)
    assert sum(b.entries for b in bins) == len(lengths)
    for b in bins:
        inside = [n for n in lengths if n >= b.low and (b.high is None or n <= b.high)]
        assert b.entries == len(inside)


@pytest.mark.real
def test_real_space_runs_shadow_bpe_whitespace(real: dict[str, LoadedTokenizer]) -> None:
    """ModernBERT and OLMo: the BPE entries holding two spaces or more are never produced."""
    for name in ("modernbert", "olmo"):
        tok = real[name]
        facts = describe_vocab(tok)
        contents = entry_contents(tok, entries_of(tok))
        added = set(tok.tokenizer.get_added_tokens_decoder())
        with_runs = {i for i, c in contents.items() if i not in added and b"  " in c}
        assert {e.id for e in facts.unreachable} == with_runs
        whitespace = [e for e in facts.unreachable if e.category == "whitespace"]
        assert len(whitespace) > 100  # "a couple of hundred"
        assert facts.unreachable[: len(whitespace)] == tuple(whitespace)
        assert all(set(e.encodes_to) & added for e in facts.unreachable)
    roberta = describe_vocab(real["roberta"])
    assert not [e for e in roberta.unreachable if e.category == "whitespace"]


@pytest.mark.real
def test_real_xlmr_neutral_context(real: dict[str, LoadedTokenizer]) -> None:
    tok = real["xlm-roberta"]
    facts = describe_vocab(tok)
    assert facts.context == ("Metaspace prepend_scheme",)
    misses = _marker_misses(tok, b" ", merged=False)
    assert misses
    assert not misses & {e.id for e in facts.unreachable}


_FORMS = st.one_of(
    st.binary(max_size=4),
    st.builds(Continuation, st.binary(min_size=1, max_size=3)),
)


def _vocab_of(forms: list[Form]) -> NormalisedVocab:
    """A normalised vocabulary whose id ``k`` stands for ``forms[k]`` (duplicates allowed)."""
    provenance = Provenance("v", "path", "tokenizer.json", (FileRef("<v>", "0" * 64),))
    return NormalisedVocab(
        name="v",
        provenance=provenance,
        model_type="BPE",
        size=len(forms),
        special=(),
        include_special=False,
        form_of=dict(enumerate(forms)),
        forms=dict.fromkeys(forms, "other"),
        duplicates=(),
        tokens={},
    )


@given(
    forms=st.lists(_FORMS, max_size=40),
    picked=st.lists(st.integers(0, 39), max_size=40, unique=True),
    n=st.integers(0, 12),
)
@example(forms=[b"ab", b"a", b"b", b"a"], picked=[0, 1, 2, 3], n=2)  # a tie on the cut length
@example(forms=[Continuation(b"a"), b"a", b""], picked=[0, 1, 2], n=2)
def test_the_first_by_sample_are_those_of_a_full_sort(
    forms: list[Form], picked: list[int], n: int
) -> None:
    vocab = _vocab_of(forms)
    ids = [i for i in picked if i < len(forms)]
    full = sorted(ids, key=lambda i: (*sample_key(vocab.form_of[i]), i))[:n]
    assert vocab.first_by_sample(ids, n) == full
    assert vocab.first_by_sample(iter(ids), n) == full  # any iterable


@given(
    lengths=st.dictionaries(st.integers(0, 99), st.integers(0, 6), max_size=30), n=st.integers(0, 8)
)
@example(lengths={3: 2, 1: 2, 2: 1}, n=1)  # two ids of the longest length: the smaller first
def test_the_longest_are_those_of_a_full_sort(lengths: dict[int, int], n: int) -> None:
    from tokscope.vocab.report import _longest

    assert _longest(lengths, n) == sorted(lengths, key=lambda i: (-lengths[i], i))[:n]
