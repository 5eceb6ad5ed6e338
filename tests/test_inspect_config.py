"""``inspect`` reads the hidden size, and for BERT-family models the total parameter count, from
a ``config.json`` beside the tokenizer, and says where each number came from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests import trained
from tests.cli_helpers import run, run_json
from tokscope.loading.model_config import bert_family_params, read_model_config

BERT_BASE = {
    "model_type": "bert",
    "vocab_size": 30522,
    "hidden_size": 768,
    "num_hidden_layers": 12,
    "intermediate_size": 3072,
    "max_position_embeddings": 512,
    "type_vocab_size": 2,
}
BERT_BASE_PARAMS = 109_482_240
"""``BertModel`` of bert-base-uncased, as its published parameter count."""


def _model_folder(base: Path, config: dict[str, Any] | None) -> Path:
    folder = base / "model"
    trained.save_tokenizer_json(trained.byte_level_bpe(), folder)
    if config is not None:
        (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


def test_bert_family_count_matches_bert_base() -> None:
    assert bert_family_params(BERT_BASE) == BERT_BASE_PARAMS
    assert bert_family_params({**BERT_BASE, "hidden_size": None}) is None


def test_hidden_and_total_from_config(tmp_path: Path) -> None:
    config = {**BERT_BASE, "model_type": "roberta", "hidden_size": 64, "intermediate_size": 256}
    folder = _model_folder(tmp_path, config)
    (item,) = run_json(["inspect", str(folder)])["tokenizers"]
    params = item["params"]
    path = str(folder / "config.json")
    assert params["hidden"] == 64 and params["hidden_source"] == path
    assert params["total_params"] == bert_family_params(config)
    assert params["total_source"] == path
    assert params["vocab_params"] == item["vocab_size_with_added"] * 64
    assert params["core_params"] == params["total_params"] - params["vocab_params"]
    out = run(["inspect", str(folder), "--width", "200"]).output
    assert "(computed, BERT family)" in out and "(hidden_size)" in out


def test_options_win_over_config(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path, BERT_BASE)
    args = ["inspect", str(folder), "--hidden", "32", "--params", "model=1M"]
    (item,) = run_json(args)["tokenizers"]
    assert item["params"]["hidden"] == 32 and item["params"]["hidden_source"] == "--hidden"
    assert item["params"]["total_params"] == 1_000_000
    assert item["params"]["total_source"] == "--params"


def test_other_models_give_the_hidden_size_only(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path, {"model_type": "modernbert", "hidden_size": 96})
    config = read_model_config(str(folder / "tokenizer.json"))
    assert config is not None and config.total_params is None
    (item,) = run_json(["inspect", str(folder)])["tokenizers"]
    assert item["params"]["hidden"] == 96
    assert item["params"]["total_params"] is None and item["params"]["total_source"] is None


def test_without_config_the_default_is_said(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path, None)
    (item,) = run_json(["inspect", str(folder)])["tokenizers"]
    assert item["params"]["hidden"] == 1024 and item["params"]["hidden_source"] == "default"
    (folder / "config.json").write_text("{not json", encoding="utf-8")
    assert read_model_config(str(folder / "tokenizer.json")) is None
