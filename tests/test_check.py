"""``tokscope check``: exit status, expectations, seeds that replay, JSON, and the real facts."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from tests.cli_helpers import run, run_json
from tests.test_cli import check_snapshot
from tokscope.cli.check import _PROPERTY_IDS
from tokscope.loading import sources
from tokscope.loading.sources import DEFAULT_SPECS, FileRef, LoadedTokenizer, Provenance
from tokscope.render.check.json import check_json
from tokscope.render.check.terminal import render_check
from tokscope.testing import strategies
from tokscope.testing.profiles import PROFILES
from tokscope.testing.properties import PROPERTY_IDS, Split
from tokscope.testing.runner import (
    CheckReport,
    Counterexample,
    Expectation,
    PropertyResult,
    Status,
    TokenizerReport,
    parse_expectations,
)

XLMR_TRADE_OFFS = "xlm-roberta:roundtrip,no-drop,runs-distinct,no-unk,fixed-point"
"""What XLM-R fails by design: it collapses whitespace and has an unknown token."""


def _args(*specs: str, props: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> list[str]:
    args = ["check", *specs]
    for prop in props:
        args += ["-p", prop]
    return [*args, *extra]


# -- small tokenizers: wiring, exit status, expectations, seeds ---------------------------------


def test_unexpected_failure_exits_1_and_shows_the_counterexample(small_dir: Path) -> None:
    bpe = str(small_dir / "byte-bpe")
    result = run(_args(bpe, props=("roundtrip", "indent-stable"), extra=("--seed", "3")))
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith("seed 3  profile quick, 40 examples per property  (replay with --seed 3)")
    assert re.search(r"roundtrip\s+passed\s+decode\(encode\(text\)\) == text", out)
    assert re.search(r"indent-stable\s+FAILED\s+indenting line 1 by '····' changes the", out)
    assert "indented  ····" in out and "┊" in out  # visible whitespace, token boundaries
    assert "unexpected failures: byte-bpe: indent-stable" in out


def test_expected_failure_exits_0(small_dir: Path) -> None:
    bpe = str(small_dir / "byte-bpe")
    expect = ("--expect", "byte-bpe:indent-stable", "--expect", "roundtrip", "--seed", "3")
    result = run(_args(bpe, props=("roundtrip", "indent-stable"), extra=expect))
    assert result.exit_code == 0, result.output
    assert re.search(r"indent-stable\s+expected failure\s+indenting line 1", result.stdout)
    assert re.search(r"roundtrip\s+passed, expected to fail", result.stdout)
    assert (
        "no unexpected failures (1 expected failure); "
        "1 expectation is stale: drop byte-bpe:roundtrip from --expect"
    ) in " ".join(result.stdout.split())  # the summary line, however the terminal wraps it


def test_json_replays_with_the_printed_seed(small_dir: Path) -> None:
    args = _args(str(small_dir / "collapsing"), props=("roundtrip", "runs-distinct", "no-unk"))
    fresh = run([*args, "--json"])
    assert fresh.exit_code == 1
    first = json.loads(fresh.stdout)
    assert first["command"] == "check" and isinstance(first["seed"], int)
    replay = run([*args, "--seed", str(first["seed"]), "--json"])
    assert replay.exit_code == 1
    assert json.loads(replay.stdout) == first
    assert replay.stdout == run([*args, "--seed", str(first["seed"]), "--json"]).stdout
    (tok,) = first["tokenizers"]
    assert tok["counts"] == {"passed": 0, "failed": 3, "xfail": 0, "xpass": 0}
    roundtrip = tok["results"][0]
    assert roundtrip["status"] == "failed"
    assert roundtrip["counterexample"]["text"].isspace()
    assert roundtrip["counterexample"]["splits"][1]["label"] == "decoded"


def test_max_examples_and_profile_are_reported(small_dir: Path) -> None:
    args = _args(str(small_dir / "space-runs"), props=("offsets",))
    payload = run_json([*args, "--max-examples", "5", "--seed", "1", "--profile", "thorough"])
    assert (payload["profile"], payload["max_examples"], payload["ok"]) == ("thorough", 5, True)
    assert payload["tokenizers"][0]["results"][0]["counterexample"] is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--expect", "nope"), "'nope' is not a property"),
        (("--expect", ":roundtrip"), "name the tokenizer before ':'"),
        (("--expect", "roberta:roundtrip"), "'roberta' is not one of the tokenizers checked"),
    ],
)
def test_usage_errors_are_one_line(small_dir: Path, extra: tuple[str, ...], message: str) -> None:
    result = run(_args(str(small_dir / "byte-bpe"), props=("offsets",), extra=extra))
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_property_is_a_usage_error(small_dir: Path) -> None:
    result = run(_args(str(small_dir / "byte-bpe"), props=("roundtrips",)))
    assert result.exit_code == 2
    assert "'roundtrips' is not one of 'roundtrip', 'offsets'" in result.stderr


def test_bad_spec_is_one_line(tmp_path: Path) -> None:
    result = run(["check", str(tmp_path / "missing.json")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.output


def test_without_hypothesis_check_says_what_to_install(
    small_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis", None)  # `import hypothesis` now fails
    result = run(_args(str(small_dir / "byte-bpe"), props=("offsets",)))
    assert result.exit_code == 2
    assert "tokscope check needs hypothesis: pip install 'tokscope[test]'" in result.stderr


def test_expectations_parse() -> None:
    assert parse_expectations("roundtrip") == (Expectation("roundtrip"),)
    assert [str(e) for e in parse_expectations(" xlmr : no-unk , fixed-point ")] == [
        "xlmr:no-unk",
        "xlmr:fixed-point",
    ]
    assert parse_expectations(r"C:\toks\bpe:offsets") == (Expectation("offsets", r"C:\toks\bpe"),)


def test_command_lists_every_property_and_profile() -> None:
    assert _PROPERTY_IDS == PROPERTY_IDS
    help_text = " ".join(run(["check", "--help"]).stdout.split())
    assert f"quick ({PROFILES['quick']} examples per property)" in help_text
    assert f"thorough ({PROFILES['thorough']})" in help_text


def test_docs_define_every_property_and_strategy() -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "testing.md").read_text("utf-8")
    for prop in PROPERTY_IDS:
        assert f"\n### `{prop}`\n" in docs, prop
    for name in strategies.__all__:
        if name.islower():
            assert f"| `{name}(" in docs, name


def test_help_imports_neither_hypothesis_nor_the_testing_package() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from tokscope.cli import cli\n"
        "assert CliRunner().invoke(cli, ['check', '--help']).exit_code == 0\n"
        "print(sorted(m for m in ('hypothesis', 'tokscope.testing', 'tokenizers') "
        "if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- renderers, from a hand-built report --------------------------------------------------------


def _report() -> CheckReport:
    provenance = Provenance(
        "demo", "path", "tokenizer.json", (FileRef("demo/tokenizer.json", "ab" * 32),)
    )
    lossy = Counterexample(
        text="a\n\tb",
        reason="decode(encode(text)) is not the text (first difference at character 1)",
        splits=(
            Split("text", "a\n\tb", (" a", " b"), (10, 876), ("\n",)),
            Split("decoded", "a b", (" a", " b"), (10, 876), ()),
        ),
    )
    unk = Counterexample("\x00", "1 unknown token (<unk>) for ⟨U+0000⟩", (), pinned=True)
    results = (
        PropertyResult("roundtrip", "decode(encode(text)) == text", Status.XFAIL, lossy, 0.1),
        PropertyResult("offsets", "offsets tile the text", Status.PASSED, None, 0.2),
        PropertyResult("no-unk", "no unknown token", Status.FAILED, unk, 0.3),
        PropertyResult("batch", "batch equals single", Status.XPASS, None, 0.4),
    )
    return CheckReport(
        seed=42,
        profile="quick",
        max_examples=40,
        expectations=("roundtrip", "demo:batch"),
        tokenizers=(TokenizerReport("demo", provenance, results),),
    )


def test_rich_view_snapshot() -> None:
    buffer = io.StringIO()
    Console(width=100, file=buffer, color_system=None, legacy_windows=False).print(
        render_check(_report())
    )
    check_snapshot("check_w100.txt", buffer.getvalue())


def test_json_document() -> None:
    payload = json.loads(check_json(_report()))
    assert payload["command"] == "check"
    keys = ("seed", "profile", "max_examples", "expectations", "ok", "stale_expectations")
    assert {k: payload[k] for k in keys} == {
        "seed": 42,
        "profile": "quick",
        "max_examples": 40,
        "expectations": ["roundtrip", "demo:batch"],
        "ok": False,
        "stale_expectations": ["demo:batch"],
    }
    (tok,) = payload["tokenizers"]
    assert tok["counts"] == {"passed": 1, "failed": 1, "xfail": 1, "xpass": 1}
    assert tok["results"][0] == {
        "property": "roundtrip",
        "summary": "decode(encode(text)) == text",
        "status": "xfail",
        "counterexample": {
            "text": "a\n\tb",
            "visible": "a↵→b",
            "reason": "decode(encode(text)) is not the text (first difference at character 1)",
            "pinned": False,
            "splits": [
                {
                    "label": "text",
                    "text": "a\n\tb",
                    "tokens": [" a", " b"],
                    "ids": [10, 876],
                    "dropped": ["\n"],
                },
                {
                    "label": "decoded",
                    "text": "a b",
                    "tokens": [" a", " b"],
                    "ids": [10, 876],
                    "dropped": [],
                },
            ],
        },
    }
    assert "seconds" not in json.dumps(payload)


# -- the real files -----------------------------------------------------------------------------


def test_xlmr_roundtrip_expected(real_tokenizers: Path) -> None:
    args = _args("xlm-roberta", props=("roundtrip",), extra=("--seed", "0"))
    result = run([*args, "--expect", "roundtrip"])
    assert result.exit_code == 0, result.output
    assert re.search(
        r"roundtrip\s+expected failure\s+decode\(encode\(text\)\) is not the", result.stdout
    )
    assert "text     ·   ' '" in result.stdout  # the shrunk counterexample: one space
    assert "decoded  (empty)   ''" in result.stdout
    assert "no unexpected failures (1 expected failure)" in result.stdout


def test_default_tokenizers_with_declared_trade_offs(
    real: dict[str, LoadedTokenizer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole check on modernbert, xlm-roberta and roberta, as the docs show it."""
    # The session has loaded them already; loading XLM-R again would only cost time.
    monkeypatch.setattr(sources, "load_many", lambda specs: [real[n] for n in DEFAULT_SPECS])
    # 15 examples keep it quick; the pinned inputs make the outcome the same for any seed.
    expect = ["--expect", XLMR_TRADE_OFFS, "--expect", "roberta:indent-stable"]
    expect += ["--expect", "modernbert:run-length-stable"]
    args = ["check", "--seed", "0", "--max-examples", "15", *expect]
    payload = run_json(args)
    assert payload["ok"] is True
    statuses = {
        t["name"]: {r["property"]: r["status"] for r in t["results"]} for t in payload["tokenizers"]
    }
    assert list(statuses) == ["modernbert", "xlm-roberta", "roberta"]
    assert {p: s for p, s in statuses["modernbert"].items() if s != "passed"} == {
        "run-length-stable": "xfail"
    }
    assert {p for p, s in statuses["xlm-roberta"].items() if s != "passed"} == {
        "roundtrip",
        "no-drop",
        "runs-distinct",
        "no-unk",
        "fixed-point",
    }
    assert set(statuses["xlm-roberta"].values()) == {"passed", "xfail"}
    assert {p: s for p, s in statuses["roberta"].items() if s != "passed"} == {
        "indent-stable": "xfail"
    }
    xlmr = {r["property"]: r for r in payload["tokenizers"][1]["results"]}
    assert xlmr["roundtrip"]["counterexample"]["text"] == " "
    assert xlmr["no-drop"]["counterexample"]["text"] == "  "
    assert xlmr["runs-distinct"]["counterexample"]["text"] == " "
