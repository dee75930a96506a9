"""Whatever a visitor types into the programme's query string, the answer is
the programme (with the filter ignored) or a 404, never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..factories import EventPageFactory, PerformanceFactory

pytestmark = pytest.mark.django_db

text = st.text(max_size=40) | st.from_regex(r"-?\d{1,6}(-\d{1,3})?", fullmatch=True)


@pytest.fixture
def programme(event_index, hall, venue):
    PerformanceFactory(event=EventPageFactory(parent=event_index), hall=hall)
    return event_index


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(genre=text, month=text, page=text)
def test_programme_never_fails_on_any_query(client, programme, genre, month, page):
    for path in ("/arrangementer/", "/arrangementer/arkiv/"):
        response = client.get(path, {"sjanger": genre, "maned": month, "side": page})
        assert response.status_code in (200, 404)
