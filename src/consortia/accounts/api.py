"""Accounts over REST: the caller's own data, as the "Your data" page downloads it."""

from datetime import datetime
from typing import Any

from ninja import Router, Schema

from consortia.core.api import ApiRequest

from . import selectors

router = Router(tags=["accounts"])


class ErasureOut(Schema):
    erase: str
    why: str


class PersonalDataOut(Schema):
    format: str
    version: int
    exported_at: datetime
    account: str
    sections: dict[str, list[dict[str, Any]]]
    erasure: dict[str, ErasureOut]


@router.get("/me/data", response=PersonalDataOut)
def export_my_data(request: ApiRequest) -> Any:
    """Everything the platform holds about the caller, section by section, and what erasing the
    account would do to each section. Erasing itself is done on the web page, after the password
    is given again: a token alone never erases an account."""
    return selectors.personal_data(request.auth)
