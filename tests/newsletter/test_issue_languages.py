"""An issue in English lists the programme in English: the events'
English titles, halls and addresses, and dates as English writes them."""

import datetime

import pytest
from django.utils import timezone

from home.services import translate
from newsletter import rendering

from ..factories import EventPageFactory, PerformanceFactory
from .mailing_fixtures import make_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(english_event_index, event_index, hall):
    start = timezone.localtime(timezone.now()).replace(
        hour=19, minute=30, second=0, microsecond=0
    ) + datetime.timedelta(days=3)
    translated = EventPageFactory(parent=event_index, title="Jazzkveld", slug="jazz")
    PerformanceFactory(event=translated, hall=hall, start=start)
    untranslated = EventPageFactory(parent=event_index, title="Bare på norsk")
    PerformanceFactory(
        event=untranslated, hall=hall, start=start + datetime.timedelta(days=1)
    )
    translate(hall, "en", {"Store sal": "Main hall"})
    translate(translated, "en", {"Jazzkveld": "Jazz night", "jazz": "jazz-night"})
    return start


def issue_in(language):
    return make_issue(
        language=language,
        subject="Programme",
        body=[("upcoming_events", {"heading": "", "count": 4})],
    )


def test_an_english_issue_lists_the_english_events_with_english_dates(programme):
    text = rendering.render_issue(issue_in("en")).text
    assert "Jazz night" in text
    assert "/en/events/jazz-night/" in text
    assert "Main hall" in text
    assert f"{programme:%A} {programme.day} {programme:%B}, 19:30" in text
    assert "Jazzkveld" not in text
    assert "Bare på norsk" not in text


def test_a_norwegian_issue_lists_the_norwegian_events(programme):
    text = rendering.render_issue(issue_in("nb")).text
    assert "Jazzkveld" in text and "Bare på norsk" in text
    assert "Jazz night" not in text
