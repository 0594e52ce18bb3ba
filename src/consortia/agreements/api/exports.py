"""The registry as open data: CSV, Excel and JSON, one row per agreement.

Only what anyone may see and reuse goes out: public agreements that have been signed, whoever
asks, even the operator or a party. The rows are built a chunk of agreements at a time, from
plain column values; CSV and JSON stream as they are built.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from itertools import islice
from typing import Any, get_args
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import reverse
from ninja import Query

from consortia.core import clock, tables
from consortia.core.api import ApiRequest, anyone

from ..models import Agreement, AgreementStatus, Party, Visibility
from . import router
from .lookups import registry
from .schemas import RegistryQuery

LICENCE = "CC BY 4.0"
CHUNK_SIZE = 1000


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One agreement as the open data publishes it; lists are ";"-joined codes or names."""

    id: str
    kind: str
    title: str
    language: str
    status: str
    signed_on: date | None
    signed_on_precision: str
    signed_place: str
    signed_country: str
    valid_from: date | None
    valid_until: date | None
    value_amount: Decimal | None
    value_currency: str
    light: str
    topics: str
    countries: str
    parties: str
    url: str

    def values(self) -> list[Any]:
        return [getattr(self, name) for name in COLUMNS]


COLUMNS = [column.name for column in fields(ExportRow)]
AGREEMENT_COLUMNS = [  # the agreement's own columns, in the order of the row
    "public_id",
    "kind",
    "title",
    "language",
    "status",
    "signed_on",
    "signed_on_precision",
    "signed_place",
    "signed_country",
    "valid_from",
    "valid_until",
    "value_amount",
    "value_currency",
    "light",
]


def open_data(request: ApiRequest, query: RegistryQuery) -> QuerySet[Agreement]:
    """The filtered registry, narrowed to what is published: public and past the draft."""
    return (
        registry(request, query)
        .filter(visibility=Visibility.PUBLIC)
        .exclude(status=AgreementStatus.DRAFT)
    )


def _grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for agreement_id, value in pairs:
        grouped[agreement_id].append(str(value))
    return grouped


def _chunks(rows: Iterator[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def export_rows(agreements: QuerySet[Agreement]) -> Iterator[ExportRow]:
    """The rows, CHUNK_SIZE agreements at a time: one query for the agreements' columns, one
    each for their topics, countries and parties. Plain column values, no model instances:
    20,000 agreements take about two seconds (prefetching model instances took nine)."""
    placeholder = str(UUID(int=0))  # one reverse() for every row's address
    url = settings.SITE_URL + reverse("agreements:agreement", args=[placeholder])
    columns = agreements.prefetch_related(None).values_list("pk", *AGREEMENT_COLUMNS)
    for chunk in _chunks(columns.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        ids = [row[0] for row in chunk]
        topics = _grouped(
            Agreement.topics.through.objects.filter(agreement_id__in=ids)
            .order_by("topic__position", "topic__code")
            .values_list("agreement_id", "topic__code")
        )
        countries = _grouped(
            Agreement.countries.through.objects.filter(agreement_id__in=ids)
            .order_by("country__name_en")
            .values_list("agreement_id", "country_id")
        )
        parties = _grouped(
            (agreement_id, name or state)
            for agreement_id, name, state in Party.objects.filter(agreement_id__in=ids)
            .order_by("role", "id")
            .values_list("agreement_id", "organisation__name", "state_id")
        )
        for pk, public_id, *values in chunk:
            own = dict(zip(AGREEMENT_COLUMNS[1:], values, strict=True))
            own["signed_country"] = own["signed_country"] or ""
            yield ExportRow(
                id=str(public_id),
                **own,
                topics=";".join(topics[pk]),
                countries=";".join(countries[pk]),
                parties=";".join(parties[pk]),
                url=url.replace(placeholder, str(public_id)),
            )


def _download(media_type: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": "Public, signed agreements, one per row; licence CC BY 4.0.",
                "content": {
                    media_type: {"schema": schema or {"type": "string", "format": "binary"}}
                },
            }
        }
    }


def _json_export_schema() -> dict[str, Any]:
    """What export.json holds: every column a string, the dates and the amount null when unset."""
    columns = {
        column.name: {"type": ["string", "null"]}
        if type(None) in get_args(column.type)
        else {"type": "string"}
        for column in fields(ExportRow)
    }
    row = {"type": "object", "properties": columns, "required": COLUMNS}
    return {
        "type": "object",
        "properties": {
            "generated_at": {"type": "string", "format": "date-time"},
            "licence": {"type": "string"},
            "agreements": {"type": "array", "items": row},
        },
        "required": ["generated_at", "licence", "agreements"],
    }


# --- CSV and Excel (written by core.tables, which makes formulas inert) ---------------------
def _table(rows: Iterable[ExportRow]) -> Iterator[list[Any]]:
    yield COLUMNS
    for row in rows:
        yield row.values()


@router.get(
    "/agreements/export.csv",
    auth=anyone,
    url_name="export_agreements_csv",
    openapi_extra=_download("text/csv"),
)
def export_agreements_csv(request: ApiRequest, query: Query[RegistryQuery]) -> Any:
    """Public, signed agreements as CSV (UTF-8 with a byte order mark), the registry's filters."""
    rows = export_rows(open_data(request, query))
    return tables.csv_stream(_table(rows), filename="agreements.csv")


@router.get(
    "/agreements/export.xlsx",
    auth=anyone,
    url_name="export_agreements_xlsx",
    openapi_extra=_download(tables.XLSX),
)
def export_agreements_xlsx(request: ApiRequest, query: Query[RegistryQuery]) -> Any:
    """Public, signed agreements as an Excel workbook: a bold header row, dates as dates."""
    rows = (row.values() for row in export_rows(open_data(request, query)))
    return tables.xlsx_response(COLUMNS, rows, sheet="agreements", filename="agreements.xlsx")


# --- JSON ---------------------------------------------------------------------------------
def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _json_pieces(rows: Iterable[ExportRow]) -> Iterator[str]:
    head = {"generated_at": clock.now().isoformat(), "licence": LICENCE}
    yield json.dumps(head)[:-1] + ', "agreements": ['
    for index, row in enumerate(rows):
        record = dict(zip(COLUMNS, map(_json_value, row.values()), strict=True))
        yield ("," if index else "") + json.dumps(record, ensure_ascii=False)
    yield "]}"


@router.get(
    "/agreements/export.json",
    auth=anyone,
    url_name="export_agreements_json",
    openapi_extra=_download("application/json", _json_export_schema()),
)
def export_agreements_json(request: ApiRequest, query: Query[RegistryQuery]) -> Any:
    """Public, signed agreements as JSON: ``generated_at``, ``licence`` and ``agreements``."""
    rows = export_rows(open_data(request, query))
    response = StreamingHttpResponse(
        tables.batched(_json_pieces(rows)), content_type="application/json; charset=utf-8"
    )
    return tables.attachment(response, "agreements.json")
