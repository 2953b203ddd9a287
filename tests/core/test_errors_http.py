"""ServiceError subclasses map to 403/409 and one JSON shape (core/errors.py, core/http.py)."""

from __future__ import annotations

import json

from django.test import RequestFactory

from core.errors import ServiceError
from core.http import json_error, service_error_response
from learning.booking import BookingError
from matching.workflow import MatchingError


def test_domain_errors_share_the_service_error_base():
    assert issubclass(BookingError, ServiceError) and issubclass(MatchingError, ServiceError)


def test_a_forbidden_code_is_403_and_a_state_conflict_409():
    assert BookingError("not_learner").http_status == 403
    assert BookingError("closed").http_status == 409
    assert MatchingError("not_coordinator").http_status == 403


def test_a_json_client_gets_the_code_and_the_message():
    request = RequestFactory().post("/x/", HTTP_ACCEPT="application/json")
    response = service_error_response(request, BookingError("closed"), "/fallback/")
    body = json.loads(response.content)
    assert response.status_code == 409 and body["error"] == "closed" and body["message"]


def test_json_error_has_one_shape():
    response = json_error("bad_ids", "ids must be numbers", 400)
    assert response.status_code == 400
    assert json.loads(response.content) == {"error": "bad_ids", "message": "ids must be numbers"}
