"""``diff``: the fast whole-text pass against ``segment()``, lines, wrapping, ids, HTML, errors."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shlex
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text
from tokenizers import Tokenizer, models, pre_tokenizers

from tests.cli_helpers import run, run_json, specs
from tests.test_segment import PINNED, any_text
from tokscope.align.segment import Gap, TokenSpan, segment
from tokscope.cli.diff import unescape
from tokscope.corpus.textio import SourceText
from tokscope.diff import DiffResult, compare
from tokscope.loading.sources import LoadedTokenizer
from tokscope.render.diff.terminal import TokenFlow, render_diff
from tokscope.render.diff.tokens import CONTINUED

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "tests" / "data" / "sample.py")
SMALL = ("byte-bpe", "space-runs", "collapsing", "wordpiece")
CROSSING = [":\n    x", "a\r\nb", "\n\n\n  x", "if a:\n\treturn b\n"]
"""Texts whose tokens run over line breaks in some tokenizer."""


def _compare(text: str, tokenizers: list[LoadedTokenizer]) -> DiffResult:
    source = SourceText("t", text, len(text.encode("utf-8", "surrogatepass")))
    return compare(source, tokenizers, lines=(1, None))


def _shown_tokens(result: DiffResult, column: int) -> list[TokenSpan]:
    return [
        f.piece
        for row in result.rows
        for f in row.cells[column]
        if f.first and isinstance(f.piece, TokenSpan)
    ]


def check_against_segment(result: DiffResult, tokenizers: list[LoadedTokenizer]) -> None:
    """Tokens, gaps and counts of ``compare`` are those of ``segment`` (the reference)."""
    text = result.source.text
    for c, tok in enumerate(tokenizers):
        seg = segment(tok, text)
        column = result.columns[c]
        shown = _shown_tokens(result, c)
        assert [(t.byte_start, t.byte_end, t.id) for t in shown] == [
            (t.byte_start, t.byte_end, t.id) for t in seg.tokens
        ]
        for ours, ref in zip(shown, seg.tokens):
            if column.is_unknown(ours):  # segment() misses these: the encoding names them
                assert ours.differs and ours.token == tok.tokenizer.id_to_token(ours.id)
                continue
            assert ours == ref
        gaps = {
            (f.piece.byte_start, f.piece.byte_end)
            for row in result.rows
            for f in row.cells[c]
            if isinstance(f.piece, Gap)
        }
        assert gaps == {(g.byte_start, g.byte_end) for g in seg.dropped}
        s = column.summary
        assert s.tokens == len(seg.tokens) == sum(r.token_count(c) for r in result.rows)
        assert s.rewritten == sum(1 for t in shown if t.differs)
        assert s.rewritten == sum(r.differing_count(c) for r in result.rows)
        assert s.unknown == sum(1 for t in shown if column.is_unknown(t))
        assert (s.dropped_chars, s.dropped_bytes) == (seg.dropped_chars, seg.dropped_bytes)
        assert s.round_trip == seg.round_trip
        assert s.decoded == (None if seg.round_trip else seg.decoded)


@pytest.mark.parametrize("name", SMALL)
@given(text=any_text)
@example(text="")
@example(text=":\n    x")
@example(text="a\r\nb\n\n  c")
@example(text="\u00e9\u0301x\n\ty")
def test_compare_matches_segment_small(
    small: dict[str, LoadedTokenizer], name: str, text: str
) -> None:
    tokenizers = [small[name]]
    check_against_segment(_compare(text, tokenizers), tokenizers)


@pytest.mark.parametrize("text", [*PINNED, *CROSSING, 'x="Ǵ"', "Ǵ\nǴǴ"])
def test_compare_matches_segment_real(real: dict[str, LoadedTokenizer], text: str) -> None:
    tokenizers = list(real.values())
    check_against_segment(_compare(text, tokenizers), tokenizers)


def test_compare_matches_segment_on_the_corpus(small: dict[str, LoadedTokenizer]) -> None:
    tokenizers = list(small.values())
    for path in sorted((ROOT / "corpora").rglob("*.*")):
        if path.suffix != ".md":
            text = path.read_bytes().decode("utf-8")
            check_against_segment(_compare(text, tokenizers), tokenizers)


def test_token_over_a_line_break_is_drawn_once(small: dict[str, LoadedTokenizer]) -> None:
    result = _compare("class A:\n    x = 1\n", [small["byte-bpe"]])
    first, second = result.rows[0].cells[0], result.rows[1].cells[0]
    crossing = first[-1].piece
    assert isinstance(crossing, TokenSpan) and crossing.surface == "\n   "
    assert first[-1].first and (first[-1].char_start, first[-1].char_end) == (
        crossing.char_start,
        crossing.char_end,
    )
    assert second[0].piece is crossing and not second[0].first
    assert result.rows[1].token_count(0) == len(second) - 1
    plain = _render(result, width=100)
    assert f"{CONTINUED}┊" in plain
    assert plain.count("↵···") == 1


def test_lines_only_build_what_is_shown(small: dict[str, LoadedTokenizer]) -> None:
    text = "".join(f"x{i} = {i}\n" for i in range(1000))
    source = SourceText("t", text, len(text))
    part = compare(source, [small["byte-bpe"]], lines=(500, 502))
    whole = compare(source, [small["byte-bpe"]], lines=(1, None))
    assert [r.number for r in part.rows] == [500, 501, 502]
    assert part.columns == whole.columns
    assert part.rows == whole.rows[499:502]


def _render(result: DiffResult, *, width: int, ids: bool = False, layout: str = "auto") -> str:
    buffer = io.StringIO()
    console = Console(width=width, file=buffer, color_system=None, legacy_windows=False)
    console.print(render_diff(result, width=width, marks=True, ids=ids, layout=layout))
    return buffer.getvalue()


widths = st.lists(st.integers(min_value=1, max_value=14), min_size=1, max_size=30)


@given(sizes=widths, width=st.integers(min_value=1, max_value=40), sep=st.sampled_from(["", "┊"]))
@example(sizes=[1, 6, 3, 5], width=6, sep="┊")
def test_wrapping_breaks_only_between_tokens(sizes: list[int], width: int, sep: str) -> None:
    letters = "abcdefghijklmnopqrstuvwxyz"
    chunks = [letters[k % 26] * n for k, n in enumerate(sizes)]
    buffer = io.StringIO()
    console = Console(width=width, file=buffer, color_system=None, legacy_windows=False)
    console.print(TokenFlow([Text(c) for c in chunks], sep))
    lines = [
        line.rstrip().replace(sep, "") if sep else line.rstrip()
        for line in buffer.getvalue().splitlines()
    ]
    assert "".join(lines) == "".join(chunks)
    boundaries = {0}
    for n in sizes:
        boundaries.add(max(boundaries) + n)
    pos = 0
    for line in lines:
        if all(n <= width for n in sizes):
            assert pos in boundaries and pos + len(line) in boundaries, (lines, chunks)
        pos += len(line)


def _stacked_cells(plain: str) -> list[str]:
    """The token cell of each (line, tokenizer) of a stacked plain rendering, wrapped lines
    joined with the boundary mark that wrapping dropped."""
    lines = plain.splitlines()
    start = lines[1].index("tokens")
    cells: list[str] = []
    for line in lines[3 : next(i for i, x in enumerate(lines) if x.startswith("whole text"))]:
        cell = re.sub(r"\s+\d+$", "", line[start:].rstrip())
        if not cell:
            continue
        if line[:start].strip():
            cells.append(cell)
        else:
            cells[-1] += "┊" + cell
    return cells


def test_real_wrapping_keeps_tokens_whole(real: dict[str, LoadedTokenizer]) -> None:
    text = "def neigh(x):\n      return x.igh + x.neighbours_of_the_node_with_the_longest_name\n"
    result = _compare(text, [real["modernbert"], real["xlm-roberta"], real["roberta"]])
    wide = _stacked_cells(_render(result, width=400, layout="stacked"))
    assert any(c.startswith("······┊return") for c in wide)
    for width in (48, 60, 72):
        narrow = _stacked_cells(_render(result, width=width, layout="stacked"))
        assert narrow == wide


def test_ids_follow_each_token(real: dict[str, LoadedTokenizer]) -> None:
    result = _compare("x = 1", [real["roberta"]])
    plain = _render(result, width=100, ids=True)
    ids = [t.id for t in _shown_tokens(result, 0)]
    sub = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
    assert "x" + str(ids[0]).translate(sub) + "┊·=" + str(ids[1]).translate(sub) in plain


def test_unknown_tokens_are_marked_named_and_counted(real: dict[str, LoadedTokenizer]) -> None:
    xlmr = real["xlm-roberta"]
    result = _compare('x="Ǵ"', [xlmr])
    (tok,) = json.loads(_json(['x="Ǵ"'], xlmr))["tokenizers"]
    unknown = [t for t in tok["tokens"] if t["unknown"]]
    assert [(t["surface"], t["token"], t["differs"]) for t in unknown] == [("Ǵ", "<unk>", True)]
    assert tok["totals"]["rewritten_tokens"] == 1 and tok["totals"]["unknown_tokens"] == 1
    plain = _render(result, width=100)
    assert "≠Ǵ" in plain
    assert "1 unknown token, <unk> for 1 character" in plain


def _json(args: list[str], tok: LoadedTokenizer) -> str:
    from tokscope.render.diff.json import diff_json

    return diff_json(_compare(args[0], [tok]))


def test_text_snippet_is_the_same_as_stdin(small_dir: Path) -> None:
    spec = str(small_dir / "byte-bpe")
    snippet = run_json(["diff", "--text", r"if a:\n\treturn b\\n", "-t", spec])
    piped = run_json(["diff", "-", "-t", spec], stdin=b"if a:\n\treturn b\\n")
    assert snippet["file"] == "<text>"
    assert snippet["tokenizers"] == piped["tokenizers"]


def test_unescape() -> None:
    assert unescape(r"a\tb\nc\\n\x41\u00e9\q") == "a\tb\nc\\nAé\\q"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diff"], "give a FILE"),
        (["diff", SAMPLE, "--text", "x"], "give a FILE"),
        (["diff", SAMPLE, "--json", "--html", "x.html"], "give one of them"),
        (["diff", SAMPLE, "--html", "/no/such/folder/x.html"], "does not exist"),
        (["diff", SAMPLE, "--html", SAMPLE], "refusing to write"),
    ],
)
def test_diff_usage_errors(args: list[str], message: str) -> None:
    before = hashlib.sha256(Path(SAMPLE).read_bytes()).hexdigest()
    result = run(args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert hashlib.sha256(Path(SAMPLE).read_bytes()).hexdigest() == before


def test_tokenizer_failing_to_encode_is_one_line(tmp_path: Path) -> None:
    tok = Tokenizer(models.WordLevel({"a": 0}, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    (tmp_path / "words").mkdir()
    tok.save(str(tmp_path / "words" / "tokenizer.json"))
    result = run(["diff", "--text", "a b", "-t", str(tmp_path / "words")])
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "failed while encoding <text>" in line and "Missing [UNK]" in line


def test_html_page_is_written_atomically_and_escaped(small_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "<i>[red]x.py"
    source.write_text('s = "<b>&amp;</b>"\n', encoding="utf-8")
    out = tmp_path / "page.html"
    out.write_text("old", encoding="utf-8")
    args = ["diff", str(source), "--html", str(out), *specs(small_dir, "byte-bpe")]
    args.insert(-1, "-t")
    first = run(args)
    assert first.exit_code == 0, first.output
    page = out.read_text(encoding="utf-8")
    assert "&lt;i&gt;[red]x.py" in page and "<i>" not in page
    assert "<b>" not in page and "</b>" not in page and "&lt;" in page
    assert "http://" not in page and "https://" not in page and "src=" not in page
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([source.name, "page.html"])
    run(args)
    assert out.read_text(encoding="utf-8") == page  # deterministic


def test_html_has_every_line_and_counts(small_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    long = tmp_path / "long.py"
    long.write_text("".join(f"x{i} = {i}\n" for i in range(250)), encoding="utf-8")
    result = run(["diff", str(long), "--html", str(out), "-t", str(small_dir / "byte-bpe")])
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.count('<td class="ln">') == 250
    part = tmp_path / "part.html"
    run(
        [
            "diff",
            str(long),
            "--html",
            str(part),
            "--lines",
            "3:4",
            "-t",
            str(small_dir / "byte-bpe"),
        ]
    )
    assert part.read_text(encoding="utf-8").count('<td class="ln">') == 2


def test_readme_diff_example_is_real_output(real_tokenizers: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(
        r"```bash\n(tokscope diff --text [^\n]*)\n```\n\n```text\n(.*?)```", readme, re.S
    )
    assert found, "the README's diff example is missing"
    result = run(shlex.split(found.group(1))[1:])
    assert result.exit_code == 0
    assert result.stdout == found.group(2)


@pytest.mark.parametrize("output", [[], ["--json"], ["--html", "page.html"]])
def test_file_name_that_is_not_utf8(small_dir: Path, tmp_path: Path, output: list[str]) -> None:
    import os

    name = os.fsdecode(b"bin\xff.py")
    (tmp_path / name).write_text("x = 1\n", encoding="utf-8")
    out = [str(tmp_path / o) if o.endswith(".html") else o for o in output]
    result = run(["diff", str(tmp_path / name), "-t", str(small_dir / "byte-bpe"), *out])
    assert result.exit_code == 0, result.output
    if out == ["--json"]:
        assert json.loads(result.stdout_bytes.decode("utf-8"))["file"].endswith("bin\\xff.py")
        return
    shown = result.stdout_bytes if not out else Path(out[1]).read_bytes()
    assert b"bin\\xff.py" in shown
    shown.decode("utf-8")


@given(data=st.binary(max_size=200))
@example(data=b"\xff\xfe")
@example(data=b"a\x00b")
def test_random_bytes_never_give_a_traceback(
    small: dict[str, LoadedTokenizer], tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    from tokscope.corpus.textio import decode_source
    from tokscope.errors import TokscopeError

    try:
        source = decode_source("f", data)
    except TokscopeError:
        return
    for tok in small.values():
        result = compare(source, [tok])
        check_against_segment(_compare(source.text, [tok]), [tok])
        assert result.columns[0].summary.n_bytes == len(data)
