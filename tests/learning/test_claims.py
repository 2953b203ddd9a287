"""Teaching slots: never more claims than slots; only volunteers; idempotent; dropping frees one."""

import pytest

from learning import booking as rules
from learning.models import Session, TeachingClaim

pytestmark = pytest.mark.django_db


def test_volunteers_claim_until_the_slots_are_full(session, make_volunteer):
    rules.claim(make_volunteer(), session)
    rules.claim(make_volunteer(), session)
    with pytest.raises(rules.BookingError) as error:
        rules.claim(make_volunteer(), session)
    assert error.value.code == "no_teacher_slot"
    assert (
        TeachingClaim.objects.filter(session=session, status="claimed").count()
        == session.teacher_slots
    )


def test_claiming_twice_returns_the_same_claim(session, volunteer):
    first = rules.claim(volunteer, session)
    assert rules.claim(volunteer, session).pk == first.pk
    assert TeachingClaim.objects.filter(session=session).count() == 1


def test_learners_cannot_claim_a_teaching_slot(session, learner):
    with pytest.raises(rules.BookingError) as error:
        rules.claim(learner, session)
    assert error.value.code == "not_volunteer"


def test_dropping_frees_the_slot_for_another_volunteer(session, make_volunteer):
    first, second, third = make_volunteer(), make_volunteer(), make_volunteer()
    mine = rules.claim(first, session)
    rules.claim(second, session)
    rules.drop_claim(first, mine)
    assert rules.claim(third, session).status == TeachingClaim.Status.CLAIMED
    assert Session.objects.with_counts().get(pk=session.pk).teachers_needed == 0


def test_a_volunteer_cannot_drop_someone_elses_claim(session, make_volunteer):
    theirs = rules.claim(make_volunteer(), session)
    with pytest.raises(rules.BookingError) as error:
        rules.drop_claim(make_volunteer(), theirs)
    assert error.value.code == "forbidden"


def test_understaffed_sessions_are_found(session, volunteer):
    assert list(Session.objects.with_counts().understaffed()) == [session]
    rules.claim(volunteer, session)
    session.teacher_slots = 1
    session.save()
    assert list(Session.objects.with_counts().understaffed()) == []
