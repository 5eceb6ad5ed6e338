"""``inspect --params``: a total must be able to hold the vocabulary, and be given once."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_helpers import one_line_error, run


def inspect(spec: str, *params: str) -> list[str]:
    args = ["inspect", spec, "--hidden", "100"]
    for item in params:
        args += ["--params", item]
    return args


def vocab_params(spec: str) -> int:
    result = run([*inspect(spec), "--json"])
    assert result.exit_code == 0, result.output
    return int(json.loads(result.stdout)["tokenizers"][0]["params"]["vocab_params"])


def test_a_total_smaller_than_the_vocabulary_is_refused(small_dir: Path) -> None:
    spec = str(small_dir / "byte-bpe")
    floor = vocab_params(spec)
    line = one_line_error(run(inspect(spec, f"byte-bpe={floor - 1}")))
    assert f"byte-bpe={floor - 1:,}" in line and f"({floor:,} =" in line
    assert "fewer parameters than the vocabulary" in line
    payload = json.loads(run([*inspect(spec, f"byte-bpe={floor}"), "--json"]).stdout)
    params = payload["tokenizers"][0]["params"]
    assert params["core_params"] == 0 and params["vocab_share"] == 1.0


def test_params_repeated_for_one_tokenizer_is_refused(small_dir: Path) -> None:
    spec = str(small_dir / "byte-bpe")
    for second in ("byte-bpe=2M", f"{spec}=2M", "byte-bpe=1M"):
        line = one_line_error(run(inspect(spec, "byte-bpe=1M", second)))
        assert "--params given twice for 'byte-bpe'" in line, line
