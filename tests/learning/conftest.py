"""Fixtures for the classes tests: a session three days out, people in each role."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.learning.factories import SessionFactory


@pytest.fixture
def session(db):
    return SessionFactory(capacity=2, teacher_slots=2)


@pytest.fixture
def make_learner(db):
    def make(**kwargs):
        return UserFactory(roles=["learner"], **kwargs)

    return make


@pytest.fixture
def make_volunteer(db):
    def make(**kwargs):
        return UserFactory(roles=["volunteer"], **kwargs)

    return make
