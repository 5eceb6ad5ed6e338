"""Re-indentation: same meaning in every style, strings and continuation lines untouched,
refusals with a reason when it cannot be done safely."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.cli_helpers import run, run_json
from tokscope.whitespace.lexed_layout import lexeme_check
from tokscope.whitespace.python_layout import python_check
from tokscope.whitespace.reindent import (
    STYLES,
    Refused,
    Style,
    apply,
    layout_of,
    reindent,
)

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", ["geometry.py", "inventory.py"])
def test_corpus_python_keeps_its_ast_in_every_style(name: str) -> None:
    text = _read(CORPORA / "python" / name)
    layout, texts = reindent(text, "Python")
    assert layout.method == "python-tokenize"
    assert layout.original == "4 spaces"
    expected = ast.dump(ast.parse(text))
    for style in STYLES:
        new = texts[style.name]
        assert ast.dump(ast.parse(new)) == expected, style.name
        compile(new, name, "exec")
    assert texts["4 spaces"] == text  # the file's own style gives it back byte for byte
    assert texts["tabs"] != text and "\n\tdef " in texts["tabs"]


@pytest.mark.parametrize(
    ("path", "language", "original"),
    [
        ("c/ring_buffer.c", "C", "tabs"),
        ("go/wordcount.go", "Go", "tabs"),
        ("java/LruCache.java", "Java", "4 spaces"),
        ("javascript/router.js", "JavaScript", "2 spaces"),
        ("php/cart.php", "PHP", "4 spaces"),
        ("ruby/state_machine.rb", "Ruby", "2 spaces"),
    ],
)
def test_corpus_other_languages_round_trip(path: str, language: str, original: str) -> None:
    text = _read(CORPORA / path)
    layout, texts = reindent(text, language)
    assert (layout.method, layout.original) == ("leading-whitespace", original)
    own = {"tabs": "tabs", "4 spaces": "4 spaces", "2 spaces": "2 spaces"}[original]
    assert texts[own] == text
    # Without alignment spaces left over, going to another style and back gives the original.
    if any(plan and plan[1] for plan in layout.levels):
        return
    for style in STYLES:
        _again, back = reindent(texts[style.name], language)
        assert back[own] == text, style.name


SOURCE = '''\
def f(a,
      b):
    """Docstring.

        indented inside the string
    """
    x = [1,
         2]
    y = 1 + \\
          2
    s = """
    keep
        me
"""
    # a comment in the block
    if x:
        return s  # trailing
# a comment at column 0
        # a deeper comment
    return y
'''

EXPECTED_TWO = '''\
def f(a,
      b):
  """Docstring.

        indented inside the string
    """
  x = [1,
         2]
  y = 1 + \\
          2
  s = """
    keep
        me
"""
  # a comment in the block
  if x:
    return s  # trailing
# a comment at column 0
    # a deeper comment
  return y
'''


def test_python_strings_and_continuation_lines_are_untouched() -> None:
    layout, texts = reindent(SOURCE, "Python")
    assert texts["2 spaces"] == EXPECTED_TWO
    assert texts["tabs"].splitlines()[16] == "\t\treturn s  # trailing"
    # Continuation lines, string contents and blank lines are left alone.
    untouched = [n for n, plan in enumerate(layout.levels, start=1) if plan is None]
    assert untouched == [2, 4, 5, 6, 8, 10, 12, 13, 14]


def test_python_tabs_become_spaces() -> None:
    text = "if x:\n\tif y:\n\t\tz = 1\n\telse:\n\t\tz = 2\n"
    layout, texts = reindent(text, "Python")
    assert layout.original == "tabs"
    assert texts["4 spaces"] == ("if x:\n    if y:\n        z = 1\n    else:\n        z = 2\n")


def test_crlf_endings_are_kept() -> None:
    text = "if x:\r\n    y = 1\r\n"
    _, texts = reindent(text, "Python")
    assert texts["tabs"] == "if x:\r\n\ty = 1\r\n"


def _block(depth: int) -> st.SearchStrategy[list[tuple[int, str]]]:
    """Lines of a random Python block as ``(depth, text)``; a block header opens a deeper one."""
    simple = st.sampled_from(
        [
            "x = 1",
            "y = 'a  b'",
            "z = f(1,\n{cont}  2)",
            "s = '''\n  kept   \n'''",
            "# note",
            "pass",
        ]
    )
    if depth >= 4:
        return st.lists(simple.map(lambda s: [(depth, s)]), min_size=1, max_size=3).map(
            lambda blocks: [line for b in blocks for line in b]
        )
    header = st.sampled_from(["if x:", "for i in y:", "while z:", "def g():", "class C:"])
    nested = st.tuples(header, st.deferred(lambda: _block(depth + 1))).map(
        lambda hb: [(depth, hb[0]), *hb[1]]
    )
    item = st.one_of(simple.map(lambda s: [(depth, s)]), nested)
    return st.lists(item, min_size=1, max_size=3).map(
        lambda blocks: [line for b in blocks for line in b]
    )


def _render(lines: list[tuple[int, str]], unit: str, cont: str | None = None) -> str:
    """The program with ``unit`` per level; continuation lines indented with ``cont``."""
    out = []
    for depth, text in lines:
        first, *rest = text.split("\n")
        out.append(unit * depth + first)
        out += [r.replace("{cont}", (cont or unit) * depth) for r in rest]
    return "\n".join(out) + "\n"


@given(_block(0), st.sampled_from(["  ", "    ", "\t", "   "]))
@example([(0, "if x:"), (1, "# note"), (1, "pass")], "\t")
def test_python_reindent_round_trips(lines: list[tuple[int, str]], unit: str) -> None:
    text = _render(lines, unit)
    try:
        ast.parse(text)
    except SyntaxError:
        return  # a header as the last line of a block: not a program
    layout, texts = reindent(text, "Python")
    expected = ast.dump(ast.parse(text))
    for style in STYLES:
        assert ast.dump(ast.parse(texts[style.name])) == expected
        # Statements move to the new style; continuation lines stay as they were.
        assert texts[style.name] == _render(lines, style.unit, unit)
    assert apply(layout, unit) == text


def test_template_literal_lines_are_left_alone() -> None:
    text = "function f() {\n  const s = `a\n    b`;\n  return s;\n}\n"
    _, texts = reindent(text, "JavaScript")
    assert texts["4 spaces"] == "function f() {\n    const s = `a\n    b`;\n    return s;\n}\n"


def test_block_comment_keeps_its_alignment_space() -> None:
    text = "int f(void)\n{\n\t/*\n\t * note\n\t */\n\treturn 0;\n}\n"
    _, texts = reindent(text, "C")
    assert texts["2 spaces"] == "int f(void)\n{\n  /*\n   * note\n   */\n  return 0;\n}\n"


@pytest.mark.parametrize(
    ("text", "language", "code", "detail"),
    [
        ("def f(:\n  pass\n", "Python", "syntax-error", "line 1"),
        ("print 'x'\n", "Python", "syntax-error", ""),
        ("a:\n  b: 1\n", "YAML", "unsupported-language", "YAML"),
        ("all:\n\tcc x.c\n", "Makefile", "unsupported-language", "Makefile"),
        ("x = 1\n", "unknown", "unsupported-language", "unknown"),
        ("if (x) {\n\ty();\n    z();\n}\n", "JavaScript", "mixed-indentation", "line 2"),
        ("int f() {\n  \tx();\n}\n", "C", "ambiguous-indentation", "line 2"),
        ("if x:\r    y = 1\r", "Python", "cr-line-endings", "line 1"),
    ],
)
def test_refusals_give_a_reason(text: str, language: str, code: str, detail: str) -> None:
    with pytest.raises(Refused) as info:
        reindent(text, language)
    assert info.value.code == code
    assert detail in str(info.value)


def test_lexeme_check_catches_a_changed_string() -> None:
    check = lexeme_check('x = "a  b";\n', "JavaScript")
    assert check('x   =   "a  b";\n') is None
    assert check('x = "a b";\n') is not None


def test_layout_levels_for_spaces() -> None:
    text = "a {\n    b {\n        c;\n          d;\n    }\n}\n"
    layout = layout_of(text, "C")
    assert layout.original == "4 spaces"
    assert layout.levels[1:4] == ((1, ""), (2, ""), (2, "  "))
    assert apply(layout, Style("tabs", "\t").unit).splitlines()[3] == "\t\t  d;"


LONG_SUM = "def f():\n    return " + "+".join(["1"] * 1000) + "\n"


def test_a_tree_too_deep_to_dump_is_checked_by_its_tokens() -> None:
    check = python_check(LONG_SUM)
    assert check(LONG_SUM.replace("    ", "\t")) is None
    assert check(LONG_SUM.replace("1+1", "1-1", 1)) == "the tokens differ"


def test_a_tree_too_deep_to_parse_is_refused() -> None:
    with pytest.raises(Refused) as info:
        reindent("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n", "Python")
    assert info.value.code in ("too-deep", "syntax-error")


def test_a_byte_order_mark_is_kept_in_front() -> None:
    _, texts = reindent("\ufeffif x:\n    y = 1\n", "Python")
    assert texts["tabs"] == "\ufeffif x:\n\ty = 1\n"
    assert reindent("\ufeff", "Python")[1]["tabs"] == "\ufeff"


def test_cli_reindents_a_long_expression_and_a_bom_file(small_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "long.py").write_text(LONG_SUM)
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbfimport os\nif os:\n    x = 1\n")
    args = [str(tmp_path), "-t", str(small_dir / "byte-bpe")]
    out = run_json(["whitespace", "--reindent", *args])
    files = {Path(f["name"]).name: f for f in out["files"]}
    assert set(files) == {"long.py", "bom.py"}
    assert all(f["original"] == "4 spaces" for f in files.values()), files
    report = tmp_path / "out.html"
    result = run(["report", *args, "-o", str(report), "--jobs", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert report.read_text().startswith("<!")


def test_cli_refuses_a_file_a_tokenizer_cannot_encode(small_dir: Path, tmp_path: Path) -> None:
    from tests.test_loading_faults import no_unk_word_level

    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "a.py").write_text("if x:\n    y = 1\n")
    words = no_unk_word_level(tmp_path / "words")
    args = [str(tmp_path / "code"), "-t", str(small_dir / "byte-bpe"), "-t", str(words)]
    out = run_json(["whitespace", "--reindent", *args])
    (only,) = out["files"]
    assert only["refused"] == "tokenizer-error", only
