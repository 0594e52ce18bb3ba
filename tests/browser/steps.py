"""Steps that several browser tests take."""

import os
from pathlib import Path

from playwright.sync_api import Page, expect

from consortia.directory.models import Person
from tests.factories.accounts import PASSWORD

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "img"


def screenshot_dir(tmp_path: Path) -> Path:
    """``docs/img`` when ``CONSORTIA_UPDATE_SCREENSHOTS=1``, else a throwaway directory: the
    pictures in the docs change only on request."""
    directory = (
        SCREENSHOT_DIR if os.environ.get("CONSORTIA_UPDATE_SCREENSHOTS") == "1" else tmp_path
    )
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def sign_in(page: Page, base_url: str, person: Person) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_login").fill(person.user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator("header details.dropdown summary")).to_have_text(person.full_name)


def screenshot(page: Page, directory: Path, name: str) -> None:
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(directory / name), full_page=True, animations="disabled", caret="hide")
