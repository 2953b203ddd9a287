"""Which interface languages the site offers.

Japanese and English always; any other language appears once its translation file
(site/locale/<code>/LC_MESSAGES/django.po) exists, so adding Vietnamese, Chinese, Tagalog,
Nepali, Indonesian or Korean needs a translation file and nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path

# Names shown in the switcher, each in its own language so a reader can find theirs. Interface
# codes with a script or region (zh-hans, pt-br) take the name of their language in
# core/choices.py, except where the variant itself must show.
INTERFACE_VARIANTS: dict[str, str] = {"zh-hans": "中文（简体）", "pt-br": "Português"}


def interface_name(code: str) -> str:
    from core.choices import native_name

    return INTERFACE_VARIANTS.get(code) or native_name(code.split("-")[0])


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
    return [(code, interface_name(code)) for code in codes]


# Hiragana, katakana (full and half width), CJK ideographs and the iteration marks 々〆〇.
JAPANESE = re.compile(
    r"[\u3005-\u3007\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
)
_TAG = re.compile(r"<[^>]*>")


def has_japanese(text: str) -> bool:
    """True when the text (HTML tags ignored) holds kana or kanji: it needs lang="ja" elsewhere."""
    return bool(JAPANESE.search(_TAG.sub("", text)))
