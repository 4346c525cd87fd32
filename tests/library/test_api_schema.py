"""The API against its own OpenAPI description: schemathesis sends what the description allows
and a good deal it does not; no request gets a server error, and every answer matches the
description (status, media type, body)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from review_ui import create_app


@pytest.fixture
def api_schema(board):
    with board.sessions() as session:
        board.published(session, body="Điều 1. Thay thế Quyết định số 12/2020/QĐ-SXD.", effective_on="2024-01-01")
        board.published(session, number="45/KH-SXD", doc_type="Kế hoạch", subject="Kiểm tra đường giao thông")
        session.commit()
    app = create_app({"TESTING": False}, settings=board.settings)
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    app.extensions["congbo_engine"].dispose()


def test_the_api_keeps_to_its_description_and_never_fails(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} == {"/api/v1/documents", "/api/v1/documents/{id}"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case):  # type: ignore[no-untyped-def]
            case.call_and_validate()

        call()
