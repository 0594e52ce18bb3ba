"""Every UI string is translated into Russian and Chinese, and the compiled files are current."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import consortia

PACKAGE = Path(consortia.__file__).parent
LOCALES = {"ru": 3, "zh_Hans": 1}  # language folder → number of plural forms


@pytest.mark.parametrize("language", LOCALES)
def test_catalogue_is_complete_and_compiled(language):
    catalogue = polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))
    compiled = polib.mofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo"))

    untranslated = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    short_plurals = [
        e.msgid for e in catalogue if e.msgid_plural and len(e.msgstr_plural) != LOCALES[language]
    ]
    stale = {e.msgid: e.msgstr for e in catalogue if e.translated() and not e.msgid_plural} != {
        e.msgid: e.msgstr for e in compiled if not e.msgid_plural and e.msgid
    }

    assert (untranslated, fuzzy, short_plurals) == ([], [], [])
    assert not stale, "run compilemessages: the .mo file does not match the .po file"


def test_no_string_in_the_code_is_missing_from_the_catalogues(tmp_path):
    copy = tmp_path / "consortia"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))

    subprocess.run(
        [
            sys.executable,
            "-P",
            "-m",
            "django",
            "makemessages",
            "-l",
            "ru",
            "--no-obsolete",
            "--settings=consortia.settings",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        timeout=120,
    )

    fresh = {
        e.msgid for e in polib.pofile(str(copy / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    }
    committed = {
        e.msgid for e in polib.pofile(str(PACKAGE / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    }
    assert sorted(fresh - committed) == []
