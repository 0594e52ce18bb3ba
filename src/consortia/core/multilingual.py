"""Multilingual text. Reference data (countries, topics) carries labels in every UI language;
text written by users keeps its original language in a ``language`` field and is shown as written.
"""

from django.utils import translation

UI_LANGUAGES = ("en", "ru", "zh-hans")

# Languages a person may speak or write in; the UI is translated into UI_LANGUAGES only.
CONTENT_LANGUAGES = [
    ("en", "English"),
    ("ru", "Русский"),
    ("zh", "中文"),
    ("kk", "Қазақша"),
    ("be", "Беларуская"),
    ("uz", "Oʻzbekcha"),
    ("tg", "Тоҷикӣ"),
    ("ky", "Кыргызча"),
    ("hy", "Հայերեն"),
    ("ar", "العربية"),
    ("fr", "Français"),
    ("es", "Español"),
    ("pt", "Português"),
    ("hi", "हिन्दी"),
    ("fa", "فارسی"),
    ("tl", "Filipino"),
    ("vi", "Tiếng Việt"),
    ("de", "Deutsch"),
]
CONTENT_LANGUAGE_CODES = frozenset(code for code, _ in CONTENT_LANGUAGES)


def label_field_suffix(language: str | None = None) -> str:
    """``en``, ``ru`` or ``zh`` for the active (or given) UI language."""
    language = (language or translation.get_language() or "en").lower()
    if language.startswith("ru"):
        return "ru"
    if language.startswith("zh"):
        return "zh"
    return "en"


def localized(obj: object, field: str, language: str | None = None) -> str:
    """``obj.<field>_<lang>`` for the active UI language, falling back to English."""
    value = getattr(obj, f"{field}_{label_field_suffix(language)}", "")
    return value or getattr(obj, f"{field}_en", "")
