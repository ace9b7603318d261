"""Suite-wide settings: a deterministic hypothesis profile for CI.

Locally, property tests draw fresh examples on every run, to find what nobody thought of. CI
(`.ci/run` sets ``ORGROLES_HYPOTHESIS_PROFILE=ci``) derandomizes them, so a landing never
depends on luck; a failure found locally is fixed and kept as an explicit example.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("ORGROLES_HYPOTHESIS_PROFILE", "default"))
