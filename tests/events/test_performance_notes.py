"""Performances' notes in both languages. Performances are shared by the
Norwegian event and its translations (one set of seats); their notes are
translated with wagtail-localize, one string per note."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail_localize.models import StringSegment, TranslationSource

from events.models import EventPage, Performance
from home.services import translate

from ..factories import EventPageFactory, PerformanceFactory

pytestmark = pytest.mark.django_db


def at(day, hour=19, minute=30):
    return timezone.make_aware(datetime.datetime(2099, 12, day, hour, minute))


@pytest.fixture
def play(event_index, hall):
    event = EventPageFactory(
        parent=event_index, title="Et dukkehjem", slug="et-dukkehjem", lead="Ibsen."
    )
    first = PerformanceFactory(event=event, hall=hall, start=at(7), note="Premiere")
    second = PerformanceFactory(
        event=event, hall=hall, start=at(8), note="Tegnspråktolket"
    )
    PerformanceFactory(event=event, hall=hall, start=at(9))
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk), first, second


def notes_on(html):
    return re.findall(r'<span class="note"( lang="[a-z]+")?>([^<]+)</span>', html)


@pytest.fixture
def english_play(english_event_index, play):
    event, _first, _second = play
    return translate(
        event,
        "en",
        {
            "Et dukkehjem": "A Doll's House",
            "et-dukkehjem": "a-dolls-house",
            "Ibsen.": "Ibsen.",
            "Premiere": "Opening night",
            "Tegnspråktolket": "Sign language interpreted",
        },
    )


def test_the_norwegian_event_keeps_its_performances_notes_for_translation(play):
    event, first, second = play
    assert event.performance_notes == {
        str(first.pk): "Premiere",
        str(second.pk): "Tegnspråktolket",
    }


def test_a_note_written_with_a_new_performance_is_kept_once_published(play, hall):
    event, first, _second = play
    revision_page = event.get_latest_revision_as_object()
    revision_page.performances.add(
        Performance(start=at(10), hall=hall, note="Siste forestilling")
    )
    revision_page.save_revision().publish()
    event.refresh_from_db()
    added = Performance.objects.get(event=event, note="Siste forestilling")
    assert event.performance_notes[str(added.pk)] == "Siste forestilling"
    assert event.performance_notes[str(first.pk)] == "Premiere"


def test_a_removed_note_is_no_longer_offered(play):
    event, first, second = play
    page = event.get_latest_revision_as_object()
    performances = list(page.performances.all())
    for performance in performances:
        if performance.pk == second.pk:
            performance.note = ""
    page.performances = performances
    page.save_revision().publish()
    assert Performance.objects.get(pk=second.pk).note == ""
    event.refresh_from_db()
    assert event.performance_notes == {str(first.pk): "Premiere"}


def test_wagtail_localize_offers_each_note_as_a_string_to_translate(play):
    event, first, second = play
    source, _created = TranslationSource.get_or_create_from_instance(event)
    strings = {
        segment.context.path: segment.string.data
        for segment in StringSegment.objects.filter(source=source).select_related(
            "string", "context"
        )
    }
    assert strings[f"performance_notes.{first.pk}"] == "Premiere"
    assert strings[f"performance_notes.{second.pk}"] == "Tegnspråktolket"


def test_the_english_event_shows_the_english_notes(client, english_play):
    assert english_play.performances.count() == 0
    html = client.get("/en/events/a-dolls-house/").content.decode()
    assert notes_on(html) == [
        ("", "Opening night"),
        ("", "Sign language interpreted"),
    ]
    assert "Premiere" not in html and "Tegnspråktolket" not in html


def test_the_norwegian_event_still_shows_the_norwegian_notes(client, english_play):
    html = client.get("/arrangementer/et-dukkehjem/").content.decode()
    assert [note for _lang, note in notes_on(html)] == ["Premiere", "Tegnspråktolket"]
    assert "Opening night" not in html


def test_an_untranslated_note_is_shown_in_norwegian_and_marked_so(
    client, english_event_index, play
):
    event, _first, _second = play
    translate(
        event,
        "en",
        {
            "Et dukkehjem": "A Doll's House",
            "et-dukkehjem": "a-dolls-house",
            "Premiere": "Opening night",
        },
    )
    html = client.get("/en/events/a-dolls-house/").content.decode()
    assert notes_on(html) == [
        ("", "Opening night"),
        (' lang="nb"', "Tegnspråktolket"),
    ]


def test_a_note_added_later_waits_in_norwegian_until_translated(
    client, english_play, play, hall
):
    event, _first, _second = play
    page = event.get_latest_revision_as_object()
    page.performances.add(
        Performance(start=at(10), hall=hall, note="Ekstraforestilling")
    )
    page.save_revision().publish()
    html = client.get("/en/events/a-dolls-house/").content.decode()
    assert (' lang="nb"', "Ekstraforestilling") in notes_on(html)
    translate(event, "en", {"Ekstraforestilling": "Extra performance"})
    html = client.get("/en/events/a-dolls-house/").content.decode()
    assert ("", "Extra performance") in notes_on(html)
    assert ("", "Opening night") in notes_on(html)


def test_the_english_archive_shows_english_notes(client, english_play, play):
    event, first, second = play
    Performance.objects.filter(pk__in=[first.pk, second.pk]).update(
        start=timezone.now() - datetime.timedelta(days=3)
    )
    html = client.get("/en/events/arkiv/").content.decode()
    assert ("", "Opening night") in notes_on(html)
    assert "Premiere" not in html


def test_the_translation_editor_shows_the_notes(admin_client, english_play):
    response = admin_client.get(f"/admin/pages/{english_play.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tegnspr\\u00e5ktolket" in html or "Tegnspråktolket" in html
    assert "Sign language interpreted" in html


def test_the_norwegian_editor_writes_notes_on_the_performances_only(admin_client, play):
    event, _first, _second = play
    html = admin_client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert re.search(r'<input type="hidden" name="performance_notes"', html)
    assert not re.search(r"<label[^>]*>\s*Notes on performances", html, re.I)


# Notes and dates in bulk (events/scheduling.py) ------------------------------


def note_strings(event):
    """{path: text} wagtail-localize offers to translate for ``event`` now."""
    source, created = TranslationSource.get_or_create_from_instance(event)
    if not created:
        source.update_from_db()
    return {
        segment.context.path: segment.string.data
        for segment in StringSegment.objects.filter(source=source).select_related(
            "string", "context"
        )
        if segment.context.path.startswith("performance_notes")
    }


def test_a_copy_with_new_dates_keeps_none_of_the_old_events_notes(play, hall, editor):
    from events import scheduling

    event, _first, _second = play
    copy = scheduling.copy_event(
        event,
        title="Et dukkehjem",
        slug="et-dukkehjem-2100",
        starts=[at(1).replace(year=2100), at(2).replace(year=2100)],
        hall=hall,
        user=editor,
    )
    assert copy.performance_notes == {}
    assert copy.get_latest_revision_as_object().performance_notes == {}
    assert note_strings(copy) == {}
    # Published and translated, the copy shows its own dates, with no note.
    copy.get_latest_revision().publish()
    copy = EventPage.objects.get(pk=copy.pk)
    assert copy.performance_notes == {}
    assert note_strings(copy) == {}


def test_a_copy_of_a_translated_event_starts_untranslated_and_renders(
    client, english_play, hall, editor
):
    from events import scheduling

    event = EventPage.objects.get(slug="et-dukkehjem", locale__language_code="nb")
    copy = scheduling.copy_event(
        event,
        title="Et dukkehjem",
        slug="et-dukkehjem-2100",
        starts=[at(1).replace(year=2100)],
        hall=hall,
        user=editor,
    )
    copy.get_latest_revision().publish()
    assert not copy.get_translations().exists()
    english = translate(
        EventPage.objects.get(pk=copy.pk), "en", {"et-dukkehjem-2100": "doll-2100"}
    )
    assert english.performance_notes == {}
    response = client.get(english.url)
    assert response.status_code == 200
    assert notes_on(response.content.decode()) == []


def test_a_series_with_a_note_is_offered_for_translation_and_shown_meanwhile(
    client, english_play, hall, editor
):
    from events import scheduling

    event = EventPage.objects.get(slug="et-dukkehjem", locale__language_code="nb")
    result, published = scheduling.add_performances(
        event, [at(20), at(21)], hall, user=editor, note="Ekstraforestilling"
    )
    assert published
    event.refresh_from_db()
    added = list(Performance.objects.filter(event=event, start__in=result.new))
    assert len(added) == 2
    for performance in added:
        assert event.performance_notes[str(performance.pk)] == "Ekstraforestilling"
    # Every key is a performance the event has.
    assert set(event.performance_notes) <= {
        str(pk)
        for pk in Performance.objects.filter(event=event).values_list("pk", flat=True)
    }
    assert set(note_strings(event).values()) == {
        "Premiere",
        "Tegnspråktolket",
        "Ekstraforestilling",
    }
    # Until it is translated, the English page shows the new note in
    # Norwegian, marked so; the translated notes stay English.
    html = client.get(english_play.url).content.decode()
    assert notes_on(html).count((' lang="nb"', "Ekstraforestilling")) == 2
    assert ("", "Opening night") in notes_on(html)
    english = translate(event, "en", {"Ekstraforestilling": "Extra performance"})
    html = client.get(english.url).content.decode()
    assert notes_on(html).count(("", "Extra performance")) == 2


def test_a_series_on_a_draft_waits_for_its_keys_without_breaking_the_pages(
    client, english_play, hall, editor
):
    from events import scheduling

    event = EventPage.objects.get(slug="et-dukkehjem", locale__language_code="nb")
    draft = event.get_latest_revision_as_object()
    draft.lead = "Ibsen, igjen."
    draft.save_revision(user=editor)
    event.refresh_from_db()
    _result, published = scheduling.add_performances(
        event, [at(22)], hall, user=editor, note="Ekstraforestilling"
    )
    assert not published
    # Nothing unsaved is keyed, and the pages still render.
    event.refresh_from_db()
    assert "Ekstraforestilling" not in event.performance_notes.values()
    assert client.get(event.url).status_code == 200
    assert client.get(english_play.url).status_code == 200
    EventPage.objects.get(pk=event.pk).get_latest_revision().publish()
    event.refresh_from_db()
    added = Performance.objects.get(event=event, start=at(22))
    assert event.performance_notes[str(added.pk)] == "Ekstraforestilling"
