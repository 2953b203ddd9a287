"""The site's furigana Readers: the deployment's configuration plus the reading dictionary.

simple_japanese keeps no process-wide reading state. The site builds its Reader from the
``FURIGANA`` setting (keyword arguments of `simple_japanese.furigana.Reader`, e.g.
``{"packs": ["iwate"], "nippon": False, "tomorrow": "あした"}``; default: the Iwate pack) and one
Reader per reading dictionary on top of it (they share the compiled tables). The cms app
installs the dictionary's Reader here (`use_reading_dictionary`) when the dictionary changes,
so core's template filters apply it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from django.conf import settings

from simple_japanese.furigana import Reader

_reader: Reader | None = None


@lru_cache(maxsize=1)
def base_reader() -> Reader:
    """The deployment's Reader (settings.FURIGANA), without a user dictionary."""
    return Reader(**getattr(settings, "FURIGANA", {}))


@lru_cache(maxsize=8)
def _with_dictionary(items: frozenset) -> Reader:
    return base_reader().with_user_dictionary(dict(items))


def reader_with(mapping: Mapping[str, str] | None) -> Reader:
    """The deployment's Reader with `mapping` as its user dictionary (cached per mapping)."""
    return _with_dictionary(frozenset(mapping.items())) if mapping else base_reader()


def use_reading_dictionary(mapping: Mapping[str, str] | None) -> None:
    """Make core's filters read with `mapping` as the user dictionary (one Reader, shared)."""
    global _reader
    _reader = reader_with(mapping)


def current_reader() -> Reader:
    """The Reader for templates: the dictionary's, else the deployment's."""
    return _reader or base_reader()
