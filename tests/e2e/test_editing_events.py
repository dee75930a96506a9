"""An editor creates events the way editors type, in Chromium against
Wagtail's admin: dates in Norwegian and ISO form, a refused date that
says so, a duplicate title with a suggested address."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from events.models import EventIndexPage, EventPage, Hall

from .sessions import editor, sign_in


def open_new_event_form(page, base_url, language="en"):
    user = editor()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    sign_in(page.context, base_url, user)
    index = EventIndexPage.objects.get(locale__language_code="nb")
    page.goto(base_url + f"/admin/pages/add/events/eventpage/{index.pk}/")
    return index


def fill_event(page, title, starts, add="Add performance"):
    page.locator("input[name=title]").fill(title)
    page.locator("textarea[name=lead]").fill("Et arrangement skrevet i en nettleser.")
    hall = Hall.objects.filter(locale__language_code="nb").order_by("pk").first()
    for number, start in enumerate(starts):
        if number > 0:
            page.get_by_role("button", name=add).click()
        field = page.locator(f"input[name=performances-{number}-start]")
        field.click()
        field.fill(start)
        chooser = page.locator(f"#id_performances-{number}-hall-chooser")
        chooser.locator(".unchosen button[data-chooser-action-choose]").click()
        page.locator(".modal a[data-chooser-modal-choice]", has_text=hall.name).click()
        expect(chooser.locator("[data-chooser-title]")).to_have_text(hall.name)
        # Leaving the field is where the date picker used to replace the text.
        page.locator("input[name=title]").click()
        expect(field).to_have_value(start)


def save_draft(page):
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()


def local(year, month, day, hour, minute):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def test_dates_typed_the_norwegian_way_and_the_iso_way_are_both_kept(demo_site, page):
    open_new_event_form(page, demo_site)
    fill_event(page, "Datoprøven", ["20.01.2027 19:30", "2027-01-21 18:00"])
    save_draft(page)

    event = EventPage.objects.get(title="Datoprøven")
    starts = sorted(p.start for p in event.performances.all())
    assert starts == [local(2027, 1, 20, 19, 30), local(2027, 1, 21, 18, 0)]


def test_a_date_that_cannot_be_read_is_refused_with_a_message(demo_site, page):
    open_new_event_form(page, demo_site)
    fill_event(page, "Uleselig dato", ["32.01.2027 19:30"])
    save_draft(page)

    expect(page.get_by_text("Enter a valid date/time.")).to_be_visible()
    assert not EventPage.objects.filter(title="Uleselig dato").exists()


@pytest.mark.parametrize(
    ("language", "said", "save"),
    [
        ("en", "already has an event called", "Save draft"),
        ("nb", "Programmet har allerede et arrangement som heter", "Lagre kladd"),
    ],
)
def test_a_duplicate_title_is_explained_with_a_free_address(
    demo_site, page, language, said, save
):
    taken = EventPage.objects.filter(locale__language_code="nb").order_by("path")[0]
    open_new_event_form(page, demo_site, language)
    fill_event(page, taken.title, ["20.01.2027 19:30"], add=None)
    page.get_by_role("button", name=save).click()
    page.wait_for_load_state()

    expect(page.get_by_text(said)).to_be_visible()
    text = page.get_by_text(said).inner_text()
    assert f"«{taken.title}»" in text or f"“{taken.title}”" in text
    assert re.search(rf"[«“]{re.escape(taken.slug)}-\d[»”]", text)
    assert EventPage.objects.filter(title=taken.title).count() == 1


def test_an_editor_gives_the_evening_s_logistics_and_prices_in_the_browser(
    demo_site, page
):
    """The Facts panel's intervals, doors and seating are kept as typed, and
    a "price from" above the ticket prices gives way to the lowest of them
    when the draft is saved."""
    open_new_event_form(page, demo_site)
    fill_event(page, "Logistikkprøven", ["22.01.2027 19:30"])
    page.locator("input[name=duration_minutes]").fill("150")
    page.locator("input[name=intervals]").fill("1")
    page.locator("input[name=doors_open_minutes]").fill("45")
    page.locator("select[name=seating]").select_option("standing")
    page.locator("input[name=price_from]").fill("500")
    for number, (name, price) in enumerate([("Ordinær", "350"), ("Student", "250")]):
        page.get_by_role(
            "button", name=re.compile(r"^Add (price category|ticket prices)$", re.I)
        ).click()
        page.locator(f"input[name=price_categories-{number}-name]").fill(name)
        page.locator(f"input[name=price_categories-{number}-price]").fill(price)
    save_draft(page)
    expect(page.locator(".messages")).to_contain_text("Logistikkprøven")

    draft = EventPage.objects.get(title="Logistikkprøven").get_latest_revision()
    event = draft.as_object()
    assert (event.intervals, event.doors_open_minutes, event.seating) == (
        1,
        45,
        "standing",
    )
    assert event.price_from == 250
