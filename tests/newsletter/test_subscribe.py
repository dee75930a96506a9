"""Signing up at /nyhetsbrev/ and from the footer: double opt-in, the
consent record, the same answer whatever the address's state, double
submits, the rate limit, bad input, and forms on cached pages (no CSRF
token in the HTML; the form comes back filled in when the token is
missing)."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from accounts.services import get_profile
from newsletter import services
from newsletter.models import Consent, Subscriber, Suppression
from privacy.models import PolicyVersion

from .conftest import IP, SIGN_UP_URL, mails_to, make_member, make_subscriber

pytestmark = pytest.mark.django_db

CHECK_MAIL_URL = "/nyhetsbrev/sjekk-e-posten/"


def test_the_page_shows_the_form_with_the_consent_text_and_policy_version(
    english, policy
):
    response = english.get(SIGN_UP_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("email", "name", "phone"):
        assert f'name="{name}"' in html
    assert "only for SMS reminders" in html
    assert "privacy statement, version 3" in html
    assert 'name="policy_version" value="3"' in html


def test_the_page_is_the_same_for_everyone_and_served_from_the_cache(
    english, policy, venue
):
    first = english.get(SIGN_UP_URL)
    html = first.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert 'data-token-url="/skjema/token/"' in html
    assert not first.cookies
    second = english.get(SIGN_UP_URL)
    assert second["X-Page-Cache"] == "hit"


def test_a_sign_up_is_unconfirmed_until_the_link_is_used(sign_up, policy):
    response = sign_up(
        email=" Nina@Example.ORG ",
        name="Nina  Dahl",
        phone="912 34 567",
        policy_version="3",
    )
    assert response.status_code == 302
    assert response["Location"] == CHECK_MAIL_URL
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "nina@example.org"
    assert subscriber.name == "Nina Dahl"
    assert subscriber.phone == "+4791234567"
    assert subscriber.language == "en"
    assert subscriber.confirmed_at is None
    assert not Subscriber.objects.confirmed().exists()
    (message,) = mail.outbox
    assert message.to == ["nina@example.org"]
    assert "Confirm your subscription" in message.subject
    assert "/nyhetsbrev/bekreft/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_the_check_mail_page_says_what_happens_next(english):
    response = english.get(CHECK_MAIL_URL)
    assert response.status_code == 200
    assert "Check your mail" in response.content.decode()


def test_the_consent_records_time_ip_version_and_the_exact_text_shown(
    english, sign_up, policy
):
    page = english.get(SIGN_UP_URL).content.decode()
    sign_up(email="nina@example.org", policy_version="3")
    consent = Consent.objects.get()
    assert consent.subscriber.email == "nina@example.org"
    assert consent.ip_address == IP
    assert consent.policy_version == policy
    assert consent.language == "en"
    assert consent.source == Consent.Source.FORM
    assert consent.given_at is not None
    assert consent.text in page  # word for word what the form showed
    assert "version 3" in consent.text


def test_the_consent_names_the_version_the_cached_form_showed(sign_up, policy):
    """A cached form may still show version 3 just after 4 is published."""
    PolicyVersion.objects.create(
        number=4, title="Ny", effective_at=policy.effective_at, text="Ny"
    )
    sign_up(email="nina@example.org", policy_version="3")
    assert Consent.objects.get().policy_version == policy
    # Anything but a version in effect records the current one.
    for number, value in enumerate(["999", "abc", "-1", "9" * 50, "3" * 2000]):
        response = sign_up(
            email=f"per{number}@example.org",
            policy_version=value,
            ip=f"203.0.113.{number}",
        )
        assert response.status_code == 302
        consent = Consent.objects.get(subscriber__email=f"per{number}@example.org")
        assert consent.policy_version.number == 4


def test_the_norwegian_form_signs_up_in_norwegian(
    client, policy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            SIGN_UP_URL,
            {"email": "nina@example.org", "age_confirmed": "on"},
            REMOTE_ADDR=IP,
        )
    assert Subscriber.objects.get().language == "nb"
    assert Consent.objects.get().language == "nb"
    html, _type = mail.outbox[0].alternatives[0]
    assert '<html lang="nb">' in html


def test_the_answer_is_the_same_whatever_the_address_is(sign_up, english, policy):
    make_subscriber("confirmed@example.org", name="Kept Name")
    make_subscriber("pending@example.org", confirmed=False)
    services.suppress("never@example.org")
    answers = set()
    for email in (
        "new@example.org",
        "confirmed@example.org",
        "pending@example.org",
        "never@example.org",
    ):
        response = sign_up(email=email, name="Someone Else")
        follow = english.get(response["Location"])
        answers.add((response.status_code, response["Location"], follow.content))
    assert len(answers) == 1


def test_a_confirmed_subscriber_is_told_by_mail_and_nothing_changes(sign_up, policy):
    subscriber = make_subscriber("anne@example.org", name="Anne Berg", phone="")
    sign_up(email="ANNE@example.org", name="Mallory", phone="91234567")
    subscriber.refresh_from_db()
    assert (subscriber.name, subscriber.phone) == ("Anne Berg", "")
    assert not Consent.objects.exists()
    (message,) = mails_to("anne@example.org")
    assert "already" in message.subject
    assert "/nyhetsbrev/avmeld/" in message.body


def test_a_suppressed_address_gets_nothing(sign_up, policy):
    services.suppress("never@example.org")
    response = sign_up(email="Never@example.org")
    assert response["Location"] == CHECK_MAIL_URL
    assert not Subscriber.objects.exists()
    assert not mail.outbox
    assert Suppression.objects.count() == 1


def test_a_double_submit_makes_one_subscriber_one_consent_and_one_mail(sign_up, policy):
    for _attempt in range(2):
        assert sign_up(email="nina@example.org", name="Nina").status_code == 302
    assert Subscriber.objects.count() == 1
    assert Consent.objects.count() == 1
    assert len(mail.outbox) == 1


def test_signing_up_again_unconfirmed_updates_and_mails_again(sign_up, policy):
    sign_up(email="nina@example.org", name="Nina")
    cache.clear()  # as if the two minutes between mails had passed
    sign_up(email="nina@example.org", name="Nina Dahl")
    subscriber = Subscriber.objects.get()
    assert subscriber.name == "Nina Dahl"
    assert len(mails_to("nina@example.org")) == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "a" * 10_000 + "@example.org"),
        ("email", "not an address"),
        ("email", ""),
        ("name", "N" * 10_000),
        ("phone", "9" * 10_000),
        ("phone", "call me"),
        ("email", "nina\x00@example.org"),
    ],
)
def test_bad_input_gets_a_clear_400_and_nothing_is_stored(
    sign_up, policy, field, value
):
    data = {"email": "nina@example.org", field: value}
    response = sign_up(**data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please correct what is marked below" in html
    # The error is tied to its field for screen readers.
    assert f'id="id_{field}_error"' in html
    assert f'aria-describedby="id_{field}_error"' in html or (
        f"id_{field}_helptext id_{field}_error" in html
    )
    assert "csrfmiddlewaretoken" in html  # ready to send again
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_a_form_with_errors_shows_the_version_it_showed_whatever_was_sent(
    sign_up, policy
):
    for value in ("3", "abc", "9" * 30):
        response = sign_up(email="bad", policy_version=value)
        assert response.status_code == 400
        assert "version 3" in response.content.decode()


def test_the_rate_limit_is_per_client_address(sign_up, policy):
    for number in range(5):
        assert sign_up(email=f"person{number}@example.org").status_code == 302
    response = sign_up(email="person5@example.org")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many sign-ups" in html
    assert "person5@example.org" in html  # nothing typed is lost
    assert sign_up(email="person5@example.org", ip="203.0.113.9").status_code == 302


def test_strangers_signing_up_an_address_never_lock_its_owner_out(sign_up, policy):
    for number in range(5):
        sign_up(email="target@example.org", ip=f"203.0.113.{number}")
    response = sign_up(email="target@example.org", ip="203.0.113.77")
    assert response.status_code == 302
    assert response["Location"] == CHECK_MAIL_URL
    assert len(mails_to("target@example.org")) == 1
    assert Subscriber.objects.filter(email="target@example.org").count() == 1


def test_the_footer_box_is_on_every_page_without_a_token(english, policy, home_page):
    html = english.get("/").content.decode()
    assert 'aria-labelledby="footer-newsletter"' in html
    box = html.split('aria-labelledby="footer-newsletter"', 1)[1]
    assert 'action="/nyhetsbrev/"' in box
    assert 'data-token-url="/skjema/token/"' in box
    assert "csrfmiddlewaretoken" not in html
    assert 'id="footer-newsletter-email"' in box
    assert "versjon 3" in box  # the Norwegian home page, in Norwegian


def test_the_footer_box_is_not_repeated_on_the_sign_up_page(english, policy):
    html = english.get(SIGN_UP_URL).content.decode()
    assert 'aria-labelledby="footer-newsletter"' not in html


def test_the_footer_box_signs_up_with_only_an_address(sign_up, policy):
    response = sign_up(email="footer@example.org", policy_version="3")
    assert response["Location"] == CHECK_MAIL_URL
    subscriber = Subscriber.objects.get()
    assert (subscriber.name, subscriber.phone) == ("", "")


@pytest.fixture
def browser(settings):
    """A client that checks CSRF as browsers' requests are checked."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_post_without_a_token_gets_its_form_back_filled_in(
    browser, policy, django_capture_on_commit_callbacks
):
    response = browser.post(
        SIGN_UP_URL,
        {"email": "nina@example.org", "name": "Nina Dahl"},
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please send the form again" in html
    assert 'value="nina@example.org"' in html
    assert 'value="Nina Dahl"' in html
    assert '<header class="site-header">' in html
    assert not Subscriber.objects.exists()
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    with django_capture_on_commit_callbacks(execute=True):
        again = browser.post(
            SIGN_UP_URL,
            {
                "email": "nina@example.org",
                "age_confirmed": "on",
                "csrfmiddlewaretoken": token,
            },
            REMOTE_ADDR=IP,
        )
    assert again.status_code == 302
    assert Subscriber.objects.filter(email="nina@example.org").exists()


def test_the_token_endpoint_gives_a_private_token_that_works(browser, policy):
    response = browser.get("/skjema/token/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    token = response.json()["token"]
    posted = browser.post(
        SIGN_UP_URL,
        {
            "email": "nina@example.org",
            "age_confirmed": "on",
            "csrfmiddlewaretoken": token,
        },
        REMOTE_ADDR=IP,
    )
    assert posted.status_code == 302


def test_a_child_without_a_guardians_consent_cannot_sign_up(english, sign_up, policy):
    child = make_member("barn@example.org")
    profile = get_profile(child)
    profile.birth_date = timezone.localdate() - datetime.timedelta(days=365 * 12)
    profile.save()
    english.force_login(child)
    response = sign_up(email="barn@example.org")
    assert response.status_code == 403
    assert "guardian" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_signed_in_member_signing_up_with_their_address_is_linked(
    english, sign_up, member, policy
):
    english.force_login(member)
    sign_up(email="kari@example.org")
    assert Subscriber.objects.get().user == member
    sign_up(email="someone.else@example.org")
    assert Subscriber.objects.get(email="someone.else@example.org").user is None


def test_the_footer_box_is_left_out_on_account_pages(english, member, policy):
    assert (
        'id="footer-newsletter-email"'
        not in english.get("/konto/login/").content.decode()
    )
    english.force_login(member)
    assert (
        'id="footer-newsletter-email"'
        not in english.get("/konto/meg/").content.decode()
    )
