"""Schemathesis against the real app, in-process: what tests/test_api_fuzz.py and benchmarks/fuzz.py
share. Every operation of /api/v1/openapi.json gets ``examples`` generated requests as one role;
each answer must pass the five checks below. Every request runs in a savepoint that is rolled
back, so the world the fuzzing starts from is the same for every example and every operation.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from consortia.accounts.services import create_api_token
from tests.conftest import World

SCHEMA_PATH = "/api/v1/openapi.json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    ignored_auth,
]


@dataclass
class FuzzRun:
    role: str
    operations: int = 0
    examples: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def headers_for(world: World, role: str) -> dict[str, str]:
    """A personal API token for every role but the anonymous one, which sends nothing."""
    if role == "anonymous":
        return {}
    issued = create_api_token(world.users[role], name="fuzzing")
    return {"Authorization": f"Bearer {issued.raw}"}


def fuzz_api(world: World, role: str, *, examples: int, match: str = "") -> FuzzRun:
    """Fuzz every operation (whose label contains ``match``) as ``role``; collect every failure."""
    started = time.monotonic()
    run = FuzzRun(role=role)
    with _connection_kept_open():
        schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())
        headers = headers_for(world, role)
        for result in schema.get_all_operations():
            operation = result.ok()
            if match not in operation.label:
                continue
            run.operations += 1
            try:
                _fuzz_operation(operation, headers, examples=examples, run=run)
            except (Exception, BaseExceptionGroup) as failure:  # every failure, not the first
                run.failures.append(f"{role} {operation.label}:\n{failure}")
    run.seconds = time.monotonic() - started
    return run


@contextmanager
def _connection_kept_open() -> Iterator[None]:
    """The real WSGI handler closes the database connection as a request starts and ends; inside
    the test's transaction that closes it for good on PostgreSQL (SQLite's in-memory test
    database ignores it). Django's test client leaves it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz_operation(
    operation: Any, headers: dict[str, str], *, examples: int, run: FuzzRun
) -> None:
    @settings(
        max_examples=examples,
        derandomize=True,  # the same requests on every run: CI is reproducible
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )
    @given(case=operation.as_strategy())
    def example(case: Any) -> None:
        run.examples += 1
        with transaction.atomic():
            try:
                case.call_and_validate(headers=headers, checks=CHECKS)
            finally:
                transaction.set_rollback(True)

    example()
