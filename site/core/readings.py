"""The furigana Reader that core's template filters use (the reading dictionary applied).

simple_japanese keeps no process-wide reading state; the site keeps one Reader per version of
the editors' reading dictionary here. The cms app installs it (`use_reading_dictionary`) when
the dictionary changes; until then the packaged default Reader is used.
"""

from __future__ import annotations

from collections.abc import Mapping

from simple_japanese.furigana import Reader, default_reader, reader_for

_reader: Reader | None = None


def use_reading_dictionary(mapping: Mapping[str, str] | None) -> None:
    """Make core's filters read with `mapping` as the user dictionary (one Reader, shared)."""
    global _reader
    _reader = reader_for(mapping)


def current_reader() -> Reader:
    """The Reader for templates: the dictionary's, else the packaged default."""
    return _reader or default_reader()
