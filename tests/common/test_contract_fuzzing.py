"""schemathesis against our own OpenAPI document: every operation, as each role, gets generated
input; no answer may be a 5xx and every answer must match its documented schema.

This short run is part of the suite; `scripts/fuzz.py` runs the same with many more examples.
"""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
# Calls that end the caller's own session; dedicated tests cover them.
SELF_ENDING = {("POST", "/api/v1/auth/logout"), ("DELETE", "/api/v1/me")}


def fuzz(app, headers: dict, examples: int) -> list[str]:
    """Run every operation with generated input; return a description of each failure."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SELF_ENDING and headers:
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error,
                                                     response_schema_conformance])

        try:
            run()
        except Exception as exc:  # hypothesis re-raises the shrunk failure
            failures.append(f"{operation.label}: {exc}"[:1500])
    return failures


@pytest.mark.parametrize("role", ["anon", "parent_a", "staff_x", "admin"])
def test_no_server_errors_and_responses_match_the_spec(app, world, role):
    failures = fuzz(app, world["headers"][role], EXAMPLES)
    assert not failures, "\n\n".join(failures)
