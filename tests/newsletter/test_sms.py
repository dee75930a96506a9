"""SMS announcements: one SMS of at most 160 GSM characters with its stop
instruction, checked in the form; sent once to each confirmed subscriber
(of its language) who gave a number, through the configured backend; a
reply STOPP, signed by the provider, removes the number at once."""

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from newsletter import sending, sms
from newsletter.models import SmsAnnouncement, SmsDelivery, Subscriber
from newsletter.sms.backends.twilio import signature
from newsletter.sms.gsm import gsm_length, unsupported_characters

from .mailing_fixtures import (
    SMS_URL,
    make_subscriber,
    send_all,
)

pytestmark = pytest.mark.django_db

WEBHOOK = "/nyhetsbrev/sms/twilio/"
TOKEN = "test-auth-token"


@pytest.fixture
def phones(db):
    """Three confirmed Norwegian readers with numbers, one without, one
    English reader with a number, one unconfirmed with a number."""
    people = [
        make_subscriber(f"mobil{i}@example.org", phone=f"+47900000{i:02d}")
        for i in range(3)
    ]
    make_subscriber("utennummer@example.org")
    make_subscriber("english@example.net", language="en", phone="+4790000099")
    make_subscriber("ubekreftet@example.org", confirmed=False, phone="+4790000098")
    return people


def start_sms(announcement):
    sending.start_sms(announcement)
    sending.queue("sms", announcement.pk, enqueue=False)
    announcement.refresh_from_db()
    return announcement


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("Hei på deg", 10),
        ("ÆØÅ æøå", 7),
        ("Pris 200 €", 11),
        ("[a]{b}", 10),
        ("Linje\nto", 8),
    ],
)
def test_gsm_length_counts_as_a_phone_does(text, length):
    assert gsm_length(text) == length
    assert unsupported_characters(text) == []


def test_characters_outside_the_gsm_alphabet_are_found():
    assert unsupported_characters("«Hei» – 🎵 “x”") == ["«", "»", "–", "🎵", "“", "”"]


def test_every_sms_ends_with_the_stop_instruction_in_its_language():
    with translation.override("en"):
        assert sending.compose_sms("  Ekstrakonsert\n fredag ", "en") == (
            "Ekstrakonsert fredag Reply STOP to stop SMS from us."
        )


def test_a_text_that_does_not_fit_with_the_stop_instruction_is_refused():
    room = 160 - gsm_length(" " + sending.stop_text("nb"))
    assert sending.sms_problems("a" * room, "nb") == []
    assert len(sending.sms_problems("a" * (room + 1), "nb")) == 1
    # Extension signs take two places.
    assert len(sending.sms_problems("€" * (room // 2 + 1), "nb")) == 1
    assert len(sending.sms_problems("Hei “du”", "nb")) == 1


def test_an_announcement_goes_once_to_confirmed_numbers_of_its_language(
    phones, announcement
):
    start_sms(announcement)
    assert announcement.recipient_count == 3
    send_all(announcement, "sms")
    send_all(announcement, "sms")
    sending.resume()
    assert sorted(message.to for message in sms.outbox) == [
        "+4790000000",
        "+4790000001",
        "+4790000002",
    ]
    body = sms.outbox[0].body
    assert body.startswith("Ekstrakonsert fredag kl. 20")
    assert body.endswith(sending.stop_text("nb"))
    assert gsm_length(body) <= 160
    announcement.refresh_from_db()
    assert announcement.status == SmsAnnouncement.Status.SENT
    assert announcement.sent_count == 3
    assert set(SmsDelivery.objects.values_list("provider_id", flat=True)) == {
        "locmem-1",
        "locmem-2",
        "locmem-3",
    }


def test_an_announcement_through_the_tasks(
    phones, announcement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sending.start_sms(announcement)
    assert len(sms.outbox) == 3
    assert SmsAnnouncement.objects.get().status == SmsAnnouncement.Status.SENT


def test_a_number_removed_before_its_turn_gets_nothing(phones, announcement):
    start_sms(announcement)
    Subscriber.objects.filter(pk=phones[1].pk).update(phone="")
    send_all(announcement, "sms")
    assert len(sms.outbox) == 2
    skipped = SmsDelivery.objects.get(subscriber=phones[1])
    assert skipped.status == SmsDelivery.Status.SKIPPED
    assert sending.progress(announcement).skipped == 1


def test_a_too_long_announcement_cannot_be_started(phones):
    long = SmsAnnouncement.objects.create(text="x" * 160, language="nb")
    with pytest.raises(sending.CannotSend):
        sending.start_sms(long)
    assert not SmsDelivery.objects.exists()


def test_the_file_backend_writes_each_message(phones, announcement, settings, tmp_path):
    settings.SMS_BACKEND = "newsletter.sms.backends.filebased.SmsBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    start_sms(announcement)
    send_all(announcement, "sms")
    (written,) = (tmp_path / "sms").iterdir()
    content = written.read_text(encoding="utf-8")
    assert content.count("To: +47900000") == 3
    assert content.count(announcement.message) == 3
    assert not sms.outbox


def test_the_backend_is_chosen_by_setting(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    settings.SMS_BACKEND = "newsletter.sms.backends.filebased.SmsBackend"
    assert type(sms.get_connection()).__module__ == "newsletter.sms.backends.filebased"
    message = sms.send_sms("+4790000000", "Hei")
    assert message.provider_id
    assert "Hei" in next(tmp_path.iterdir()).read_text(encoding="utf-8")


# The stop word -----------------------------------------------------------------


@pytest.fixture
def twilio_settings(settings):
    settings.SMS_TWILIO_AUTH_TOKEN = TOKEN
    settings.SMS_TWILIO_ACCOUNT_SID = "AC123"
    return settings


def reply(client, body, *, sender="+4790000001", token=TOKEN, url=None, sign=True):
    data = {
        "MessageSid": "SM1",
        "AccountSid": "AC123",
        "From": sender,
        "To": "+4712345678",
        "Body": body,
    }
    headers = {}
    if sign:
        full_url = url or f"http://testserver{WEBHOOK}"
        headers["HTTP_X_TWILIO_SIGNATURE"] = signature(token, full_url, data.items())
    return client.post(WEBHOOK, data, **headers)


def test_the_signature_is_twilios():
    """The example in Twilio's documentation of request validation."""
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+14158675310",
        "Digits": "1234",
        "From": "+14158675310",
        "To": "+18005551212",
    }
    assert (
        signature(
            "12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params.items()
        )
        == "GvWf1cFY/Q7PnoempGyD5oXAezc="
    )


@pytest.mark.parametrize("word", ["STOPP", "stopp", "Stop.", " STOPP takk"])
def test_a_signed_stop_reply_removes_the_number_at_once(
    client, twilio_settings, phones, announcement, word
):
    start_sms(announcement)
    response = reply(client, word)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    assert b"<Response>" in response.content
    subscriber = Subscriber.objects.get(pk=phones[1].pk)
    assert subscriber.phone == ""
    assert subscriber.confirmed_at is not None  # the newsletter stays
    queued = SmsDelivery.objects.get(subscriber=phones[1])
    assert queued.status == SmsDelivery.Status.SKIPPED
    send_all(announcement, "sms")
    assert "+4790000001" not in [message.to for message in sms.outbox]


def test_other_replies_change_nothing(client, twilio_settings, phones):
    assert reply(client, "Takk, gleder meg!").status_code == 200
    assert Subscriber.objects.get(pk=phones[1].pk).phone == "+4790000001"


def test_a_forged_signature_is_refused(client, twilio_settings, phones):
    assert reply(client, "STOPP", token="not-our-token").status_code == 403
    assert reply(client, "STOPP", url="http://evil.example/x/").status_code == 403
    assert Subscriber.objects.get(pk=phones[1].pk).phone == "+4790000001"


def test_a_missing_signature_is_a_bad_request(client, twilio_settings, phones):
    assert reply(client, "STOPP", sign=False).status_code == 400
    assert Subscriber.objects.get(pk=phones[1].pk).phone == "+4790000001"


def test_without_a_token_configured_nothing_is_believed(client, settings, phones):
    settings.SMS_TWILIO_AUTH_TOKEN = ""
    assert reply(client, "STOPP", token="").status_code == 403
    assert Subscriber.objects.get(pk=phones[1].pk).phone == "+4790000001"


def test_another_accounts_message_is_refused(client, twilio_settings, phones):
    twilio_settings.SMS_TWILIO_ACCOUNT_SID = "AC999"
    assert reply(client, "STOPP").status_code == 403


def test_the_webhook_answers_only_post(client, twilio_settings):
    assert client.get(WEBHOOK).status_code == 405


def test_the_public_address_behind_a_proxy_is_accepted(client, twilio_settings, phones):
    twilio_settings.WAGTAILADMIN_BASE_URL = "https://kulturhus.example"
    url = f"https://kulturhus.example{WEBHOOK}"
    assert reply(client, "STOPP", url=url).status_code == 200
    assert Subscriber.objects.get(pk=phones[1].pk).phone == ""


# The admin ---------------------------------------------------------------------


@pytest.fixture
def as_moderator(client, moderator):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(moderator)
    return client


def test_the_form_counts_and_refuses_what_does_not_fit(as_moderator):
    form = as_moderator.get(f"{SMS_URL}add/").content.decode()
    assert "data-sms-counter" in form
    assert "newsletter-sms-counter.js" in form
    assert "data-sms-stop-texts" in form

    response = as_moderator.post(
        f"{SMS_URL}add/", {"language": "nb", "text": "x" * 150}
    )
    assert response.status_code == 200
    assert "too long" in response.content.decode()
    response = as_moderator.post(
        f"{SMS_URL}add/", {"language": "nb", "text": "Konsert “i kveld”"}
    )
    assert response.status_code == 200
    assert "cannot be sent in an SMS" in response.content.decode()
    assert not SmsAnnouncement.objects.exists()

    response = as_moderator.post(
        f"{SMS_URL}add/", {"language": "nb", "text": "Konsert i kveld kl. 20."}
    )
    assert response.status_code == 302
    assert SmsAnnouncement.objects.get().text == "Konsert i kveld kl. 20."


def test_a_moderator_sends_and_sees_the_progress(
    as_moderator, phones, announcement, django_capture_on_commit_callbacks
):
    url = f"{SMS_URL}sending/{announcement.pk}/"
    page = as_moderator.get(url).content.decode()
    assert "written to files" not in page  # the locmem backend in tests
    assert "3 recipients" in page
    with django_capture_on_commit_callbacks(execute=True):
        as_moderator.post(f"{url}send/", {"confirm": "yes"})
    assert len(sms.outbox) == 3
    progress = as_moderator.get(f"{url}progress/").json()
    assert (progress["status"], progress["sent"], progress["left"]) == ("sent", 3, 0)


def test_the_admin_says_when_sms_are_only_written_to_files(
    as_moderator, announcement, settings
):
    settings.SMS_BACKEND = "newsletter.sms.backends.filebased.SmsBackend"
    page = as_moderator.get(f"{SMS_URL}sending/{announcement.pk}/").content.decode()
    assert "written to files on the server, not sent" in page


def test_editors_cannot_send_sms(client, editor, phones, announcement):
    client.force_login(editor)
    response = client.post(
        f"{SMS_URL}sending/{announcement.pk}/send/", {"confirm": "yes"}
    )
    assert (response.status_code, response.url) == (302, "/admin/")
    assert not sms.outbox
    assert SmsAnnouncement.objects.get().status == SmsAnnouncement.Status.DRAFT
