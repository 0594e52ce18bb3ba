"""API fuzzing: schemathesis generates requests for every operation of /api/v1/openapi.json and
sends them in-process as each of the six roles; no answer may be a 500, an undocumented status or
content type, a body that contradicts its schema, or a success without the authentication the
operation demands. ``CONSORTIA_FUZZ_EXAMPLES`` (default 25) sets the examples per operation;
``benchmarks/fuzz.py`` runs more. Deselected from the regular suite (``-m "not fuzz"``); CI runs it
as a step of its own (.ci/run).
"""

import json
import os
from dataclasses import asdict

import pytest

from tests.conftest import ROLES
from tests.fuzzing import fuzz_api
from tests.test_authorization_matrix import Objects, objects  # noqa: F401 - the world to fuzz

EXAMPLES = int(os.environ.get("CONSORTIA_FUZZ_EXAMPLES", "25"))
# A substring of operation labels ("GET /api/v1/me") to fuzz only those, when chasing a failure.
MATCH = os.environ.get("CONSORTIA_FUZZ_MATCH", "")
# benchmarks/fuzz.py reads each role's figures from this file (one JSON object a line).
REPORT = os.environ.get("CONSORTIA_FUZZ_REPORT", "")

pytestmark = pytest.mark.fuzz


@pytest.mark.parametrize("role", ROLES)
def test_api_survives_fuzzing_as(objects: Objects, role: str):  # noqa: F811
    run = fuzz_api(objects.world, role, examples=EXAMPLES, match=MATCH)
    if REPORT:
        with open(REPORT, "a", encoding="utf-8") as report:
            report.write(json.dumps(asdict(run)) + "\n")

    assert run.operations > 0
    assert run.failures == [], "\n\n".join(run.failures)
