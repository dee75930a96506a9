"""The contact form (Wagtail's form builder): every answer is capped like
the site's other forms, with a field error and nothing stored or mailed
when refused; the mail to the venue comes from the site and answers go to
the visitor (Reply-To); what a visitor sent is theirs in the registry."""

import smtplib

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from home.forms import EMAIL_MAX, LINE_MAX, MESSAGE_MAX
from home.models import ContactFormField, ContactPage
from privacy import registry
from privacy.registry import Subject

URL = "/kontakt/"
FIELDS = [
    ("Navn", "singleline"),
    ("E-post", "email"),
    ("Melding", "multiline"),
    ("Nettside", "url"),
    ("Antall", "number"),
]
VALID = {"navn": "Kari", "e_post": "kari@example.org", "melding": "Hei!"}


def make_contact_page(home_page, fields=FIELDS, **options):
    page = ContactPage(
        title="Kontakt",
        slug="kontakt",
        **{
            "to_address": "post@kulturhus.example, billett@kulturhus.example",
            "from_address": "nettsted@kulturhus.example",
            "subject": "Henvendelse",
            **options,
        },
    )
    home_page.add_child(instance=page)
    for sort_order, (label, field_type) in enumerate(fields):
        ContactFormField.objects.create(
            page=page,
            sort_order=sort_order,
            label=label,
            field_type=field_type,
            required=label in ("Navn", "E-post", "Melding"),
        )
    return page


@pytest.fixture
def contact_page(home_page):
    return make_contact_page(home_page)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("melding", "x" * 100_000),
        ("melding", "x" * (MESSAGE_MAX + 1)),
        ("navn", "K" * (LINE_MAX + 1)),
        ("e_post", "k" * EMAIL_MAX + "@example.org"),
        ("nettside", "https://example.org/" + "a" * 300),
        ("antall", "9" * 100),
    ],
)
def test_an_answer_over_its_limit_is_refused_with_a_message_and_nothing_is_kept(
    client, contact_page, field, value
):
    response = client.post(URL, {**VALID, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_the_message_limit_is_told_in_the_error(client, contact_page):
    response = client.post(URL, {**VALID, "melding": "x" * 100_000})
    (error,) = response.context["form"].errors["melding"]
    assert "4000" in error and "100000" in error


def test_the_browser_is_told_each_limit(client, contact_page):
    html = client.get(URL).content.decode()
    assert f'maxlength="{MESSAGE_MAX}"' in html
    assert f'maxlength="{LINE_MAX}"' in html
    assert f'maxlength="{EMAIL_MAX}"' in html


def test_a_message_that_fits_the_box_is_taken_though_the_browser_sends_crlf(
    client, contact_page
):
    """The browser counts a line break once for ``maxlength`` and sends it
    as two characters."""
    message = ("x" * 98 + "\r\n") * (MESSAGE_MAX // 99)
    response = client.post(URL, {**VALID, "melding": message})
    assert response.status_code == 200
    assert response.context["form_submission"] is not None
    stored = FormSubmission.objects.get().form_data["melding"]
    assert len(stored) <= MESSAGE_MAX
    assert "\r" not in stored


def test_the_venue_mail_comes_from_the_site_with_the_visitor_as_reply_to(
    client, contact_page
):
    client.post(URL, {**VALID, "e_post": "Kari@Example.org"})
    (message,) = mail.outbox
    assert message.from_email == "nettsted@kulturhus.example"
    assert message.reply_to == ["Kari@Example.org"]
    assert message.to == ["post@kulturhus.example", "billett@kulturhus.example"]
    assert "Kari@Example.org" not in message.message()["From"]
    assert message.message()["Reply-To"] == "Kari@Example.org"
    assert "Melding: Hei!" in message.body


def test_without_a_from_address_the_mail_comes_from_the_sites_default(
    client, home_page, settings
):
    make_contact_page(home_page, from_address="")
    client.post(URL, VALID)
    (message,) = mail.outbox
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.reply_to == ["kari@example.org"]


def test_a_form_without_an_email_field_mails_without_a_reply_to(client, home_page):
    make_contact_page(home_page, fields=[("Melding", "multiline")])
    client.post(URL, {"melding": "Hei!"})
    (message,) = mail.outbox
    assert message.reply_to == []
    assert "Reply-To" not in message.message()


def test_a_subject_with_a_line_break_still_mails(client, home_page):
    make_contact_page(home_page, subject="Henvendelse\r\nBcc: evil@example.org")
    client.post(URL, VALID)
    (message,) = mail.outbox
    assert message.subject == "Henvendelse Bcc: evil@example.org"
    assert message.recipients() == [
        "post@kulturhus.example",
        "billett@kulturhus.example",
    ]


def test_a_mail_server_that_refuses_keeps_the_message_and_thanks_the_visitor(
    client, contact_page, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    response = client.post(URL, VALID)
    assert response.status_code == 200
    assert response.context["form_submission"] is not None
    assert FormSubmission.objects.count() == 1


def test_what_a_visitor_sent_is_exported_and_erased_by_their_address(
    client, contact_page
):
    client.post(URL, {**VALID, "e_post": "Kari@Example.org"})
    client.post(URL, {**VALID, "navn": "Ola", "e_post": "ola@example.org"})
    kind = registry.get("accounts.form_submissions")
    subject = Subject.for_email("kari@example.org")
    (row,) = kind.export(subject)
    assert row["answers"]["melding"] == "Hei!"
    kind.erase(subject)
    assert [s.form_data["navn"] for s in FormSubmission.objects.all()] == ["Ola"]
