"""Shared fixtures: hypothesis profiles, the real tokenizer files, self-trained tokenizers."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests import trained
from tokscope.loading.sources import ENV_VAR, LoadedTokenizer, entry_decoder_for, load

settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

REAL_NAMES = ("modernbert", "olmo", "xlm-roberta", "roberta")

_CACHE_DIR = tempfile.mkdtemp(prefix="tokscope-test-cache-")
os.environ["TOKSCOPE_CACHE_DIR"] = _CACHE_DIR  # no test writes to the user's cache
atexit.register(shutil.rmtree, _CACHE_DIR, ignore_errors=True)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def real_dir() -> Path | None:
    """The first directory of TOKSCOPE_TOKENIZERS holding all four real tokenizers, if any."""
    for raw in os.environ.get(ENV_VAR, "").split(os.pathsep):
        if raw and all((Path(raw) / n / "tokenizer.json").is_file() for n in REAL_NAMES):
            return Path(raw)
    return None


@pytest.fixture(scope="session")
def real_tokenizers() -> Path:
    """The folder of the real tokenizer files; a failure in CI when missing, a skip elsewhere."""
    found = real_dir()
    if found is None:
        message = (
            f"the real tokenizer files are needed: set {ENV_VAR} to a folder holding "
            f"{', '.join(REAL_NAMES)} (../shared/tokenizers)"
        )
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def real(real_tokenizers: Path) -> dict[str, LoadedTokenizer]:
    """The four real tokenizers, loaded once per session."""
    return {name: load(str(real_tokenizers / name)) for name in REAL_NAMES}


@pytest.fixture()
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No TOKSCOPE_TOKENIZERS, an empty Hugging Face cache, and the Hub switched off."""
    from huggingface_hub import constants

    monkeypatch.delenv(ENV_VAR, raising=False)
    # huggingface_hub reads HF_HUB_CACHE when imported: set both, as a fresh process would see
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    yield tmp_path


def _wrap(name: str, tok: object) -> LoadedTokenizer:
    from tokenizers import Tokenizer

    from tokscope.loading.sources import FileRef, Provenance

    assert isinstance(tok, Tokenizer)
    provenance = Provenance(
        spec=name,
        origin="path",
        format="tokenizer.json",
        files=(FileRef(f"<trained {name}>", hashlib.sha256(tok.to_str().encode()).hexdigest()),),
    )
    return LoadedTokenizer(name, tok, provenance, entry_decoder_for(tok))


@pytest.fixture(scope="session")
def small() -> dict[str, LoadedTokenizer]:
    """Self-trained tokenizers of each whitespace design, keyed by design."""
    return {
        "byte-bpe": _wrap("byte-bpe", trained.byte_level_bpe()),
        "space-runs": _wrap("space-runs", trained.space_run_bpe()),
        "collapsing": _wrap("collapsing", trained.collapsing_unigram()),
        "wordpiece": _wrap("wordpiece", trained.wordpiece()),
    }


@pytest.fixture(scope="session")
def small_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the trained tokenizers saved as files, one sub-folder per format."""
    base = tmp_path_factory.mktemp("trained")
    bpe = trained.byte_level_bpe()
    trained.save_tokenizer_json(bpe, base / "byte-bpe")
    trained.save_vocab_merges(bpe, base / "byte-bpe-files")
    trained.save_tokenizer_json(trained.space_run_bpe(), base / "space-runs")
    trained.save_tokenizer_json(trained.collapsing_unigram(), base / "collapsing")
    return base


SOURCE = "def area(width, height):\n    return width * height\n"
"""A small Python file for the CLI tests."""


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """A folder ``corpus`` of two small Python files, under ``tmp_path``."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.py").write_text(SOURCE, encoding="utf-8")
    (folder / "b.py").write_text(SOURCE.replace("area", "volume"), encoding="utf-8")
    return folder


@pytest.fixture()
def spec(small_dir: Path) -> str:
    """The path of a small trained byte-level BPE tokenizer, as a -t SPEC."""
    return str(small_dir / "byte-bpe")


@pytest.fixture()
def no_measuring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make any corpus measurement fail the test: the output must be refused before it."""

    def measured(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the corpus was measured before the output was checked")

    monkeypatch.setattr("tokscope.stats.engine.local.run", measured)
    monkeypatch.setattr("tokscope.corpus.walk.read_file", measured)
    yield
