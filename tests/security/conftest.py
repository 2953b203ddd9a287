"""Security tests reuse the cms page tree."""

from __future__ import annotations

import pytest

from tests.cms.conftest import ensure_home


@pytest.fixture
def home(db):
    return ensure_home()
