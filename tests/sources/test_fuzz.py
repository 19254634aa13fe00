"""A short, fixed pass of the fuzzer (``tests/fuzzing.py``) over every reader: each mutated
input is read or refused with a clear error, never an unexpected exception or a hang. The
long pass is ``bench/fuzz.py``."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzzing import TARGETS, Target, check, mutate, seeds

#: Inputs per reader in the test suite: a few seconds in all; the bench runs a million.
EXAMPLES = 60


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_mutated_inputs_are_read_or_refused_clearly(target: Target) -> None:
    found = seeds(target)

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(seed=st.integers(0, 2**32 - 1))
    def run(seed: int) -> None:
        rng = random.Random(seed)
        data = mutate(rng, rng.choice(found), found)
        finding = check(target, data)
        assert finding is None, f"{finding.summary}\n{finding.detail}\ninput: {data[:300]!r}"

    run()


FOUND = sorted((Path(__file__).parents[1] / "fixtures" / "fuzz" / "found").glob("*.bin"))


@pytest.mark.parametrize("path", FOUND, ids=[p.stem for p in FOUND])
def test_inputs_the_long_pass_found_are_read_or_refused_clearly(path: Path) -> None:
    """Each file once raised an unexpected exception in ``bench/fuzz.py``; its name says which reader."""
    target = next(t for t in TARGETS if path.name.startswith(t.name.replace(" ", "-") + "-"))
    finding = check(target, path.read_bytes())
    assert finding is None, f"{finding.summary}\n{finding.detail}"
