"""Tables as downloads: CSV (UTF-8 with a byte order mark, so Excel reads Cyrillic and Chinese)
and Excel workbooks, with text that a spreadsheet would run as a formula made inert.

Every export of the project writes its files here, so the defence against formula injection
(OWASP "CSV injection") is in one place: in CSV a text cell starting with ``= + - @``, a tab or
a carriage return gets a leading apostrophe; in Excel a text starting with ``=`` is written as
text, never as a formula. Numbers and dates stay numbers and dates.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from io import BytesIO
from typing import Any, TypeVar

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Response = TypeVar("Response", HttpResponse, StreamingHttpResponse)


def inert(value: Any) -> str:
    """A cell's text for a CSV file: numbers as written, ``None`` empty, and text that would be a
    formula prefixed with an apostrophe (spreadsheets show it as text)."""
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file that hands back what is written to it, so csv.writer formats one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The lines of a CSV file, the byte order mark before the first; every cell made inert."""
    writer = csv.writer(_Echo())
    for index, row in enumerate(rows):
        line = writer.writerow([inert(value) for value in row])
        yield BOM + line if index == 0 else line


def batched(pieces: Iterable[str], size: int = 200) -> Iterator[str]:
    """Fewer, larger chunks for the server to write."""
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def attachment(response: Response, filename: str) -> Response:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows: Iterable[Sequence[Any]], *, filename: str) -> HttpResponse:
    """A CSV download of ``rows`` (the heading row first), built in memory."""
    return attachment(HttpResponse("".join(csv_lines(rows)), content_type=CSV), filename)


def csv_stream(rows: Iterable[Sequence[Any]], *, filename: str) -> StreamingHttpResponse:
    """A CSV download written while ``rows`` (the heading row first) are produced."""
    response = StreamingHttpResponse(batched(csv_lines(rows)), content_type=CSV)
    return attachment(response, filename)


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    return value


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str) -> bytes:
    """A workbook of one sheet: the header row in bold and frozen, then ``rows``. Values keep
    their types (numbers, dates); Excel knows no time zones, so give datetimes as text."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for name in header:
        cell = WriteOnlyCell(worksheet, value=name)
        cell.font = bold
        heading.append(cell)
    worksheet.append(heading)
    for row in rows:
        worksheet.append([_xlsx_cell(worksheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str, filename: str
) -> HttpResponse:
    """An Excel download: :func:`xlsx_bytes` as an attachment."""
    content = xlsx_bytes(header, rows, sheet=sheet)
    return attachment(HttpResponse(content, content_type=XLSX), filename)
