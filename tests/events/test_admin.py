import datetime

import pytest
from django.utils import timezone

from events.models import Performance

from ..factories import EventPageFactory, PerformanceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_dashboard_shows_the_state_of_the_programme(client, event_index, hall):
    editor = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(editor)
    event = EventPageFactory(parent=event_index, title="Vinterkonsert")
    PerformanceFactory(event=event, hall=hall, status=Performance.Status.SOLD_OUT)
    PerformanceFactory(event=event, hall=hall, status=Performance.Status.CANCELLED)
    PerformanceFactory(
        event=event, hall=hall, start=timezone.now() - datetime.timedelta(days=2)
    )
    html = client.get("/admin/").content.decode()
    assert "2 kommende forestillinger" in html
    assert "<strong>1</strong> utsolgt" in html
    assert "<strong>1</strong> avlyst" in html
    assert "Vinterkonsert" in html
