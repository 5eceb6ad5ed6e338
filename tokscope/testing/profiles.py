"""The ``quick`` and ``thorough`` settings profiles, shared by ``tokscope check`` and the plugin.

This module imports nothing heavy: the pytest plugin reads it at start-up.
"""

from __future__ import annotations

PROFILES: dict[str, int] = {"quick": 40, "thorough": 500}
"""Examples hypothesis tries per property (and per test, under the pytest plugin)."""

DEFAULT_PROFILE = "quick"
"""The profile ``tokscope check`` uses unless told otherwise."""

PREFIX = "tokscope-"
"""What the plugin's hypothesis profiles are registered under: ``tokscope-quick``..."""


def register_hypothesis_profiles(*, short_names: bool = False) -> tuple[str, ...]:
    """Register the :data:`PROFILES` with hypothesis as ``tokscope-quick`` and
    ``tokscope-thorough`` (and, with ``short_names``, also as ``quick`` and ``thorough``): no
    deadline (tokenizers load lazily and vary in speed), no ``too_slow`` health check, no
    *explain* phase (its "lines run only by failing examples" point into tokscope, not into the
    tokenizer), and the profile's example count.

    A name that is already registered is left alone, so a profile of the user's own is never
    replaced. Returns the names registered now. Loading one is up to the user:
    ``pytest --hypothesis-profile=tokscope-thorough``.
    """
    from hypothesis import HealthCheck, Phase, settings
    from hypothesis.errors import InvalidArgument

    phases = [phase for phase in Phase if phase is not Phase.explain]
    registered = []
    for name, examples in PROFILES.items():
        for alias in (PREFIX + name, name) if short_names else (PREFIX + name,):
            try:
                settings.get_profile(alias)
                continue  # someone's already: keep it
            except InvalidArgument:
                pass
            settings.register_profile(
                alias,
                max_examples=examples,
                deadline=None,
                phases=phases,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            )
            registered.append(alias)
    return tuple(registered)
