"""The pytest plugin, run the way a user runs it, in a separate pytest process (``pytester``).

Each run is a subprocess so that the hypothesis profile it loads cannot leak into this session.
Plugin autoloading is switched off and the plugin named with ``-p``, so these tests do not depend
on how tokscope was installed; one test checks the ``pytest11`` entry point itself.
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
PLUGINS = ["-p", "tokscope.testing.pytest_plugin", "-p", "_hypothesis_pytestplugin"]

USER_TESTS = """
from hypothesis import given
from tokscope.testing import properties, strategies


@given(strategies.indented_blocks(max_lines=3))
def test_roundtrip(tokscope_tokenizer, text):
    properties.roundtrip(tokscope_tokenizer, text)


SEEN = {}


def test_loaded_once_a(tokscope_tokenizer):
    SEEN.setdefault(tokscope_tokenizer.name, []).append(id(tokscope_tokenizer))


def test_loaded_once_b(tokscope_tokenizer):
    SEEN.setdefault(tokscope_tokenizer.name, []).append(id(tokscope_tokenizer))
    assert len(set(SEEN[tokscope_tokenizer.name])) == 1
"""


@pytest.fixture()
def user_project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project with the test file a user would write, autoloading off."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.delenv("HYPOTHESIS_PROFILE", raising=False)
    pytester.makepyfile(test_tokenizer=USER_TESTS)
    return pytester


def test_fixture_runs_each_test_per_tokenizer(
    user_project: pytest.Pytester, small_dir: Path
) -> None:
    lossless, collapsing = str(small_dir / "byte-bpe"), str(small_dir / "collapsing")
    result = user_project.runpytest_subprocess(
        *PLUGINS,
        "--tokscope-tokenizer",
        lossless,
        "--tokscope-tokenizer",
        collapsing,
        "--hypothesis-profile=quick",
        "-v",
    )
    result.assert_outcomes(passed=5, failed=1)
    result.stdout.fnmatch_lines(
        [
            f"*test_roundtrip?{lossless}? PASSED*",
            f"*test_roundtrip?{collapsing}? FAILED*",
            "*roundtrip fails for collapsing: decode(encode(text)) is not the text*",
            "*tokens  *",
            f"*tokscope_tokenizer=<tokenizer 'collapsing' from '{collapsing}'>,*",
        ]
    )
    out = result.stdout.str()
    assert re.search(r"Falsifying example|Failing test case", out)  # hypothesis shrank it
    assert "hypothesis profile 'quick'" in out


def test_without_a_tokenizer_the_tests_are_skipped(user_project: pytest.Pytester) -> None:
    result = user_project.runpytest_subprocess(*PLUGINS, "-rs")
    result.assert_outcomes(skipped=3)
    result.stdout.fnmatch_lines(["*no tokenizer given: pass --tokscope-tokenizer SPEC*"])


def test_ini_option_and_thorough_profile(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, small_dir: Path
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makeini(f"[pytest]\ntokscope_tokenizers =\n    {small_dir / 'space-runs'}\n")
    pytester.makepyfile(
        test_profile="""
        from hypothesis import settings

        def test_profile(tokscope_tokenizer):
            assert tokscope_tokenizer.name == "space-runs"
            assert settings.default.max_examples == 500
            assert settings.default.deadline is None
        """
    )
    result = pytester.runpytest_subprocess(*PLUGINS, "--hypothesis-profile=thorough")
    result.assert_outcomes(passed=1)


def test_a_bad_spec_is_one_clear_error(user_project: pytest.Pytester, tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere" / "tokenizer.json")
    result = user_project.runpytest_subprocess(
        *PLUGINS, "--tokscope-tokenizer", missing, "-k", "loaded_once_a"
    )
    result.assert_outcomes(errors=1, deselected=2)
    result.stdout.fnmatch_lines(
        [f"*--tokscope-tokenizer {missing}: tokenizer path*does not exist*"]
    )
    assert "Traceback" not in result.stdout.str()


def test_plugin_is_light_and_registers_nothing_on_import() -> None:
    import subprocess

    code = (
        "import sys\n"
        "import tokscope.testing.pytest_plugin\n"
        "mods = ('tokenizers', 'tokscope.loading.sources', 'rich')\n"
        "print(sorted(m for m in mods if m in sys.modules))\n"
        "from hypothesis import settings\n"
        "from hypothesis.errors import InvalidArgument\n"
        "for name in ('quick', 'thorough', 'tokscope-quick', 'tokscope-thorough'):\n"
        "    try:\n"
        "        settings.get_profile(name)\n"
        "        print(name)\n"
        "    except InvalidArgument:\n"
        "        pass\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


PROFILE_TEST = """
from hypothesis import settings

def test_profile():
    assert settings.get_current_profile_name() == "{name}"
    assert settings.default.max_examples == {examples}
"""


def test_namespaced_profiles_need_no_tokenizer(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(test_profile=PROFILE_TEST.format(name="tokscope-thorough", examples=500))
    result = pytester.runpytest_subprocess(*PLUGINS, "--hypothesis-profile=tokscope-thorough")
    result.assert_outcomes(passed=1)
    # Without a tokenizer the short names stay free for the user's project.
    result = pytester.runpytest_subprocess(*PLUGINS, "--hypothesis-profile=quick")
    assert "'quick' is not registered" in result.stderr.str() + result.stdout.str()


def test_a_users_own_profile_is_never_replaced(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, small_dir: Path
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makeconftest(
        "from hypothesis import settings\nsettings.register_profile('quick', max_examples=7)\n"
    )
    pytester.makepyfile(test_profile=PROFILE_TEST.format(name="quick", examples=7))
    spec = str(small_dir / "byte-bpe")
    result = pytester.runpytest_subprocess(
        *PLUGINS, "--tokscope-tokenizer", spec, "--hypothesis-profile=quick"
    )
    result.assert_outcomes(passed=1)


def test_entry_point_is_declared_and_installed() -> None:
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = config["project"]["entry-points"]["pytest11"]
    assert declared == {"tokscope": "tokscope.testing.pytest_plugin"}
    installed = {e.name: e.value for e in entry_points(group="pytest11")}
    assert installed.get("tokscope") == "tokscope.testing.pytest_plugin", (
        "reinstall tokscope (pip install -e .) to register the pytest plugin"
    )


def test_run_length_stable_from_the_plugin(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, small_dir: Path
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(
        test_runs="""
        from hypothesis import given
        from tokscope.testing import properties, strategies

        @given(strategies.code_lines())
        def test_run_length_stable(tokscope_tokenizer, text):
            properties.run_length_stable(tokscope_tokenizer, text)
        """
    )
    lossless, space_runs = str(small_dir / "byte-bpe"), str(small_dir / "space-runs")
    result = pytester.runpytest_subprocess(
        *PLUGINS,
        "--tokscope-tokenizer",
        lossless,
        "--tokscope-tokenizer",
        space_runs,
        "--hypothesis-profile=tokscope-quick",
    )
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*run-length-stable fails for space-runs: * after 1 space but * after 2 spaces*"]
    )
