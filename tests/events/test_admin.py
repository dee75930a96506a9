import datetime

import pytest
from django.utils import timezone

from events.models import Genre, Hall, Performance

from ..factories import EventPageFactory, GenreFactory, PerformanceFactory, UserFactory

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


@pytest.mark.parametrize(
    ("model", "data"),
    [
        ("genre", {"name": "Konsert", "slug": "konsert"}),
        ("hall", {"name": "Store sal", "capacity": "300"}),
    ],
)
def test_a_second_genre_or_hall_of_the_same_name_gets_a_message_not_an_error(
    client, hall, model, data
):
    GenreFactory(name="Konsert", slug="konsert")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(f"/admin/snippets/events/{model}/add/", data)
    assert response.status_code == 200
    assert "Det finnes allerede en på dette språket med denne verdien." in (
        response.content.decode()
    )
    assert Genre.objects.count() == 1 and Hall.objects.count() == 1
