"""schemathesis against our own OpenAPI document: every operation, as each role, gets generated
input; no answer may be a 5xx and every answer must match its documented schema.

This short run is part of the suite; `scripts/fuzz.py` runs the same with many more examples.
"""
import json
import math
import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
# Calls that end the caller's own session; dedicated tests cover them.
SELF_ENDING = {("POST", "/api/v1/auth/logout"), ("DELETE", "/api/v1/me")}
# Hostile values dropped into one field of a generated body or query (issue 12): a lone
# surrogate, NUL, years 1 / 9999 / before 1900, enormous and non-finite numbers, a huge digit
# string, and bodies nested far too deep.
HOSTILE_VALUES = ["\ud800", "x\x00y", "0001-01-01", "9999-12-31T23:59:59-08:00", "1899-12-31",
                  "2025-02-30", 10**30, -10**30, 1e308, float("nan"), float("inf"), "9" * 5000,
                  "\udfff" * 3]
HOSTILE_BODIES = ["[" * 300 + "]" * 300, '{"a":' * 200 + "1" + "}" * 200]
hostile = st.one_of(st.none(), st.sampled_from(HOSTILE_VALUES),
                    st.sampled_from(HOSTILE_BODIES).map(lambda raw: ("raw", raw)))


def _key(mapping: dict, slot: int):
    keys = sorted(mapping)
    return keys[slot % len(keys)]


def raw_body(case, value, slot: int) -> str | None:
    """The body to send as bytes, when no JSON encoder on the client side would send it: a
    deep body, or a generated one with NaN / Infinity in one field."""
    if isinstance(value, tuple):
        return value[1] if case.media_type == "application/json" else None
    if isinstance(value, float) and not math.isfinite(value) and isinstance(case.body, dict) \
            and case.body:
        return json.dumps({**case.body, _key(case.body, slot): value})
    return None


def inject(case, value, slot: int) -> None:
    """Put one hostile value into the generated body or query, at a field chosen by `slot`.
    A URL cannot carry a lone surrogate (it is bytes), so those go into bodies only."""
    if value is None:
        return
    if isinstance(case.body, dict) and case.body:
        case.body[_key(case.body, slot)] = value
    elif case.query and not (isinstance(value, str) and re.search("[\ud800-\udfff]", value)):
        case.query[_key(case.query, slot)] = str(value)


def fuzz(app, headers: dict, examples: int) -> list[str]:
    """Run every operation with generated input; return a description of each failure."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SELF_ENDING and headers:
            continue

        @given(case=operation.as_strategy(), value=hostile, slot=st.integers(0, 63))
        @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case, value, slot):
            raw = raw_body(case, value, slot)
            if raw is not None:
                response = app.test_client().open(
                    case.formatted_path, method=case.method, data=raw,
                    content_type="application/json", headers=headers, query_string=case.query)
                assert response.status_code < 500, (case.formatted_path, response.status_code)
                return
            if isinstance(value, tuple) or (isinstance(value, float) and not math.isfinite(value)):
                value = None  # nothing to carry it in this operation
            inject(case, value, slot)
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
