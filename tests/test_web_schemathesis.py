"""Property-based run of the JSON API against its own OpenAPI schema: no input gives a 500."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402

from dunguard.web.app import create_app  # noqa: E402

# In-process ASGI: the test client's Host is "testserver", allowed here only. Cases go to a
# throw-away store, removed when the interpreter exits.
STORE = tempfile.TemporaryDirectory(prefix="dunguard-schemathesis-")
APP = create_app(allowed_hosts={"testserver"}, db_path=Path(STORE.name) / "cases.db")
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
# Both valid bodies (must give 200 or a 400 the analysis raised) and invalid ones (must give a 4xx).
schema.config.generation.update(modes=list(schemathesis.GenerationMode))


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_never_fails_with_a_server_error(case):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
    assert response.status_code < 500
    if response.status_code >= 400:
        err = response.json()["error"]
        assert err["message"]["zh"] and err["message"]["en"]
