"""Dates in bulk: an event copied with new dates, a series of performances
added at once (events/scheduling.py, events/admin_scheduling.py)."""

import datetime

import pytest
from django.utils import timezone

from events import scheduling
from events.models import EventPage, Performance
from tickets.models import Order, PriceCategory

from ..factories import EventPageFactory, HallFactory, PerformanceFactory

pytestmark = pytest.mark.django_db


def local(year, month, day, hour=19, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.fixture
def event(event_index, hall):
    event = EventPageFactory(parent=event_index, title="Peer Gynt", slug="peer-gynt")
    PerformanceFactory(event=event, hall=hall, start=local(2027, 1, 8))
    PriceCategory.objects.create(event=event, name="Ordinær", price=350)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def test_every_friday_in_march_is_four_performances():
    starts = scheduling.series_starts(
        datetime.date(2027, 3, 1), datetime.date(2027, 3, 31), ["4"], datetime.time(19)
    )
    assert starts == [local(2027, 3, day) for day in (5, 12, 19, 26)]
    assert all(timezone.localtime(s).hour == 19 for s in starts)


def test_a_series_skips_the_performances_the_event_has(event, hall, editor):
    starts = [local(2027, 1, 8), local(2027, 1, 15)]
    result, published = scheduling.add_performances(event, starts, hall, user=editor)

    assert result.new == [local(2027, 1, 15)]
    assert result.duplicates == [local(2027, 1, 8)]
    assert published
    assert sorted(event.performances.values_list("start", flat=True)) == starts


def test_a_series_added_to_an_event_with_a_waiting_draft_waits_too(event, hall, editor):
    draft = event.get_latest_revision_as_object()
    draft.lead = "Ny ingress."
    draft.save_revision(user=editor)
    event.refresh_from_db()

    result, published = scheduling.add_performances(
        event, [local(2027, 2, 5)], hall, user=editor
    )

    assert not published
    assert event.performances.count() == 1
    latest = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    assert len(latest.performances.all()) == 2 and latest.lead == "Ny ingress."
    latest.get_latest_revision().publish()
    assert event.performances.count() == 2


def test_a_copy_is_a_draft_with_new_dates_and_no_orders(event, hall, editor):
    old = event.performances.get()
    Order.objects.create(
        number="S-1",
        performance=old,
        event_title=event.title,
        performance_start=old.start,
        name="Kari",
        email="kari@example.org",
        quantity=1,
        total_ore=35000,
    )
    other_hall = HallFactory(name="Lille sal")
    starts = [local(2028, 1, 20, 19, 30), local(2028, 1, 21, 18)]
    copy = scheduling.copy_event(
        event,
        title="Peer Gynt",
        slug=scheduling.suggested_slug(event, starts),
        starts=starts,
        hall=other_hall,
        user=editor,
    )

    assert copy.slug == "peer-gynt-2028"
    assert not copy.live and copy.latest_revision_id
    assert copy.get_parent().pk == event.get_parent().pk
    assert (copy.lead, copy.genre_id, copy.image_id) == (
        event.lead,
        event.genre_id,
        event.image_id,
    )
    assert list(copy.performances.values_list("start", "hall")) == [
        (start, other_hall.pk) for start in starts
    ]
    assert list(copy.price_categories.values_list("name", flat=True)) == ["Ordinær"]
    assert copy.translation_key != event.translation_key
    assert Order.objects.get().performance == old
    assert event.performances.count() == 1


def test_the_suggested_address_gets_a_number_when_the_year_is_taken(event, event_index):
    EventPageFactory(parent=event_index, title="Peer Gynt", slug="peer-gynt-2028")
    assert scheduling.suggested_slug(event, [local(2028, 3, 1)]) == "peer-gynt-2028-1"


# The admin pages -----------------------------------------------------------


def test_the_copy_form_makes_a_draft_and_opens_it(client, editor, event, hall):
    client.force_login(editor)
    response = client.post(
        f"/admin/arrangementer/{event.pk}/kopier/",
        {
            "title": "Peer Gynt",
            "slug": "",
            "dates": "20.01.2028 19:30\n2028-01-21 18:00\n\n20.01.2028 19:30",
            "hall": hall.pk,
        },
    )
    copy = EventPage.objects.get(slug="peer-gynt-2028")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{copy.pk}/edit/"
    assert copy.performances.count() == 2


@pytest.mark.parametrize(
    ("dates", "said"),
    [
        ("32.01.2028 19:30", "Linje 1, «32.01.2028 19:30», er ikke en dato"),
        ("20.01.2028 19:30\nfredag", "Linje 2, «fredag», er ikke en dato"),
        ("", "Dette feltet er påkrevet."),
        ("01.01.2020 19:00", "01.01.2020 19:00 har allerede vært."),
        (
            "\n".join(f"{day:02}.01.2028 19:00" for day in range(1, 32))
            + "\n"
            + "\n".join(f"{day:02}.02.2028 19:00" for day in range(1, 29))
            + "\n"
            + "\n".join(f"{day:02}.03.2028 19:00" for day in range(1, 31))
            + "\n"
            + "\n".join(f"{day:02}.04.2028 19:00" for day in range(1, 31)),
            "Det blir 119 forestillinger; høyst 100",
        ),
    ],
)
def test_the_copy_form_refuses_bad_dates_with_a_message(
    client, editor, event, hall, dates, said
):
    client.force_login(editor)
    response = client.post(
        f"/admin/arrangementer/{event.pk}/kopier/",
        {"title": "Peer Gynt", "dates": dates, "hall": hall.pk},
    )
    assert response.status_code == 400
    assert said in response.content.decode()
    assert EventPage.objects.count() == 1


def test_the_copy_form_offers_a_free_address_for_a_taken_one(
    client, editor, event, hall
):
    client.force_login(editor)
    response = client.post(
        f"/admin/arrangementer/{event.pk}/kopier/",
        {
            "title": "Peer Gynt",
            "slug": "peer-gynt",
            "dates": "20.01.2028 19:30",
            "hall": hall.pk,
        },
    )
    assert response.status_code == 400
    assert "«peer-gynt» er opptatt. En ledig er «peer-gynt-2028»" in (
        response.content.decode()
    )


def test_the_series_form_previews_then_creates(client, editor, event, hall):
    client.force_login(editor)
    data = {
        "first_day": "01.01.2027",
        "last_day": "2027-01-31",
        "weekdays": ["4"],
        "time": "19:00",
        "hall": hall.pk,
    }
    preview = client.post(f"/admin/arrangementer/{event.pk}/serie/", data)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "4 nye forestillinger" in html  # 8th is there already
    assert "1 som arrangementet har fra før, hoppes over" in html
    assert Performance.objects.count() == 1

    created = client.post(
        f"/admin/arrangementer/{event.pk}/serie/", {**data, "action": "create"}
    )
    assert created.status_code == 302
    assert event.performances.count() == 5
    follow = client.get(created["Location"]).content.decode()
    assert "4 forestillinger lagt til; 1 som arrangementet hadde fra før" in follow


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"weekdays": []}, "Velg minst én ukedag."),
        ({"last_day": "2026-12-01"}, "Siste dag kommer før første dag."),
        (
            {"last_day": "2027-12-31", "weekdays": ["0", "1", "2", "3", "4"]},
            "Det blir 261 forestillinger; høyst 100",
        ),
        ({"last_day": "2030-01-31"}, "høyst strekke seg over to år"),
        ({"time": "25:00"}, "Oppgi et gyldig tidspunkt."),
    ],
)
def test_the_series_form_refuses_with_a_message(
    client, editor, event, hall, change, said
):
    client.force_login(editor)
    data = {
        "first_day": "2027-01-01",
        "last_day": "2027-01-31",
        "weekdays": ["4"],
        "time": "19:00",
        "hall": hall.pk,
        "action": "create",
        **change,
    }
    response = client.post(f"/admin/arrangementer/{event.pk}/serie/", data)
    assert response.status_code == 400
    assert said in response.content.decode()
    assert Performance.objects.count() == 1


def test_the_event_menus_offer_both(client, editor, event):
    client.force_login(editor)
    edit = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    listing = client.get(f"/admin/pages/{event.get_parent().pk}/").content.decode()
    for html in (edit, listing):
        assert f"/admin/arrangementer/{event.pk}/kopier/" in html
        assert f"/admin/arrangementer/{event.pk}/serie/" in html


def test_an_editor_without_rights_to_the_event_gets_a_403(client, event, member):
    member.is_staff = True
    member.save()
    from django.contrib.auth.models import Permission

    member.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(member)
    assert client.get(f"/admin/arrangementer/{event.pk}/kopier/").status_code == 403
    assert client.get(f"/admin/arrangementer/{event.pk}/serie/").status_code == 403
