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

# pycountry's names are often the long official forms; people write and search the short ones.
_SHORT_NAMES = {
    "en": {
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
        "GB": "United Kingdom",
        "US": "United States",
    },
    "ru": {
        "RU": "Россия",
        "US": "США",
        "GB": "Великобритания",
        "KR": "Южная Корея",
        "KP": "КНДР",
        "SY": "Сирия",
        "TW": "Тайвань",
        "LA": "Лаос",
        "MD": "Молдова",
        "VE": "Венесуэла",
        "CD": "ДР Конго",
        "CG": "Республика Конго",
        "FM": "Микронезия",
        "VA": "Ватикан",
        "BN": "Бруней",
        "AE": "ОАЭ",
        "ZA": "ЮАР",
    },
    "zh": {
        "KR": "韩国",
        "KP": "朝鲜",
        "IR": "伊朗",
        "SY": "叙利亚",
        "TW": "台湾",
        "LA": "老挝",
        "MD": "摩尔多瓦",
        "VE": "委内瑞拉",
        "BO": "玻利维亚",
        "CD": "刚果（金）",
        "CG": "刚果（布）",
        "KG": "吉尔吉斯斯坦",
    },
}


def country_rows() -> list[dict[str, str]]:
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    rows = []
    for country in pycountry.countries:
        name = country.name
        common = getattr(country, "common_name", None)
        code = country.alpha_2
        rows.append(
            {
                "code": code,
                "alpha3": country.alpha_3,
                "name_en": _SHORT_NAMES["en"].get(code, common or name),
                "name_ru": _SHORT_NAMES["ru"].get(code, ru.gettext(name)),
                "name_zh": _SHORT_NAMES["zh"].get(code, zh.gettext(name)),
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
