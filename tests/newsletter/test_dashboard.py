"""The Wagtail dashboard tells editors how the newsletter stands: how many
subscribe, what is being sent and how far it got, and what comes next."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.users.models import UserProfile

from newsletter import sending

from ..factories import UserFactory
from .mailing_fixtures import make_issue, make_subscriber, send_all

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"


@pytest.fixture
def english_admin(client, moderator):
    client.force_login(moderator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "en"
    profile.save()
    return client


def panel(response):
    page = response.content.decode()
    start = page.index('id="newsletter-panel-heading"')
    return page[start : page.index("</section>", start)]


def test_the_panel_counts_subscribers_and_shows_progress(english_admin, readers):
    make_subscriber("mobil@example.org", phone="+4791234567")
    issue = make_issue(subject="Programmet for juni")
    sending.start_issue(issue)
    sending.queue("mail", issue.pk, enqueue=False)
    first, _last = next(iter(sending.batch_ranges("mail", issue.pk)))
    sending.send_batch("mail", issue.pk, first, first + 2)
    upcoming = make_issue(subject="Julekonsertene")
    sending.schedule_issue(upcoming, timezone.now() + datetime.timedelta(days=3))

    text = " ".join(panel(english_admin.get(DASHBOARD)).split())
    assert "<strong>9</strong> confirmed subscribers (1 with a mobile number)" in text
    assert "<strong>1</strong> sign-up waiting for confirmation" in text
    # A Norwegian issue: the six Norwegian readers and the one with a number.
    assert "Programmet for juni</a>: 3 sent, 0 failed, 4 left" in text
    assert "Julekonsertene</a>" in text

    send_all(issue)
    assert "Programmet for juni" not in panel(english_admin.get(DASHBOARD))


def test_people_without_newsletter_rights_do_not_see_it(client):
    user = UserFactory(email="vert@kulturhus.example")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "newsletter-panel-heading" not in response.content.decode()
