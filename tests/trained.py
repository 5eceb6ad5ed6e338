"""Small tokenizers the tests train themselves, one per design that matters for whitespace.

Each is trained in well under a second on the project's own ``corpora/`` with the ``tokenizers``
trainers, so tests never need network access or the real files.
"""

from __future__ import annotations

from pathlib import Path

from tokenizers import (
    AddedToken,
    Regex,
    Tokenizer,
    decoders,
    models,
    normalizers,
    pre_tokenizers,
    processors,
    trainers,
)

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]


DESCRIPTION = CORPORA.parent / "docs" / "corpora.md"
"""The corpus's description, trained on first (it lived in ``corpora/`` as ``README.md``; keep
its text, or the trained tokenizers and the snapshots drawn with them change)."""


def corpus_texts() -> list[str]:
    """The corpus's description and every file of ``corpora/`` as text, sorted by path."""
    files = [DESCRIPTION, *sorted(p for p in CORPORA.rglob("*") if p.is_file())]
    return [p.read_bytes().decode("utf-8") for p in files]


def byte_level_bpe(vocab_size: int = 500) -> Tokenizer:
    """RoBERTa's design: byte-level BPE, one ``Ġ`` per extra space, lossless."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(corpus_texts(), trainer=trainer)
    sep, cls = tok.token_to_id("</s>"), tok.token_to_id("<s>")
    assert sep is not None and cls is not None
    tok.post_processor = processors.RobertaProcessing(("</s>", sep), ("<s>", cls))
    return tok


def space_run_bpe(max_run: int = 8) -> Tokenizer:
    """ModernBERT/OLMo's design: byte-level BPE plus raw space runs 2..max_run as added tokens."""
    tok = byte_level_bpe()
    tok.post_processor = None
    tok.add_tokens([AddedToken(" " * k, normalized=True) for k in range(max_run, 1, -1)])
    return tok


def isolated_runs_bpe(vocab_size: int = 2000) -> Tokenizer:
    """Byte-level BPE whose pre-tokenizer first isolates every run of two or more spaces, so the
    word after such a run never carries a ``Ġ``, while after one space it does (``Ġreturn``)."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(" {2,}"), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False),
        ]
    )
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(corpus_texts(), trainer=trainer)
    return tok


def collapsing_unigram(vocab_size: int = 300) -> Tokenizer:
    """XLM-R's design: whitespace becomes spaces, runs collapse, Metaspace ``▁``, lossy."""
    tok = Tokenizer(models.Unigram())
    tok.normalizer = normalizers.Sequence(
        [normalizers.Replace(Regex(r"[\t\r\n]"), " "), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    trainer = trainers.UnigramTrainer(
        vocab_size=vocab_size, special_tokens=SPECIALS, unk_token="<unk>", show_progress=False
    )
    tok.train_from_iterator(corpus_texts(), trainer=trainer)
    return tok


def wordpiece(vocab_size: int = 400) -> Tokenizer:
    """BERT's design: whitespace split away, ``##`` continuations."""
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    trainer = trainers.WordPieceTrainer(
        vocab_size=vocab_size, special_tokens=["[UNK]", "[CLS]", "[SEP]"], show_progress=False
    )
    tok.train_from_iterator(corpus_texts(), trainer=trainer)
    return tok


def save_tokenizer_json(tok: Tokenizer, folder: Path) -> Path:
    """Write ``folder/tokenizer.json`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tokenizer.json"
    tok.save(str(path))
    return path


def save_vocab_merges(tok: Tokenizer, folder: Path) -> tuple[Path, Path]:
    """Write ``vocab.json`` + ``merges.txt`` of a BPE tokenizer into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    tok.model.save(str(folder))
    return folder / "vocab.json", folder / "merges.txt"


def tiny_byte_bpe() -> Tokenizer:
    """A hand-made byte-level BPE (no training) whose splits can be worked out on paper.

    Its vocabulary is the 256 byte characters (ids 0-255, in sorted order) and the results of
    eleven merges (ids 256-266): ``d+e``, ``de+f``, ``Ġ+Ġ``, ``Ġ+r``, ``e+t``, ``Ġr+et``, ``u+r``,
    ``ur+n``, ``(+)``, ``Ġ+g``, ``Ġg+et``. GPT-2's pre-tokenizer, byte-level decoder, no
    post-processor. ``"def f():\\n    return get_x\\n"`` becomes ``def Ġ f () : Ċ ĠĠ Ġ Ġret urn Ġget
    _ x Ċ``.
    """
    merges = [
        ("d", "e"),
        ("de", "f"),
        ("Ġ", "Ġ"),
        ("Ġ", "r"),
        ("e", "t"),
        ("Ġr", "et"),
        ("u", "r"),
        ("ur", "n"),
        ("(", ")"),
        ("Ġ", "g"),
        ("Ġg", "et"),
    ]
    vocab = {c: i for i, c in enumerate(sorted(pre_tokenizers.ByteLevel.alphabet()))}
    for a, b in merges:
        vocab[a + b] = len(vocab)
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    return tok


def tiny_words() -> Tokenizer:
    """A hand-made word-level tokenizer that drops all whitespace: four entries, ``[UNK]`` (id 0),
    ``def`` (1), ``return`` (2), ``f():`` (3); split on whitespace; no decoder, so decoding joins
    the tokens with single spaces."""
    vocab = {"[UNK]": 0, "def": 1, "return": 2, "f():": 3}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    return tok
