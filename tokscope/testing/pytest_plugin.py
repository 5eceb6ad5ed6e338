"""pytest plugin: test your tokenizer's design with hypothesis.

Installed with tokscope (entry point ``pytest11``, name ``tokscope``; disable it with
``-p no:tokscope``). It adds:

* ``--tokscope-tokenizer SPEC`` (repeatable; or the ``tokscope_tokenizers`` ini option, one spec a
  line): the tokenizers to test, as aliases, hub ids or paths;
* the ``tokscope_tokenizer`` fixture, parametrised over those specs, each loaded once per session;
  tests that use it are skipped when no tokenizer was given;
* the hypothesis settings profiles ``tokscope-quick`` (40 examples) and ``tokscope-thorough``
  (500), no deadline; choose one with ``pytest --hypothesis-profile=tokscope-thorough``. When a
  tokenizer is given, they are also registered as ``quick`` and ``thorough``, unless profiles of
  those names exist already (yours are never replaced). Nothing is registered on import: only
  when pytest configures the plugin.

.. code-block:: python

    from hypothesis import given
    from tokscope.testing import properties, strategies

    @given(strategies.indented_blocks())
    def test_roundtrip(tokscope_tokenizer, text):
        properties.roundtrip(tokscope_tokenizer, text)

This module is imported by every pytest run in an environment with tokscope installed, so it
imports nothing heavy: tokenizers are loaded by the fixture, on first use.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import pytest

from tokscope.testing.profiles import register_hypothesis_profiles

if TYPE_CHECKING:
    from tokscope.loading.sources import LoadedTokenizer

OPTION = "--tokscope-tokenizer"
"""The command-line option naming a tokenizer to test."""
INI = "tokscope_tokenizers"
"""The ini option listing tokenizers to test, one spec a line."""
FIXTURE = "tokscope_tokenizer"
"""The fixture's name."""

_LOADED = pytest.StashKey[dict[str, "LoadedTokenizer"]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--tokscope-tokenizer SPEC`` and the ``tokscope_tokenizers`` ini option."""
    group = parser.getgroup("tokscope", "tokscope: tokenizer property tests")
    group.addoption(
        OPTION,
        action="append",
        dest="tokscope_tokenizers",
        default=[],
        metavar="SPEC",
        help="Tokenizer for the tokscope_tokenizer fixture: alias (modernbert, olmo, "
        "xlm-roberta, roberta), hub id or path. Repeatable; tests run once per tokenizer.",
    )
    parser.addini(
        INI,
        type="linelist",
        default=[],
        help="Tokenizers for the tokscope_tokenizer fixture, one spec a line "
        f"(used when {OPTION} is not given).",
    )


@pytest.hookimpl(tryfirst=True)  # before hypothesis's plugin loads --hypothesis-profile
def pytest_configure(config: pytest.Config) -> None:
    """Register the ``tokscope-quick`` and ``tokscope-thorough`` profiles, and, when a tokenizer
    is given, ``quick`` and ``thorough`` where those names are still free."""
    with contextlib.suppress(ImportError):  # without hypothesis there is nothing to register
        register_hypothesis_profiles(short_names=bool(tokenizer_specs(config)))


def tokenizer_specs(config: pytest.Config) -> list[str]:
    """The specs given with ``--tokscope-tokenizer``, else those of the ini option, in order."""
    given: list[str] = config.getoption("tokscope_tokenizers") or config.getini(INI)
    return list(dict.fromkeys(spec.strip() for spec in given if spec.strip()))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise every test that uses ``tokscope_tokenizer`` over the specs given."""
    if FIXTURE not in metafunc.fixturenames:
        return
    for marker in metafunc.definition.iter_markers("parametrize"):
        names = marker.args[0] if marker.args else ""
        listed = names.split(",") if isinstance(names, str) else list(names)
        if FIXTURE in (n.strip() for n in listed):
            return  # the test parametrises the fixture itself
    specs = tokenizer_specs(metafunc.config)
    if not specs:
        skip = pytest.mark.skip(reason=f"no tokenizer given: pass {OPTION} SPEC")
        params = [pytest.param(None, marks=skip, id="no-tokenizer")]
        metafunc.parametrize(FIXTURE, params, indirect=True, scope="session")
        return
    metafunc.parametrize(FIXTURE, specs, indirect=True, ids=specs, scope="session")


@pytest.fixture(scope="session")
def tokscope_tokenizer(request: pytest.FixtureRequest) -> LoadedTokenizer:
    """The tokenizer named by ``--tokscope-tokenizer``, loaded once per session."""
    spec = getattr(request, "param", None)
    if not isinstance(spec, str):
        pytest.skip(f"no tokenizer given: pass {OPTION} SPEC")
    loaded = request.config.stash.setdefault(_LOADED, {})
    if spec not in loaded:
        from tokscope.errors import TokscopeError
        from tokscope.loading.sources import load
        from tokscope.testing.properties import for_reports

        try:
            loaded[spec] = for_reports(load(spec))
        except TokscopeError as exc:
            pytest.fail(f"{OPTION} {spec}: {exc}", pytrace=False)
    return loaded[spec]
