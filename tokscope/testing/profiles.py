"""The ``quick`` and ``thorough`` settings profiles, shared by ``tokscope check`` and the plugin.

This module imports nothing heavy: the pytest plugin reads it at start-up.
"""

from __future__ import annotations

PROFILES: dict[str, int] = {"quick": 40, "thorough": 500}
"""Examples hypothesis tries per property (and per test, under the pytest plugin)."""

DEFAULT_PROFILE = "quick"
"""The profile ``tokscope check`` uses unless told otherwise."""


def register_hypothesis_profiles() -> None:
    """Register ``quick`` and ``thorough`` with hypothesis: no deadline (tokenizers load lazily
    and vary in speed), no ``too_slow`` health check, no *explain* phase (its "lines run only by
    failing examples" point into tokscope, not into the tokenizer), and the profile's example
    count.

    Loading them is up to the user: ``pytest --hypothesis-profile=thorough``.
    """
    from hypothesis import HealthCheck, Phase, settings

    phases = [phase for phase in Phase if phase is not Phase.explain]
    for name, examples in PROFILES.items():
        settings.register_profile(
            name,
            max_examples=examples,
            deadline=None,
            phases=phases,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
