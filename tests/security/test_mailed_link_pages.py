"""Pages opened from a link with a secret token (a rights request's and a
guardian's confirmation) keep the link from other sites, yet their own
"Confirm" button passes Django's CSRF check on HTTP and on HTTPS.

The test client sends no Origin header, so each POST here carries the
headers a browser sends under the page's Referrer-Policy (the Fetch
standard's rules for a same-origin form post, as Chromium follows them):
under ``no-referrer`` that is ``Origin: null``, which Django refuses. The
browser tests (tests/e2e/test_forms_*.py) click the same buttons in
Chromium over HTTP."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Profile
from accounts.services import guardian_token
from privacy.models import DataExport
from privacy.tokens import make_request_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

POLICIES_WITHOUT_ORIGIN = {"no-referrer"}
POLICIES_SENDING_ONLY_THE_ORIGIN = {"origin", "strict-origin"}


def headers_of_a_same_origin_post(policy, page_url, origin):
    """Origin and Referer of a form post from ``page_url`` to its own site,
    as the browser sends them under ``policy``."""
    if policy in POLICIES_WITHOUT_ORIGIN:
        return {"HTTP_ORIGIN": "null"}
    referer = origin + "/" if policy in POLICIES_SENDING_ONLY_THE_ORIGIN else page_url
    return {"HTTP_ORIGIN": origin, "HTTP_REFERER": referer}


def confirm_in_browser(path, scheme):
    """Open a mailed link and press its button, with the CSRF check on."""
    browser = Client(enforce_csrf_checks=True)
    secure = scheme == "https"
    page = browser.get(path, secure=secure)
    assert page.status_code == 200
    policy = page["Referrer-Policy"]
    origin = f"{scheme}://testserver"
    return page, browser.post(
        path,
        {"csrfmiddlewaretoken": page.cookies["csrftoken"].value},
        secure=secure,
        **headers_of_a_same_origin_post(policy, origin + path, origin),
    )


@pytest.fixture
def child_profile(db):
    today = timezone.localdate()
    child = UserFactory(email="mia@example.org", first_name="Mia")
    return Profile.objects.create(
        user=child,
        birth_date=today.replace(year=today.year - 12) - datetime.timedelta(days=1),
        guardian_name="Anne Nordmann",
        guardian_email="anne@example.org",
        guardian_requested_at=timezone.now(),
    )


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_confirmed_rights_request_passes_the_csrf_check(venue, scheme):
    token = make_request_token("kari@example.org", "export")
    path = f"/personvern/foresporsel/bekreft/{token}/"
    _page, confirmed = confirm_in_browser(path, scheme)
    assert confirmed.status_code == 200
    assert DataExport.objects.filter(email="kari@example.org").exists()


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_guardians_confirmation_passes_the_csrf_check(child_profile, scheme):
    path = f"/konto/verge/{guardian_token(child_profile)}/"
    _page, confirmed = confirm_in_browser(path, scheme)
    assert confirmed.status_code == 200
    child_profile.refresh_from_db()
    assert child_profile.guardian_confirmed_at is not None


@pytest.mark.parametrize(
    "path",
    [
        lambda profile: f"/konto/verge/{guardian_token(profile)}/",
        lambda profile: (
            "/personvern/foresporsel/bekreft/"
            f"{make_request_token('kari@example.org', 'export')}/"
        ),
    ],
    ids=["guardian confirmation", "rights request confirmation"],
)
def test_a_mailed_link_page_tells_other_sites_nothing(venue, child_profile, path):
    response = Client().get(path(child_profile))
    # Under same-origin another site gets neither Referer nor Origin.
    assert response["Referrer-Policy"] == "same-origin"
