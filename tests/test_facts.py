"""The facts table of DESIGN.md, checked through the CLI on the real tokenizer files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import diff_text, run_json, specs

THREE = ("modernbert", "xlm-roberta", "roberta")


def tokens(entry: dict[str, Any]) -> list[str]:
    return [t["token"] for t in entry["tokens"]]


@pytest.fixture(scope="module")
def three(real_tokenizers: Path) -> list[str]:
    return specs(real_tokenizers, *THREE)


def test_eight_spaces_before_x(three: list[str]) -> None:
    out = diff_text("        x = 2", three)
    assert tokens(out["modernbert"]) == [" " * 8, "x", "Ġ=", "Ġ2"]
    assert tokens(out["xlm-roberta"]) == ["▁x", "▁=", "▁2"]
    assert tokens(out["roberta"]) == ["Ġ"] * 7 + ["Ġx", "Ġ=", "Ġ2"]
    assert out["modernbert"]["tokens"][0]["id"] == 50270
    assert out["roberta"]["tokens"][0]["id"] == 1437


def test_four_and_eight_spaces_are_different_single_tokens(three: list[str]) -> None:
    four = diff_text("    return", three)
    eight = diff_text("        return", three)
    assert tokens(four["modernbert"]) == ["    ", "return"]
    assert four["modernbert"]["tokens"][0]["id"] != eight["modernbert"]["tokens"][0]["id"]
    assert tokens(four["xlm-roberta"]) == ["▁return"]
    assert [t["id"] for t in four["xlm-roberta"]["tokens"]] == [
        t["id"] for t in eight["xlm-roberta"]["tokens"]
    ]
    assert tokens(four["roberta"]) == ["Ġ"] * 3 + ["Ġreturn"]


def test_newlines_vanish_in_xlmr_only(three: list[str]) -> None:
    paragraph = diff_text("a\n\nb", three)
    space = diff_text("a b", three)
    ids = {name: [t["id"] for t in paragraph[name]["tokens"]] for name in THREE}
    assert ids["xlm-roberta"] == [t["id"] for t in space["xlm-roberta"]["tokens"]]
    assert ids["modernbert"] != [t["id"] for t in space["modernbert"]["tokens"]]
    assert ids["roberta"] != [t["id"] for t in space["roberta"]["tokens"]]


def test_xlmr_loses_newlines_and_does_not_round_trip(three: list[str]) -> None:
    # One newline is rewritten into the next word's ▁ (covered, but standing for a space)...
    out = diff_text("a\nb", three)
    xlmr = out["xlm-roberta"]
    b = xlmr["tokens"][1]
    assert (b["token"], b["surface"], b["decoded"], b["differs"]) == ("▁b", "\nb", " b", True)
    assert xlmr["totals"]["round_trip"] is False
    assert xlmr["totals"]["first_difference"] == {"char": 1, "source": "a\nb", "decoded": "a b"}
    # ...and the rest of a run is covered by no token at all.
    assert [d["text"] for d in diff_text("a\n\nb", three)["xlm-roberta"]["dropped"]] == ["\n"]
    for name in ("modernbert", "roberta"):
        assert out[name]["dropped"] == []
        assert not any(t["differs"] for t in out[name]["tokens"])
        assert out[name]["totals"]["round_trip"] is True


def test_dunder_init_splits(three: list[str]) -> None:
    out = diff_text("def __init__", three)
    assert tokens(out["modernbert"]) == ["def", "Ġ__", "init", "__"]
    assert tokens(out["xlm-roberta"]) == ["▁de", "f", "▁__", "in", "it", "__"]
    assert tokens(out["roberta"]) == ["def", "Ġ__", "init", "__"]
    with_paren = diff_text("def __init__(", three)
    assert tokens(with_paren["modernbert"])[-1] == "__("
    assert tokens(with_paren["roberta"])[-2:] == ["__", "("]
    assert tokens(with_paren["xlm-roberta"])[-2:] == ["__", "("]


def test_round_trip_on_code(three: list[str]) -> None:
    code = (Path(__file__).parent.parent / "corpora" / "python" / "inventory.py").read_text()
    out = diff_text(code, three)
    assert out["modernbert"]["totals"]["round_trip"] is True
    assert out["roberta"]["totals"]["round_trip"] is True
    assert out["xlm-roberta"]["totals"]["round_trip"] is False
    assert out["xlm-roberta"]["totals"]["dropped_chars"] > 0


def test_word_after_indentation_loses_its_g(three: list[str]) -> None:
    after_indent = diff_text("    return", three)["modernbert"]["tokens"][1]
    after_word = diff_text("x return", three)["modernbert"]["tokens"][1]
    assert (after_indent["token"], after_word["token"]) == ("return", "Ġreturn")
    assert after_indent["id"] != after_word["id"]


def test_25_spaces_split_as_24_plus_rest(three: list[str]) -> None:
    out = diff_text("x" + " " * 25 + "y", three)
    assert tokens(out["modernbert"]) == ["x", " " * 24, "Ġy"]


def test_vocab_sizes_and_parameter_table(real_tokenizers: Path) -> None:
    args = ["inspect", *specs(real_tokenizers, *THREE, "olmo"), "--hidden", "1024"]
    for name, total in (("modernbert", "400M"), ("xlm-roberta", "550M"), ("roberta", "355M")):
        args += ["--params", f"{name}={total}"]
    facts = {t["name"]: t for t in run_json(args)["tokenizers"]}
    sizes = {name: (f["vocab_size"], f["vocab_size_with_added"]) for name, f in facts.items()}
    assert sizes == {
        "modernbert": (50_280, 50_368),
        "xlm-roberta": (250_002, 250_002),
        "roberta": (50_265, 50_265),
        "olmo": (50_280, 50_280),
    }
    params = {name: f["params"] for name, f in facts.items()}
    assert params["modernbert"]["vocab_params"] == 51_576_832  # 51.6M
    assert params["xlm-roberta"]["vocab_params"] == 256_002_048  # 256M
    assert params["roberta"]["vocab_params"] == 51_471_360  # 51.5M
    assert round(params["modernbert"]["vocab_share"] * 100) == 13
    assert round(params["xlm-roberta"]["vocab_share"] * 100) == 47
    assert round(params["roberta"]["vocab_share"] * 100) == 14
    assert params["modernbert"]["core_params"] == 348_423_168  # the table's "349M" rounds 51M off
    assert params["xlm-roberta"]["core_params"] == 293_997_952  # 294M
    assert params["roberta"]["core_params"] == 303_528_640  # 304M
    assert params["olmo"]["total_params"] is None


def test_special_and_added_tokens(real_tokenizers: Path) -> None:
    facts = {
        t["name"]: t
        for t in run_json(["inspect", *specs(real_tokenizers, "modernbert", "olmo")])["tokenizers"]
    }
    modern, olmo = facts["modernbert"], facts["olmo"]
    assert {"[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"} <= set(modern["special_tokens"])
    assert "[unused0]" not in modern["special_tokens"]
    assert modern["added_not_special"] - olmo["added_not_special"] == 83
    assert modern["whitespace"]["pure_whitespace_entries"] >= 23
    assert modern["normalizer"] == olmo["normalizer"] == "NFC()"
    assert modern["post_processor"] == "TemplateProcessing([CLS] $A [SEP])"


def test_whitespace_runs_in_vocabulary_and_in_text(real_tokenizers: Path) -> None:
    payload = run_json(["inspect", *specs(real_tokenizers, *THREE)])
    ws = {t["name"]: t["whitespace"] for t in payload["tokenizers"]}
    # ModernBERT's BPE has 'Ġ' runs up to 512, but its added 2..24-space tokens match first.
    assert ws["modernbert"]["spaces"] == {"longest_entry": 512, "longest_token_in_text": 24}
    assert ws["roberta"]["spaces"] == {"longest_entry": 1, "longest_token_in_text": 1}
    assert ws["xlm-roberta"]["spaces"]["longest_token_in_text"] == 0
    assert ws["xlm-roberta"]["newlines"] == {"longest_entry": 0, "longest_token_in_text": 0}
