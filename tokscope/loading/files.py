"""Reading tokenizer files: ``tokenizer.json``, ``vocab.json`` + ``merges.txt``, SentencePiece."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors

from tokscope.errors import SourceError
from tokscope.loading.tokenizer import FileRef, StoredSetting

SENTENCEPIECE_NAMES = ("tokenizer.model", "sentencepiece.bpe.model", "spiece.model")
"""The usual names of a SentencePiece model, tried in this order."""


def folder_format(folder: Path) -> tuple[str, list[Path]] | None:
    """The format and files of a tokenizer folder, or None when it holds none.

    Raises :class:`SourceError` when the folder holds several ``.model`` files and none of the
    usual names: which one to read is the user's choice.
    """
    if (folder / "tokenizer.json").is_file():
        return "tokenizer.json", [folder / "tokenizer.json"]
    if (folder / "vocab.json").is_file() and (folder / "merges.txt").is_file():
        return "vocab.json+merges.txt", [folder / "vocab.json", folder / "merges.txt"]
    for name in SENTENCEPIECE_NAMES:
        if (folder / name).is_file():
            return "sentencepiece", [folder / name]
    models_found = sorted(folder.glob("*.model"))
    if len(models_found) == 1:
        return "sentencepiece", models_found
    if len(models_found) > 1:
        names = ", ".join(repr(p.name) for p in models_found)
        raise SourceError(
            f"folder {str(folder)!r} has {len(models_found)} SentencePiece .model files "
            f"({names}): give the path of the one to read"
        )
    return None


def format_for_files(files: list[Path]) -> str:
    """The format of files found on the Hub or in its cache."""
    if len(files) == 2:
        return "vocab.json+merges.txt"
    return "sentencepiece" if files[0].suffix == ".model" else "tokenizer.json"


def read_tokenizer(
    fmt: str, files: list[Path]
) -> tuple[Tokenizer, tuple[FileRef, ...], tuple[StoredSetting, ...]]:
    """Read the files of one tokenizer, ready for analysis.

    Returns the tokenizer, the files read and the settings stored in them that were switched off
    (:func:`switch_off_settings`); raises :class:`SourceError` with one line when they cannot be
    read.
    """
    blobs: list[bytes] = []
    for f in files:
        try:
            blobs.append(f.read_bytes())
        except OSError as exc:
            raise SourceError(
                f"cannot read tokenizer file {str(f)!r}: {exc.strerror or exc}; "
                "check that it exists and is readable"
            ) from None
    refs = tuple(FileRef(str(f), hashlib.sha256(b).hexdigest()) for f, b in zip(files, blobs))
    try:
        if fmt == "tokenizer.json":
            tokenizer = Tokenizer.from_str(blobs[0].decode("utf-8"))
        elif fmt == "vocab.json+merges.txt":
            tokenizer = byte_level_bpe(files[0], files[1], blobs[0])
        else:
            tokenizer = sentencepiece(files[0])
    except SourceError:
        raise
    except Exception as exc:
        raise SourceError(
            f"cannot load tokenizer from {str(files[0])!r}: the file is corrupt, "
            f"truncated or not a {fmt} tokenizer ({first_line(exc)}); download it "
            "again or point at another file"
        ) from None
    return tokenizer, refs, switch_off_settings(tokenizer)


def switch_off_settings(tokenizer: Tokenizer) -> tuple[StoredSetting, ...]:
    """Switch off truncation and padding stored with ``tokenizer`` and say which were on.

    Hub files often keep the training setup (``"truncation": {"max_length": 512}``, a fixed
    padding length); left on, they would cut every text short or count padding as tokens.
    """
    found = []
    if tokenizer.truncation is not None:
        found.append(StoredSetting("truncation", _as_json(tokenizer.truncation)))
        tokenizer.no_truncation()
    if tokenizer.padding is not None:
        found.append(StoredSetting("padding", _as_json(tokenizer.padding)))
        tokenizer.no_padding()
    return tuple(found)


def _as_json(setting: object) -> str:
    return json.dumps(setting, sort_keys=True, default=str)


_SPECIAL_CANDIDATES = ("<s>", "<pad>", "</s>", "<unk>", "<mask>", "<|endoftext|>")


def byte_level_bpe(vocab: Path, merges: Path, vocab_blob: bytes) -> Tokenizer:
    """Build a byte-level BPE from ``vocab.json`` + ``merges.txt`` the way RoBERTa's fast tokenizer
    does: ByteLevel pre-tokenizer without a prefix space, ByteLevel decoder, and ``<s> $A </s>``."""
    entries = json.loads(vocab_blob.decode("utf-8"))
    if not isinstance(entries, dict):
        raise ValueError("vocab.json is not a JSON object of token -> id")
    tokenizer = Tokenizer(models.BPE.from_file(str(vocab), str(merges)))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    specials = [t for t in _SPECIAL_CANDIDATES if t in entries]
    if specials:
        tokenizer.add_special_tokens(specials)
    if "<s>" in entries and "</s>" in entries:
        tokenizer.post_processor = processors.RobertaProcessing(
            ("</s>", int(entries["</s>"])), ("<s>", int(entries["<s>"])), add_prefix_space=False
        )
    return tokenizer


def sentencepiece(model_file: Path) -> Tokenizer:
    """Convert a SentencePiece ``.model`` through transformers (the only format that needs it)."""
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # no "PyTorch was not found" banner
    try:
        from transformers.convert_slow_tokenizer import SpmConverter
    except ImportError:
        raise SourceError(
            f"reading the SentencePiece model {str(model_file)!r} needs transformers, "
            "sentencepiece and protobuf: pip install 'tokscope[sentencepiece]'"
        ) from None

    class _SlowStandIn:
        vocab_file = str(model_file)
        legacy = False
        add_prefix_space = True

    try:
        converter = SpmConverter(_SlowStandIn())  # type: ignore[no-untyped-call]
    except ImportError:  # transformers is there, but not protobuf or sentencepiece
        raise SourceError(
            f"reading the SentencePiece model {str(model_file)!r} needs transformers, "
            "sentencepiece and protobuf: pip install 'tokscope[sentencepiece]'"
        ) from None
    tokenizer = converter.converted()
    assert isinstance(tokenizer, Tokenizer)
    return tokenizer


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (empty when it has none)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""
