"""The tokenizers tokscope knows by name, and where it looks for their files."""

from __future__ import annotations

ALIASES: dict[str, str] = {
    "modernbert": "answerdotai/ModernBERT-large",
    "olmo": "allenai/OLMo-1B-hf",
    "xlm-roberta": "FacebookAI/xlm-roberta-large",
    "roberta": "FacebookAI/roberta-large",
}
"""Short names for the tokenizers tokscope knows, mapped to their Hugging Face hub ids."""

ALIAS_SYNONYMS: dict[str, str] = {"xlmr": "xlm-roberta"}
"""Second names accepted for an alias."""

DEFAULT_SPECS: tuple[str, ...] = ("modernbert", "xlm-roberta", "roberta")
"""The tokenizers compared when none is given."""

ENV_VAR = "TOKSCOPE_TOKENIZERS"
"""Folders (path-separated) holding one sub-folder of tokenizer files per name."""


def canonical_alias(spec: str) -> str | None:
    """The alias a spec names (``xlmr`` -> ``xlm-roberta``), or None.

    >>> canonical_alias("XLMR")
    'xlm-roberta'
    """
    key = spec.lower()
    key = ALIAS_SYNONYMS.get(key, key)
    return key if key in ALIASES else None


def alias_list() -> str:
    """The aliases, for messages."""
    return ", ".join(ALIASES) + " (xlmr for xlm-roberta)"
