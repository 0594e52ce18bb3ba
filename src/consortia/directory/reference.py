"""Reference data every installation has: ISO 3166-1 countries and the topic taxonomy.

Loaded by migration and re-synced by ``consortia demo``; functions take the model classes so a
migration can pass its historical models.
"""

import gettext
import json
from pathlib import Path
from typing import Any

import pycountry

TOPICS_FILE = Path(__file__).parent / "data" / "topics.json"

# pycountry's Chinese names are sometimes long official forms; the alliance uses the short ones.
_SHORT_NAMES_EN = {
    "RU": "Russia",
    "IR": "Iran",
    "KR": "South Korea",
    "KP": "North Korea",
    "VN": "Vietnam",
    "SY": "Syria",
    "LA": "Laos",
    "MD": "Moldova",
    "TZ": "Tanzania",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TW": "Taiwan",
    "FM": "Micronesia",
    "PS": "Palestine",
    "CD": "DR Congo",
}


def country_rows() -> list[dict[str, str]]:
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    rows = []
    for country in pycountry.countries:
        name = country.name
        common = getattr(country, "common_name", None)
        rows.append(
            {
                "code": country.alpha_2,
                "alpha3": country.alpha_3,
                "name_en": _SHORT_NAMES_EN.get(country.alpha_2, common or name),
                "name_ru": ru.gettext(name),
                "name_zh": zh.gettext(name),
            }
        )
    return rows


def sync_countries(country_model: Any) -> int:
    existing = set(country_model.objects.values_list("code", flat=True))
    rows = country_rows()
    country_model.objects.bulk_create(
        [country_model(**row) for row in rows if row["code"] not in existing]
    )
    for row in rows:
        if row["code"] in existing:
            country_model.objects.filter(code=row["code"]).update(**row)
    return len(rows)


def topic_rows() -> list[dict[str, Any]]:
    return json.loads(TOPICS_FILE.read_text(encoding="utf-8"))


def sync_topics(topic_model: Any) -> int:
    rows = topic_rows()
    by_code: dict[str, Any] = {}
    for position, row in enumerate(rows):
        parent = by_code.get(row["parent"]) if row.get("parent") else None
        topic, _ = topic_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "parent": parent,
                "label_en": row["label_en"],
                "label_ru": row["label_ru"],
                "label_zh": row["label_zh"],
                "synonyms": row.get("synonyms", []),
                "position": position,
            },
        )
        by_code[topic.code] = topic
    return len(rows)
