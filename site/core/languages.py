"""Which interface languages the site offers.

Japanese and English always; any other language appears once its translation file
(site/locale/<code>/LC_MESSAGES/django.po) exists, so adding Vietnamese, Chinese, Tagalog,
Nepali, Indonesian or Korean needs a translation file and nothing else.
"""

from __future__ import annotations

from pathlib import Path

# Names shown in the switcher, each in its own language so a reader can find theirs.
LANGUAGE_NAMES: dict[str, str] = {
    "ja": "日本語",
    "en": "English",
    "vi": "Tiếng Việt",
    "zh-hans": "中文（简体）",
    "tl": "Tagalog",
    "ne": "नेपाली",
    "id": "Bahasa Indonesia",
    "ko": "한국어",
    "pt-br": "Português",
    "es": "Español",
}
ALWAYS = ("ja", "en")


def _locale_dir_to_code(name: str) -> str:
    # Django stores zh-hans as zh_Hans and pt-br as pt_BR.
    return name.replace("_", "-").lower()


def available_languages(locale_dir: Path) -> list[tuple[str, str]]:
    """Return LANGUAGES: ja and en first, then every language with a django.po file."""
    codes = list(ALWAYS)
    if locale_dir.is_dir():
        for entry in sorted(locale_dir.iterdir()):
            code = _locale_dir_to_code(entry.name)
            if code not in codes and (entry / "LC_MESSAGES" / "django.po").exists():
                codes.append(code)
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in codes]
