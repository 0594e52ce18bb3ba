import pytest

from consortia.core.search import build_document, query_terms
from consortia.directory.models import Organisation
from consortia.directory.selectors import DirectoryFilters, organisation_list
from tests.factories.directory import OrganisationFactory


def test_build_document_separates_cjk_characters():
    assert build_document("深圳智联科技", ["Smart City"]) == "深 圳 智 联 科 技 smart city"


def test_query_terms_turns_cjk_run_into_a_phrase():
    assert query_terms("智联 Robotics") == [["智", "联"], ["robotics"]]


def test_query_terms_drops_punctuation_and_limits_terms():
    assert query_terms('"; DROP TABLE x; --') == [["drop"], ["table"], ["x"]]
    assert len(query_terms(" ".join(f"w{i}" for i in range(20)))) == 8


@pytest.fixture
def organisations(db):
    return [
        OrganisationFactory(name="Московский инновационный кластер", topics=["technoparks"]),
        OrganisationFactory(
            name="深圳智联科技有限公司", language="zh", topics=["artificial-intelligence"]
        ),
        OrganisationFactory(name="Pune Agritech Labs", topics=["agritech"]),
        OrganisationFactory(name="Партнёрство «Зелёный код»", topics=["green-economy"]),
    ]


def _names(query: str) -> list[str]:
    return sorted(o.name for o in organisation_list(None, DirectoryFilters(q=query)))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("инновационн", ["Московский инновационный кластер"]),  # Russian prefix
        ("МОСКОВСКИЙ", ["Московский инновационный кластер"]),  # case-insensitive Cyrillic
        ("智联", ["深圳智联科技有限公司"]),  # Chinese substring in the middle of a name
        ("人工智能", ["深圳智联科技有限公司"]),  # Chinese topic label
        ("искусственный интеллект", ["深圳智联科技有限公司"]),  # Russian topic label
        ("agri pune", ["Pune Agritech Labs"]),  # every term must match, prefixes
        ("технопарки", ["Московский инновационный кластер"]),
        ("партнерство зеленый", ["Партнёрство «Зелёный код»"]),  # «ё» written as «е»
        ("ЗЕЛЁНЫЙ", ["Партнёрство «Зелёный код»"]),
        ("nothing-like-this", []),
        ("' OR 1=1 --", []),
    ],
)
def test_search_finds_across_languages(organisations, query, expected):
    assert _names(query) == expected


def test_search_follows_updates_and_deletes(organisations):
    pune = Organisation.objects.get(name="Pune Agritech Labs")
    pune.search_document = build_document("Renamed Kisan Platform")
    pune.save(update_fields=["search_document"])

    found_new, found_old = _names("kisan"), _names("pune")
    pune.delete()

    assert (found_new, found_old, _names("kisan")) == (["Pune Agritech Labs"], [], [])


def test_every_sqlite_search_index_keeps_its_triggers(db):
    """A later migration that remakes a table (SQLite does, to add a NOT NULL column) drops its
    triggers; rows written afterwards would silently never be found."""
    from django.db import connection

    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"  # a stored generated column, no triggers
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE '%\\_fts' ESCAPE '\\'"
        )
        indexed = sorted(row[0][: -len("_fts")] for row in cursor.fetchall())
        cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type='trigger'")
        triggers = {(table, name) for table, name in cursor.fetchall()}

    assert indexed == [
        "agreements_agreement",
        "directory_offer",
        "directory_organisation",
        "directory_person",
        "messaging_message",
        "opportunities_opportunity",
        "projects_project",
    ]
    for table in indexed:
        for suffix in ("ai", "ad", "au"):
            assert (table, f"{table}_fts_{suffix}") in triggers
