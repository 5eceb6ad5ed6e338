"""Spec resolution and loading (tokscope.loading.sources), through the library and the CLI.

Only the small self-trained tokenizers are used: no network, no real tokenizer files. The Hugging
Face cache is built by hand and the Hub is replaced by fakes of ``hf_hub_download``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from tokenizers import Tokenizer

from tests import trained
from tokscope.cli import cli
from tokscope.errors import SourceError
from tokscope.loading import lookup, sources
from tokscope.loading.sources import DEFAULT_SPECS, ENV_VAR, LoadedTokenizer, load, load_many

CODE = "def  f():\n    return 1"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
PIP_HINT = "pip install 'tokscope[sentencepiece]'"

Download = Callable[..., str]


# -- helpers ------------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def inspect_json(*specs: str) -> list[dict[str, Any]]:
    """``tokscope inspect SPEC... --json``, checked to succeed; the per-tokenizer entries."""
    result = invoke("inspect", *specs, "--json")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    payload = json.loads(result.stdout)
    assert payload["command"] == "inspect"
    items = payload["tokenizers"]
    assert isinstance(items, list)
    return items


def assert_user_error(result: Result, *needles: str) -> str:
    """Exit 2, exactly one line on stderr, nothing on stdout, no traceback; the message."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stderr.endswith("\n")
    message = lines[0]
    assert message.startswith("Error: ")
    for needle in needles:
        assert needle in message, f"{needle!r} not in {message!r}"
    return message


def check_files(files: Any, expected: list[Path]) -> None:
    """Provenance files (FileRefs or their JSON) are ``expected``, with their sha256."""
    got = [(f["path"], f["sha256"]) if isinstance(f, dict) else (f.path, f.sha256) for f in files]
    assert got == [(str(p), sha256_of(p)) for p in expected]


def copy_tokenizer(source: Path, folder: Path) -> Path:
    """Copy the tokenizer files of folder ``source`` into ``folder``; return ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in source.iterdir():
        shutil.copy(f, folder / f.name)
    return folder


def make_snapshot(cache: Path, hub_id: str, files: dict[str, Path]) -> Path:
    """Lay out ``files`` the way huggingface_hub caches ``hub_id`` at :data:`COMMIT`."""
    repo = cache / ("models--" + hub_id.replace("/", "--"))
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    (repo / "refs" / "main").write_text(COMMIT)
    snapshot = repo / "snapshots" / COMMIT
    snapshot.mkdir(parents=True, exist_ok=True)
    for name, source in files.items():
        shutil.copy(source, snapshot / name)
    return snapshot


def http_module() -> Any:
    """The HTTP library huggingface_hub raises errors from (httpx2 or httpx)."""
    from huggingface_hub import errors

    response_type = getattr(errors, "Response", None)
    if response_type is None:
        pytest.skip("this huggingface_hub does not build its errors from an httpx Response")
    return sys.modules[response_type.__module__.split(".")[0]]


def entry_not_found(repo_id: str, filename: str) -> Exception:
    """What ``hf_hub_download`` raises for a file the repository does not have."""
    from huggingface_hub import errors

    cls: Any = getattr(errors, "RemoteEntryNotFoundError", errors.EntryNotFoundError)
    url = f"https://huggingface.co/{repo_id}/resolve/main/{filename}"
    http = http_module()
    response = http.Response(404, request=http.Request("GET", url))
    exc = cls(f"404 Client Error.\n\nEntry Not Found for url: {url}.", response=response)
    assert isinstance(exc, Exception)
    return exc


def fake_hub(
    files: dict[str, Path], calls: list[tuple[str, str]], *, missing: tuple[str, ...] = ()
) -> Download:
    """A stand-in for ``hf_hub_download`` serving ``files`` from a snapshot in the cache."""

    def download(repo_id: str, filename: str, *, cache_dir: str | None = None, **_: Any) -> str:
        calls.append((repo_id, filename))
        if filename in missing or filename not in files:
            raise entry_not_found(repo_id, filename)
        assert cache_dir is not None
        snapshot = make_snapshot(Path(cache_dir), repo_id, {filename: files[filename]})
        return str(snapshot / filename)

    return download


def forbid_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the Hub is probed or downloaded from."""
    import huggingface_hub

    def probe(timeout: float = 3.0) -> str | None:
        raise AssertionError("the Hub was probed")

    def download(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("the Hub was asked for a file")

    monkeypatch.setattr(lookup, "hub_unreachable", probe)
    monkeypatch.setattr(huggingface_hub, "hf_hub_download", download)


def go_online(monkeypatch: pytest.MonkeyPatch, download: Download) -> None:
    """Unset HF_HUB_OFFLINE, make the probe succeed and serve files with ``download``."""
    import huggingface_hub

    def reachable(timeout: float = 3.0) -> str | None:
        return None

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(lookup, "hub_unreachable", reachable)
    monkeypatch.setattr(huggingface_hub, "hf_hub_download", download)


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture()
def bpe_json(small_dir: Path) -> Path:
    return small_dir / "byte-bpe" / "tokenizer.json"


@pytest.fixture(scope="module")
def sp_model_bytes() -> bytes:
    """A SentencePiece unigram model of ~150 pieces trained on the corpora, as bytes."""
    spm = pytest.importorskip("sentencepiece")
    lines = [line for text in trained.corpus_texts() for line in text.splitlines() if line.strip()]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=150,
        model_type="unigram",
        minloglevel=2,
    )
    return model.getvalue()


@pytest.fixture()
def sp_dir(tmp_path: Path, sp_model_bytes: bytes) -> Path:
    """A folder holding the trained SentencePiece model as ``code.model``."""
    pytest.importorskip("transformers")
    folder = tmp_path / "sp-folder"
    folder.mkdir()
    (folder / "code.model").write_bytes(sp_model_bytes)
    return folder


# -- 1. every format loads ----------------------------------------------------------------------

# (case, folder under small_dir, file inside it or "" for the folder, reference in `small`,
#  format, expected name)
FORMATS = [
    ("json-file", "byte-bpe", "tokenizer.json", "byte-bpe", "tokenizer.json", "byte-bpe"),
    ("json-folder", "space-runs", "", "space-runs", "tokenizer.json", "space-runs"),
    ("unigram-folder", "collapsing", "", "collapsing", "tokenizer.json", "collapsing"),
    (
        "vocab-merges-folder",
        "byte-bpe-files",
        "",
        "byte-bpe",
        "vocab.json+merges.txt",
        "byte-bpe-files",
    ),
]


def _format_case(small_dir: Path, folder: str, file: str) -> tuple[Path, list[Path]]:
    base = small_dir / folder
    if file:
        return base / file, [base / file]
    if (base / "tokenizer.json").exists():
        return base, [base / "tokenizer.json"]
    return base, [base / "vocab.json", base / "merges.txt"]


@pytest.mark.parametrize(
    ("folder", "file", "ref", "fmt", "name"), [c[1:] for c in FORMATS], ids=[c[0] for c in FORMATS]
)
def test_format_loads(
    small_dir: Path,
    small: dict[str, LoadedTokenizer],
    folder: str,
    file: str,
    ref: str,
    fmt: str,
    name: str,
) -> None:
    spec, files = _format_case(small_dir, folder, file)
    tok = load(str(spec))
    expected = small[ref].tokenizer
    assert tok.name == name
    assert tok.provenance.spec == str(spec)
    assert tok.provenance.origin == "path"
    assert tok.provenance.format == fmt
    assert tok.provenance.hub_id is None and tok.provenance.revision is None
    check_files(tok.provenance.files, files)
    assert tok.provenance.sha256 == sha256_of(files[0])
    assert type(tok.tokenizer.model) is type(expected.model)
    assert tok.tokenizer.get_vocab_size(with_added_tokens=False) == expected.get_vocab_size(
        with_added_tokens=False
    )
    assert tok.tokenizer.get_vocab_size(with_added_tokens=True) == expected.get_vocab_size(
        with_added_tokens=True
    )
    assert tok.tokenizer.encode(CODE).ids == expected.encode(CODE).ids


@pytest.mark.parametrize(
    ("folder", "file", "ref", "fmt", "name"), [c[1:] for c in FORMATS], ids=[c[0] for c in FORMATS]
)
def test_format_through_cli(
    small_dir: Path,
    small: dict[str, LoadedTokenizer],
    folder: str,
    file: str,
    ref: str,
    fmt: str,
    name: str,
) -> None:
    spec, files = _format_case(small_dir, folder, file)
    (item,) = inspect_json(str(spec))
    expected = small[ref].tokenizer
    assert item["name"] == name
    assert item["model_type"] == type(expected.model).__name__
    assert item["vocab_size"] == expected.get_vocab_size(with_added_tokens=False)
    assert item["vocab_size_with_added"] == expected.get_vocab_size(with_added_tokens=True)
    prov = item["provenance"]
    assert (prov["spec"], prov["origin"], prov["format"]) == (str(spec), "path", fmt)
    assert prov["hub_id"] is None and prov["revision"] is None
    check_files(prov["files"], files)


def test_any_json_name_is_a_tokenizer_json(tmp_path: Path, bpe_json: Path) -> None:
    path = tmp_path / "my-tokenizer.json"
    shutil.copy(bpe_json, path)
    tok = load(str(path))
    assert tok.name == "my-tokenizer"
    assert tok.provenance.format == "tokenizer.json"
    check_files(tok.provenance.files, [path])


def test_vocab_merges_encodes_like_tokenizer_json(small_dir: Path, bpe_json: Path) -> None:
    from_json = load(str(bpe_json)).tokenizer
    from_files = load(str(small_dir / "byte-bpe-files")).tokenizer
    a, b = from_json.encode(CODE), from_files.encode(CODE)
    assert b.ids == a.ids
    assert b.tokens == a.tokens
    assert a.tokens[0] == "<s>" and a.tokens[-1] == "</s>"  # RobertaProcessing on both
    assert "Ġ" in a.tokens  # the double space: one Ġ of its own, no prefix space added
    assert from_files.decode(b.ids, skip_special_tokens=True) == CODE
    assert from_files.get_vocab() == from_json.get_vocab()


def test_vocab_merges_pipeline_is_robertas(small_dir: Path) -> None:
    tok = load(str(small_dir / "byte-bpe-files"))
    pre = sources.component_state(tok.tokenizer.pre_tokenizer)
    assert pre is not None
    assert pre["type"] == "ByteLevel" and pre["add_prefix_space"] is False
    post = sources.component_state(tok.tokenizer.post_processor)
    assert post is not None and post["type"] == "RobertaProcessing"
    assert tok.entries.byte_level
    assert {tok.tokenizer.token_to_id(t) for t in trained.SPECIALS} == set(tok.special_ids)


def test_sentencepiece_model_file(sp_dir: Path) -> None:
    path = sp_dir / "code.model"
    tok = load(str(path))
    assert tok.name == "code"
    assert tok.provenance.format == "sentencepiece"
    assert tok.provenance.origin == "path"
    check_files(tok.provenance.files, [path])
    assert type(tok.tokenizer.model).__name__ == "Unigram"
    assert tok.tokenizer.get_vocab_size() == 150
    encoding = tok.tokenizer.encode(CODE)
    assert encoding.tokens and "▁return" in encoding.tokens
    assert tok.entries.metaspace == "▁"


def test_sentencepiece_folder(sp_dir: Path) -> None:
    tok = load(str(sp_dir))
    assert tok.name == "sp-folder"
    assert tok.provenance.format == "sentencepiece"
    check_files(tok.provenance.files, [sp_dir / "code.model"])
    assert (
        tok.tokenizer.encode(CODE).ids
        == load(str(sp_dir / "code.model")).tokenizer.encode(CODE).ids
    )


@pytest.mark.parametrize("target", ["file", "folder"])
def test_sentencepiece_through_cli(sp_dir: Path, target: str) -> None:
    spec = sp_dir / "code.model" if target == "file" else sp_dir
    (item,) = inspect_json(str(spec))
    assert item["model_type"] == "Unigram"
    assert item["vocab_size"] == 150
    prov = item["provenance"]
    assert (prov["origin"], prov["format"]) == ("path", "sentencepiece")
    check_files(prov["files"], [sp_dir / "code.model"])


@pytest.mark.parametrize("name", ["tokenizer.model", "sentencepiece.bpe.model", "spiece.model"])
def test_sentencepiece_known_names_win_over_other_models(
    tmp_path: Path, sp_model_bytes: bytes, name: str
) -> None:
    pytest.importorskip("transformers")
    (tmp_path / name).write_bytes(sp_model_bytes)
    (tmp_path / "other.model").write_bytes(b"not read")
    tok = load(str(tmp_path))
    check_files(tok.provenance.files, [tmp_path / name])


def test_sentencepiece_without_transformers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tokenizer.model"
    path.write_bytes(b"any bytes: the import fails before they are parsed")
    monkeypatch.setitem(sys.modules, "transformers", None)
    monkeypatch.setitem(sys.modules, "transformers.convert_slow_tokenizer", None)
    with pytest.raises(SourceError, match=r"pip install 'tokscope\[sentencepiece\]'"):
        load(str(path))
    assert_user_error(invoke("inspect", str(path)), PIP_HINT, str(path))


def test_sentencepiece_without_protobuf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sp_model_bytes: bytes
) -> None:
    pytest.importorskip("transformers")
    import transformers.convert_slow_tokenizer  # noqa: F401

    class MissingProtobuf:
        def __init__(self, *args: Any) -> None:
            # what transformers' requires_backends(self, "protobuf") raises
            raise ImportError(
                "\nSpmConverter requires the protobuf library but it was not found "
                "in your environment. Check out the instructions on the\n..."
            )

    module = sys.modules["transformers.convert_slow_tokenizer"]
    monkeypatch.setattr(module, "SpmConverter", MissingProtobuf)
    path = tmp_path / "tokenizer.model"
    path.write_bytes(sp_model_bytes)
    with pytest.raises(SourceError) as info:
        load(str(path))
    assert PIP_HINT in str(info.value)
    assert "corrupt" not in str(info.value)


def test_corrupt_sentencepiece_model(tmp_path: Path) -> None:
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    path = tmp_path / "broken.model"
    path.write_bytes(b"\x00this is not a protobuf\xff\xfe")
    assert_user_error(invoke("inspect", str(path)), str(path), "corrupt", "sentencepiece")


# -- 2. the resolution order --------------------------------------------------------------------


def test_env_dirs_second_directory(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, small_dir: Path
) -> None:
    first, second = isolated_env / "first", isolated_env / "second"
    (first / "roberta").mkdir(parents=True)  # a folder by the right name, but no tokenizer
    (first / "roberta" / "README.md").write_text("nothing here")
    found = copy_tokenizer(small_dir / "byte-bpe", second / "roberta")
    monkeypatch.setenv(ENV_VAR, f"{first}{os.pathsep}{second}")
    tok = load("roberta")
    assert tok.name == "roberta"
    assert tok.provenance.origin == ENV_VAR
    assert tok.provenance.spec == "roberta"
    assert tok.provenance.hub_id is None
    check_files(tok.provenance.files, [found / "tokenizer.json"])

    (item,) = inspect_json("roberta")
    assert item["name"] == "roberta"
    assert item["provenance"]["origin"] == "TOKSCOPE_TOKENIZERS"
    check_files(item["provenance"]["files"], [found / "tokenizer.json"])


@pytest.mark.parametrize(
    ("spec", "folder", "name"),
    [
        ("xlmr", "xlm-roberta", "xlm-roberta"),
        ("XLMR", "xlm-roberta", "xlm-roberta"),
        ("xlm-roberta", "xlmr", "xlm-roberta"),
        ("roberta", "roberta-large", "roberta"),
        ("roberta", "FacebookAI--roberta-large", "roberta"),
        ("roberta", "FacebookAI/roberta-large", "roberta"),
        ("owner/name", "owner--name", "owner/name"),
        ("owner/name", "name", "owner/name"),
        ("owner/name", "owner/name", "owner/name"),
        ("my-tok", "my-tok", "my-tok"),
    ],
)
def test_env_dir_folder_names(
    isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_dir: Path,
    spec: str,
    folder: str,
    name: str,
) -> None:
    base = isolated_env / "tokenizers"
    found = copy_tokenizer(small_dir / "collapsing", base / folder)
    monkeypatch.setenv(ENV_VAR, str(base))
    tok = load(spec)
    assert tok.name == name
    assert tok.provenance.origin == ENV_VAR
    check_files(tok.provenance.files, [found / "tokenizer.json"])


def test_env_dir_vocab_merges_folder(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, small_dir: Path
) -> None:
    found = copy_tokenizer(small_dir / "byte-bpe-files", isolated_env / "tk" / "owner--name")
    monkeypatch.setenv(ENV_VAR, str(isolated_env / "tk"))
    tok = load("owner/name")
    assert tok.provenance.format == "vocab.json+merges.txt"
    check_files(tok.provenance.files, [found / "vocab.json", found / "merges.txt"])


def test_existing_path_wins_over_env_dirs(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, small_dir: Path
) -> None:
    cwd = isolated_env / "cwd"
    local = copy_tokenizer(small_dir / "space-runs", cwd / "roberta")
    copy_tokenizer(small_dir / "byte-bpe", isolated_env / "tk" / "roberta")
    monkeypatch.setenv(ENV_VAR, str(isolated_env / "tk"))
    monkeypatch.chdir(cwd)
    tok = load("roberta")
    assert tok.provenance.origin == "path"
    assert tok.provenance.sha256 == sha256_of(local / "tokenizer.json")
    assert tok.tokenizer.get_vocab_size(with_added_tokens=True) == load(
        str(local)
    ).tokenizer.get_vocab_size(with_added_tokens=True)


def test_env_dirs_win_over_cache(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, small_dir: Path, bpe_json: Path
) -> None:
    make_snapshot(
        isolated_env / "hf-cache",
        "FacebookAI/roberta-large",
        {"tokenizer.json": small_dir / "space-runs" / "tokenizer.json"},
    )
    found = copy_tokenizer(small_dir / "byte-bpe", isolated_env / "tk" / "roberta")
    monkeypatch.setenv(ENV_VAR, str(isolated_env / "tk"))
    tok = load("roberta")
    assert tok.provenance.origin == ENV_VAR
    check_files(tok.provenance.files, [found / "tokenizer.json"])


@pytest.mark.parametrize(
    ("spec", "hub_id", "name"),
    [
        ("owner/name", "owner/name", "owner/name"),
        ("roberta", "FacebookAI/roberta-large", "roberta"),
        ("xlmr", "FacebookAI/xlm-roberta-large", "xlm-roberta"),
    ],
)
@pytest.mark.parametrize("layout", ["tokenizer.json", "vocab.json+merges.txt"])
def test_hf_cache(
    isolated_env: Path, small_dir: Path, spec: str, hub_id: str, name: str, layout: str
) -> None:
    if layout == "tokenizer.json":
        files = {"tokenizer.json": small_dir / "byte-bpe" / "tokenizer.json"}
    else:
        files = {n: small_dir / "byte-bpe-files" / n for n in ("vocab.json", "merges.txt")}
    snapshot = make_snapshot(isolated_env / "hf-cache", hub_id, files)
    tok = load(spec)
    assert tok.name == name
    prov = tok.provenance
    assert (prov.origin, prov.format, prov.hub_id, prov.revision) == (
        "hf-cache",
        layout,
        hub_id,
        COMMIT,
    )
    check_files(prov.files, [snapshot / n for n in files])

    (item,) = inspect_json(spec)
    assert item["name"] == name
    assert item["provenance"]["origin"] == "hf-cache"
    assert item["provenance"]["hub_id"] == hub_id
    assert item["provenance"]["revision"] == COMMIT
    check_files(item["provenance"]["files"], [snapshot / n for n in files])


def test_hf_cache_sentencepiece(isolated_env: Path, sp_dir: Path) -> None:
    snapshot = make_snapshot(
        isolated_env / "hf-cache", "owner/sp", {"spiece.model": sp_dir / "code.model"}
    )
    tok = load("owner/sp")
    assert (tok.provenance.origin, tok.provenance.format) == ("hf-cache", "sentencepiece")
    assert tok.provenance.revision == COMMIT
    check_files(tok.provenance.files, [snapshot / "spiece.model"])


def test_hf_cache_revision_under_a_folder_named_snapshots(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, bpe_json: Path
) -> None:
    from huggingface_hub import constants

    cache = isolated_env / "snapshots" / "hf-cache"
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    make_snapshot(cache, "owner/name", {"tokenizer.json": bpe_json})
    assert load("owner/name").provenance.revision == COMMIT


def test_hf_cache_wins_over_hub(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, bpe_json: Path
) -> None:
    forbid_hub(monkeypatch)
    monkeypatch.delenv("HF_HUB_OFFLINE")
    make_snapshot(isolated_env / "hf-cache", "owner/name", {"tokenizer.json": bpe_json})
    assert load("owner/name").provenance.origin == "hf-cache"


def test_hub_download(isolated_env: Path, monkeypatch: pytest.MonkeyPatch, bpe_json: Path) -> None:
    calls: list[tuple[str, str]] = []
    go_online(monkeypatch, fake_hub({"tokenizer.json": bpe_json}, calls))
    tok = load("owner/name")
    assert calls == [("owner/name", "tokenizer.json")]
    prov = tok.provenance
    assert (prov.origin, prov.format, prov.hub_id, prov.revision) == (
        "hub",
        "tokenizer.json",
        "owner/name",
        COMMIT,
    )
    snapshot = isolated_env / "hf-cache" / "models--owner--name" / "snapshots" / COMMIT
    check_files(prov.files, [snapshot / "tokenizer.json"])
    assert prov.sha256 == sha256_of(bpe_json)

    # downloaded once, it is in the cache: found there next time, even offline
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert load("owner/name").provenance.origin == "hf-cache"


def test_hub_download_through_cli(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, bpe_json: Path
) -> None:
    calls: list[tuple[str, str]] = []
    go_online(monkeypatch, fake_hub({"tokenizer.json": bpe_json}, calls))
    (item,) = inspect_json("roberta")
    assert calls == [("FacebookAI/roberta-large", "tokenizer.json")]
    assert item["name"] == "roberta"
    prov = item["provenance"]
    assert (prov["origin"], prov["hub_id"], prov["revision"]) == (
        "hub",
        "FacebookAI/roberta-large",
        COMMIT,
    )
    assert prov["files"][0]["sha256"] == sha256_of(bpe_json)


def test_hub_falls_back_to_vocab_merges(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, small_dir: Path
) -> None:
    folder = small_dir / "byte-bpe-files"
    served = {"vocab.json": folder / "vocab.json", "merges.txt": folder / "merges.txt"}
    calls: list[tuple[str, str]] = []
    go_online(monkeypatch, fake_hub(served, calls))
    tok = load("owner/name")
    assert calls == [("owner/name", n) for n in ("tokenizer.json", "vocab.json", "merges.txt")]
    prov = tok.provenance
    assert (prov.origin, prov.format, prov.revision) == ("hub", "vocab.json+merges.txt", COMMIT)
    snapshot = isolated_env / "hf-cache" / "models--owner--name" / "snapshots" / COMMIT
    check_files(prov.files, [snapshot / "vocab.json", snapshot / "merges.txt"])
    assert tok.tokenizer.encode(CODE).ids == load(str(folder)).tokenizer.encode(CODE).ids


def test_hub_falls_back_to_sentencepiece(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, sp_dir: Path, small_dir: Path
) -> None:
    calls: list[tuple[str, str]] = []
    # vocab.json exists but merges.txt does not: that layout is skipped as a whole
    served = {
        "vocab.json": small_dir / "byte-bpe-files" / "vocab.json",
        "tokenizer.model": sp_dir / "code.model",
    }
    go_online(monkeypatch, fake_hub(served, calls))
    tok = load("owner/sp")
    assert [f for _, f in calls] == [
        "tokenizer.json",
        "vocab.json",
        "merges.txt",
        "tokenizer.model",
    ]
    assert (tok.provenance.origin, tok.provenance.format) == ("hub", "sentencepiece")


def test_hub_without_tokenizer_files(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []
    go_online(monkeypatch, fake_hub({}, calls))
    assert_user_error(
        invoke("inspect", "owner/empty"),
        "owner/empty",
        "has no tokenizer.json, vocab.json + merges.txt or SentencePiece model",
    )
    assert [f for _, f in calls] == [
        "tokenizer.json",
        "vocab.json",
        "tokenizer.model",
        "sentencepiece.bpe.model",
        "spiece.model",
    ]


@pytest.mark.parametrize("value", ["1", "true", "YES", "on"])
def test_offline_skips_hub(isolated_env: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    forbid_hub(monkeypatch)
    monkeypatch.setenv("HF_HUB_OFFLINE", value)
    with pytest.raises(SourceError, match="skipped: HF_HUB_OFFLINE is set"):
        load("owner/name")
    assert_user_error(invoke("inspect", "owner/name"), "the Hub (skipped: HF_HUB_OFFLINE is set)")


def test_hub_not_offline_when_zero(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, bpe_json: Path
) -> None:
    calls: list[tuple[str, str]] = []
    go_online(monkeypatch, fake_hub({"tokenizer.json": bpe_json}, calls))
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    assert load("owner/name").provenance.origin == "hub"


def test_unreachable_hub_is_not_asked(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_hub(monkeypatch)
    monkeypatch.delenv("HF_HUB_OFFLINE")

    def unreachable(timeout: float = 3.0) -> str | None:
        return "huggingface.co unreachable: Network is unreachable"

    monkeypatch.setattr(lookup, "hub_unreachable", unreachable)
    assert_user_error(
        invoke("inspect", "owner/name"),
        "the Hugging Face Hub (huggingface.co unreachable: Network is unreachable)",
    )


def test_hub_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub import constants

    opened: list[tuple[object, float | None]] = []

    def refuse(address: object, timeout: float | None = None, *args: Any) -> Any:
        opened.append((address, timeout))
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(constants, "ENDPOINT", "http://hub.example:8080")
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert lookup.hub_unreachable(timeout=0.5) == "hub.example unreachable: Connection refused"
    assert opened == [(("hub.example", 8080), 0.5)]

    monkeypatch.setattr(constants, "ENDPOINT", "https://huggingface.co")
    assert lookup.hub_unreachable() == "huggingface.co unreachable: Connection refused"
    assert opened[-1] == (("huggingface.co", 443), 3.0)


# -- 3. errors: exit 2, one line, what was tried and how to fix it ------------------------------


def test_unknown_spec(isolated_env: Path) -> None:
    message = assert_user_error(
        invoke("inspect", "no-such-tokenizer"),
        "'no-such-tokenizer'",
        "TOKSCOPE_TOKENIZERS (not set)",
        f"the Hugging Face cache ({isolated_env / 'hf-cache'})",
        "the Hub",
        "HF_HUB_OFFLINE",
        "Fix: set TOKSCOPE_TOKENIZERS",
    )
    assert "no-such-tokenizer/tokenizer.json" in message


def test_unknown_spec_lists_env_dirs(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = isolated_env / "a", isolated_env / "b"
    monkeypatch.setenv(ENV_VAR, f"{a}{os.pathsep}{b}")
    assert_user_error(
        invoke("inspect", "xlmr"),
        str(a),
        str(b),
        "xlm-roberta or xlmr",
        "FacebookAI/xlm-roberta-large",
        "Hugging Face cache",
        "Hub",
    )


def _corrupt_json(tmp: Path, small_dir: Path) -> str:
    (tmp / "corrupt.json").write_text('{"version": "1.0", "model": {"type": ')
    return "corrupt.json"


def _truncated(tmp: Path, small_dir: Path) -> str:
    whole = (small_dir / "byte-bpe" / "tokenizer.json").read_bytes()
    (tmp / "half").mkdir()
    (tmp / "half" / "tokenizer.json").write_bytes(whole[: len(whole) // 2])
    return "half"


def _not_a_tokenizer(tmp: Path, small_dir: Path) -> str:
    (tmp / "config.json").write_text('{"hello": "world", "answer": 42}')
    return "config.json"


def _json_list(tmp: Path, small_dir: Path) -> str:
    (tmp / "list.json").write_text("[1, 2, 3]")
    return "list.json"


def _not_utf8(tmp: Path, small_dir: Path) -> str:
    (tmp / "latin1.json").write_bytes(b'{"model": "\xe9t\xe9"}')
    return "latin1.json"


def _empty_folder(tmp: Path, small_dir: Path) -> str:
    (tmp / "empty" / "sub").mkdir(parents=True)
    (tmp / "empty" / "config.json").write_text("{}")
    return "empty"


def _bad_vocab(tmp: Path, small_dir: Path) -> str:
    folder = copy_tokenizer(small_dir / "byte-bpe-files", tmp / "badvocab")
    (folder / "vocab.json").write_text("[]")
    return "badvocab"


def _bad_merges(tmp: Path, small_dir: Path) -> str:
    folder = copy_tokenizer(small_dir / "byte-bpe-files", tmp / "badmerges")
    (folder / "merges.txt").write_text("#version: 0.2\nnot-in-vocab also-not\n")
    return "badmerges"


ERROR_CASES: list[tuple[str, Callable[[Path, Path], str], tuple[str, ...]]] = [
    (
        "missing-path",
        lambda t, s: "./missing/tokenizer.json",
        ("'./missing/tokenizer.json' does not exist", "check the path"),
    ),
    ("missing-json", lambda t, s: "missing.json", ("'missing.json' does not exist",)),
    ("missing-deep", lambda t, s: "a/b/c", ("'a/b/c' does not exist",)),
    (
        "empty-folder",
        _empty_folder,
        (
            "has no tokenizer.json, vocab.json + merges.txt or SentencePiece .model",
            "point at a folder or file that has one",
        ),
    ),
    ("corrupt-json", _corrupt_json, ("corrupt.json", "corrupt, truncated", "download it again")),
    ("truncated", _truncated, ("half/tokenizer.json", "truncated", "download it again")),
    ("not-a-tokenizer", _not_a_tokenizer, ("config.json", "not a tokenizer.json tokenizer")),
    ("json-list", _json_list, ("list.json", "not a tokenizer.json tokenizer")),
    ("not-utf8", _not_utf8, ("latin1.json", "corrupt", "utf-8")),
    (
        "bad-vocab",
        _bad_vocab,
        ("badvocab", "not a vocab.json+merges.txt tokenizer", "vocab.json is not a JSON object"),
    ),
    ("bad-merges", _bad_merges, ("badmerges", "not a vocab.json+merges.txt tokenizer")),
    (
        "invalid-hub-id",
        lambda t, s: "a b c",
        ("'a b c' is not a known alias", "modernbert", "valid Hugging Face hub id"),
    ),
    ("empty-spec", lambda t, s: "  ", ("empty tokenizer spec", "alias", "path")),
]


@pytest.mark.parametrize(
    ("make", "needles"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES]
)
def test_error_through_cli(
    isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    small_dir: Path,
    make: Callable[[Path, Path], str],
    needles: tuple[str, ...],
) -> None:
    work = isolated_env / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    spec = make(work, small_dir)
    assert_user_error(invoke("inspect", spec), *needles)
    assert_user_error(invoke("inspect", spec, "--json"), *needles)
    with pytest.raises(SourceError):
        load(spec)


def test_error_through_diff(isolated_env: Path) -> None:
    source = trained.CORPORA / "python" / "geometry.py"
    assert_user_error(
        invoke("diff", str(source), "-t", "no-such-tokenizer"),
        "'no-such-tokenizer'",
        "TOKSCOPE_TOKENIZERS",
    )


def _connect_error() -> Exception:
    exc = http_module().ConnectError("[Errno 111] Connection refused")
    assert isinstance(exc, Exception)
    return exc


@pytest.mark.parametrize(
    ("make_error", "needle"),
    [
        (lambda: OSError("connection refused"), "OSError: connection refused"),
        (_connect_error, "ConnectError: [Errno 111] Connection refused"),
    ],
    ids=["oserror", "connect-error"],
)
def test_network_failure(
    isolated_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_error: Callable[[], Exception],
    needle: str,
) -> None:
    calls: list[str] = []

    def fail(repo_id: str, filename: str, **_: Any) -> str:
        calls.append(filename)
        raise make_error()

    go_online(monkeypatch, fail)
    assert_user_error(
        invoke("inspect", "owner/name"),
        "the Hugging Face Hub",
        needle,
        "TOKSCOPE_TOKENIZERS",
        "Fix:",
    )
    assert calls == ["tokenizer.json"]  # a network failure ends the search, it is no 404


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="chmod does not stop root (or this OS) from reading",
)
def test_unreadable_file(tmp_path: Path, bpe_json: Path) -> None:
    path = tmp_path / "tokenizer.json"
    shutil.copy(bpe_json, path)
    path.chmod(0)
    try:
        assert_user_error(
            invoke("inspect", str(path)),
            "cannot read tokenizer file",
            str(path),
            "Permission denied",
            "readable",
        )
    finally:
        path.chmod(0o600)


def test_unreadable_file_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bpe_json: Path
) -> None:
    path = tmp_path / "tokenizer.json"
    shutil.copy(bpe_json, path)
    read_bytes = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    assert_user_error(
        invoke("inspect", str(path)),
        "cannot read tokenizer file",
        repr(str(path)),
        "Permission denied",
        "check that it exists and is readable",
    )


@pytest.mark.parametrize(
    ("params", "needles"),
    [
        (("byte-bpe=lots",), ("cannot read 'lots' as a parameter count", "400M")),
        (("roberta=355M",), ("'roberta' is not one of the tokenizers inspected", "(byte-bpe)")),
        (("400M",), ("--params '400M': write SPEC=COUNT",)),
        (("=400M",), ("write SPEC=COUNT",)),
    ],
    ids=["bad-count", "unknown-key", "no-equals", "no-key"],
)
def test_params_errors(small_dir: Path, params: tuple[str, ...], needles: tuple[str, ...]) -> None:
    args = ["inspect", str(small_dir / "byte-bpe")]
    for p in params:
        args += ["--params", p]
    assert_user_error(invoke(*args), *needles)


def test_params_by_name_and_spec(small_dir: Path) -> None:
    spec = str(small_dir / "byte-bpe")
    for key in ("byte-bpe", spec):
        (item,) = inspect_json(spec, "--params", f"{key}=1.5M")
        assert item["params"]["total_params"] == 1_500_000


# -- 4. the default set -------------------------------------------------------------------------


def test_default_specs() -> None:
    assert DEFAULT_SPECS == ("modernbert", "xlm-roberta", "roberta")
    assert all(sources.canonical_alias(s) == s for s in DEFAULT_SPECS)


def _default_env(base: Path, monkeypatch: pytest.MonkeyPatch, small_dir: Path) -> None:
    for name, source in (
        ("roberta", "byte-bpe"),
        ("xlm-roberta", "collapsing"),
        ("modernbert", "space-runs"),
        ("olmo", "byte-bpe"),
    ):
        copy_tokenizer(small_dir / source, base / name)
    monkeypatch.setenv(ENV_VAR, str(base))


def test_load_many_defaults(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, small_dir: Path
) -> None:
    _default_env(isolated_env / "tk", monkeypatch, small_dir)
    loaded = load_many([])
    assert [t.name for t in loaded] == ["modernbert", "xlm-roberta", "roberta"]
    assert {t.provenance.origin for t in loaded} == {ENV_VAR}
    assert [type(t.tokenizer.model).__name__ for t in loaded] == ["BPE", "Unigram", "BPE"]

    names = [item["name"] for item in inspect_json()]
    assert names == ["modernbert", "xlm-roberta", "roberta"]


def test_load_many_keeps_order_and_drops_repeats(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch, small_dir: Path
) -> None:
    _default_env(isolated_env / "tk", monkeypatch, small_dir)
    loaded = load_many(["roberta", "xlmr", "xlm-roberta", "olmo", "roberta"])
    assert [t.name for t in loaded] == ["roberta", "xlm-roberta", "olmo"]
    assert all(isinstance(t.tokenizer, Tokenizer) for t in loaded)
