"""A deterministic, realistic member world for the directory demo and the volume benchmark.

Pure Python (standard library and Faker only, no Django), so it can be generated, tested and
timed alone and then loaded by a management command or a benchmark.

``generate_world(count, seed=..., topics=...)`` yields organisations one by one. Organisation
``i`` is drawn from its own random stream, ``Random(seed * 1_000_003 + i)``, so a smaller world
is always a prefix of a larger one with the same seed: the demo and the benchmark agree. Names
and websites are kept unique within a world by the generator itself (it remembers what it has
already yielded), which keeps the prefix property because organisation ``i`` only depends on
organisations ``0 .. i - 1``.

Organisations are spread over the countries of the alliances in the seed documents (Russia
first, then Kazakhstan, China, Belarus, India, Uzbekistan …). The language of an organisation
follows its country; its name, description, offers and the job titles of its people are
written in that language, and people's names look real for the country (Cyrillic for Russia,
Chinese characters for China, Faker's locales where they fit). E-mail addresses are ASCII, end
in ``.example`` (RFC 2606) and are unique within a world.

Faker is only used to fill small pools of people's names per locale, once per process, from a
fixed per-locale seed; drawing from the pools is plain ``random.Random`` work, which keeps
150,000 organisations well under a minute.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from faker import Faker

_Option = TypeVar("_Option")

__all__ = [
    "GeneratedOffer",
    "GeneratedOrganisation",
    "GeneratedPerson",
    "generate_world",
]


# --------------------------------------------------------------------------------------------
# What the generator yields
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GeneratedPerson:
    full_name: str
    email: str  # unique within a world, ASCII, domain ends with ".example"
    title: str  # job title in the organisation's language
    country: str  # ISO 3166-1 alpha-2
    languages: list[str]  # codes from CONTENT_LANGUAGES
    time_zone: str  # an IANA zone of the country
    ui_language: str  # "en", "ru" or "zh-hans"
    role: str  # "owner" for the first person of each organisation, then "admin" / "member"


@dataclass(frozen=True, slots=True)
class GeneratedOffer:
    kind: str  # an OfferKind value
    title: str
    description: str
    language: str
    topics: list[str]
    target_countries: list[str]
    expires_in_days: int  # negative when already expired


@dataclass(frozen=True, slots=True)
class GeneratedOrganisation:
    name: str
    kind: str  # an OrganisationKind value
    country: str
    city: str
    website: str  # https://<slug>.example
    description: str
    language: str
    topics: list[str]
    stage: str  # a StartupStage value for startups, else ""
    founded_year: int | None
    people: list[GeneratedPerson]
    offers: list[GeneratedOffer]


# --------------------------------------------------------------------------------------------
# Transliteration and slugs
# --------------------------------------------------------------------------------------------

_CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Kazakh, Kyrgyz, Mongolian, Tajik, Belarusian letters
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
    "ҳ": "h",
    "ҷ": "j",
    "ӣ": "i",
    "ӯ": "u",
    "ў": "u",
}
_OTHER_TO_LATIN = {
    "ı": "i",
    "ł": "l",
    "đ": "d",
    "ø": "o",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ð": "d",
    "þ": "th",
    "ə": "a",
    "ʻ": "",
    "ʼ": "",
    "’": "",
    "'": "",
}


def _build_latin_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for source in (_CYRILLIC_TO_LATIN, _OTHER_TO_LATIN):
        for letter, latin in source.items():
            table[ord(letter)] = latin
            upper = letter.upper()
            if upper != letter and len(upper) == 1:
                table[ord(upper)] = latin.capitalize()
    return table


_LATIN_TABLE = _build_latin_table()
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _latin(text: str) -> str:
    """Latin letters for Cyrillic and accented text: "Ёлкин" → "Elkin", "Đorđević" → "Dordevic"."""
    text = text.translate(_LATIN_TABLE)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _slug(text: str, *, limit: int = 40) -> str:
    slug = _NON_SLUG.sub("-", _latin(text).lower()).strip("-")
    return slug[:limit].strip("-")


def _handle(text: str) -> str:
    """Only lowercase ASCII letters, for the local part of an e-mail address."""
    return _NON_SLUG.sub("", _latin(text).lower())


def _latin_central_asian(text: str) -> str:
    """Uzbek and Tajik names read better with "j" than with "zh"/"dzh"."""
    text = text.replace("Дж", "J").replace("дж", "j").replace("Ж", "J").replace("ж", "j")
    return _latin(text)


# --------------------------------------------------------------------------------------------
# Countries and cities
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _City:
    en: str
    tz: str
    weight: float = 1.0
    ru: str = ""  # Russian name
    ru_gen: str = ""  # genitive ("Новосибирска"), for "Департамент … города Новосибирска"
    ru_adj: str = ""  # "Новосибирский", for "Новосибирский государственный университет"
    ru_region: str = ""  # genitive region ("Новосибирской области")
    kk: str = ""  # Kazakh name
    zh: str = ""  # Chinese name without 市
    zh_districts: tuple[str, ...] = ()  # full district names ("南山区")
    pt_de: str = ""  # "de São Paulo", "do Recife"
    pt_em: str = ""  # "em São Paulo", "no Recife"
    pt_state_de: str = ""  # "de Pernambuco", "do Paraná"

    def name_in(self, language: str) -> str:
        if language == "ru":
            return self.ru or self.en
        if language == "kk":
            return self.kk or self.ru or self.en
        if language == "zh":
            return self.zh or self.en
        return self.en


def _ru(
    en: str, tz: str, weight: float, ru: str, gen: str, adj: str, region: str = "", kk: str = ""
) -> _City:
    return _City(
        en=en,
        tz=tz,
        weight=weight,
        ru=ru,
        ru_gen=gen,
        ru_adj=adj,
        ru_region=region or f"города {gen}",
        kk=kk,
    )


def _cn(en: str, zh: str, weight: float, districts: str, tz: str = "Asia/Shanghai") -> _City:
    return _City(en=en, tz=tz, weight=weight, zh=zh, zh_districts=tuple(districts.split()))


def _br(
    en: str, weight: float, de: str, em: str, state_de: str, tz: str = "America/Sao_Paulo"
) -> _City:
    return _City(en=en, tz=tz, weight=weight, pt_de=de, pt_em=em, pt_state_de=state_de)


def _plain(tz: str, *cities: str) -> tuple[_City, ...]:
    """Cities of one time zone; the first is the largest."""
    return tuple(
        _City(en=name, tz=tz, weight=4.0 if index == 0 else 1.0)
        for index, name in enumerate(cities)
    )


_CITIES: dict[str, tuple[_City, ...]] = {
    "RU": (
        _ru("Moscow", "Europe/Moscow", 30, "Москва", "Москвы", "Московский"),
        _ru(
            "Saint Petersburg",
            "Europe/Moscow",
            10,
            "Санкт-Петербург",
            "Санкт-Петербурга",
            "Санкт-Петербургский",
            "Санкт-Петербурга",
        ),
        _ru(
            "Novosibirsk",
            "Asia/Novosibirsk",
            5,
            "Новосибирск",
            "Новосибирска",
            "Новосибирский",
            "Новосибирской области",
        ),
        _ru("Kazan", "Europe/Moscow", 5, "Казань", "Казани", "Казанский", "Республики Татарстан"),
        _ru(
            "Yekaterinburg",
            "Asia/Yekaterinburg",
            5,
            "Екатеринбург",
            "Екатеринбурга",
            "Уральский",
            "Свердловской области",
        ),
        _ru(
            "Nizhny Novgorod",
            "Europe/Moscow",
            3,
            "Нижний Новгород",
            "Нижнего Новгорода",
            "Нижегородский",
            "Нижегородской области",
        ),
        _ru("Tomsk", "Asia/Tomsk", 3, "Томск", "Томска", "Томский", "Томской области"),
        _ru(
            "Zelenograd",
            "Europe/Moscow",
            2,
            "Зеленоград",
            "Зеленограда",
            "Зеленоградский",
            "города Москвы",
        ),
        _ru("Samara", "Europe/Samara", 3, "Самара", "Самары", "Самарский", "Самарской области"),
        _ru(
            "Krasnoyarsk",
            "Asia/Krasnoyarsk",
            3,
            "Красноярск",
            "Красноярска",
            "Красноярский",
            "Красноярского края",
        ),
        _ru("Perm", "Asia/Yekaterinburg", 2, "Пермь", "Перми", "Пермский", "Пермского края"),
        _ru("Ufa", "Asia/Yekaterinburg", 2, "Уфа", "Уфы", "Уфимский", "Республики Башкортостан"),
        _ru(
            "Rostov-on-Don",
            "Europe/Moscow",
            3,
            "Ростов-на-Дону",
            "Ростова-на-Дону",
            "Ростовский",
            "Ростовской области",
        ),
        _ru(
            "Krasnodar",
            "Europe/Moscow",
            3,
            "Краснодар",
            "Краснодара",
            "Кубанский",
            "Краснодарского края",
        ),
        _ru(
            "Voronezh",
            "Europe/Moscow",
            2,
            "Воронеж",
            "Воронежа",
            "Воронежский",
            "Воронежской области",
        ),
        _ru(
            "Vladivostok",
            "Asia/Vladivostok",
            2,
            "Владивосток",
            "Владивостока",
            "Дальневосточный",
            "Приморского края",
        ),
        _ru(
            "Khabarovsk",
            "Asia/Vladivostok",
            1,
            "Хабаровск",
            "Хабаровска",
            "Хабаровский",
            "Хабаровского края",
        ),
        _ru("Irkutsk", "Asia/Irkutsk", 2, "Иркутск", "Иркутска", "Иркутский", "Иркутской области"),
        _ru("Omsk", "Asia/Omsk", 1, "Омск", "Омска", "Омский", "Омской области"),
        _ru(
            "Chelyabinsk",
            "Asia/Yekaterinburg",
            2,
            "Челябинск",
            "Челябинска",
            "Южно-Уральский",
            "Челябинской области",
        ),
        _ru(
            "Tyumen", "Asia/Yekaterinburg", 1, "Тюмень", "Тюмени", "Тюменский", "Тюменской области"
        ),
        _ru(
            "Kaliningrad",
            "Europe/Kaliningrad",
            1,
            "Калининград",
            "Калининграда",
            "Балтийский",
            "Калининградской области",
        ),
        _ru(
            "Yakutsk",
            "Asia/Yakutsk",
            1,
            "Якутск",
            "Якутска",
            "Северо-Восточный",
            "Республики Саха (Якутия)",
        ),
        _ru("Sochi", "Europe/Moscow", 1, "Сочи", "Сочи", "Сочинский", "Краснодарского края"),
        _ru("Tula", "Europe/Moscow", 1, "Тула", "Тулы", "Тульский", "Тульской области"),
    ),
    "KZ": (
        _ru("Almaty", "Asia/Almaty", 10, "Алматы", "Алматы", "Алматинский", kk="Алматы"),
        _ru("Astana", "Asia/Almaty", 8, "Астана", "Астаны", "Астанинский", kk="Астана"),
        _ru("Shymkent", "Asia/Almaty", 3, "Шымкент", "Шымкента", "Шымкентский", kk="Шымкент"),
        _ru(
            "Karaganda",
            "Asia/Almaty",
            2,
            "Караганда",
            "Караганды",
            "Карагандинский",
            kk="Қарағанды",
        ),
        _ru("Aktobe", "Asia/Aqtobe", 1.5, "Актобе", "Актобе", "Актюбинский", kk="Ақтөбе"),
        _ru("Atyrau", "Asia/Atyrau", 1, "Атырау", "Атырау", "Атырауский", kk="Атырау"),
        _ru("Pavlodar", "Asia/Almaty", 1, "Павлодар", "Павлодара", "Павлодарский", kk="Павлодар"),
        _ru(
            "Oskemen",
            "Asia/Almaty",
            1,
            "Усть-Каменогорск",
            "Усть-Каменогорска",
            "Восточно-Казахстанский",
            kk="Өскемен",
        ),
    ),
    "BY": (
        _ru("Minsk", "Europe/Minsk", 10, "Минск", "Минска", "Минский"),
        _ru("Gomel", "Europe/Minsk", 2, "Гомель", "Гомеля", "Гомельский"),
        _ru("Grodno", "Europe/Minsk", 1.5, "Гродно", "Гродно", "Гродненский"),
        _ru("Brest", "Europe/Minsk", 1.5, "Брест", "Бреста", "Брестский"),
        _ru("Vitebsk", "Europe/Minsk", 1, "Витебск", "Витебска", "Витебский"),
        _ru("Mogilev", "Europe/Minsk", 1, "Могилёв", "Могилёва", "Могилёвский"),
    ),
    "UZ": (
        _ru("Tashkent", "Asia/Tashkent", 10, "Ташкент", "Ташкента", "Ташкентский"),
        _ru("Samarkand", "Asia/Samarkand", 3, "Самарканд", "Самарканда", "Самаркандский"),
        _ru("Bukhara", "Asia/Samarkand", 1.5, "Бухара", "Бухары", "Бухарский"),
        _ru("Namangan", "Asia/Tashkent", 1, "Наманган", "Намангана", "Наманганский"),
        _ru("Andijan", "Asia/Tashkent", 1, "Андижан", "Андижана", "Андижанский"),
        _ru("Nukus", "Asia/Samarkand", 1, "Нукус", "Нукуса", "Каракалпакский"),
    ),
    "TJ": (
        _ru("Dushanbe", "Asia/Dushanbe", 10, "Душанбе", "Душанбе", "Душанбинский"),
        _ru("Khujand", "Asia/Dushanbe", 3, "Худжанд", "Худжанда", "Худжандский"),
        _ru("Bokhtar", "Asia/Dushanbe", 1, "Бохтар", "Бохтара", "Бохтарский"),
        _ru("Kulob", "Asia/Dushanbe", 1, "Куляб", "Куляба", "Кулябский"),
    ),
    "KG": (
        _ru("Bishkek", "Asia/Bishkek", 10, "Бишкек", "Бишкека", "Бишкекский"),
        _ru("Osh", "Asia/Bishkek", 3, "Ош", "Оша", "Ошский"),
        _ru("Karakol", "Asia/Bishkek", 1, "Каракол", "Каракола", "Иссык-Кульский"),
    ),
    "AM": (
        _ru("Yerevan", "Asia/Yerevan", 10, "Ереван", "Еревана", "Ереванский"),
        _ru("Gyumri", "Asia/Yerevan", 2, "Гюмри", "Гюмри", "Гюмрийский"),
        _ru("Vanadzor", "Asia/Yerevan", 1, "Ванадзор", "Ванадзора", "Ванадзорский"),
    ),
    "AZ": (
        _ru("Baku", "Asia/Baku", 10, "Баку", "Баку", "Бакинский"),
        _ru("Ganja", "Asia/Baku", 2, "Гянджа", "Гянджи", "Гянджинский"),
        _ru("Sumgait", "Asia/Baku", 1, "Сумгаит", "Сумгаита", "Сумгаитский"),
    ),
    "MN": (
        _ru("Ulaanbaatar", "Asia/Ulaanbaatar", 10, "Улан-Батор", "Улан-Батора", "Улан-Баторский"),
        _ru("Darkhan", "Asia/Ulaanbaatar", 1, "Дархан", "Дархана", "Дарханский"),
        _ru("Erdenet", "Asia/Ulaanbaatar", 1, "Эрдэнэт", "Эрдэнэта", "Эрдэнэтский"),
    ),
    "CN": (
        _cn("Beijing", "北京", 10, "海淀区 朝阳区 昌平区 大兴区"),
        _cn("Shanghai", "上海", 9, "浦东新区 徐汇区 闵行区 杨浦区"),
        _cn("Shenzhen", "深圳", 9, "南山区 福田区 龙岗区 宝安区"),
        _cn("Hangzhou", "杭州", 6, "西湖区 滨江区 余杭区"),
        _cn("Guangzhou", "广州", 5, "天河区 黄埔区 番禺区"),
        _cn("Chengdu", "成都", 4, "武侯区 锦江区 双流区"),
        _cn("Wuhan", "武汉", 4, "洪山区 江夏区 武昌区"),
        _cn("Nanjing", "南京", 3, "玄武区 江宁区 鼓楼区"),
        _cn("Xi'an", "西安", 3, "雁塔区 未央区 长安区"),
        _cn("Suzhou", "苏州", 3, "姑苏区 吴中区 相城区"),
        _cn("Tianjin", "天津", 2, "滨海新区 南开区 西青区"),
        _cn("Hefei", "合肥", 2, "蜀山区 包河区"),
        _cn("Chongqing", "重庆", 2, "渝北区 沙坪坝区 九龙坡区"),
        _cn("Harbin", "哈尔滨", 1.5, "南岗区 道里区 松北区"),
        _cn("Qingdao", "青岛", 1.5, "崂山区 市南区 黄岛区"),
        _cn("Xiamen", "厦门", 1.5, "思明区 湖里区 集美区"),
        _cn("Urumqi", "乌鲁木齐", 1, "天山区 沙依巴克区 新市区", "Asia/Urumqi"),
    ),
    "BR": (
        _br("São Paulo", 10, "de São Paulo", "em São Paulo", "de São Paulo"),
        _br("Rio de Janeiro", 5, "do Rio de Janeiro", "no Rio de Janeiro", "do Rio de Janeiro"),
        _br("Belo Horizonte", 3, "de Belo Horizonte", "em Belo Horizonte", "de Minas Gerais"),
        _br("Campinas", 2, "de Campinas", "em Campinas", "de São Paulo"),
        _br("Curitiba", 2, "de Curitiba", "em Curitiba", "do Paraná"),
        _br("Porto Alegre", 2, "de Porto Alegre", "em Porto Alegre", "do Rio Grande do Sul"),
        _br("Florianópolis", 2, "de Florianópolis", "em Florianópolis", "de Santa Catarina"),
        _br("Recife", 2, "do Recife", "no Recife", "de Pernambuco", "America/Recife"),
        _br("Brasília", 2, "de Brasília", "em Brasília", "do Distrito Federal"),
        _br("Salvador", 1, "de Salvador", "em Salvador", "da Bahia", "America/Bahia"),
        _br("Fortaleza", 1, "de Fortaleza", "em Fortaleza", "do Ceará", "America/Fortaleza"),
        _br("Manaus", 1, "de Manaus", "em Manaus", "do Amazonas", "America/Manaus"),
    ),
    "IN": _plain(
        "Asia/Kolkata",
        "Bengaluru",
        "Mumbai",
        "New Delhi",
        "Hyderabad",
        "Pune",
        "Chennai",
        "Kolkata",
        "Ahmedabad",
        "Noida",
        "Gurugram",
        "Kochi",
        "Jaipur",
    ),
    "MA": _plain(
        "Africa/Casablanca", "Casablanca", "Rabat", "Marrakesh", "Tangier", "Fez", "Agadir"
    ),
    "PH": _plain(
        "Asia/Manila", "Manila", "Makati", "Quezon City", "Cebu City", "Davao City", "Taguig"
    ),
    "AE": _plain("Asia/Dubai", "Dubai", "Abu Dhabi", "Sharjah"),
    "SA": _plain("Asia/Riyadh", "Riyadh", "Jeddah", "Dammam"),
    "IR": _plain("Asia/Tehran", "Tehran", "Isfahan", "Mashhad", "Shiraz", "Tabriz"),
    "VN": _plain(
        "Asia/Ho_Chi_Minh", "Ho Chi Minh City", "Hanoi", "Da Nang", "Hai Phong", "Can Tho"
    ),
    "EG": _plain("Africa/Cairo", "Cairo", "Alexandria", "Giza", "Mansoura"),
    "ZA": _plain(
        "Africa/Johannesburg", "Johannesburg", "Cape Town", "Pretoria", "Durban", "Stellenbosch"
    ),
    "US": (
        _City("San Francisco", "America/Los_Angeles", 4),
        _City("New York", "America/New_York", 4),
        _City("Boston", "America/New_York", 2),
        _City("Austin", "America/Chicago", 2),
        _City("Seattle", "America/Los_Angeles", 2),
        _City("Chicago", "America/Chicago", 1),
        _City("Pittsburgh", "America/New_York", 1),
        _City("Denver", "America/Denver", 1),
        _City("Atlanta", "America/New_York", 1),
        _City("San Diego", "America/Los_Angeles", 1),
    ),
    "TR": _plain("Europe/Istanbul", "Istanbul", "Ankara", "Izmir", "Bursa", "Kocaeli"),
    "ID": (
        _City("Jakarta", "Asia/Jakarta", 4),
        _City("Bandung", "Asia/Jakarta"),
        _City("Surabaya", "Asia/Jakarta"),
        _City("Yogyakarta", "Asia/Jakarta"),
        _City("Makassar", "Asia/Makassar"),
        _City("Denpasar", "Asia/Makassar"),
    ),
    "RS": _plain("Europe/Belgrade", "Belgrade", "Novi Sad", "Niš", "Kragujevac"),
    "ET": _plain("Africa/Addis_Ababa", "Addis Ababa", "Adama", "Bahir Dar"),
}


@dataclass(frozen=True, slots=True)
class _Country:
    code: str
    weight: float
    languages: tuple[tuple[str, float], ...]  # language of the organisation's texts
    spoken: tuple[tuple[tuple[str, ...], float], ...]  # languages people speak, native first
    name_style: str  # how people's names are made
    ui: str  # the UI language natives prefer
    legal: tuple[str, str]  # English legal forms: (company, corporation)
    names: tuple[str, str, str, str, str]  # the country's name in en, ru, zh, pt, kk
    en_formal: str  # "the Republic of Kazakhstan"
    ru_gen: str  # "Казахстана"
    ru_formal_gen: str  # "Республики Казахстан"
    ru_legal: tuple[str, str]  # Russian legal forms: (company, corporation)
    ru_compound: str  # "Казахстанско", for "Казахстанско-китайский деловой совет"
    ru_adj: str  # "казахстанский"

    @property
    def cities(self) -> tuple[_City, ...]:
        return _CITIES[self.code]


_EN = (("en", 1.0),)
_CIS_UI = "ru"


def _country(
    code: str,
    weight: float,
    languages: tuple[tuple[str, float], ...],
    spoken: tuple[tuple[tuple[str, ...], float], ...],
    name_style: str,
    ui: str,
    legal: tuple[str, str],
    names: tuple[str, str, str, str, str],
    en_formal: str,
    ru_gen: str,
    ru_formal_gen: str,
    ru_legal: tuple[str, str] = ("ООО", "АО"),
    ru_compound: str = "",
    ru_adj: str = "",
) -> _Country:
    return _Country(
        code,
        weight,
        languages,
        spoken,
        name_style,
        ui,
        legal,
        names,
        en_formal,
        ru_gen,
        ru_formal_gen,
        ru_legal,
        ru_compound,
        ru_adj,
    )


_COUNTRIES: tuple[_Country, ...] = (
    _country(
        "RU",
        30,
        (("ru", 0.88), ("en", 0.12)),
        ((("ru", "en"), 6), (("ru",), 3), (("ru", "en", "zh"), 1), (("ru", "en", "de"), 1)),
        "ru",
        _CIS_UI,
        ("LLC", "JSC"),
        ("Russia", "Россия", "俄罗斯", "Rússia", "Ресей"),
        "the Russian Federation",
        "России",
        "Российской Федерации",
        ("ООО", "АО"),
        "Российско",
        "российский",
    ),
    _country(
        "KZ",
        7,
        (("ru", 0.68), ("kk", 0.17), ("en", 0.15)),
        ((("kk", "ru", "en"), 5), (("ru", "kk"), 3), (("ru", "en"), 2)),
        "kz",
        _CIS_UI,
        ("LLP", "JSC"),
        ("Kazakhstan", "Казахстан", "哈萨克斯坦", "Cazaquistão", "Қазақстан"),
        "the Republic of Kazakhstan",
        "Казахстана",
        "Республики Казахстан",
        ("ТОО", "АО"),
        "Казахстанско",
        "казахстанский",
    ),
    _country(
        "BY",
        6,
        (("ru", 0.9), ("en", 0.1)),
        ((("ru", "be", "en"), 4), (("ru", "en"), 4), (("ru", "be"), 2)),
        "by",
        _CIS_UI,
        ("LLC", "OJSC"),
        ("Belarus", "Беларусь", "白俄罗斯", "Belarus", "Беларусь"),
        "the Republic of Belarus",
        "Беларуси",
        "Республики Беларусь",
        ("ООО", "ОАО"),
        "Белорусско",
        "белорусский",
    ),
    _country(
        "CN",
        8,
        (("zh", 0.9), ("en", 0.1)),
        ((("zh", "en"), 6), (("zh",), 3), (("zh", "en", "ru"), 1)),
        "zh",
        "zh-hans",
        ("Co., Ltd.", "Group Co., Ltd."),
        ("China", "Китай", "中国", "China", "Қытай"),
        "the People's Republic of China",
        "Китая",
        "Китайской Народной Республики",
        ru_compound="Китайско",
        ru_adj="китайский",
    ),
    _country(
        "UZ",
        4,
        (("ru", 0.55), ("en", 0.45)),
        ((("uz", "ru", "en"), 6), (("uz", "ru"), 3), (("ru", "en"), 1)),
        "uz",
        _CIS_UI,
        ("LLC", "JSC"),
        ("Uzbekistan", "Узбекистан", "乌兹别克斯坦", "Uzbequistão", "Өзбекстан"),
        "the Republic of Uzbekistan",
        "Узбекистана",
        "Республики Узбекистан",
        ("ООО", "АО"),
        "Узбекско",
        "узбекский",
    ),
    _country(
        "TJ",
        3,
        (("ru", 0.85), ("en", 0.15)),
        ((("tg", "ru", "en"), 5), (("tg", "ru"), 5)),
        "tj",
        _CIS_UI,
        ("LLC", "OJSC"),
        ("Tajikistan", "Таджикистан", "塔吉克斯坦", "Tajiquistão", "Тәжікстан"),
        "the Republic of Tajikistan",
        "Таджикистана",
        "Республики Таджикистан",
        ("ООО", "ОАО"),
        "Таджикско",
        "таджикский",
    ),
    _country(
        "KG",
        2.5,
        (("ru", 0.85), ("en", 0.15)),
        ((("ky", "ru", "en"), 5), (("ky", "ru"), 4)),
        "kg",
        _CIS_UI,
        ("LLC", "OJSC"),
        ("Kyrgyzstan", "Киргизия", "吉尔吉斯斯坦", "Quirguistão", "Қырғызстан"),
        "the Kyrgyz Republic",
        "Киргизии",
        "Кыргызской Республики",
        ("ОсОО", "ОАО"),
        "Кыргызско",
        "кыргызский",
    ),
    _country(
        "AM",
        2.5,
        (("en", 0.65), ("ru", 0.35)),
        ((("hy", "ru", "en"), 7), (("hy", "en"), 3)),
        "am",
        _CIS_UI,
        ("LLC", "CJSC"),
        ("Armenia", "Армения", "亚美尼亚", "Armênia", "Армения"),
        "the Republic of Armenia",
        "Армении",
        "Республики Армения",
        ("ООО", "ЗАО"),
        "Армяно",
        "армянский",
    ),
    _country(
        "AZ",
        1.5,
        (("en", 0.65), ("ru", 0.35)),
        ((("ru", "en"), 6), (("en",), 2)),
        "az",
        _CIS_UI,
        ("LLC", "OJSC"),
        ("Azerbaijan", "Азербайджан", "阿塞拜疆", "Azerbaijão", "Әзірбайжан"),
        "the Republic of Azerbaijan",
        "Азербайджана",
        "Азербайджанской Республики",
        ("ООО", "ОАО"),
        "Азербайджано",
        "азербайджанский",
    ),
    _country(
        "MN",
        1,
        (("en", 0.8), ("ru", 0.2)),
        ((("en", "ru"), 5), (("en",), 5)),
        "mn",
        "en",
        ("LLC", "JSC"),
        ("Mongolia", "Монголия", "蒙古", "Mongólia", "Моңғолия"),
        "Mongolia",
        "Монголии",
        "Монголии",
        ("ООО", "АО"),
        "Монголо",
        "монгольский",
    ),
    _country(
        "IN",
        5,
        _EN,
        ((("en", "hi"), 7), (("en",), 3)),
        "en_IN",
        "en",
        ("Pvt Ltd", "Ltd"),
        ("India", "Индия", "印度", "Índia", "Үндістан"),
        "India",
        "Индии",
        "Республики Индия",
        ru_adj="индийский",
    ),
    _country(
        "BR",
        3.5,
        (("en", 0.6), ("pt", 0.4)),
        ((("pt", "en"), 6), (("pt", "en", "es"), 3), (("pt",), 1)),
        "pt_BR",
        "en",
        ("Ltda", "S.A."),
        ("Brazil", "Бразилия", "巴西", "Brasil", "Бразилия"),
        "Brazil",
        "Бразилии",
        "Федеративной Республики Бразилия",
        ru_adj="бразильский",
    ),
    _country(
        "MA",
        1.5,
        _EN,
        ((("ar", "fr", "en"), 7), (("ar", "fr"), 2), (("fr", "en"), 1)),
        "ma",
        "en",
        ("SARL", "SA"),
        ("Morocco", "Марокко", "摩洛哥", "Marrocos", "Марокко"),
        "the Kingdom of Morocco",
        "Марокко",
        "Королевства Марокко",
        ru_adj="марокканский",
    ),
    _country(
        "PH",
        1.5,
        _EN,
        ((("tl", "en"), 7), (("en",), 3)),
        "ph",
        "en",
        ("Inc.", "Corporation"),
        ("the Philippines", "Филиппины", "菲律宾", "Filipinas", "Филиппин"),
        "the Philippines",
        "Филиппин",
        "Республики Филиппины",
        ru_adj="филиппинский",
    ),
    _country(
        "AE",
        2,
        _EN,
        ((("ar", "en"), 9), (("en",), 1)),
        "gulf",
        "en",
        ("FZ-LLC", "PJSC"),
        ("the UAE", "ОАЭ", "阿联酋", "Emirados Árabes Unidos", "БАӘ"),
        "the United Arab Emirates",
        "ОАЭ",
        "Объединённых Арабских Эмиратов",
        ru_adj="эмиратский",
    ),
    _country(
        "SA",
        1,
        _EN,
        ((("ar", "en"), 9), (("en",), 1)),
        "gulf",
        "en",
        ("LLC", "Company"),
        ("Saudi Arabia", "Саудовская Аравия", "沙特阿拉伯", "Arábia Saudita", "Сауд Арабиясы"),
        "the Kingdom of Saudi Arabia",
        "Саудовской Аравии",
        "Королевства Саудовская Аравия",
        ru_adj="саудовский",
    ),
    _country(
        "IR",
        2,
        _EN,
        ((("fa", "en"), 8), (("fa", "en", "ru"), 2)),
        "ir",
        "en",
        ("Co.", "Group"),
        ("Iran", "Иран", "伊朗", "Irã", "Иран"),
        "the Islamic Republic of Iran",
        "Ирана",
        "Исламской Республики Иран",
        ru_adj="иранский",
    ),
    _country(
        "VN",
        2,
        _EN,
        ((("vi", "en"), 8), (("vi", "en", "ru"), 2)),
        "vi",
        "en",
        ("Co., Ltd", "JSC"),
        ("Vietnam", "Вьетнам", "越南", "Vietnã", "Вьетнам"),
        "Viet Nam",
        "Вьетнама",
        "Социалистической Республики Вьетнам",
        ru_adj="вьетнамский",
    ),
    _country(
        "EG",
        2,
        _EN,
        ((("ar", "en"), 8), (("ar", "en", "fr"), 2)),
        "eg",
        "en",
        ("LLC", "S.A.E."),
        ("Egypt", "Египет", "埃及", "Egito", "Мысыр"),
        "the Arab Republic of Egypt",
        "Египта",
        "Арабской Республики Египет",
        ru_adj="египетский",
    ),
    _country(
        "ZA",
        2,
        _EN,
        ((("en",), 10),),
        "za",
        "en",
        ("(Pty) Ltd", "Ltd"),
        ("South Africa", "ЮАР", "南非", "África do Sul", "ОАР"),
        "the Republic of South Africa",
        "ЮАР",
        "Южно-Африканской Республики",
        ru_adj="южноафриканский",
    ),
    _country(
        "US",
        2.5,
        _EN,
        ((("en",), 7), (("en", "es"), 3)),
        "en_US",
        "en",
        ("Inc.", "Corp."),
        ("the USA", "США", "美国", "EUA", "АҚШ"),
        "the United States",
        "США",
        "Соединённых Штатов Америки",
        ru_adj="американский",
    ),
    _country(
        "TR",
        2,
        _EN,
        ((("en",), 6), (("en", "de"), 2), (("en", "ru"), 2)),
        "tr_TR",
        "en",
        ("A.Ş.", "Holding A.Ş."),
        ("Türkiye", "Турция", "土耳其", "Turquia", "Түркия"),
        "the Republic of Türkiye",
        "Турции",
        "Турецкой Республики",
        ru_adj="турецкий",
    ),
    _country(
        "ID",
        2,
        _EN,
        ((("en",), 10),),
        "id_ID",
        "en",
        ("PT", "PT Tbk"),
        ("Indonesia", "Индонезия", "印度尼西亚", "Indonésia", "Индонезия"),
        "the Republic of Indonesia",
        "Индонезии",
        "Республики Индонезия",
        ru_adj="индонезийский",
    ),
    _country(
        "RS",
        1.5,
        _EN,
        ((("en", "ru"), 6), (("en",), 4)),
        "rs",
        "en",
        ("d.o.o.", "a.d."),
        ("Serbia", "Сербия", "塞尔维亚", "Sérvia", "Сербия"),
        "the Republic of Serbia",
        "Сербии",
        "Республики Сербия",
        ru_adj="сербский",
    ),
    _country(
        "ET",
        1,
        _EN,
        ((("en",), 10),),
        "et",
        "en",
        ("PLC", "Share Company"),
        ("Ethiopia", "Эфиопия", "埃塞俄比亚", "Etiópia", "Эфиопия"),
        "the Federal Democratic Republic of Ethiopia",
        "Эфиопии",
        "Федеративной Демократической Республики Эфиопия",
        ru_adj="эфиопский",
    ),
)
_COUNTRY_BY_CODE = {country.code: country for country in _COUNTRIES}
_COUNTRY_CUMULATIVE = tuple(itertools.accumulate(country.weight for country in _COUNTRIES))
_NAME_LANGUAGE_INDEX = {"en": 0, "ru": 1, "zh": 2, "pt": 3, "kk": 4}
# Countries a business council or an offer is most often aimed at.
_PARTNERS = ("RU", "CN", "IN", "KZ", "BY", "BR", "AE", "TR", "UZ", "IR", "VN", "EG")


def _country_name(code: str, language: str) -> str:
    return _COUNTRY_BY_CODE[code].names[_NAME_LANGUAGE_INDEX.get(language, 0)]


def _weighted(rng: random.Random, options: Sequence[tuple[_Option, float]]) -> _Option:
    total = 0.0
    for _option, weight in options:
        total += weight
    point = rng.random() * total
    for option, weight in options:
        point -= weight
        if point < 0:
            return option
    return options[-1][0]


@cache
def _city_cumulative(code: str) -> tuple[float, ...]:
    return tuple(itertools.accumulate(city.weight for city in _CITIES[code]))


def _pick_city(rng: random.Random, code: str) -> _City:
    return rng.choices(_CITIES[code], cum_weights=_city_cumulative(code))[0]


# --------------------------------------------------------------------------------------------
# Topics: a phrase per language for the topic codes we know, a generic phrase otherwise
# --------------------------------------------------------------------------------------------

# code: (en, ru, zh, pt, kk)
_TOPIC_PHRASES: dict[str, tuple[str, str, str, str, str]] = {
    "ai": (
        "artificial intelligence",
        "искусственный интеллект",
        "人工智能",
        "inteligência artificial",
        "жасанды интеллект",
    ),
    "machine-learning": (
        "machine learning",
        "машинное обучение",
        "机器学习",
        "aprendizado de máquina",
        "машиналық оқыту",
    ),
    "big-data": (
        "big data analytics",
        "большие данные",
        "大数据",
        "análise de big data",
        "үлкен деректер",
    ),
    "cybersecurity": (
        "cybersecurity",
        "информационная безопасность",
        "网络安全",
        "cibersegurança",
        "киберқауіпсіздік",
    ),
    "fintech": (
        "financial technology",
        "финансовые технологии",
        "金融科技",
        "tecnologia financeira",
        "қаржылық технологиялар",
    ),
    "blockchain": ("blockchain", "блокчейн", "区块链", "blockchain", "блокчейн"),
    "e-government": (
        "e-government",
        "электронное правительство",
        "电子政务",
        "governo digital",
        "электрондық үкімет",
    ),
    "smart-city": (
        "smart cities",
        "умный город",
        "智慧城市",
        "cidades inteligentes",
        "ақылды қала",
    ),
    "iot": (
        "the internet of things",
        "интернет вещей",
        "物联网",
        "internet das coisas",
        "заттар интернеті",
    ),
    "telecom": (
        "telecommunications",
        "телекоммуникации",
        "通信技术",
        "telecomunicações",
        "телекоммуникациялар",
    ),
    "cloud": (
        "cloud computing",
        "облачные технологии",
        "云计算",
        "computação em nuvem",
        "бұлттық технологиялар",
    ),
    "software": (
        "software development",
        "разработка программного обеспечения",
        "软件开发",
        "desenvolvimento de software",
        "бағдарламалық жасақтама әзірлеу",
    ),
    "robotics": ("robotics", "робототехника", "机器人技术", "robótica", "робототехника"),
    "manufacturing": (
        "smart manufacturing",
        "умное производство",
        "智能制造",
        "manufatura avançada",
        "ақылды өндіріс",
    ),
    "materials": (
        "advanced materials",
        "новые материалы",
        "新材料",
        "materiais avançados",
        "жаңа материалдар",
    ),
    "microelectronics": (
        "microelectronics",
        "микроэлектроника",
        "集成电路",
        "microeletrônica",
        "микроэлектроника",
    ),
    "energy": ("energy", "энергетика", "能源技术", "energia", "энергетика"),
    "renewable-energy": (
        "renewable energy",
        "возобновляемая энергетика",
        "可再生能源",
        "energia renovável",
        "жаңартылатын энергетика",
    ),
    "oil-gas": (
        "oil and gas technology",
        "нефтегазовые технологии",
        "油气技术",
        "tecnologia de petróleo e gás",
        "мұнай-газ технологиялары",
    ),
    "nuclear": (
        "nuclear technology",
        "атомные технологии",
        "核能技术",
        "tecnologia nuclear",
        "атом технологиялары",
    ),
    "agritech": ("agritech", "агротехнологии", "农业科技", "agrotecnologia", "агротехнологиялар"),
    "foodtech": (
        "food technology",
        "технологии питания",
        "食品科技",
        "tecnologia de alimentos",
        "азық-түлік технологиялары",
    ),
    "biotech": ("biotechnology", "биотехнологии", "生物技术", "biotecnologia", "биотехнология"),
    "pharma": (
        "pharmaceuticals",
        "фармацевтика",
        "生物医药",
        "indústria farmacêutica",
        "фармацевтика",
    ),
    "medtech": (
        "medical technology",
        "медицинские технологии",
        "医疗器械",
        "tecnologia médica",
        "медициналық технологиялар",
    ),
    "digital-health": (
        "digital health",
        "цифровое здравоохранение",
        "数字医疗",
        "saúde digital",
        "цифрлық денсаулық сақтау",
    ),
    "edtech": (
        "education technology",
        "образовательные технологии",
        "教育科技",
        "tecnologia educacional",
        "білім беру технологиялары",
    ),
    "logistics": ("logistics", "логистика", "智慧物流", "logística", "логистика"),
    "transport": (
        "transport and mobility",
        "транспорт и мобильность",
        "智能交通",
        "mobilidade e transporte",
        "көлік және мобильділік",
    ),
    "space": (
        "space technology",
        "космические технологии",
        "航天技术",
        "tecnologia espacial",
        "ғарыш технологиялары",
    ),
    "aerospace": (
        "aerospace",
        "авиационная и космическая техника",
        "航空航天",
        "aeroespacial",
        "аэроғарыш саласы",
    ),
    "cleantech": (
        "clean technology",
        "экология и чистые технологии",
        "环保科技",
        "tecnologias limpas",
        "экология және таза технологиялар",
    ),
    "water": (
        "water technology",
        "водные технологии",
        "水处理技术",
        "tecnologias da água",
        "су технологиялары",
    ),
    "mining": (
        "mining technology",
        "горнодобывающие технологии",
        "智慧矿山",
        "mineração",
        "тау-кен технологиялары",
    ),
    "construction": (
        "construction technology",
        "строительные технологии",
        "智能建造",
        "construção civil",
        "құрылыс технологиялары",
    ),
    "creative-industries": (
        "the creative industries",
        "креативные индустрии",
        "文化创意产业",
        "economia criativa",
        "креативті индустриялар",
    ),
    "tourism": ("tourism", "туризм", "智慧旅游", "turismo", "туризм"),
    "e-commerce": (
        "e-commerce",
        "электронная коммерция",
        "电子商务",
        "comércio eletrônico",
        "электрондық коммерция",
    ),
    "export": (
        "technology export",
        "экспорт технологий",
        "技术出口",
        "exportação de tecnologia",
        "технологиялар экспорты",
    ),
    "vr-ar": (
        "virtual and augmented reality",
        "виртуальная и дополненная реальность",
        "虚拟现实与增强现实",
        "realidade virtual e aumentada",
        "виртуалды және толықтырылған шындық",
    ),
    "quantum": (
        "quantum technology",
        "квантовые технологии",
        "量子技术",
        "tecnologias quânticas",
        "кванттық технологиялар",
    ),
    "open-innovation": (
        "open innovation",
        "открытые инновации",
        "开放式创新",
        "inovação aberta",
        "ашық инновациялар",
    ),
    "drones": (
        "unmanned aerial systems",
        "беспилотные авиационные системы",
        "无人机",
        "drones",
        "ұшқышсыз ұшу аппараттары",
    ),
    "digital-economy": (
        "the digital economy",
        "цифровая экономика",
        "数字经济",
        "economia digital",
        "цифрлық экономика",
    ),
    # the rest of the directory's taxonomy (data/topics.json)
    "smart-city-services": (
        "electronic urban services",
        "электронные городские сервисы",
        "城市电子服务",
        "serviços urbanos digitais",
        "электрондық қалалық қызметтер",
    ),
    "intelligent-transport": (
        "intelligent transport systems",
        "интеллектуальные транспортные системы",
        "智能交通",
        "sistemas inteligentes de transporte",
        "зияткерлік көлік жүйелері",
    ),
    "urban-planning": (
        "urban planning",
        "градостроительство",
        "城市规划",
        "planejamento urbano",
        "қала құрылысы",
    ),
    "video-surveillance": (
        "video surveillance and public safety",
        "видеонаблюдение и общественная безопасность",
        "视频监控与公共安全",
        "videomonitoramento e segurança pública",
        "бейнебақылау және қоғамдық қауіпсіздік",
    ),
    "e-public-services": (
        "electronic public services",
        "электронные государственные услуги",
        "电子政务服务",
        "serviços públicos digitais",
        "электрондық мемлекеттік қызметтер",
    ),
    "public-administration-digitalization": (
        "digitalisation of public administration",
        "цифровизация государственного управления",
        "政务数字化",
        "digitalização da administração pública",
        "мемлекеттік басқаруды цифрландыру",
    ),
    "e-signature-pki": (
        "electronic signatures and PKI",
        "электронная подпись",
        "电子签名与公钥基础设施",
        "assinatura eletrônica",
        "электрондық цифрлық қолтаңба",
    ),
    "digital-registries": (
        "tax administration and digital registries",
        "цифровые реестры",
        "数字登记与税务管理",
        "registros digitais",
        "цифрлық тізілімдер",
    ),
    "digital-regulation": (
        "digital regulation",
        "регулирование цифровой среды",
        "数字监管",
        "regulação digital",
        "цифрлық реттеу",
    ),
    "intellectual-property": (
        "intellectual property",
        "интеллектуальная собственность",
        "知识产权",
        "propriedade intelectual",
        "зияткерлік меншік",
    ),
    "social-services": (
        "social protection services",
        "социальная защита",
        "社会保障服务",
        "serviços de proteção social",
        "әлеуметтік қорғау",
    ),
    "digital-tech": (
        "frontier digital technologies",
        "сквозные цифровые технологии",
        "前沿数字技术",
        "tecnologias digitais de ponta",
        "өтпелі цифрлық технологиялар",
    ),
    "advanced-computing": (
        "high-performance computing",
        "высокопроизводительные вычисления",
        "高性能计算",
        "computação de alto desempenho",
        "жоғары өнімді есептеулер",
    ),
    "electronic-components": (
        "electronic components",
        "электронные компоненты",
        "电子元器件",
        "componentes eletrônicos",
        "электрондық компоненттер",
    ),
    "photonics-lasers": (
        "photonics and lasers",
        "фотоника и лазерные технологии",
        "光电子与激光技术",
        "fotônica e lasers",
        "фотоника және лазерлік технологиялар",
    ),
    "electronics-manufacturing": (
        "electronics manufacturing",
        "производство электроники",
        "电子制造",
        "fabricação de eletrônicos",
        "электроника өндірісі",
    ),
    "mobile-communications": (
        "mobile communications",
        "мобильная связь",
        "移动通信",
        "comunicações móveis",
        "мобильді байланыс",
    ),
    "fibre-optic-networks": (
        "fibre-optic networks",
        "волоконно-оптические сети",
        "光纤网络",
        "redes de fibra óptica",
        "талшықты-оптикалық желілер",
    ),
    "satellite-communications": (
        "satellite communications",
        "спутниковая связь",
        "卫星通信",
        "comunicações por satélite",
        "спутниктік байланыс",
    ),
    "radio-spectrum": (
        "radio spectrum management",
        "управление радиочастотным спектром",
        "无线电频谱管理",
        "gestão do espectro de radiofrequências",
        "радиожиілік спектрін басқару",
    ),
    "it-infrastructure": (
        "IT infrastructure",
        "ИТ-инфраструктура",
        "信息技术基础设施",
        "infraestrutura de TI",
        "IT инфрақұрылымы",
    ),
    "data-centres": (
        "data centres",
        "центры обработки данных",
        "数据中心",
        "data centers",
        "деректерді өңдеу орталықтары",
    ),
    "internet-governance": (
        "internet governance",
        "управление интернетом",
        "互联网治理",
        "governança da internet",
        "интернетті басқару",
    ),
    "digital-payments": (
        "digital payments",
        "цифровые платежи",
        "数字支付",
        "pagamentos digitais",
        "цифрлық төлемдер",
    ),
    "banking-infrastructure": (
        "banking infrastructure",
        "банковская инфраструктура",
        "银行基础设施",
        "infraestrutura bancária",
        "банк инфрақұрылымы",
    ),
    "digital-trade": (
        "digital trade",
        "цифровая торговля",
        "数字贸易",
        "comércio digital",
        "цифрлық сауда",
    ),
    "innovation-ecosystem": (
        "innovation ecosystems",
        "инновационная экосистема",
        "创新生态",
        "ecossistemas de inovação",
        "инновациялық экожүйе",
    ),
    "startup-acceleration": (
        "startup acceleration",
        "акселерация стартапов",
        "创业孵化与加速",
        "aceleração de startups",
        "стартаптарды акселерациялау",
    ),
    "venture-capital": (
        "venture capital",
        "венчурные инвестиции",
        "风险投资",
        "capital de risco",
        "венчурлық инвестициялар",
    ),
    "technology-transfer": (
        "technology transfer",
        "трансфер технологий",
        "技术转移",
        "transferência de tecnologia",
        "технологиялар трансфері",
    ),
    "soft-landing": (
        "soft landing and market entry",
        "выход на зарубежные рынки",
        "海外市场软着陆",
        "soft landing e entrada em novos mercados",
        "шетел нарықтарына шығу",
    ),
    "technoparks": (
        "technoparks and innovation clusters",
        "технопарки и инновационные кластеры",
        "科技园区与产业集群",
        "parques tecnológicos e clusters",
        "технопарктер мен инновациялық кластерлер",
    ),
    "education": (
        "education and skills",
        "образование и кадры",
        "教育与人才培养",
        "educação e capacitação",
        "білім беру және кадрлар",
    ),
    "it-training": (
        "IT training",
        "подготовка ИТ-кадров",
        "信息技术人才培训",
        "formação em TI",
        "IT мамандарын даярлау",
    ),
    "academic-cooperation": (
        "academic cooperation",
        "академическое сотрудничество",
        "学术合作",
        "cooperação acadêmica",
        "академиялық ынтымақтастық",
    ),
    "postal-services": (
        "postal services",
        "почтовая связь",
        "邮政服务",
        "serviços postais",
        "пошта байланысы",
    ),
    "supply-chain": (
        "cross-border supply chains",
        "трансграничная логистика",
        "跨境供应链",
        "cadeias de suprimentos internacionais",
        "трансшекаралық логистика",
    ),
    "green-logistics": (
        "sustainable logistics",
        "устойчивая логистика",
        "绿色物流",
        "logística sustentável",
        "тұрақты логистика",
    ),
    "nuclear-energy": (
        "nuclear energy",
        "атомная энергетика",
        "核能",
        "energia nuclear",
        "атом энергетикасы",
    ),
    "energy-storage": (
        "energy storage",
        "накопители энергии",
        "储能技术",
        "armazenamento de energia",
        "энергия жинақтау жүйелері",
    ),
    "environmental-protection": (
        "environmental protection",
        "охрана окружающей среды",
        "环境保护",
        "proteção ambiental",
        "қоршаған ортаны қорғау",
    ),
    "green-economy": (
        "the green economy",
        "зелёная экономика",
        "绿色经济",
        "economia verde",
        "жасыл экономика",
    ),
    "health": ("healthcare", "здравоохранение", "医疗健康", "saúde", "денсаулық сақтау"),
    "science": (
        "scientific research",
        "научные исследования",
        "科学研究",
        "pesquisa científica",
        "ғылыми зерттеулер",
    ),
    "nuclear-physics": (
        "nuclear physics",
        "ядерная физика",
        "核物理",
        "física nuclear",
        "ядролық физика",
    ),
    "nanotechnology": (
        "nanotechnology",
        "нанотехнологии",
        "纳米技术",
        "nanotecnologia",
        "нанотехнологиялар",
    ),
    "scientific-instruments": (
        "scientific instruments",
        "научное и лабораторное оборудование",
        "科学仪器",
        "instrumentos científicos",
        "ғылыми және зертханалық жабдықтар",
    ),
    "industry": (
        "industry and manufacturing",
        "промышленность",
        "工业制造",
        "indústria",
        "өнеркәсіп",
    ),
    "industrial-equipment": (
        "industrial equipment and machine tools",
        "промышленное оборудование и станки",
        "工业装备与机床",
        "equipamentos industriais",
        "өнеркәсіптік жабдықтар",
    ),
    "import-substitution": (
        "import substitution",
        "импортозамещение",
        "进口替代",
        "substituição de importações",
        "импортты алмастыру",
    ),
    "agriculture": (
        "agriculture and food",
        "сельское хозяйство",
        "农业与食品",
        "agricultura",
        "ауыл шаруашылығы",
    ),
    "agri-food-trade": (
        "agri-food trade",
        "торговля продовольствием",
        "农产品贸易",
        "comércio agroalimentar",
        "азық-түлік саудасы",
    ),
    "media-culture": (
        "media and culture",
        "медиа и культура",
        "媒体与文化",
        "mídia e cultura",
        "медиа және мәдениет",
    ),
    "mass-media": (
        "mass media",
        "средства массовой информации",
        "大众传媒",
        "meios de comunicação",
        "бұқаралық ақпарат құралдары",
    ),
    "social-media": (
        "social media and online platforms",
        "социальные сети и онлайн-платформы",
        "社交媒体与在线平台",
        "redes sociais e plataformas online",
        "әлеуметтік желілер",
    ),
    "tourism-culture": (
        "culture and tourism",
        "культура и туризм",
        "文化旅游",
        "cultura e turismo",
        "мәдениет және туризм",
    ),
}
_TOPIC_ALIASES = {
    "artificial-intelligence": "ai",
    "ml": "machine-learning",
    "data": "big-data",
    "bigdata": "big-data",
    "data-science": "big-data",
    "analytics": "big-data",
    "security": "cybersecurity",
    "information-security": "cybersecurity",
    "infosec": "cybersecurity",
    "govtech": "e-government",
    "digital-government": "e-government",
    "egov": "e-government",
    "smartcity": "smart-city",
    "smart-cities": "smart-city",
    "urban": "smart-city",
    "internet-of-things": "iot",
    "5g": "telecom",
    "telecommunications": "telecom",
    "ict": "telecom",
    "cloud-computing": "cloud",
    "industry-4-0": "manufacturing",
    "industry40": "manufacturing",
    "smart-manufacturing": "manufacturing",
    "advanced-manufacturing": "manufacturing",
    "semiconductors": "microelectronics",
    "electronics": "microelectronics",
    "renewables": "renewable-energy",
    "clean-energy": "renewable-energy",
    "green-energy": "renewable-energy",
    "solar": "renewable-energy",
    "oil-and-gas": "oil-gas",
    "oil": "oil-gas",
    "agtech": "agritech",
    "agro": "agritech",
    "food": "foodtech",
    "biotechnology": "biotech",
    "pharmaceuticals": "pharma",
    "healthcare": "health",
    "healthtech": "digital-health",
    "medicine": "medtech",
    "education": "edtech",
    "mobility": "transport",
    "automotive": "transport",
    "environment": "cleantech",
    "ecology": "cleantech",
    "climate": "cleantech",
    "green": "cleantech",
    "ecommerce": "e-commerce",
    "retail": "e-commerce",
    "vr": "vr-ar",
    "ar": "vr-ar",
    "metaverse": "vr-ar",
    "uav": "drones",
    "transport-mobility": "transport",
    "new-materials": "materials",
    "space-technology": "space",
    "ar-vr": "vr-ar",
    "fin": "fintech",
    "creative": "creative-industries",
}
_GENERIC_TOPIC = (
    "digital technologies",
    "цифровые технологии",
    "数字技术",
    "tecnologias digitais",
    "цифрлық технологиялар",
)


@cache
def _topic_phrases(code: str) -> tuple[str, str, str, str, str] | None:
    """The phrases for a topic code, matched exactly, then by alias, then by its parts."""
    key = code.strip().lower().replace("_", "-").replace(" ", "-")
    candidates = [key, key.replace("-", ""), *key.split("-")]
    for candidate in candidates:
        if candidate in _TOPIC_PHRASES:
            return _TOPIC_PHRASES[candidate]
        if candidate in _TOPIC_ALIASES:
            return _TOPIC_PHRASES[_TOPIC_ALIASES[candidate]]
    return None


def _topic_phrase(code: str, language: str) -> str:
    phrases = _topic_phrases(code)
    index = _NAME_LANGUAGE_INDEX.get(language, 0)
    if phrases is not None:
        return phrases[index]
    if language == "en":
        return code.replace("_", " ").replace("-", " ").strip().lower() or _GENERIC_TOPIC[0]
    return _GENERIC_TOPIC[index]


def _topic_list(codes: Sequence[str], language: str) -> str:
    phrases = list(dict.fromkeys(_topic_phrase(code, language) for code in codes))
    if not phrases:
        phrases = [_GENERIC_TOPIC[_NAME_LANGUAGE_INDEX.get(language, 0)]]
    if language == "zh":
        return "、".join(phrases)
    conjunction = {"en": " and ", "pt": " e "}.get(language)
    if conjunction and len(phrases) > 1 and not any(conjunction in phrase for phrase in phrases):
        return ", ".join(phrases[:-1]) + conjunction + phrases[-1]
    return ", ".join(phrases)


_TOPIC_NEIGHBOURHOOD = 3


def _related_topics(rng: random.Random, topics: Sequence[str]) -> list[str]:
    """One to three topics lying close together in ``topics``: the taxonomy lists an area's
    topics together, so an organisation's topics belong to one or two neighbouring areas."""
    if not topics:
        return []
    anchor = rng.randrange(len(topics))
    nearby = topics[max(0, anchor - _TOPIC_NEIGHBOURHOOD) : anchor + _TOPIC_NEIGHBOURHOOD + 1]
    others = [topic for topic in nearby if topic != topics[anchor]]
    wanted = rng.choice((0, 0, 1, 1, 1, 2, 2))
    return [topics[anchor], *rng.sample(others, min(wanted, len(others)))]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# People's names
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _NamePool:
    first_male: tuple[str, ...]
    first_female: tuple[str, ...]
    last_male: tuple[str, ...]
    last_female: tuple[str, ...]
    middle_male: tuple[str, ...] = ()
    middle_female: tuple[str, ...] = ()


_POOL_SIZE = 400


@cache
def _faker_pool(locale: str) -> _NamePool:
    """Names drawn once per process from a Faker locale with a fixed seed, so that frequent names
    stay frequent and the pool is the same on every run."""
    fake = Faker(locale)
    fake.seed_instance(zlib.crc32(locale.encode()))

    def draw(method: Callable[[], str]) -> tuple[str, ...]:
        return tuple(method() for _ in range(_POOL_SIZE))

    middle_male: tuple[str, ...] = ()
    middle_female: tuple[str, ...] = ()
    if locale == "ru_RU":
        middle_male = draw(fake.middle_name_male)
        middle_female = draw(fake.middle_name_female)
    return _NamePool(
        first_male=draw(fake.first_name_male),
        first_female=draw(fake.first_name_female),
        last_male=draw(fake.last_name_male),
        last_female=draw(fake.last_name_female),
        middle_male=middle_male,
        middle_female=middle_female,
    )


def _feminine_surname(surname: str) -> str:
    """Slavic and Central Asian surnames agree with gender; Armenian, Kazakh "-ұлы" and Tajik
    "-зода" ones do not."""
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith("ский"):
        return surname[:-4] + "ская"
    if surname.endswith("цкий"):
        return surname[:-4] + "цкая"
    return surname


def _cyrillic_pool(first_male: str, first_female: str, last: str) -> _NamePool:
    surnames = tuple(last.split())
    return _NamePool(
        first_male=tuple(first_male.split()),
        first_female=tuple(first_female.split()),
        last_male=surnames,
        last_female=tuple(_feminine_surname(surname) for surname in surnames),
    )


def _latin_pool(first_male: str, first_female: str, last: str) -> _NamePool:
    surnames = tuple(last.split("|"))
    return _NamePool(
        tuple(first_male.split("|")), tuple(first_female.split("|")), surnames, surnames
    )


_CYRILLIC_POOLS = {
    "kz": _cyrillic_pool(
        "Нурлан Ерлан Асхат Бауыржан Даурен Ержан Айдар Арман Канат Серик Тимур Алибек Ермек Жандос "
        "Руслан Марат Азамат Дастан Ильяс Санжар Олжас Бекзат Мирас Аскар Талгат",
        "Айгерим Динара Гульнара Жанар Асель Камила Алия Мадина Айжан Сауле Дана Томирис Жазира Аружан "
        "Меруерт Гульмира Ботагоз Лаура Аида Салтанат Акмарал Жулдыз",
        "Нурланов Сейткали Жумабаев Абдрахманов Искаков Ахметов Кенжебаев Омаров Сулейменов Тулегенов "
        "Касымов Байжанов Есенов Мусин Бекмуханбетов Садыков Исабеков Жаксылыков Утемисов Калиев "
        "Мухамедиев Турсынбаев Смагулов Оспанов Аубакиров Ержанов Нуркенов Сатпаев Ибраев Тажибаев",
    ),
    "uz": _cyrillic_pool(
        "Азиз Жамшид Шерзод Бахтиёр Рустам Фаррух Улугбек Отабек Дилшод Санжар Шухрат Бобур Алишер "
        "Тимур Нодир Ислом Жахонгир Сардор Анвар Равшан Акмал Бекзод",
        "Дилноза Гулнора Нилуфар Малика Шахноза Зарина Мадина Севара Нигора Феруза Дилфуза Камола "
        "Мохира Умида Лола Гулчехра Нодира",
        "Каримов Юсупов Рахимов Ахмедов Султанов Абдуллаев Исмоилов Тошматов Усмонов Хакимов Назаров "
        "Мирзаев Эргашев Холматов Рашидов Файзуллаев Бахромов Жураев Сайфуллаев Турсунов Алимов Кадыров",
    ),
    "tj": _cyrillic_pool(
        "Фаррух Бахтовар Рустам Далер Фирдавс Шерали Искандар Сухроб Умед Джамшед Парвиз Носир Аброр "
        "Хуршед Комрон Манучехр Шахриёр",
        "Мехрангез Нигина Зарина Тахмина Фарангис Гулнора Малика Шахло Мадина Дилором Мунира Сафина",
        "Рахимов Назаров Саидов Каримов Давлатов Шарипов Мирзоев Юсуфов Одинаев Раджабов Сафаров "
        "Хакимов Кодиров Иброгимов Ашуров Гафуров Зоиров Шарифзода Абдуллозода Курбонзода",
    ),
    "kg": _cyrillic_pool(
        "Айбек Бакыт Нурбек Эрлан Темирлан Азамат Улан Чынгыз Мирлан Бекжан Талант Кубанычбек Эльдияр "
        "Адилет Данияр Эмиль",
        "Айгуль Жылдыз Айпери Нургуль Чолпон Бермет Айзада Гульзат Асель Канышай Назира Элиза Айнура",
        "Токтогулов Асанов Жумабеков Осмонов Садыров Мамытов Алымкулов Бакиров Эсенгулов Иманалиев "
        "Турдубаев Абдыкадыров Сыдыков Орозбеков Жээнбеков Молдокулов Усенов",
    ),
    "am": _cyrillic_pool(
        "Армен Арам Давид Тигран Ашот Карен Гор Айк Ваган Артур Левон Самвел Грант Нарек Рубен Арсен",
        "Анна Мариам Ани Лусине Нарине Гаяне Астгик Седа Ануш Лилит Сона Мане Карине",
        "Саргсян Петросян Акопян Григорян Карапетян Мкртчян Оганесян Арутюнян Аветисян Маргарян "
        "Хачатрян Геворгян Степанян Казарян Манукян Симонян Варданян Товмасян",
    ),
    "az": _cyrillic_pool(
        "Эльчин Рашад Фарид Турал Орхан Ильгар Самир Эмин Эльвин Кянан Рауф Вугар Анар Джавид Намик",
        "Айгюн Лейла Нигяр Гюнай Севиндж Нармин Айтан Севда Гюльнар Камила Ульвия Айсель",
        "Алиев Мамедов Гасанов Гусейнов Керимов Гулиев Исмайлов Рзаев Бабаев Сулейманов Джафаров "
        "Аббасов Ахмедов Велиев Нагиев Мустафаев",
    ),
    "mn": _cyrillic_pool(
        "Батбаяр Ганболд Тэмүүлэн Бат-Эрдэнэ Эрдэнэбат Ганзориг Болд Тулга Сүхбаатар Мөнхбат Энхбаяр Очирбат",
        "Оюунчимэг Сарнай Номин Ариунаа Солонго Энхжаргал Цэцэг Батцэцэг Мөнхзул Уянга Алтанцэцэг",
        # Mongolians use their father's given name as a surname.
        "Батбаяр Ганболд Эрдэнэбат Ганзориг Болд Сүхбаатар Мөнхбат Энхбаяр Очирбат Дорж Пүрэв Баатар",
    ),
}
# Faker's Russian first names and patronymics are drawn uniformly from a long list with many
# archaic names; most people get a common modern name instead.
_RUSSIAN_COMMON_MALE = (
    "Александр",
    "Алексей",
    "Андрей",
    "Антон",
    "Артём",
    "Борис",
    "Вадим",
    "Валерий",
    "Виктор",
    "Владимир",
    "Владислав",
    "Вячеслав",
    "Георгий",
    "Глеб",
    "Денис",
    "Дмитрий",
    "Евгений",
    "Егор",
    "Иван",
    "Игорь",
    "Илья",
    "Кирилл",
    "Константин",
    "Максим",
    "Михаил",
    "Никита",
    "Николай",
    "Олег",
    "Павел",
    "Роман",
    "Руслан",
    "Сергей",
    "Станислав",
    "Степан",
    "Тимофей",
    "Фёдор",
    "Юрий",
    "Ярослав",
    "Матвей",
    "Григорий",
    "Леонид",
    "Пётр",
    "Анатолий",
    "Василий",
)
_RUSSIAN_COMMON_FEMALE = (
    "Александра",
    "Алина",
    "Алёна",
    "Анастасия",
    "Анна",
    "Валентина",
    "Валерия",
    "Вера",
    "Виктория",
    "Галина",
    "Дарья",
    "Екатерина",
    "Елена",
    "Елизавета",
    "Ирина",
    "Карина",
    "Кристина",
    "Ксения",
    "Лариса",
    "Людмила",
    "Маргарита",
    "Марина",
    "Мария",
    "Надежда",
    "Наталья",
    "Нина",
    "Оксана",
    "Ольга",
    "Полина",
    "Светлана",
    "София",
    "Татьяна",
    "Юлия",
    "Яна",
    "Ульяна",
    "Вероника",
    "Алиса",
    "Диана",
)
_RUSSIAN_COMMON_PATRONYMICS = (
    "Александрович",
    "Алексеевич",
    "Андреевич",
    "Антонович",
    "Борисович",
    "Вадимович",
    "Валерьевич",
    "Викторович",
    "Владимирович",
    "Вячеславович",
    "Георгиевич",
    "Денисович",
    "Дмитриевич",
    "Евгеньевич",
    "Игоревич",
    "Константинович",
    "Михайлович",
    "Николаевич",
    "Олегович",
    "Павлович",
    "Романович",
    "Сергеевич",
    "Станиславович",
    "Юрьевич",
    "Анатольевич",
    "Геннадьевич",
    "Петрович",
    "Фёдорович",
    "Григорьевич",
    "Леонидович",
    "Васильевич",
    "Иванович",
    "Ильич",
)


def _feminine_patronymic(patronymic: str) -> str:
    if patronymic == "Ильич":
        return "Ильинична"
    return patronymic[:-2] + "на"  # "-ович" → "-овна", "-евич" → "-евна"


_BELARUSIAN_SURNAMES = (
    "Ковалевич",
    "Жук",
    "Новик",
    "Климович",
    "Савицкий",
    "Лукашевич",
    "Макаревич",
    "Шевчук",
    "Кравченко",
    "Дубровский",
    "Козловский",
    "Гончаренко",
    "Мельник",
    "Бондаренко",
    "Ткачук",
    "Лисовский",
    "Пашкевич",
    "Якимович",
    "Остапенко",
    "Василевич",
    "Кохановский",
)

_LATIN_POOLS = {
    "gulf": _latin_pool(
        "Mohammed|Ahmed|Omar|Khalid|Abdullah|Saeed|Rashid|Sultan|Faisal|Hamad|Majid|Ibrahim|Yousef|Salem|Nasser",
        "Fatima|Mariam|Noura|Aisha|Sara|Hessa|Latifa|Reem|Shamma|Amna|Maitha|Alia|Layla",
        "Al Mansouri|Al Hashimi|Al Nuaimi|Al Suwaidi|Al Mazrouei|Al Ketbi|Al Otaibi|Al Qahtani|Al Ghamdi|"
        "Al Shehhi|Al Falasi|Al Harbi|Al Zahrani|Al Dossari",
    ),
    "eg": _latin_pool(
        "Ahmed|Mohamed|Mahmoud|Mostafa|Amr|Karim|Tarek|Omar|Hassan|Youssef|Sherif|Hany|Khaled|Ali",
        "Mona|Nada|Dina|Rania|Yasmin|Hoda|Salma|Heba|Mariam|Nourhan|Aya|Shaimaa|Menna",
        "El Sayed|Abdelrahman|Mostafa|Farouk|Hassan|Ibrahim|Mahmoud|Fahmy|Shalaby|Mansour|Soliman|"
        "Abdelaziz|Ragab|Hegazy|Ezzat|Khalil",
    ),
    "ma": _latin_pool(
        "Youssef|Mehdi|Amine|Anas|Hamza|Reda|Othmane|Karim|Adil|Rachid|Hicham|Nabil|Yassine|Omar",
        "Salma|Khadija|Fatima Zahra|Meryem|Imane|Soukaina|Houda|Nadia|Hajar|Sanaa|Ghita|Kenza",
        "El Amrani|Benjelloun|Alaoui|Bennani|Tazi|Berrada|El Idrissi|Chraibi|Lahlou|Benkirane|El Ouafi|"
        "Ziani|Bouzid|Rahmouni|Saidi|Naciri|El Mansouri",
    ),
    "ir": _latin_pool(
        "Reza|Ali|Mohammad|Hossein|Mehdi|Amir|Saeed|Hamid|Arash|Babak|Kaveh|Dariush|Farhad|Omid|Navid",
        "Maryam|Fatemeh|Zahra|Sara|Narges|Leila|Shirin|Parisa|Neda|Mahsa|Niloufar|Roya|Azadeh|Elham",
        "Mohammadi|Hosseini|Ahmadi|Rezaei|Moradi|Karimi|Rahimi|Jafari|Hashemi|Ghorbani|Sadeghi|Mousavi|"
        "Kazemi|Tehrani|Esfahani|Shirazi|Najafi|Farahani|Rostami|Bagheri",
    ),
    "ph": _latin_pool(
        "Jose|Juan|Mark|John Paul|Carlo|Miguel|Rafael|Paolo|Angelo|Ramon|Dennis|Joel|Christian|Jerome",
        "Maria|Kristine|Angelica|Jasmine|Patricia|Camille|Andrea|Bea|Joanna|Mary Grace|Rowena|Liza|Catherine",
        "Santos|Reyes|Cruz|Bautista|Ocampo|Garcia|Mendoza|Torres|Villanueva|Ramos|Aquino|Dela Cruz|"
        "Castillo|Navarro|Flores|Gonzales|Fernandez|Tan|Lim|Domingo|Mercado|Soriano",
    ),
    "rs": _latin_pool(
        "Marko|Nikola|Stefan|Luka|Milan|Dragan|Aleksandar|Nemanja|Miloš|Vladimir|Dušan|Ivan|Bojan",
        "Jelena|Milica|Ana|Marija|Ivana|Jovana|Dragana|Tamara|Snežana|Katarina|Sanja|Teodora",
        "Jovanović|Petrović|Nikolić|Marković|Đorđević|Stojanović|Ilić|Stanković|Pavlović|Milošević|"
        "Popović|Kovačević|Todorović|Savić|Lazić",
    ),
    "et": _latin_pool(
        "Abebe|Dawit|Yonas|Tesfaye|Solomon|Bereket|Henok|Samuel|Mulugeta|Getachew|Eyob|Natnael",
        "Selam|Hanna|Meron|Tigist|Bethlehem|Rahel|Liya|Saba|Mahlet|Hiwot|Eden|Tsion",
        "Bekele|Tadesse|Haile|Alemu|Girma|Kebede|Mengistu|Wolde|Tesfaye|Gebremariam|Assefa|Desta|Abebe",
    ),
}

# Chinese names with their pinyin, for Latin spellings and e-mail handles.
_CHINESE_SURNAMES = tuple(
    (pair[0], pair[1:])
    for pair in (
        "王wang",
        "李li",
        "张zhang",
        "刘liu",
        "陈chen",
        "杨yang",
        "黄huang",
        "赵zhao",
        "吴wu",
        "周zhou",
        "徐xu",
        "孙sun",
        "马ma",
        "朱zhu",
        "胡hu",
        "郭guo",
        "何he",
        "高gao",
        "林lin",
        "罗luo",
        "郑zheng",
        "梁liang",
        "谢xie",
        "宋song",
        "唐tang",
        "许xu",
        "韩han",
        "冯feng",
        "邓deng",
        "曹cao",
        "彭peng",
        "曾zeng",
        "肖xiao",
        "田tian",
        "董dong",
        "袁yuan",
        "潘pan",
        "于yu",
        "蒋jiang",
        "蔡cai",
        "余yu",
        "杜du",
        "叶ye",
        "程cheng",
        "苏su",
        "魏wei",
        "吕lyu",
        "丁ding",
        "任ren",
        "沈shen",
    )
)
# The most frequent surnames come first; weight them so 王, 李 and 张 dominate as they do.
_CHINESE_SURNAME_WEIGHTS = tuple(
    max(1.0, 10.0 - index * 0.4) for index in range(len(_CHINESE_SURNAMES))
)
_CHINESE_GIVEN_MALE = tuple(
    (pair[0], pair[1:])
    for pair in (
        "伟wei",
        "强qiang",
        "磊lei",
        "军jun",
        "洋yang",
        "勇yong",
        "杰jie",
        "涛tao",
        "明ming",
        "超chao",
        "刚gang",
        "建jian",
        "国guo",
        "文wen",
        "辉hui",
        "鹏peng",
        "宇yu",
        "浩hao",
        "博bo",
        "志zhi",
        "鑫xin",
        "俊jun",
        "子zi",
        "轩xuan",
        "睿rui",
        "哲zhe",
        "天tian",
        "海hai",
        "峰feng",
        "立li",
        "永yong",
        "德de",
        "成cheng",
        "宏hong",
        "斌bin",
        "亮liang",
        "晨chen",
        "毅yi",
        "龙long",
    )
)
_CHINESE_GIVEN_FEMALE = tuple(
    (pair[0], pair[1:])
    for pair in (
        "芳fang",
        "娜na",
        "敏min",
        "静jing",
        "丽li",
        "艳yan",
        "娟juan",
        "秀xiu",
        "霞xia",
        "英ying",
        "华hua",
        "欣xin",
        "怡yi",
        "婷ting",
        "雪xue",
        "玲ling",
        "丹dan",
        "思si",
        "佳jia",
        "嘉jia",
        "涵han",
        "诗shi",
        "雨yu",
        "晓xiao",
        "红hong",
        "春chun",
        "梦meng",
        "琳lin",
        "颖ying",
        "倩qian",
        "萍ping",
        "慧hui",
    )
)

_VIETNAMESE_MIDDLE_MALE = ("Văn", "Văn", "Đức", "Quang", "Minh", "Hữu", "Thành", "Xuân")
_VIETNAMESE_MIDDLE_FEMALE = ("Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Phương")


@dataclass(frozen=True, slots=True)
class _Name:
    display: str
    first_latin: str
    last_latin: str


def _cyrillic_name(
    first: str, last: str, middle: str, *, latin: bool, to_latin: Callable[[str], str] = _latin
) -> _Name:
    first_latin, last_latin = to_latin(first), to_latin(last)
    if latin:
        return _Name(f"{first_latin} {last_latin}", first_latin, last_latin)
    display = f"{first} {middle} {last}" if middle else f"{first} {last}"
    return _Name(display, first_latin, last_latin)


def _russian_name(
    rng: random.Random, female: bool, latin: bool, *, belarusian: bool = False
) -> _Name:
    pool = _faker_pool("ru_RU")
    if rng.random() < 0.8:
        first = rng.choice(_RUSSIAN_COMMON_FEMALE if female else _RUSSIAN_COMMON_MALE)
    else:
        first = rng.choice(pool.first_female if female else pool.first_male)
    if belarusian and rng.random() < 0.5:
        surname = rng.choice(_BELARUSIAN_SURNAMES)
        last = _feminine_surname(surname) if female else surname
    else:
        last = rng.choice(pool.last_female if female else pool.last_male)
    middle = ""
    if not latin and rng.random() < 0.35:
        if rng.random() < 0.85:
            patronymic = rng.choice(_RUSSIAN_COMMON_PATRONYMICS)
            middle = _feminine_patronymic(patronymic) if female else patronymic
        else:
            middle = rng.choice(pool.middle_female if female else pool.middle_male)
    return _cyrillic_name(first, last, middle, latin=latin)


def _pooled_cyrillic_name(rng: random.Random, style: str, female: bool, latin: bool) -> _Name:
    if (
        style == "kz" and rng.random() < 0.25
    ):  # Kazakhstan's many Russian speakers of Russian descent
        return _russian_name(rng, female, latin)
    pool = _CYRILLIC_POOLS[style]
    first = rng.choice(pool.first_female if female else pool.first_male)
    last = rng.choice(pool.last_female if female else pool.last_male)
    to_latin = _latin_central_asian if style in ("uz", "tj") else _latin
    return _cyrillic_name(first, last, "", latin=latin, to_latin=to_latin)


def _chinese_name(rng: random.Random, female: bool, latin: bool) -> _Name:
    surname, surname_pinyin = rng.choices(_CHINESE_SURNAMES, weights=_CHINESE_SURNAME_WEIGHTS)[0]
    characters = _CHINESE_GIVEN_FEMALE if female else _CHINESE_GIVEN_MALE
    given = [rng.choice(characters) for _ in range(1 if rng.random() < 0.25 else 2)]
    if len(given) == 2 and given[0][0] == given[1][0]:
        given.pop()
    given_name = "".join(character for character, _ in given)
    given_pinyin = "".join(pinyin for _, pinyin in given).capitalize()
    surname_latin = surname_pinyin.capitalize()
    if latin:
        return _Name(f"{surname_latin} {given_pinyin}", given_pinyin, surname_latin)
    return _Name(surname + given_name, given_pinyin, surname_latin)


def _vietnamese_name(rng: random.Random, female: bool) -> _Name:
    pool = _faker_pool("vi_VN")
    last = rng.choice(pool.last_male)
    middle = rng.choice(_VIETNAMESE_MIDDLE_FEMALE if female else _VIETNAMESE_MIDDLE_MALE)
    first = rng.choice(pool.first_female if female else pool.first_male)
    return _Name(f"{last} {middle} {first}", first, last)


def _pooled_latin_name(rng: random.Random, pool: _NamePool, female: bool) -> _Name:
    first = rng.choice(pool.first_female if female else pool.first_male)
    last = rng.choice(pool.last_female if female else pool.last_male)
    return _Name(f"{first} {last}", first, last)


def _person_name(rng: random.Random, style: str, female: bool, latin: bool) -> _Name:
    """A name that looks real for the country; ``latin`` asks for a Latin spelling of names
    normally written in Cyrillic or Chinese characters (the organisation writes in English)."""
    if style == "ru":
        return _russian_name(rng, female, latin)
    if style == "by":
        return _russian_name(rng, female, latin, belarusian=True)
    if style in _CYRILLIC_POOLS:
        return _pooled_cyrillic_name(rng, style, female, latin)
    if style == "zh":
        return _chinese_name(rng, female, latin)
    if style == "vi":
        return _vietnamese_name(rng, female)
    if style in _LATIN_POOLS:
        return _pooled_latin_name(rng, _LATIN_POOLS[style], female)
    if style == "za":
        locale = "zu_ZA" if rng.random() < 0.6 else "en_GB"
        return _pooled_latin_name(rng, _faker_pool(locale), female)
    return _pooled_latin_name(rng, _faker_pool(style), female)  # a Faker locale such as "en_IN"


# --------------------------------------------------------------------------------------------
# Organisation names, one builder per language
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _OrgName:
    name: str  # the full name, with its legal form
    brand: str  # how the descriptions refer to it
    slug: str  # Latin, for the website and e-mail domain


_KINDS = (
    ("startup", 45.0),
    ("corporation", 19.0),
    ("university", 8.0),
    ("government", 6.0),
    ("association", 7.5),
    ("investor", 7.0),
    ("technopark", 7.5),
)
_STAGES = (
    ("idea", 10.0),
    ("prototype", 15.0),
    ("mvp", 25.0),
    ("early_revenue", 25.0),
    ("growth", 17.0),
    ("scale", 8.0),
)

# English
_EN_PREFIXES = (
    "Nova",
    "Astra",
    "Terra",
    "Aqua",
    "Volt",
    "Quanta",
    "Opti",
    "Vecto",
    "Zeni",
    "Lumi",
    "Heli",
    "Sync",
    "Flux",
    "Prime",
    "Bright",
    "Deep",
    "Blue",
    "Green",
    "Smart",
    "Clear",
    "Swift",
    "True",
    "Next",
    "Neo",
    "Omni",
    "Poly",
    "Evo",
    "Cogni",
    "Agri",
    "Medi",
    "Geo",
    "Info",
    "Kine",
    "Orbi",
)
_EN_ROOTS = (
    "path",
    "mind",
    "grid",
    "logic",
    "sense",
    "wave",
    "byte",
    "core",
    "scope",
    "leaf",
    "field",
    "stack",
    "link",
    "loop",
    "bridge",
    "nest",
    "forge",
    "pulse",
    "ray",
    "works",
    "gen",
    "lab",
    "sphere",
    "tek",
    "ware",
    "vista",
    "cloud",
    "nova",
    "bit",
    "metrics",
)
_EN_FIELDS = (
    "Agritech",
    "Fintech",
    "Medtech",
    "Cleantech",
    "Edtech",
    "AI",
    "Robotics",
    "Data",
    "Cloud",
    "Biotech",
    "Geo",
    "Quantum",
    "Space",
    "Mobility",
    "Logistics",
    "Energy",
    "Water",
    "Cyber",
    "Health",
    "Drone",
)
_EN_STARTUP_NOUNS = (
    "Labs",
    "Systems",
    "Solutions",
    "Technologies",
    "Analytics",
    "Innovations",
    "Works",
    "Dynamics",
    "Networks",
)
_EN_INDUSTRIES = (
    "Precision Engineering",
    "Power Systems",
    "Telecom",
    "Steel",
    "Petrochemicals",
    "Pharmaceuticals",
    "Electronics",
    "Shipbuilding",
    "Aerospace",
    "Logistics",
    "Mining",
    "Agro Industries",
    "Railway Systems",
)
_EN_RESEARCH_FIELDS = (
    "Applied Mathematics",
    "Information Technology",
    "Materials Science",
    "Biotechnology",
    "Robotics",
    "Renewable Energy",
    "Agricultural Sciences",
    "Microelectronics",
    "Space Research",
    "Data Science",
    "Public Health",
    "Water Resources",
)
_EN_GOVERNMENT_AREAS = (
    "Digital Development",
    "Information Technology and Communications",
    "Investment Policy",
    "Economic Development",
    "Industry and Trade",
    "Science and Higher Education",
    "Innovation and Entrepreneurship",
    "Foreign Economic Relations",
    "Transport",
    "Energy",
    "Health",
    "Education",
    "Agriculture",
    "Environment",
)
_EN_ASSOCIATION_MEMBERS = (
    "Software Developers",
    "Electronics Manufacturers",
    "Technology Entrepreneurs",
    "Fintech Companies",
    "AI Companies",
    "Exporters",
    "Biotech Companies",
    "Young Entrepreneurs",
    "Innovative Companies",
)
_EN_COUNTRY_ADJECTIVES = {
    "RU": "Russian",
    "KZ": "Kazakhstan",
    "BY": "Belarusian",
    "CN": "Chinese",
    "UZ": "Uzbek",
    "TJ": "Tajik",
    "KG": "Kyrgyz",
    "AM": "Armenian",
    "AZ": "Azerbaijani",
    "MN": "Mongolian",
    "IN": "Indian",
    "BR": "Brazilian",
    "MA": "Moroccan",
    "PH": "Philippine",
    "AE": "Emirati",
    "SA": "Saudi",
    "IR": "Iranian",
    "VN": "Vietnamese",
    "EG": "Egyptian",
    "ZA": "South African",
    "US": "American",
    "TR": "Turkish",
    "ID": "Indonesian",
    "RS": "Serbian",
    "ET": "Ethiopian",
}
_INDONESIAN_WORDS = (
    "Teknologi",
    "Digital Indonesia",
    "Solusi Digital",
    "Inovasi Nusantara",
    "Data Nusantara",
    "Teknologi Indonesia",
)


def _en_coined(rng: random.Random) -> str:
    return rng.choice(_EN_PREFIXES) + rng.choice(_EN_ROOTS)


def _partner(rng: random.Random, country: _Country) -> _Country:
    code = rng.choice(_PARTNERS)
    if code == country.code:
        code = "CN" if country.code == "RU" else "RU"
    return _COUNTRY_BY_CODE[code]


def _en_company(
    rng: random.Random, country: _Country, city: _City, corporate: bool
) -> tuple[str, str]:
    """(full name, brand) of a company named in English, with the country's legal form."""
    legal = country.legal[1 if corporate else 0]
    if country.code == "CN":
        (_chinese, pinyin), industry = rng.choice(_ZH_BRANDS), rng.choice(_ZH_INDUSTRIES)
        core = f"{city.en} {pinyin.capitalize()} {industry[1]}"
        return f"{core} {legal}", core
    if (
        country.name_style in ("ru", "by", "kz", "uz", "tj", "kg", "am", "az", "mn")
        and rng.random() < 0.5
    ):
        brand = _latin(
            _ru_brand(rng)
        )  # a Russian brand spelled in Latin letters: "NeyroLogistika LLC"
    else:
        brand = _en_coined(rng)
    if corporate:
        core = rng.choice(
            (
                f"{brand} Group",
                f"{brand} Holdings",
                f"{brand} Industries",
                brand,
                f"{_EN_COUNTRY_ADJECTIVES[country.code]} {rng.choice(_EN_INDUSTRIES)} Corporation",
            )
        )
    else:
        core = rng.choice(
            (
                f"{city.en} {rng.choice(_EN_FIELDS)} {rng.choice(_EN_STARTUP_NOUNS)}",
                f"{brand} {rng.choice(_EN_STARTUP_NOUNS)}",
                brand,
            )
        )
    if country.code == "ID":
        word = rng.choice(_INDONESIAN_WORDS)
        return (f"PT {brand} {word} Tbk" if corporate else f"PT {brand} {word}"), f"{brand} {word}"
    if core.endswith("Corporation"):
        return core, core
    return f"{core} {legal}", core


def _name_en(rng: random.Random, kind: str, country: _Country, city: _City) -> _OrgName:
    town = city.en
    adjective = _EN_COUNTRY_ADJECTIVES[country.code]
    country_name = country.names[0]  # "the USA": "Industry Association of the USA"
    if kind == "startup":
        name, brand = _en_company(rng, country, city, corporate=False)
    elif kind == "corporation":
        name, brand = _en_company(rng, country, city, corporate=True)
    elif kind == "investor":
        coined = _en_coined(rng)
        name = rng.choice(
            (
                f"{coined} Capital",
                f"{coined} Ventures",
                f"{coined} Venture Partners",
                f"{town} Angel Network",
                f"{town} Seed Fund",
                f"{coined} Growth Fund",
                f"{adjective} {rng.choice(_EN_FIELDS)} Fund",
            )
        )
        brand = name
    elif kind == "technopark":
        name = rng.choice(
            (
                f"{town} Technology Park",
                f"{town} {rng.choice(_EN_FIELDS)} Hub",
                f"{town} Science Park",
                f"{town} Innovation District",
                f"{_en_coined(rng)} Incubator",
                f"{town} Startup Cluster",
                f"{_en_coined(rng)} Accelerator",
                f"{town} {rng.choice(_EN_FIELDS)} Valley",
                f"{town} Digital Park",
            )
        )
        brand = name
    elif kind == "university":
        field = rng.choice(_EN_RESEARCH_FIELDS)
        name = rng.choice(
            (
                f"{town} Institute of Technology",
                f"University of {town}",
                f"{town} State University",
                f"{town} Polytechnic University",
                f"{town} University of Science and Technology",
                f"{town} Centre for {field} Research",
                f"National Institute of {field}, {town}",
                f"{adjective} University of {field}",
                f"{town} Medical University",
                f"{town} Agricultural University",
                f"{town} Institute of {field}",
                f"{field} Research Centre, {town}",
                f"{town} University {field} Lab",
                f"{adjective} Institute of {field}",
                f"{town} School of {field}",
            )
        )
        brand = name
    elif kind == "government":
        area = rng.choice(_EN_GOVERNMENT_AREAS)
        options = [
            f"{town} City Department of {area}",
            f"{town} Investment Promotion Agency",
            f"{town} Innovation Agency",
            f"{town} Municipal Office of {area}",
            f"{town} Export Support Centre",
            f"{adjective} Agency for {area}",
            f"{town} Smart City Office",
            f"{town} Economic Development Board",
            f"{town} Digital Transformation Office",
            f"{adjective} Council for {area}",
        ]
        if country.code != "US":
            options.append(f"Ministry of {area} of {country.en_formal}")
        name = rng.choice(options)
        brand = name
    else:  # association
        partner = _partner(rng, country)
        name = rng.choice(
            (
                f"{adjective} Association of {rng.choice(_EN_ASSOCIATION_MEMBERS)}",
                f"{town} Chamber of Commerce and Industry",
                f"{rng.choice(_EN_FIELDS)} Industry Association of {country_name}",
                f"{town} {rng.choice(_EN_FIELDS)} Network",
                f"{country_name.removeprefix('the ')}–{partner.names[0].removeprefix('the ')} Business Council",
                f"{town} Women in Tech",
                f"{adjective} {rng.choice(_EN_FIELDS)} Association",
                f"{town} {rng.choice(_EN_FIELDS)} Association",
                f"{town} Startup Association",
                f"{rng.choice(_EN_FIELDS)} Alliance of {country_name}",
                f"{town} Association of {rng.choice(_EN_ASSOCIATION_MEMBERS)}",
            )
        )
        brand = name
    return _OrgName(name, brand, _slug(brand))


# Russian
_RU_PREFIXES = (
    "Нейро",
    "Гео",
    "Агро",
    "Био",
    "Эко",
    "Кибер",
    "Инфо",
    "Техно",
    "Смарт",
    "Дата",
    "Квант",
    "Медиа",
    "Робо",
    "Энерго",
    "Аэро",
    "Нано",
    "Мед",
    "Фин",
    "Транс",
    "Мета",
    "Стрим",
    "Вектор",
    "Полюс",
    "Сигма",
    "Альфа",
    "Гидро",
    "Термо",
    "Фото",
    "Спектр",
    "Оптима",
    "Синтез",
    "Тера",
    "Инно",
    "Крио",
    "Астро",
    "Электро",
    "Навиго",
    "Лидар",
    "Протон",
    "Вега",
    "Интел",
    "Мега",
    "Прайм",
    "Регион",
    "Спутник",
    "Атлант",
    "Норд",
    "Сиб",
    "Урал",
    "Волго",
    "Балт",
    "Арктик",
    "Геном",
    "Цифро",
    "Лазер",
    "Ион",
    "Плазма",
    "Фотон",
    "Квазар",
    "Эколо",
    "Телео",
)
_RU_ROOTS = (
    "Логистика",
    "Софт",
    "Системы",
    "Лаб",
    "Тех",
    "Сеть",
    "Платформа",
    "Поиск",
    "Фарм",
    "Сервис",
    "Аналитика",
    "Решения",
    "Код",
    "Пром",
    "Связь",
    "Карта",
    "Сенс",
    "Трек",
    "Инжиниринг",
    "Технологии",
    "Механика",
    "Контроль",
    "Мониторинг",
    "Диагностика",
    "Сфера",
    "Линк",
    "Модуль",
    "Навигация",
    "Энергия",
    "Поле",
    "Вижн",
    "Бот",
    "Скан",
    "Матрица",
    "Облако",
    "Данные",
    "Ритм",
    "Генетика",
    "Агент",
    "Дизайн",
    "Прибор",
    "Строй",
    "Маш",
    "Атом",
    "Хим",
    "Металл",
    "Трейд",
    "Лидер",
    "Стандарт",
    "Эксперт",
    "Ресурс",
    "Альянс",
    "Динамика",
    "Автоматика",
    "Телеком",
    "Графика",
    "Проект",
    "Синтез",
    "Ген",
)
_RU_BRAND_SUFFIXES = (
    "М",
    "Т",
    "С",
    "К",
    "Про",
    "Лаб",
    "Софт",
    "Тех",
    "Сервис",
    "Плюс",
    "Групп",
    "Инжиниринг",
    "Системс",
    "Центр",
    "Регион",
    "Сибирь",
    "Урал",
    "Юг",
    "Север",
    "Запад",
    "Восток",
)
_RU_ADJECTIVES = (
    "Новые",
    "Умные",
    "Цифровые",
    "Открытые",
    "Точные",
    "Передовые",
    "Промышленные",
    "Северные",
    "Южные",
    "Прикладные",
    "Инженерные",
)
_RU_COUNTRY_ADJECTIVES = {
    "RU": "Сибирские Уральские Волжские Балтийские Дальневосточные Невские Байкальские Камские Донские "
    "Алтайские Приокские Енисейские Российские Московские Полярные",
    "KZ": "Степные Казахстанские Алатауские Каспийские Евразийские",
    "BY": "Белорусские Полесские Минские Неманские",
    "UZ": "Туранские Ферганские Самаркандские Узбекские",
    "TJ": "Памирские Таджикские Согдийские",
    "KG": "Тяньшанские Кыргызские Иссык-Кульские",
    "AM": "Араратские Армянские Ереванские",
    "AZ": "Каспийские Азербайджанские Бакинские",
    "MN": "Монгольские Степные",
}
_RU_PLURAL_NOUNS = (
    "Микросистемы",
    "Технологии",
    "Решения",
    "Сети",
    "Машины",
    "Лаборатории",
    "Энергосистемы",
    "Роботы",
    "Датчики",
    "Материалы",
    "Приборы",
    "Композиты",
    "Биосистемы",
    "Платформы",
    "Агросистемы",
    "Геотехнологии",
    "Телекоммуникации",
    "Вычисления",
    "Нанотехнологии",
    "Медтехнологии",
    "Двигатели",
)
_RU_PLACES = (
    "Горизонт",
    "Меридиан",
    "Зенит",
    "Исток",
    "Прогресс",
    "Импульс",
    "Квант",
    "Орбита",
    "Синергия",
    "Технополис",
    "Кристалл",
    "Вершина",
    "Стратосфера",
    "Полюс",
    "Наукоград",
)
_RU_COUNTRY_PLACES = {
    "RU": "Сколково-Восток Академгородок Волга Сибирь Урал Нева Кама Ангара Енисей Байкал Дон Кубань",
    "KZ": "Алатау Тенгри Байтерек Жетысу Есиль Иртыш Каспий Номад Сарыарка",
    "BY": "Полесье Неман Припять Беловежье Свислочь Нарочь",
    "UZ": "Туран Фергана Зарафшан Сырдарья Амударья Шелковый путь",
    "TJ": "Памир Варзоб Сомон Вахш Зарафшон",
    "KG": "Ала-Тоо Иссык-Куль Тянь-Шань Манас Чуй",
    "AM": "Арарат Арагац Севан Масис Ширак",
    "AZ": "Каспий Абшерон Гобустан Шахдаг",
    "MN": "Хангай Туул Орхон Гоби Хэнтэй",
}
_RU_DIRECTIONS = ("Восток", "Запад", "Юг", "Север", "Центр", "Сити", "Тех", "Парк")
_RU_RESEARCH_FIELDS = (
    "информационных систем",
    "прикладной математики",
    "материаловедения",
    "биотехнологий",
    "робототехники",
    "энергетики",
    "агроинженерии",
    "микроэлектроники",
    "космического приборостроения",
    "медицинской физики",
    "радиотехники",
    "экологии и природопользования",
    "химической технологии",
    "точной механики",
    "лазерных технологий",
    "нефти и газа",
)
_RU_UNIVERSITIES = (
    "{adj} государственный университет",
    "{adj} государственный технический университет",
    "{adj} политехнический университет",
    "{adj} университет информационных технологий",
    "{adj} аграрный университет",
    "{adj} медицинский университет",
    "{adj} научный центр",
    "{adj} научно-исследовательский институт {field}",
    "Институт {field} «{place}»",
    "НИИ {field} «{place}»",
    "Институт {field} {region}",
    "Инжиниринговый центр {field} {region}",
    "Лаборатория {lab} {adj_gen} {university_gen}",
    "Центр компетенций «{lab_title}» {adj_gen} {university_gen}",
)
# (genitive, nominative title)
_RU_LABS = (
    ("машинного обучения", "Машинное обучение"),
    ("компьютерного зрения", "Компьютерное зрение"),
    ("квантовых вычислений", "Квантовые вычисления"),
    ("умных материалов", "Умные материалы"),
    ("промышленной робототехники", "Промышленная робототехника"),
    ("биоинформатики", "Биоинформатика"),
    ("цифровых двойников", "Цифровые двойники"),
    ("беспилотных систем", "Беспилотные системы"),
    ("анализа данных", "Анализ данных"),
    ("аддитивных технологий", "Аддитивные технологии"),
    ("водородной энергетики", "Водородная энергетика"),
    ("фотоники", "Фотоника"),
    ("точного земледелия", "Точное земледелие"),
    ("кибербезопасности", "Кибербезопасность"),
    ("нейротехнологий", "Нейротехнологии"),
)
_RU_UNIVERSITY_KINDS_GEN = (
    "государственного университета",
    "государственного технического университета",
    "политехнического университета",
    "университета информационных технологий",
)


def _adjective_genitive(adjective: str) -> str:
    """ "Томский" → "Томского", "Дальневосточный" → "Дальневосточного"."""
    if adjective.endswith(("ий", "ый", "ой")):
        return adjective[:-2] + "ого"
    return adjective


# (genitive phrase, slug)
_RU_GOVERNMENT_AREAS = (
    ("цифрового развития", "digital"),
    ("информационных технологий и связи", "it"),
    ("инвестиционной политики", "invest"),
    ("экономического развития", "economy"),
    ("промышленности и торговли", "industry"),
    ("науки и высшего образования", "science"),
    ("предпринимательства и инновационного развития", "innovation"),
    ("внешнеэкономических связей", "foreign-trade"),
    ("транспорта", "transport"),
    ("энергетики", "energy"),
    ("здравоохранения", "health"),
    ("образования", "education"),
    ("сельского хозяйства", "agriculture"),
    ("экологии и природных ресурсов", "ecology"),
)
_RU_AGENCY_AREAS = (
    ("инвестиционного развития", "invest"),
    ("инновационного развития", "innovation"),
    ("по привлечению инвестиций", "investment"),
    ("цифровой трансформации", "digital"),
    ("поддержки экспорта", "export"),
    ("технологического развития", "technology"),
)
_RU_COMMITTEE_AREAS = (
    ("информатизации и связи", "it"),
    ("науке и высшей школе", "science"),
    ("промышленной политике", "industry"),
    ("инвестициям", "invest"),
    ("развитию предпринимательства", "business"),
    ("цифровой трансформации", "digital"),
)
_RU_ASSOCIATION_MEMBERS = (
    "разработчиков программного обеспечения",
    "производителей электроники",
    "участников рынка искусственного интеллекта",
    "инновационных компаний",
    "экспортёров",
    "предприятий робототехники",
    "технологических предпринимателей",
    "биотехнологических компаний",
    "молодых предпринимателей",
    "финтех-компаний",
    "индустриальных парков",
)


def _ru_brand(rng: random.Random) -> str:
    """«НейроЛогистика», «Геосфера», «Вектор-М»."""
    prefix, root = rng.choice(_RU_PREFIXES), rng.choice(_RU_ROOTS)
    roll = rng.random()
    if roll < 0.45:
        return prefix + root
    if roll < 0.7:
        return prefix + root.lower()
    return f"{prefix}{root.lower()}-{rng.choice(_RU_BRAND_SUFFIXES)}"


@cache
def _ru_adjectives(code: str) -> tuple[str, ...]:
    return (*_RU_ADJECTIVES, *_RU_COUNTRY_ADJECTIVES.get(code, "").split())


@cache
def _ru_local_places(code: str) -> tuple[str, ...]:
    return tuple(_RU_COUNTRY_PLACES.get(code, "").split())


def _ru_place(rng: random.Random, country: _Country) -> str:
    local = _ru_local_places(country.code)
    place = rng.choice(local) if local and rng.random() < 0.6 else rng.choice(_RU_PLACES)
    if rng.random() < 0.3:
        place = f"{place}-{rng.choice(_RU_DIRECTIONS)}"
    return place


def _name_ru(rng: random.Random, kind: str, country: _Country, city: _City) -> _OrgName:
    company_form, corporate_form = country.ru_legal
    if kind == "startup":
        if rng.random() < 0.06:
            brand = f"«{rng.choice(_ru_adjectives(country.code))} {rng.choice(_RU_PLURAL_NOUNS)}»"
        else:
            brand = f"«{_ru_brand(rng)}»"
        return _OrgName(f"{company_form} {brand}", brand, _slug(brand))
    if kind == "corporation":
        core = rng.choice(
            (
                f"{rng.choice(_ru_adjectives(country.code))} {rng.choice(_RU_PLURAL_NOUNS)}",
                _ru_brand(rng),
                f"{_ru_brand(rng)} Групп",
            )
        )
        form = rng.choice(
            (
                corporate_form,
                corporate_form,
                "ПАО" if country.code == "RU" else corporate_form,
                "ГК",
                "Холдинг",
                "Концерн",
            )
        )
        brand = f"«{core}»"
        return _OrgName(f"{form} {brand}", brand, _slug(core))
    if kind == "investor":
        place = _ru_place(rng, country)
        brand_word = _ru_brand(rng)
        name, slug = rng.choice(
            (
                (f"Венчурный фонд «{brand_word}»", brand_word),
                (f"{company_form} «{brand_word} Капитал»", f"{brand_word} capital"),
                (f"УК «{brand_word} Инвест»", f"{brand_word} invest"),
                (f"Фонд «{place} Венчурс»", f"{place} ventures"),
                (f"Клуб бизнес-ангелов «{place}»", f"{place} angels"),
                (f"Фонд развития инноваций {city.ru_region}", f"innovation fund {city.en}"),
            )
        )
        return _OrgName(name, name, _slug(slug))
    if kind == "technopark":
        place = _ru_place(rng, country)
        field = rng.choice(_RU_RESEARCH_FIELDS)
        name, slug = rng.choice(
            (
                (f"Технопарк «{place}»", f"technopark {place}"),
                (f"Технопарк высоких технологий «{place}»", f"hitech {place}"),
                (f"Инновационный центр «{place}»", f"innovation {place}"),
                (f"Бизнес-инкубатор «{_ru_brand(rng)}»", f"{place} incubator"),
                (f"Акселератор «{place}»", f"{place} accelerator"),
                (f"Индустриальный парк «{place}»", f"{place} park"),
                (f"Кластер {field} {city.ru_region}", f"cluster {city.en}"),
            )
        )
        return _OrgName(name, name, _slug(slug))
    if kind == "university":
        template = rng.choice(_RU_UNIVERSITIES)
        lab, lab_title = rng.choice(_RU_LABS)
        name = template.format(
            adj=city.ru_adj,
            field=rng.choice(_RU_RESEARCH_FIELDS),
            place=rng.choice(_RU_PLACES),
            region=city.ru_region,
            lab=lab,
            lab_title=lab_title,
            adj_gen=_adjective_genitive(city.ru_adj).lower(),
            university_gen=rng.choice(_RU_UNIVERSITY_KINDS_GEN),
        )
        if country.code == "RU" and "научный центр" in name:
            name += " РАН"
        return _OrgName(
            name, name, _slug(f"{city.en} {'institute' if 'нститут' in name else 'university'}")
        )
    if kind == "government":
        area, area_slug = rng.choice(_RU_GOVERNMENT_AREAS)
        agency, agency_slug = rng.choice(_RU_AGENCY_AREAS)
        committee, committee_slug = rng.choice(_RU_COMMITTEE_AREAS)
        options = [
            (f"Департамент {area} города {city.ru_gen}", f"{area_slug} {city.en}"),
            (f"Агентство {agency} {city.ru_region}", f"{agency_slug} {city.en}"),
            (f"Комитет по {committee} {city.ru_region}", f"{committee_slug} {city.en}"),
        ]
        if country.code == "RU":
            options += [
                (f"Министерство {area} {city.ru_region}", f"min {area_slug} {city.en}"),
                (f"Центр поддержки экспорта {city.ru_region}", f"export {city.en}"),
                (f"Управление {area} администрации города {city.ru_gen}", f"{area_slug} {city.en}"),
                (
                    f"Фонд поддержки предпринимательства {city.ru_region}",
                    f"business fund {city.en}",
                ),
                (f"Региональный центр инжиниринга {city.ru_region}", f"engineering {city.en}"),
                (f"Центр кластерного развития {city.ru_region}", f"clusters {city.en}"),
                (f"Корпорация развития {city.ru_region}", f"development {city.en}"),
            ]
        else:
            options += [
                (f"Министерство {area} {country.ru_formal_gen}", f"min {area_slug} {country.code}"),
                (f"Управление {area} города {city.ru_gen}", f"{area_slug} {city.en}"),
            ]
        name, slug = rng.choice(options)
        return _OrgName(name, name, _slug(slug))
    # association
    partner = _partner(rng, country)
    members = rng.choice(_RU_ASSOCIATION_MEMBERS)
    options = [
        (f"Ассоциация {members} {city.ru_region}", f"association {city.en}"),
        (f"Некоммерческое партнёрство «{_ru_brand(rng)}»", "np"),
        (f"Ассоциация «{_ru_place(rng, country)}»", "association"),
        (f"Союз {members} {country.ru_gen}", f"union {country.code}"),
    ]
    if country.ru_compound and partner.ru_adj:
        options.append(
            (
                f"{country.ru_compound}-{partner.ru_adj} деловой совет",
                f"{country.code} {partner.code} council",
            )
        )
    name, slug = rng.choice(options)
    if slug in ("np", "association"):
        slug = name.split("«", 1)[1].rstrip("»")
    return _OrgName(name, name, _slug(slug))


# Chinese
_ZH_BRANDS = tuple(
    (pair[:2], pair[2:])
    for pair in (
        "智联zhilian",
        "云图yuntu",
        "华信huaxin",
        "数创shuchuang",
        "星河xinghe",
        "博远boyuan",
        "睿思ruisi",
        "宏图hongtu",
        "新元xinyuan",
        "蓝海lanhai",
        "凌云lingyun",
        "科达keda",
        "九州jiuzhou",
        "汇通huitong",
        "鼎盛dingsheng",
        "优迅youxun",
        "极光jiguang",
        "青禾qinghe",
        "远景yuanjing",
        "海纳haina",
        "启明qiming",
        "芯动xindong",
        "飞鸿feihong",
        "易联yilian",
        "瑞康ruikang",
        "卓越zhuoyue",
        "云帆yunfan",
        "同创tongchuang",
        "天演tianyan",
        "中科zhongke",
        "华创huachuang",
        "恒信hengxin",
        "思源siyuan",
        "领航linghang",
        "万象wanxiang",
        "德润derun",
        "嘉禾jiahe",
        "明途mingtu",
        "赛博saibo",
        "微纳weina",
        "拓维tuowei",
        "慧眼huiyan",
        "聚能juneng",
        "金桥jinqiao",
        "长风changfeng",
        "朗坤langkun",
        "盛源shengyuan",
        "新锐xinrui",
        "创想chuangxiang",
        "合力heli",
        "安信anxin",
        "众智zhongzhi",
        "云端yunduan",
        "深蓝shenlan",
        "极智jizhi",
        "数联shulian",
        "华智huazhi",
        "天枢tianshu",
        "星途xingtu",
        "智源zhiyuan",
        "百川baichuan",
        "鸿远hongyuan",
    )
)
# (Chinese, English, slug suffix)
_ZH_INDUSTRIES = (
    ("科技", "Technology", "tech"),
    ("数据", "Data Technology", "data"),
    ("信息技术", "Information Technology", "it"),
    ("智能科技", "Intelligent Technology", "ai"),
    ("网络科技", "Network Technology", "net"),
    ("生物科技", "Biotechnology", "bio"),
    ("新能源", "New Energy", "energy"),
    ("医疗科技", "Medical Technology", "med"),
    ("物流", "Logistics", "logistics"),
    ("电子", "Electronics", "elec"),
    ("软件", "Software", "soft"),
    ("机器人", "Robotics", "robot"),
    ("农业科技", "Agricultural Technology", "agri"),
    ("环保科技", "Environmental Technology", "eco"),
    ("材料科技", "Materials Technology", "materials"),
    ("航天科技", "Aerospace Technology", "space"),
    ("半导体", "Semiconductor", "semi"),
)
_ZH_FIELDS = tuple(
    (
        "人工智能",
        "大数据",
        "先进制造",
        "新材料",
        "生物医药",
        "智能制造",
        "新能源",
        "集成电路",
        "区块链",
        "数字经济",
        "智慧城市",
        "农业科学",
        "光电技术",
        "量子信息",
        "软件",
    )
)
_ZH_UNIVERSITY_KINDS = tuple(
    (
        "理工",
        "科技",
        "电子科技",
        "信息工程",
        "农业",
        "医科",
        "师范",
        "交通",
        "财经",
        "工业",
        "邮电",
        "化工",
    )
)
_ZH_DEPARTMENTS = tuple(
    (
        "工业和信息化局",
        "科学技术局",
        "商务局",
        "发展和改革委员会",
        "数据资源管理局",
        "投资促进局",
        "中小企业服务中心",
        "大数据发展管理局",
        "生态环境局",
        "教育局",
        "交通运输局",
        "科技创新局",
        "外事办公室",
    )
)
_ZH_DISTRICT_DEPARTMENTS = tuple(
    ("科技创新局", "工业和信息化局", "投资促进局", "企业服务中心", "商务局")
)


def _district_short(district: str) -> str:
    return district[:-2] if district.endswith("新区") else district[:-1]


def _name_zh(rng: random.Random, kind: str, country: _Country, city: _City) -> _OrgName:
    town = city.zh
    district = rng.choice(city.zh_districts)
    brand, brand_pinyin = rng.choice(_ZH_BRANDS)
    industry, _industry_en, industry_slug = rng.choice(_ZH_INDUSTRIES)
    field = rng.choice(_ZH_FIELDS)
    slug = f"{brand_pinyin}{industry_slug}"
    if kind == "startup":
        name = f"{town}{brand}{industry}有限公司"
    elif kind == "corporation":
        name = rng.choice(
            (
                f"{brand}{industry}股份有限公司",
                f"{brand}集团有限公司",
                f"{town}{brand}{industry}集团股份有限公司",
            )
        )
        slug = f"{brand_pinyin}group" if "集团" in name else slug
    elif kind == "investor":
        name = rng.choice(
            (
                f"{town}{brand}创业投资有限公司",
                f"{brand}资本",
                f"{town}{brand}股权投资基金管理有限公司",
                f"{town}{_district_short(district)}产业投资基金",
            )
        )
        slug = f"{brand_pinyin}capital"
    elif kind == "technopark":
        name = rng.choice(
            (
                f"{town}{_district_short(district)}科技园",
                f"{town}{brand}创新产业园",
                f"{town}{field}产业园",
                f"{town}{brand}孵化器",
                f"{town}国际创新中心",
                f"{brand}科技企业加速器",
                f"{town}{_district_short(district)}众创空间",
            )
        )
        slug = f"{brand_pinyin}park"
    elif kind == "university":
        name = rng.choice(
            (
                f"{town}{rng.choice(_ZH_UNIVERSITY_KINDS)}大学",
                f"{town}市{field}研究院",
                f"中国科学院{town}{field}研究所",
                f"{town}大学{field}研究院",
            )
        )
        slug = f"{_slug(city.en)}-{'univ' if name.endswith('大学') else 'institute'}"
    elif kind == "government":
        name = rng.choice(
            (
                f"{town}市{rng.choice(_ZH_DEPARTMENTS)}",
                f"{town}市{district}{rng.choice(_ZH_DISTRICT_DEPARTMENTS)}",
            )
        )
        slug = f"gov-{_slug(city.en)}"
    else:
        name = rng.choice(
            (
                f"{town}市{field}行业协会",
                f"{town}{field}产业联盟",
                f"{town}国际商会",
                f"中国{field}产业创新联盟",
                f"{town}市{brand}创新促进会",
            )
        )
        slug = f"{_slug(city.en)}-assoc"
    return _OrgName(name, name, slug)


# Kazakh
_KK_PREFIXES = (
    "Дала",
    "Сапа",
    "Жол",
    "Нұр",
    "Алтын",
    "Көк",
    "Тұлпар",
    "Самұрық",
    "Бірлік",
    "Ақ",
    "Қазына",
    "Арна",
    "Шаңырақ",
    "Тау",
    "Жұлдыз",
    "Өркен",
    "Күн",
    "Арман",
    "Жасыл",
    "Сұңқар",
    "Қыран",
    "Бағдар",
    "Мерей",
    "Өріс",
    "Тұран",
    "Ақжол",
    "Айбын",
    "Мұнар",
    "Шуақ",
)
_KK_ROOTS = (
    "Тех",
    "Дата",
    "Софт",
    "Лаб",
    "Агро",
    "Логистика",
    "Энерго",
    "Медиа",
    "Инвест",
    "Системс",
    "Сервис",
    "Диджитал",
    "Инжиниринг",
    "Мед",
    "Гео",
    "Нет",
    "Плюс",
    "Трейд",
    "Фарм",
    "Био",
    "Эко",
    "Смарт",
    "Коннект",
    "Пэй",
    "Маркет",
    "Робот",
)
_KK_PLACES = (
    "Алатау",
    "Тәңір",
    "Бәйтерек",
    "Жетісу",
    "Есіл",
    "Ертіс",
    "Каспий",
    "Номад",
    "Сарыарқа",
    "Ұлытау",
    "Көкжиек",
)
_KK_UNIVERSITY_KINDS = (
    "мемлекеттік",
    "техникалық",
    "технологиялық",
    "инженерлік-технологиялық",
    "аграрлық",
    "медициналық",
    "инновациялық",
)
_KK_RESEARCH_FIELDS = (
    "ақпараттық технологиялар",
    "робототехника",
    "жаңа материалдар",
    "биотехнология",
    "энергетика",
    "ғарыштық зерттеулер",
    "қолданбалы математика",
)
_KK_GOVERNMENT_AREAS = (
    "цифрландыру",
    "кәсіпкерлік және индустриялық-инновациялық даму",
    "инвестициялар",
    "білім",
    "денсаулық сақтау",
    "энергетика",
    "көлік",
    "ауыл шаруашылығы",
)
_KK_MINISTRIES = (
    "Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі",
    "Ғылым және жоғары білім",
    "Ұлттық экономика",
    "Өнеркәсіп және құрылыс",
    "Энергетика",
    "Ауыл шаруашылығы",
    "Сауда және интеграция",
)
_KK_ASSOCIATION_FIELDS = (
    "ақпараттық технологиялар",
    "жасанды интеллект",
    "агроөнеркәсіптік инновациялар",
    "робототехника",
    "биотехнология",
    "электрондық коммерция",
    "финтех",
    "жас кәсіпкерлер",
)


def _kk_brand(rng: random.Random) -> str:
    prefix, root = rng.choice(_KK_PREFIXES), rng.choice(_KK_ROOTS)
    return f"{prefix} {root}" if rng.random() < 0.5 else prefix + root


def _name_kk(rng: random.Random, kind: str, country: _Country, city: _City) -> _OrgName:
    town = city.kk or city.ru
    brand = _kk_brand(rng)
    place = rng.choice(_KK_PLACES)
    slug = brand
    if kind == "startup":
        name = f"«{brand}» ЖШС"
    elif kind == "corporation":
        name = rng.choice((f"«{brand}» АҚ", f"«{brand} Холдинг» АҚ", f"«{brand}» компаниялар тобы"))
    elif kind == "investor":
        name = rng.choice(
            (
                f"«{brand} Капитал» инвестициялық компаниясы",
                f"«{brand}» венчурлық қоры",
                f"«{place}» бизнес-ангелдер клубы",
            )
        )
        slug = f"{brand} capital"
    elif kind == "technopark":
        name = rng.choice(
            (
                f"«{place}» технопаркі",
                f"{town} инновациялық кластері",
                f"«{brand}» бизнес-инкубаторы",
                f"«{brand}» акселераторы",
            )
        )
        slug = f"{place} park" if "технопаркі" in name else f"{brand} hub"
    elif kind == "university":
        name = rng.choice(
            (
                f"{town} {rng.choice(_KK_UNIVERSITY_KINDS)} университеті",
                f"{town} {rng.choice(_KK_RESEARCH_FIELDS)} институты",
                f"«{place}» ғылыми-зерттеу институты",
            )
        )
        slug = f"{city.en} university"
    elif kind == "government":
        name = rng.choice(
            (
                f"{town} қаласының {rng.choice(_KK_GOVERNMENT_AREAS)} басқармасы",
                f"Қазақстан Республикасы {rng.choice(_KK_MINISTRIES)} министрлігі",
                f"{town} қаласының әкімдігі",
            )
        )
        slug = f"gov {city.en}"
    else:
        partner = _partner(rng, country)
        name = rng.choice(
            (
                f"Қазақстанның {rng.choice(_KK_ASSOCIATION_FIELDS)} қауымдастығы",
                f"{town} қаласының кәсіпкерлер палатасы",
                f"«{brand}» қауымдастығы",
                f"Қазақстан-{partner.names[4]} іскерлік кеңесі",
            )
        )
        slug = f"{brand} association"
    return _OrgName(name, name, _slug(slug))


# Portuguese
_PT_BRANDS = (
    "Verde",
    "Sol",
    "Brasa",
    "Ipê",
    "Jacarandá",
    "Nexo",
    "Vetor",
    "Onda",
    "Raiz",
    "Tupã",
    "Aurora",
    "Pampa",
    "Cerrado",
    "Atlântica",
    "Horizonte",
    "Pulsar",
    "Trilha",
    "Farol",
    "Caju",
    "Mangue",
    "Bússola",
    "Ponte",
    "Semente",
    "Ágil",
    "Guará",
    "Araucária",
    "Maré",
    "Boitatá",
)
_PT_FIELDS = (
    "Agrotech",
    "Fintech",
    "Saúde Digital",
    "Energia",
    "Logística",
    "Dados",
    "Robótica",
    "Biotec",
    "Edtech",
    "Inteligência Artificial",
)
_PT_RESEARCH_FIELDS = (
    "Inteligência Artificial",
    "Energias Renováveis",
    "Biotecnologia",
    "Agricultura Tropical",
    "Materiais Avançados",
    "Saúde Digital",
    "Robótica",
    "Ciência de Dados",
)
_PT_GOVERNMENT_AREAS = (
    "Ciência, Tecnologia e Inovação",
    "Desenvolvimento Econômico",
    "Inovação e Transformação Digital",
    "Indústria e Comércio",
    "Agricultura",
    "Meio Ambiente",
    "Energia",
    "Transportes",
)
_PT_ASSOCIATION_MEMBERS = (
    "Startups",
    "Empresas de Software",
    "Inteligência Artificial",
    "Fintechs",
    "Agtechs",
    "Energia Solar",
    "Empresas de Biotecnologia",
    "Internet das Coisas",
)


def _name_pt(rng: random.Random, kind: str, country: _Country, city: _City) -> _OrgName:
    brand = rng.choice(_PT_BRANDS)
    if rng.random() < 0.4:
        brand = f"{brand}{rng.choice(_EN_ROOTS)}"
    if kind == "startup":
        core = rng.choice(
            (
                f"{brand} Tecnologia",
                f"{brand} Soluções Digitais",
                f"{brand} {rng.choice(_PT_FIELDS)}",
            )
        )
        return _OrgName(f"{core} Ltda", core, _slug(brand))
    if kind == "corporation":
        name = rng.choice(
            (
                f"{brand} S.A.",
                f"Grupo {brand}",
                f"{brand} Participações S.A.",
                f"{brand} Indústria e Comércio S.A.",
            )
        )
        return _OrgName(name, name.removesuffix(" S.A."), _slug(brand))
    if kind == "investor":
        name = rng.choice(
            (
                f"{brand} Capital",
                f"{brand} Investimentos",
                f"{brand} Ventures",
                f"Fundo de Inovação {brand}",
                f"Rede de Investidores-Anjo {city.pt_de}",
            )
        )
        return _OrgName(name, name, _slug(f"{brand} invest"))
    if kind == "technopark":
        name = rng.choice(
            (
                f"Parque Tecnológico {city.pt_de}",
                f"Polo de Inovação {brand}",
                f"Hub de {rng.choice(_PT_FIELDS)} {city.pt_de}",
                f"Incubadora {brand}",
                f"Distrito de Inovação {city.pt_de}",
            )
        )
        return _OrgName(name, name, _slug(f"{brand} hub"))
    if kind == "university":
        field = rng.choice(_PT_RESEARCH_FIELDS)
        name = rng.choice(
            (
                f"Universidade Federal {city.pt_state_de}",
                f"Instituto Federal {city.pt_state_de}",
                f"Universidade Estadual {city.pt_de}",
                f"Instituto de Pesquisas em {field} {city.pt_de}",
                f"Centro de Pesquisa em {field} {city.pt_state_de}",
            )
        )
        return _OrgName(name, name, _slug(f"{city.en} {field}"))
    if kind == "government":
        area = rng.choice(_PT_GOVERNMENT_AREAS)
        name = rng.choice(
            (
                f"Secretaria Municipal de {area} {city.pt_de}",
                f"Secretaria de {area} do Estado {city.pt_state_de}",
                f"Agência de Desenvolvimento {city.pt_de}",
                f"Agência de Fomento {city.pt_state_de}",
            )
        )
        return _OrgName(name, name, _slug(f"gov {city.en}"))
    partner = _partner(rng, country)
    name = rng.choice(
        (
            f"Associação Brasileira de {rng.choice(_PT_ASSOCIATION_MEMBERS)}",
            f"Associação das Empresas de {rng.choice(_PT_RESEARCH_FIELDS)} {city.pt_state_de}",
            f"Câmara de Comércio Brasil–{partner.names[3]}",
            f"Rede {brand} de Inovação",
        )
    )
    return _OrgName(name, name, _slug(f"{brand} assoc"))


_NAME_BUILDERS: dict[str, Callable[[random.Random, str, _Country, _City], _OrgName]] = {
    "en": _name_en,
    "ru": _name_ru,
    "zh": _name_zh,
    "kk": _name_kk,
    "pt": _name_pt,
}


# --------------------------------------------------------------------------------------------
# Descriptions
# --------------------------------------------------------------------------------------------

# language -> kind -> opening sentences
_INTROS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "startup": (
            "{brand} is a technology startup based in {city}, {country}.",
            "{brand} is a young {city} company turning research into products.",
            "{brand} was founded by engineers in {city} to build practical digital products.",
        ),
        "corporation": (
            "{brand} is one of the leading industrial groups in {country}, headquartered in {city}.",
            "{brand} is a {city}-based corporation with operations across {country} and abroad.",
            "Headquartered in {city}, {brand} runs a corporate innovation programme open to external partners.",
        ),
        "investor": (
            "{brand} is a venture investor based in {city} backing early-stage technology companies.",
            "{brand} manages funds that invest in technology companies from {country} and partner countries.",
            "{brand} is a {city} investment firm focused on seed and Series A rounds.",
        ),
        "technopark": (
            "{brand} hosts technology companies and startups, offering workspace, laboratories and acceleration.",
            "{brand} supports resident startups with offices, mentoring and soft-landing services for foreign teams.",
        ),
        "university": (
            "{brand} is a research institution with strong engineering and science schools.",
            "{brand} conducts applied research and trains specialists for the economy of {country}.",
            "{brand} runs a technology transfer office connecting its laboratories with industry.",
        ),
        "government": (
            "{brand} is a public body responsible for innovation and economic policy.",
            "{brand} supports local companies and attracts foreign technology partners to {city}.",
        ),
        "association": (
            "{brand} brings together technology companies and research organisations in {country}.",
            "{brand} represents the interests of its members and organises business missions abroad.",
        ),
    },
    "ru": {
        "startup": (
            "{brand} — технологическая компания из г. {city}.",
            "{brand} — стартап из г. {city}, который превращает научные разработки в продукты.",
            "Команда {brand} разрабатывает цифровые продукты для бизнеса и государства.",
        ),
        "corporation": (
            "{brand} — одна из ведущих промышленных компаний {country_gen} со штаб-квартирой в г. {city}.",
            "{brand} — компания с производственными площадками в нескольких регионах и программой открытых инноваций.",
        ),
        "investor": (
            "{brand} — венчурный инвестор из г. {city}, финансирующий технологические компании на ранних стадиях.",
            "{brand} управляет фондами, которые инвестируют в технологические проекты {country_gen} и стран-партнёров.",
        ),
        "technopark": (
            "{brand} объединяет технологические компании и стартапы: офисы, лаборатории и программы акселерации.",
            "{brand} — площадка для резидентов с инфраструктурой для разработки, прототипирования и выхода на зарубежные рынки.",
        ),
        "university": (
            "{brand} ведёт фундаментальные и прикладные исследования и готовит инженерные кадры.",
            "{brand} развивает центр трансфера технологий и совместные лаборатории с индустриальными партнёрами.",
        ),
        "government": (
            "{brand} отвечает за инновационную и промышленную политику в регионе.",
            "{brand} поддерживает местные компании и привлекает иностранных технологических партнёров.",
        ),
        "association": (
            "{brand} объединяет технологические компании и научные организации {country_gen}.",
            "{brand} представляет интересы участников и организует деловые миссии за рубеж.",
        ),
    },
    "zh": {
        "startup": (
            "{brand}是一家位于{city}的科技创业公司。",
            "{brand}由{city}的一支工程师团队创立，致力于将科研成果转化为产品。",
        ),
        "corporation": (
            "{brand}是{country}领先的企业集团之一，总部位于{city}。",
            "{brand}设有开放式创新平台，积极与外部伙伴开展合作。",
        ),
        "investor": (
            "{brand}是总部位于{city}的创业投资机构，专注于早期科技企业。",
            "{brand}管理多支基金，投资{country}及合作国家的科技项目。",
        ),
        "technopark": (
            "{brand}为入驻企业提供办公空间、实验室和孵化加速服务。",
            "{brand}是{city}重要的科技创新载体，为国际初创企业提供软着陆服务。",
        ),
        "university": (
            "{brand}是{city}重要的科研与人才培养机构。",
            "{brand}设有技术转移中心，推动实验室成果与产业对接。",
        ),
        "government": (
            "{brand}负责本地区的科技创新与产业发展政策。",
            "{brand}支持本地企业发展，积极引进国际科技合作伙伴。",
        ),
        "association": (
            "{brand}汇聚了{city}的科技企业和科研机构。",
            "{brand}代表会员利益，组织企业赴海外开展商务考察。",
        ),
    },
    "kk": {
        "startup": (
            "{brand} — {city} қаласындағы технологиялық стартап.",
            "{brand} командасы бизнес пен мемлекетке арналған цифрлық өнімдер әзірлейді.",
        ),
        "corporation": (
            "{brand} — {city} қаласында орналасқан ірі компания.",
            "{brand} ашық инновациялар бағдарламасын іске асырады.",
        ),
        "investor": (
            "{brand} — ерте кезеңдегі технологиялық компанияларға инвестиция салатын венчурлық инвестор.",
            "{brand} Қазақстан мен серіктес елдердің технологиялық жобаларын қаржыландырады.",
        ),
        "technopark": (
            "{brand} резиденттерге кеңсе, зертханалар және акселерация бағдарламаларын ұсынады.",
            "{brand} — {city} қаласындағы инновациялық алаң.",
        ),
        "university": (
            "{brand} — инженерлік және жаратылыстану ғылымдары бойынша жетекші зерттеу орталығы.",
            "{brand} қолданбалы зерттеулер жүргізеді және өңір экономикасы үшін мамандар даярлайды.",
        ),
        "government": (
            "{brand} өңірдегі инновациялық және индустриялық саясатқа жауап береді.",
            "{brand} жергілікті компанияларды қолдайды және шетелдік технологиялық серіктестерді тартады.",
        ),
        "association": (
            "{brand} технологиялық компаниялар мен ғылыми ұйымдарды біріктіреді.",
            "{brand} мүшелерінің мүддесін білдіреді және шетелге іскерлік миссиялар ұйымдастырады.",
        ),
    },
    "pt": {
        "startup": (
            "{brand} é uma startup de tecnologia sediada {city_in}.",
            "Fundada por engenheiros {city_in}, a {brand} transforma pesquisa em produtos digitais.",
        ),
        "corporation": (
            "{brand} é um dos principais grupos industriais do Brasil, com sede {city_in}.",
            "{brand} mantém um programa de inovação aberta com startups e universidades.",
        ),
        "investor": (
            "{brand} é uma gestora de venture capital que investe em empresas de tecnologia em estágio inicial.",
            "{brand} apoia empreendedores do Brasil e de países parceiros com capital e mentoria.",
        ),
        "technopark": (
            "{brand} oferece espaço de trabalho, laboratórios e programas de aceleração para empresas residentes.",
            "{brand} é um polo de inovação {city_in} com serviços de soft landing para startups estrangeiras.",
        ),
        "university": (
            "{brand} é uma instituição de pesquisa com forte tradição em engenharia e ciências.",
            "{brand} mantém um núcleo de inovação tecnológica que conecta laboratórios e indústria.",
        ),
        "government": (
            "{brand} é responsável pelas políticas de inovação e desenvolvimento econômico.",
            "{brand} apoia empresas locais e atrai parceiros tecnológicos estrangeiros.",
        ),
        "association": (
            "{brand} reúne empresas de tecnologia e instituições de pesquisa do Brasil.",
            "{brand} representa seus associados e organiza missões empresariais ao exterior.",
        ),
    },
}
_TOPIC_SENTENCES = {
    "en": (
        "Its main areas are {topics}.",
        "Key focus areas: {topics}.",
        "The team works on {topics}.",
        "Current projects cover {topics}.",
    ),
    "ru": (
        "Направления работы: {topics}.",
        "Ключевые направления — {topics}.",
        "Основные компетенции: {topics}.",
        "Специализация: {topics}.",
    ),
    "zh": ("主要业务领域包括{topics}。", "重点方向：{topics}。", "核心技术涵盖{topics}。"),
    "kk": ("Негізгі бағыттар: {topics}.", "Мамандануы: {topics}."),
    "pt": ("Áreas de atuação: {topics}.", "O foco principal é {topics}."),
}
_CLOSING_SENTENCES = {
    "en": (
        "Open to pilot projects, joint R&D and export partnerships.",
        "We welcome partners from BRICS and SCO countries for pilots and joint ventures.",
        "Looking for industrial partners and co-investors.",
    ),
    "ru": (
        "Открыты к пилотным проектам, совместным НИОКР и экспортным партнёрствам.",
        "Ищем партнёров в странах БРИКС и ШОС.",
        "Приглашаем к сотрудничеству индустриальных партнёров и инвесторов.",
    ),
    "zh": (
        "欢迎与金砖国家和上合组织国家的伙伴开展试点项目与联合研发。",
        "诚邀国际合作伙伴共同开拓新市场。",
    ),
    "kk": (
        "Пилоттық жобалар мен бірлескен ғылыми зерттеулерге ашықпыз.",
        "БРИКС және ШЫҰ елдерінен серіктестер іздейміз.",
    ),
    "pt": (
        "Buscamos parceiros para projetos-piloto e P&D conjunto.",
        "Aberta a parcerias com países do BRICS.",
    ),
}
_FOUNDED_SENTENCES = {
    "en": "Founded in {year}.",
    "ru": "Год основания — {year}.",
    "zh": "成立于{year}年。",
    "kk": "Құрылған жылы — {year}.",
    "pt": "Ano de fundação: {year}.",
}


def _describe(
    rng: random.Random, language: str, kind: str, context: dict[str, str], founded_year: int | None
) -> str:
    sentences = [
        rng.choice(_INTROS[language][kind]).format(**context),
        rng.choice(_TOPIC_SENTENCES[language]).format(**context),
    ]
    roll = rng.random()
    if founded_year is not None and roll < 0.3:
        sentences.append(_FOUNDED_SENTENCES[language].format(year=founded_year))
    elif roll < 0.75:
        sentences.append(rng.choice(_CLOSING_SENTENCES[language]))
    return ("" if language == "zh" else " ").join(sentences)


# --------------------------------------------------------------------------------------------
# Offers and needs
# --------------------------------------------------------------------------------------------

_OFFER_KINDS_BY_ORGANISATION = {
    "startup": (
        ("technology_offer", 30),
        ("technology_request", 5),
        ("business_partnership", 25),
        ("investment_sought", 30),
        ("rnd_partnership", 10),
    ),
    "corporation": (
        ("technology_offer", 20),
        ("technology_request", 35),
        ("business_partnership", 25),
        ("investment_offered", 5),
        ("rnd_partnership", 15),
    ),
    "investor": (
        ("technology_request", 5),
        ("business_partnership", 10),
        ("investment_offered", 80),
        ("rnd_partnership", 5),
    ),
    "technopark": (
        ("technology_offer", 10),
        ("technology_request", 10),
        ("business_partnership", 50),
        ("investment_offered", 15),
        ("rnd_partnership", 15),
    ),
    "university": (
        ("technology_offer", 35),
        ("technology_request", 5),
        ("business_partnership", 10),
        ("rnd_partnership", 50),
    ),
    "government": (
        ("technology_request", 50),
        ("business_partnership", 35),
        ("investment_offered", 5),
        ("rnd_partnership", 10),
    ),
    "association": (
        ("technology_offer", 5),
        ("technology_request", 15),
        ("business_partnership", 60),
        ("investment_offered", 5),
        ("rnd_partnership", 15),
    ),
}

# language -> offer kind -> (titles, descriptions)
_OFFER_TEXTS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "en": {
        "technology_offer": (
            (
                "Licensing our {topic} technology",
                "{Topic}: a solution ready for pilots",
                "Proven {topic} platform available for integration",
            ),
            (
                "{brand} offers a field-tested solution in {topic}. It is available for licensing, pilot deployments and joint projects.",
            ),
        ),
        "technology_request": (
            (
                "Looking for a {topic} solution",
                "Request for {topic} technology for a pilot project",
                "Seeking suppliers: {topic}",
            ),
            (
                "{brand} is looking for mature solutions in {topic} to pilot in its operations. Suppliers with references and local support are preferred.",
            ),
        ),
        "business_partnership": (
            (
                "Distribution partners wanted: {topic}",
                "Partners for market entry in {topic}",
                "Integrators wanted for {topic} products",
            ),
            (
                "We are looking for distributors and integrators to bring our {topic} products to new markets. Joint ventures and localisation are possible.",
            ),
        ),
        "investment_sought": (
            (
                "Seed round for a {topic} startup",
                "Raising Series A to scale a {topic} product",
                "Investment sought: {topic}",
            ),
            (
                "{brand} is raising investment to scale its product in {topic}. The funds will go to product development and international expansion.",
            ),
        ),
        "investment_offered": (
            (
                "Investing in {topic} startups",
                "Open call for founders in {topic}",
                "Seed funding available: {topic}",
            ),
            (
                "{brand} invests in early-stage teams working on {topic}. We offer tickets from seed to Series A, mentoring and access to corporate partners.",
            ),
        ),
        "rnd_partnership": (
            (
                "Joint R&D in {topic}",
                "Research partners wanted: {topic}",
                "Joint laboratory proposal: {topic}",
            ),
            (
                "We invite universities and companies to joint research in {topic}. Shared laboratories, joint grant applications and researcher exchange are possible.",
            ),
        ),
    },
    "ru": {
        "technology_offer": (
            (
                "Предлагаем технологию: {topic}",
                "Готовое решение для пилотирования — {topic}",
                "Лицензирование разработок: {topic}",
            ),
            (
                "{brand} предлагает решение, проверенное на реальных объектах. Направление: {topic}. Возможны лицензирование, пилотные внедрения и совместные проекты.",
            ),
        ),
        "technology_request": (
            (
                "Ищем решение: {topic}",
                "Запрос технологии для пилотного проекта — {topic}",
                "Ищем поставщиков: {topic}",
            ),
            (
                "{brand} ищет зрелые решения для пилотного внедрения. Направление: {topic}. Приоритет — поставщикам с референсами и локальной поддержкой.",
            ),
        ),
        "business_partnership": (
            (
                "Ищем дистрибьюторов и интеграторов — {topic}",
                "Партнёрство для выхода на новые рынки: {topic}",
            ),
            (
                "Ищем дистрибьюторов и интеграторов для продвижения наших продуктов на новых рынках. Направление: {topic}. Возможны совместное предприятие и локализация.",
            ),
        ),
        "investment_sought": (
            (
                "Привлекаем посевные инвестиции — {topic}",
                "Раунд A для масштабирования продукта: {topic}",
            ),
            (
                "{brand} привлекает инвестиции для масштабирования продукта. Направление: {topic}. Средства пойдут на разработку и выход на зарубежные рынки.",
            ),
        ),
        "investment_offered": (
            ("Инвестируем в стартапы — {topic}", "Открытый отбор проектов: {topic}"),
            (
                "{brand} инвестирует в команды на ранних стадиях. Направление: {topic}. Помимо финансирования — менторство и доступ к корпоративным партнёрам.",
            ),
        ),
        "rnd_partnership": (
            ("Совместные НИОКР — {topic}", "Ищем научных партнёров: {topic}"),
            (
                "Приглашаем университеты и компании к совместным исследованиям. Направление: {topic}. Возможны общие лаборатории, совместные грантовые заявки и обмен исследователями.",
            ),
        ),
    },
    "zh": {
        "technology_offer": (
            ("{topic}技术授权与转让", "{topic}成熟解决方案寻求试点", "{topic}平台开放集成合作"),
            (
                "{brand}提供经过实际项目验证的{topic}解决方案，可进行技术授权、试点应用和联合项目合作。",
            ),
        ),
        "technology_request": (
            ("寻求{topic}解决方案", "{topic}技术试点需求", "征集{topic}系统供应商"),
            (
                "{brand}正在寻找成熟的{topic}解决方案用于试点应用。优先考虑有成功案例和本地服务能力的供应商。",
            ),
        ),
        "business_partnership": (
            ("{topic}产品寻求渠道合作伙伴", "{topic}领域市场拓展合作"),
            ("我们正在寻找经销商和系统集成商，将{topic}产品推向新市场。可探讨合资与本地化合作。",),
        ),
        "investment_sought": (
            ("{topic}初创企业寻求天使轮融资", "{topic}项目A轮融资"),
            ("{brand}正在进行融资，用于扩大{topic}产品规模。资金将用于产品研发和国际市场拓展。",),
        ),
        "investment_offered": (
            ("投资{topic}领域早期项目", "{topic}创业项目征集"),
            ("{brand}专注投资{topic}领域的早期团队，除资金外还提供创业辅导和产业资源对接。",),
        ),
        "rnd_partnership": (
            ("{topic}联合研发合作", "寻求{topic}科研合作伙伴"),
            (
                "诚邀高校和企业在{topic}领域开展联合研究，可共建实验室、联合申报科研项目并开展人员交流。",
            ),
        ),
    },
    "kk": {
        "technology_offer": (
            ("Технология ұсынамыз: {topic}", "Пилоттық жобаға дайын шешім — {topic}"),
            (
                "{brand} нақты нысандарда сыналған шешімді ұсынады. Бағыты: {topic}. Лицензиялау, пилоттық енгізу және бірлескен жобалар мүмкін.",
            ),
        ),
        "technology_request": (
            ("Шешім іздейміз: {topic}", "Пилоттық жобаға технология іздейміз — {topic}"),
            (
                "{brand} пилоттық енгізу үшін дайын шешімдер іздейді. Бағыты: {topic}. Тәжірибесі бар жеткізушілерге басымдық беріледі.",
            ),
        ),
        "business_partnership": (
            (
                "Дистрибьюторлар мен интеграторлар іздейміз — {topic}",
                "Жаңа нарықтарға шығу үшін серіктестік: {topic}",
            ),
            (
                "Өнімдерімізді жаңа нарықтарға шығару үшін дистрибьюторлар мен интеграторлар іздейміз. Бағыты: {topic}. Бірлескен кәсіпорын құру мүмкін.",
            ),
        ),
        "investment_sought": (
            ("Инвестиция тартамыз — {topic}", "Өнімді кеңейтуге инвестиция іздейміз: {topic}"),
            (
                "{brand} өнімді кеңейту үшін инвестиция тартады. Бағыты: {topic}. Қаражат әзірлеуге және шетел нарықтарына шығуға жұмсалады.",
            ),
        ),
        "investment_offered": (
            ("Стартаптарға инвестиция саламыз — {topic}", "Жобаларды ашық іріктеу: {topic}"),
            (
                "{brand} ерте кезеңдегі командаларға инвестиция салады. Бағыты: {topic}. Қаржыдан бөлек — менторлық қолдау және корпоративтік серіктестерге қолжетімділік.",
            ),
        ),
        "rnd_partnership": (
            ("Бірлескен ғылыми зерттеулер — {topic}", "Ғылыми серіктестер іздейміз: {topic}"),
            (
                "Университеттер мен компанияларды бірлескен зерттеулерге шақырамыз. Бағыты: {topic}. Ортақ зертханалар мен бірлескен гранттық өтінімдер мүмкін.",
            ),
        ),
    },
    "pt": {
        "technology_offer": (
            (
                "Licenciamento de tecnologia: {topic}",
                "Solução pronta para projetos-piloto — {topic}",
            ),
            (
                "{brand} oferece uma solução validada em campo na área de {topic}. Disponível para licenciamento, projetos-piloto e projetos conjuntos.",
            ),
        ),
        "technology_request": (
            ("Procuramos solução: {topic}", "Demanda tecnológica para projeto-piloto — {topic}"),
            (
                "{brand} busca soluções maduras na área de {topic} para um projeto-piloto. Fornecedores com referências e suporte local terão preferência.",
            ),
        ),
        "business_partnership": (
            ("Parceiros de distribuição — {topic}", "Parcerias para novos mercados: {topic}"),
            (
                "Buscamos distribuidores e integradores para levar nossos produtos a novos mercados. Área: {topic}. Joint ventures e localização são possíveis.",
            ),
        ),
        "investment_sought": (
            ("Rodada seed — {topic}", "Captação Série A para escalar o produto — {topic}"),
            (
                "{brand} está captando investimento para escalar seu produto. Área: {topic}. Os recursos serão usados em desenvolvimento e expansão internacional.",
            ),
        ),
        "investment_offered": (
            ("Investimos em startups — {topic}", "Chamada aberta para fundadores — {topic}"),
            (
                "{brand} investe em equipes em estágio inicial na área de {topic}. Oferecemos capital, mentoria e acesso a parceiros corporativos.",
            ),
        ),
        "rnd_partnership": (
            ("P&D conjunto — {topic}", "Procuramos parceiros de pesquisa: {topic}"),
            (
                "Convidamos universidades e empresas para pesquisa conjunta na área de {topic}. Laboratórios compartilhados e projetos de fomento conjuntos são possíveis.",
            ),
        ),
    },
}
_MARKETS_SENTENCES = {
    "en": "Priority markets: {countries}.",
    "ru": "Приоритетные рынки: {countries}.",
    "zh": "重点市场：{countries}。",
    "kk": "Басым нарықтар: {countries}.",
    "pt": "Mercados prioritários: {countries}.",
}


def _target_countries(rng: random.Random, own: str) -> list[str]:
    wanted = rng.choice((0, 1, 1, 2, 2, 3))
    chosen: list[str] = []
    for _ in range(wanted * 4):
        if len(chosen) == wanted:
            break
        code = rng.choices(_COUNTRIES, cum_weights=_COUNTRY_CUMULATIVE)[0].code
        if code != own and code not in chosen:
            chosen.append(code)
    return chosen


def _offer(
    rng: random.Random, *, kind: str, language: str, brand: str, country: str, topics: list[str]
) -> GeneratedOffer:
    offer_kind = _weighted(rng, _OFFER_KINDS_BY_ORGANISATION[kind])
    offer_topics = rng.sample(topics, min(len(topics), rng.choice((1, 1, 2)))) if topics else []
    topic = _topic_list(offer_topics[:1], language)
    titles, descriptions = _OFFER_TEXTS[language][offer_kind]
    values = {"topic": topic, "Topic": _capitalised(topic), "brand": brand}
    title = rng.choice(titles).format(**values)
    description = rng.choice(descriptions).format(**values)
    targets = _target_countries(rng, country)
    if targets:
        separator = "、" if language == "zh" else ", "
        names = separator.join(
            _country_name(code, language).removeprefix("the ") for code in targets
        )
        description += ("" if language == "zh" else " ") + _MARKETS_SENTENCES[language].format(
            countries=names
        )
    roll = rng.random()
    if roll < 0.1:
        expires_in_days = -rng.randint(1, 180)
    elif roll < 0.15:
        expires_in_days = rng.randint(1, 29)
    else:
        expires_in_days = rng.randint(30, 365)
    return GeneratedOffer(
        offer_kind, title, description, language, offer_topics, targets, expires_in_days
    )


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

# language -> kind -> heads; managers and specialists are shared by every kind
_HEAD_TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "startup": ("Founder & CEO", "Co-founder & CTO", "Chief Executive Officer", "Co-founder"),
        "corporation": (
            "Chief Innovation Officer",
            "Head of Open Innovation",
            "Director of Strategic Partnerships",
            "Chief Technology Officer",
        ),
        "investor": ("Managing Partner", "Founding Partner", "Investment Director"),
        "technopark": ("Director", "Chief Executive Officer", "Head of Resident Services"),
        "university": (
            "Vice-Rector for Research",
            "Head of Technology Transfer Office",
            "Director of Research",
        ),
        "government": (
            "Deputy Minister",
            "Head of Department",
            "Director of International Cooperation",
        ),
        "association": ("Executive Director", "President", "Secretary General"),
    },
    "ru": {
        "startup": (
            "Генеральный директор",
            "Основатель и генеральный директор",
            "Сооснователь, технический директор",
            "Основатель",
        ),
        "corporation": (
            "Директор по инновациям",
            "Руководитель центра открытых инноваций",
            "Директор по стратегическим партнёрствам",
            "Технический директор",
        ),
        "investor": ("Управляющий партнёр", "Инвестиционный директор", "Генеральный директор"),
        "technopark": (
            "Директор технопарка",
            "Генеральный директор",
            "Руководитель службы по работе с резидентами",
        ),
        "university": (
            "Проректор по научной работе",
            "Руководитель центра трансфера технологий",
            "Директор института",
        ),
        "government": (
            "Заместитель министра",
            "Начальник управления",
            "Руководитель департамента",
            "Начальник отдела международного сотрудничества",
        ),
        "association": (
            "Исполнительный директор",
            "Президент ассоциации",
            "Председатель правления",
        ),
    },
    "zh": {
        "startup": ("创始人兼首席执行官", "联合创始人兼首席技术官", "总经理", "创始人"),
        "corporation": ("首席创新官", "开放创新中心主任", "战略合作总监", "首席技术官"),
        "investor": ("管理合伙人", "投资总监", "创始合伙人"),
        "technopark": ("园区主任", "总经理", "企业服务部部长"),
        "university": ("副校长", "技术转移中心主任", "研究院院长"),
        "government": ("副局长", "处长", "国际合作处处长"),
        "association": ("秘书长", "会长", "执行会长"),
    },
    "kk": {
        "startup": ("Негізін қалаушы, бас директор", "Бас директор", "Техникалық директор"),
        "corporation": (
            "Инновациялар жөніндегі директор",
            "Стратегиялық серіктестік жөніндегі директор",
            "Техникалық директор",
        ),
        "investor": ("Басқарушы серіктес", "Инвестициялық директор"),
        "technopark": ("Технопарк директоры", "Бас директор"),
        "university": (
            "Ғылыми жұмыс жөніндегі проректор",
            "Технологиялар трансфері орталығының басшысы",
        ),
        "government": (
            "Басқарма басшысы",
            "Басшының орынбасары",
            "Халықаралық ынтымақтастық бөлімінің басшысы",
        ),
        "association": ("Атқарушы директор", "Қауымдастық президенті"),
    },
    "pt": {
        "startup": ("Fundador e CEO", "Cofundador e CTO", "Diretor-Executivo", "Sócio-fundador"),
        "corporation": (
            "Diretor de Inovação",
            "Head de Inovação Aberta",
            "Diretor de Parcerias Estratégicas",
            "Diretor de Tecnologia",
        ),
        "investor": ("Sócio-gestor", "Diretor de Investimentos", "Sócio-fundador"),
        "technopark": (
            "Diretor-Presidente",
            "Gerente de Relacionamento com Residentes",
            "Diretor Executivo",
        ),
        "university": (
            "Pró-Reitor de Pesquisa",
            "Coordenador do Núcleo de Inovação Tecnológica",
            "Diretor do Instituto",
        ),
        "government": (
            "Secretário Adjunto",
            "Diretor de Departamento",
            "Coordenador de Cooperação Internacional",
        ),
        "association": ("Diretor Executivo", "Presidente", "Secretário-Geral"),
    },
}
_MANAGER_TITLES = {
    "en": (
        "Head of International Cooperation",
        "Business Development Manager",
        "Partnerships Manager",
        "Programme Manager",
        "Project Manager",
        "Product Manager",
        "Head of Sales",
    ),
    "ru": (
        "Руководитель направления международного сотрудничества",
        "Менеджер по развитию бизнеса",
        "Руководитель проектов",
        "Менеджер по партнёрствам",
        "Руководитель продукта",
        "Коммерческий директор",
        "Руководитель отдела продаж",
    ),
    "zh": (
        "国际合作经理",
        "商务拓展经理",
        "项目经理",
        "产品经理",
        "合作伙伴经理",
        "销售总监",
        "市场总监",
    ),
    "kk": (
        "Бизнесті дамыту менеджері",
        "Жобалар жетекшісі",
        "Халықаралық ынтымақтастық жөніндегі менеджер",
        "Өнім менеджері",
    ),
    "pt": (
        "Gerente de Desenvolvimento de Negócios",
        "Gerente de Parcerias",
        "Gerente de Projetos",
        "Gerente de Produto",
        "Coordenador de Relações Internacionais",
    ),
}
_SPECIALIST_TITLES = {
    "en": (
        "Software Engineer",
        "Data Scientist",
        "Research Fellow",
        "Analyst",
        "Export Specialist",
        "Legal Counsel",
        "Marketing Specialist",
        "Senior Engineer",
        "Account Manager",
    ),
    "ru": (
        "Ведущий инженер",
        "Аналитик данных",
        "Научный сотрудник",
        "Главный специалист",
        "Специалист по экспорту",
        "Юрист",
        "Маркетолог",
        "Разработчик",
        "Ведущий аналитик",
        "Консультант",
    ),
    "zh": (
        "软件工程师",
        "数据分析师",
        "研究员",
        "高级工程师",
        "法务专员",
        "市场专员",
        "算法工程师",
        "主任科员",
        "出口业务专员",
    ),
    "kk": (
        "Жетекші инженер",
        "Деректер талдаушысы",
        "Ғылыми қызметкер",
        "Бас маман",
        "Заңгер",
        "Маркетолог",
        "Бағдарламашы",
    ),
    "pt": (
        "Engenheiro de Software",
        "Cientista de Dados",
        "Pesquisador",
        "Analista de Negócios",
        "Especialista em Exportação",
        "Advogado",
        "Analista de Marketing",
        "Engenheiro Sênior",
    ),
}
_PORTUGUESE_FEMININE = (
    ("Cofundador", "Cofundadora"),
    ("Fundador", "Fundadora"),
    ("Diretor", "Diretora"),
    ("Secretário", "Secretária"),
    ("Coordenador", "Coordenadora"),
    ("Pró-Reitor", "Pró-Reitora"),
    ("Sócio", "Sócia"),
    ("Engenheiro", "Engenheira"),
    ("Pesquisador", "Pesquisadora"),
    ("Advogado", "Advogada"),
)
_LATIN_NAME_STYLES = frozenset(_CYRILLIC_POOLS) | {"ru", "by", "zh"}


def _title(rng: random.Random, language: str, kind: str, role: str, female: bool) -> str:
    if role == "owner":
        title = rng.choice(_HEAD_TITLES[language][kind])
    elif role == "admin" or rng.random() < 0.3:
        title = rng.choice(_MANAGER_TITLES[language])
    else:
        title = rng.choice(_SPECIALIST_TITLES[language])
    if female and language == "pt":
        for masculine, feminine in _PORTUGUESE_FEMININE:
            title = title.replace(masculine, feminine)
    return title


def _ui_language(rng: random.Random, country: _Country, language: str) -> str:
    if country.ui == "en":
        return "en"
    writes_natively = language != "en"
    return country.ui if rng.random() < (0.85 if writes_natively else 0.55) else "en"


def _person(
    rng: random.Random,
    *,
    number: int,
    role: str,
    kind: str,
    language: str,
    country: _Country,
    city: _City,
    domain: str,
) -> GeneratedPerson:
    female = rng.random() < 0.42
    latin = language in ("en", "pt") and country.name_style in _LATIN_NAME_STYLES
    name = _person_name(rng, country.name_style, female, latin)
    first = _handle(name.first_latin)[:1] or "x"
    last = _handle(name.last_latin)[:30] or "member"
    spoken = list(_weighted(rng, country.spoken))
    if language not in spoken:
        spoken.insert(1 if spoken else 0, language)
    home = city if rng.random() < 0.85 else _pick_city(rng, country.code)
    return GeneratedPerson(
        full_name=name.display,
        email=f"{first}.{last}.{number}@{domain}",
        title=_title(rng, language, kind, role, female),
        country=country.code,
        languages=spoken,
        time_zone=home.tz,
        ui_language=_ui_language(rng, country, language),
        role=role,
    )


# --------------------------------------------------------------------------------------------
# The world
# --------------------------------------------------------------------------------------------


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method; the means here are small."""
    if mean <= 0:
        return 0
    limit, product, count = math.exp(-mean), rng.random(), 0
    while product > limit:
        count += 1
        product *= rng.random()
    return count


_MAX_PEOPLE = 99  # e-mail numbers are organisation index * 100 + person index


def _people_count(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean < 1:
        return 1 if rng.random() < mean else 0
    return min(_MAX_PEOPLE, 1 + _poisson(rng, mean - 1))


_FOUNDED = {
    "startup": (2012, 2024),
    "corporation": (1950, 2015),
    "investor": (1995, 2023),
    "technopark": (1995, 2023),
    "university": (1900, 2015),
    "government": (1991, 2022),
    "association": (1990, 2023),
}


def _founded_year(rng: random.Random, kind: str) -> int | None:
    if rng.random() < (0.5 if kind == "government" else 0.08):
        return None
    low, high = _FOUNDED[kind]
    return rng.randint(low, high)


def _unique_slug(base: str, city: _City, taken: dict[str, int]) -> str:
    """``base``, else ``base-<city>``, else ``base2``, ``base3`` …; ``taken`` maps every slug in
    use to the last number tried after it, so long runs of one base stay cheap."""
    city_slug = _slug(city.en)
    candidates = [base] if city_slug in base else [base, f"{base}-{city_slug}"]
    for candidate in candidates:
        if candidate not in taken:
            taken[candidate] = 1
            return candidate
    number = taken[base]
    while True:
        number += 1
        candidate = f"{base}{number}"
        if candidate not in taken:
            taken[base] = number
            taken[candidate] = 1
            return candidate


_BRANCH_SUFFIXES = {
    "en": "{name} – {city} Office",
    "ru": "{name}, филиал в г. {city}",
    "zh": "{name}{city}分公司",
    "kk": "{name} {city} филиалы",
    "pt": "{name} – Filial {city}",
}
_UNIT_SUFFIXES = {
    "en": (
        "{name} – International Cooperation Unit",
        "{name} – Project Office",
        "{name} – Competence Centre",
        "{name} – Investment Projects Unit",
        "{name} – Analytical Centre",
        "{name} – Digital Services Unit",
    ),
    "ru": (
        "{name} — отдел международного сотрудничества",
        "{name} — проектный офис",
        "{name} — центр компетенций",
        "{name} — отдел инвестиционных проектов",
        "{name} — аналитический центр",
        "{name} — отдел цифровых сервисов",
    ),
    "zh": (
        "{name}国际合作处",
        "{name}项目办公室",
        "{name}创新服务中心",
        "{name}投资促进处",
        "{name}研究中心",
        "{name}数字化服务处",
    ),
    "kk": (
        "{name} халықаралық ынтымақтастық бөлімі",
        "{name} жобалық кеңсесі",
        "{name} құзыреттер орталығы",
        "{name} инвестициялық жобалар бөлімі",
    ),
    "pt": (
        "{name} – Coordenação de Cooperação Internacional",
        "{name} – Escritório de Projetos",
        "{name} – Centro de Competências",
        "{name} – Núcleo de Investimentos",
    ),
}


def _alternative_names(
    rng: random.Random, name: str, kind: str, language: str, country: _Country, city: _City
) -> list[tuple[str, _City]]:
    """What a taken name becomes: a unit of a public body or association, or a branch of anything
    else in another city of the same country (where the organisation then is)."""
    if kind in ("government", "association"):
        alternatives = [(template.format(name=name), city) for template in _UNIT_SUFFIXES[language]]
    else:
        alternatives = [
            (_BRANCH_SUFFIXES[language].format(name=name, city=other.name_in(language)), other)
            for other in country.cities
            if other is not city
        ]
    rng.shuffle(alternatives)
    return alternatives


def _organisation(
    index: int,
    seed: int,
    topics: Sequence[str],
    people_per_org: float,
    offers_per_org: float,
    seen_names: set[str],
    seen_slugs: dict[str, int],
) -> GeneratedOrganisation:
    stream = seed * 1_000_003 + index
    rng = random.Random(stream)
    country = rng.choices(_COUNTRIES, cum_weights=_COUNTRY_CUMULATIVE)[0]
    city = _pick_city(rng, country.code)
    kind = _weighted(rng, _KINDS)
    language = _weighted(rng, country.languages)
    chosen_topics = _related_topics(rng, topics)
    stage = _weighted(rng, _STAGES) if kind == "startup" else ""
    founded_year = _founded_year(rng, kind)

    build = _NAME_BUILDERS[language]
    org_name = build(rng, kind, country, city)
    for attempt in range(1, 8):  # another draw from its own stream when the name is taken
        if org_name.name not in seen_names:
            break
        org_name = build(random.Random(stream * 8 + attempt), kind, country, city)
    name = org_name.name
    if name in seen_names:
        alternatives = _alternative_names(
            random.Random(stream * 8), name, kind, language, country, city
        )
        name, city = next(
            (option for option in alternatives if option[0] not in seen_names), (name, city)
        )
    number = 1
    unique_name = name
    while unique_name in seen_names:  # every alternative taken too: rare
        number += 1
        unique_name = f"{name} ({number})"
    name = unique_name
    seen_names.add(name)
    slug = _unique_slug(org_name.slug or "member", city, seen_slugs)

    country_name = _country_name(country.code, language)
    city_name = city.name_in(language)
    context = {
        "brand": org_name.brand if name == org_name.name else name,
        "city": city_name,
        "city_in": city.pt_em or f"em {city_name}",
        "country": country_name,
        "country_gen": country.ru_gen,
        "topics": _topic_list(chosen_topics, language),
    }
    description = _describe(rng, language, kind, context, founded_year)

    domain = f"{slug}.example"
    people = [
        _person(
            rng,
            number=1000 + index * 100 + position,
            role="owner" if position == 0 else ("admin" if rng.random() < 0.25 else "member"),
            kind=kind,
            language=language,
            country=country,
            city=city,
            domain=domain,
        )
        for position in range(_people_count(rng, people_per_org))
    ]
    offers = [
        _offer(
            rng,
            kind=kind,
            language=language,
            brand=context["brand"],
            country=country.code,
            topics=chosen_topics,
        )
        for _ in range(min(20, _poisson(rng, offers_per_org)))
    ]
    return GeneratedOrganisation(
        name=name,
        kind=kind,
        country=country.code,
        city=city_name,
        website=f"https://{domain}",
        description=description,
        language=language,
        topics=chosen_topics,
        stage=stage,
        founded_year=founded_year,
        people=people,
        offers=offers,
    )


def generate_world(
    count: int,
    *,
    seed: int,
    topics: Sequence[str],
    people_per_org: float = 2.0,
    offers_per_org: float = 0.5,
) -> Iterator[GeneratedOrganisation]:
    """Yield ``count`` organisations with their people and offers, the same for the same
    arguments on every run; a smaller ``count`` yields a prefix of a larger one."""
    topic_codes = tuple(topics)
    seen_names: set[str] = set()
    seen_slugs: dict[str, int] = {}
    for index in range(count):
        yield _organisation(
            index, seed, topic_codes, people_per_org, offers_per_org, seen_names, seen_slugs
        )
