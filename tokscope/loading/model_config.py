"""The model's ``config.json`` beside a tokenizer: its hidden size, and for BERT-family models
(BERT, RoBERTa, XLM-RoBERTa, CamemBERT) the total parameter count worked out from it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BERT_FAMILY: frozenset[str] = frozenset({"bert", "roberta", "xlm-roberta", "camembert"})
"""``model_type`` values whose parameters :func:`bert_family_params` counts."""


@dataclass(frozen=True)
class ModelConfig:
    """What tokscope reads from a model's ``config.json``."""

    path: str
    """The file read."""
    model_type: str | None
    """Its ``model_type`` (``roberta``, ``modernbert``...)."""
    hidden_size: int | None
    """Its ``hidden_size`` (the embedding width), when present."""
    total_params: int | None
    """All parameters of the model, computed for the BERT family (None otherwise)."""


def bert_family_params(config: dict[str, Any]) -> int | None:
    """Parameters of a BERT-family encoder as ``BertModel``/``RobertaModel`` build it:
    embeddings (word, position, token type, LayerNorm), every layer (query, key, value and output
    projections, feed-forward in and out, two LayerNorms, all with biases) and the pooler. None
    when a size is missing.

    >>> bert_family_params({"vocab_size": 50265, "hidden_size": 1024, "num_hidden_layers": 24,
    ...     "intermediate_size": 4096, "max_position_embeddings": 514, "type_vocab_size": 1})
    355359744
    """
    keys = ("vocab_size", "hidden_size", "num_hidden_layers", "intermediate_size")
    values = [config.get(k) for k in keys]
    if not all(isinstance(v, int) and v > 0 for v in values):
        return None
    vocab, h, layers, inner = (int(v) for v in values)  # type: ignore[arg-type]
    positions = int(config.get("max_position_embeddings", 512))
    types = int(config.get("type_vocab_size", 2))
    embeddings = (vocab + positions + types) * h + 2 * h
    attention = 4 * (h * h + h) + 2 * h
    feed_forward = (h * inner + inner) + (inner * h + h) + 2 * h
    pooler = h * h + h
    return embeddings + layers * (attention + feed_forward) + pooler


def read_model_config(tokenizer_file: str) -> ModelConfig | None:
    """The ``config.json`` in the folder of ``tokenizer_file``, if there is a readable one."""
    path = Path(tokenizer_file).parent / "config.json"
    if not path.is_file():
        return None
    try:
        config = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(config, dict):
        return None
    model_type = config.get("model_type")
    hidden = config.get("hidden_size")
    return ModelConfig(
        path=str(path),
        model_type=model_type if isinstance(model_type, str) else None,
        hidden_size=hidden if isinstance(hidden, int) and hidden > 0 else None,
        total_params=bert_family_params(config) if model_type in BERT_FAMILY else None,
    )
