"""Issue 12's lifetime test: one person lives through the whole site, then
leaves it, and nothing of theirs may be left anywhere the site keeps data.

Quintavia signs up in Chromium (and confirms her address from the mail),
changes her address twice from her phone, comments signed in and signed
out, subscribes to the newsletter with her mobile number, buys tickets
(Stripe's stand-in, and its signed webhook), searches the site for her own
name, writes through the contact form, asks for her data, makes a rights
request, and is worked on by an editor in the admin. Then she deletes her
account in the browser, or (the second run) an editor erases her from her
confirmed erasure request.

Afterwards the scanner (``lifetime.py``) reads every table of the database,
every session, the caches, the export and media folders and the run's logs
for every identifier she ever used: each address, her names, street,
postal code, city, phone in every format we store, the IP
addresses she came from and her browsers' user agents. An identifier may
be left only in a field a kind declares in ``kept_fields`` whose erasure
kept rows with a reason; anything else fails the test, named by table,
column and row. Ola, who used the site beside her, must still be there:
erasure is not a wipe."""

import dataclasses
import datetime
import logging
import re
import sys
import time

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from comments.models import Comment
from home.models import ContactFormField, ContactPage
from newsletter.models import Subscriber
from privacy import registry
from privacy import services as privacy_services
from privacy.models import PolicyVersion, RightsRequest
from tickets.models import Order, PriceCategory

from ..accounts.conftest import profile_form
from ..e2e.conftest import (  # noqa: F401 -- fixtures
    chromium_executable,
    launched_chromium,
    live_server,
    live_site,
    restore_migrated_data,
)
from ..factories import EventPageFactory, PerformanceFactory, UserFactory
from ..tickets.stripe_stub import SECRET_KEY, WEBHOOK_SECRET, StripeStub, signed_event
from .lifetime import (
    LogRecorder,
    Needles,
    describe,
    scan_caches,
    scan_database,
    scan_folder,
    scan_sessions,
)

# Cache entries that expire on their own within this time (rate-limit
# counters keyed by IP, cached pages) are not counted as kept.
VOLATILE_SECONDS = 60 * 60
PASSWORD = "Livsløpet er langt 42"
PHONE_UA = "Mozilla/5.0 (Linux; Android 14; Quxphone 7) QxMobile/3.1 Mobile"
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) QxDesk/9.4 Chrome/140.0"


@dataclasses.dataclass
class Person:
    """Everything by which a person can be recognised."""

    emails: list[str]
    first_name: str
    last_name: str
    street: str
    postal_code: str
    city: str
    phone_typed: str
    phone_e164: str
    ips: dict[str, str]
    user_agents: dict[str, str]

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    def identifiers(self) -> dict[str, str]:
        found = {
            f"email {number}": email for number, email in enumerate(self.emails, 1)
        }
        found.update(
            {
                "first name": self.first_name,
                "last name": self.last_name,
                "street address": self.street,
                "postal code": self.postal_code,
                "city": self.city,
                "phone as typed": self.phone_typed,
                "phone (E.164)": self.phone_e164,
                "phone, national": self.phone_e164.removeprefix("+47"),
            }
        )
        found.update({f"IP address ({how})": ip for how, ip in self.ips.items()})
        found.update(
            {f"user agent ({how})": agent for how, agent in self.user_agents.items()}
        )
        return found


QUINTAVIA = Person(
    emails=[
        "kvint.en@example.org",
        "qz.to@example.net",
        "qz-tre@example.com",
    ],
    first_name="Quintavia",
    last_name="Zebrowski-Ølstad",
    street="Uglestien 77 B",
    postal_code="ZQ-4477",
    city="Nordre Quxby",
    phone_typed="919 18 273",
    phone_e164="+4791918273",
    ips={
        "browser": "203.0.113.141",
        "phone": "198.51.100.142",
        "signed out": "192.0.2.143",
    },
    user_agents={"browser": BROWSER_UA, "phone": PHONE_UA},
)
OLA = Person(
    emails=["ola.beside@example.org"],
    first_name="Olavius",
    last_name="Bredesen-Ytre",
    street="",
    postal_code="",
    city="",
    phone_typed="48 76 54 32",
    phone_e164="+4748765432",
    ips={"phone": "198.51.100.201"},
    user_agents={"phone": "Mozilla/5.0 OlaviusPhone/2.0"},
)


def link(prefix):
    """The path of the newest mailed link starting with ``prefix``."""
    for message in reversed(mail.outbox):
        match = re.search(
            r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s]*)", message.body
        )
        if match:
            return match.group(1)
    raise AssertionError(f"No mail with a link to {prefix}")


def ok(response, *codes):
    codes = codes or (200, 302, 303)
    assert response.status_code in codes, (
        response.status_code,
        response.content.decode(errors="replace")[:1500],
    )
    return response


def device(person, how):
    """A browser of ``person``'s that is not Chromium: the test client from
    its own IP, with its own user agent (CSRF as a browser would pass it)."""
    return Client(
        REMOTE_ADDR=person.ips[how],
        HTTP_USER_AGENT=person.user_agents.get(how, "Mozilla/5.0"),
        HTTP_ACCEPT_LANGUAGE="nb",
    )


def resubmit(client, url):
    """Open an admin form and save it unchanged, as an editor would."""
    response = ok(client.get(url), 200)
    form = response.context["form"]
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        else:
            data[field.html_name] = value
    return ok(client.post(url, data), 302)


# The site ---------------------------------------------------------------


@dataclasses.dataclass
class Site:
    url: str
    event: object
    performance: object
    contact: object
    stripe: StripeStub
    media: str
    # A free event's performance, whose free tickets need no payment.
    free_performance: object = None


@pytest.fixture(scope="module")
def migrated_data_restored(django_db_setup, django_db_blocker):
    """After this module, put back what the migrations created: the runs
    here end with the tables emptied, and the tests after them expect the
    site and its home page."""
    yield
    with django_db_blocker.unblock():
        restore_migrated_data()


@pytest.fixture(scope="module")
def chromium(chromium_executable):  # noqa: F811
    """Debian's Chromium for this module's two runs."""
    with launched_chromium(chromium_executable) as browser:
        yield browser


@pytest.fixture
def site(
    chromium,
    live_site,  # noqa: F811
    settings,
    tmp_path,
    home_page,
    event_index,
    hall,
    venue,
):
    """The live server with an event on sale, a contact form, a privacy
    statement in effect, Stripe's stand-in, a private media folder, and a
    proxy in front that the site trusts to name the client's address."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    stub = StripeStub().start()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_stand_in"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = stub.url
    PolicyVersion.objects.create(
        number=1,
        title="Personvern",
        effective_at=timezone.now() - datetime.timedelta(days=1),
        text="<p>Slik behandler vi personopplysninger.</p>",
    )
    event = EventPageFactory(parent=event_index, title="Vårkonsert", slug="varkonsert")
    PriceCategory.objects.create(event=event, name="Ordinær", price="350.00")
    performance = PerformanceFactory(event=event, hall=hall, capacity=50)
    free_event = EventPageFactory(
        parent=event_index, title="Åpen dag", slug="apen-dag", free_entry="ticket_here"
    )
    free_performance = PerformanceFactory(event=free_event, hall=hall, capacity=50)
    contact = ContactPage(
        title="Kontakt",
        slug="kontakt",
        to_address="post@kulturhus.example",
        from_address="nettsted@kulturhus.example",
        subject="Henvendelse",
    )
    home_page.add_child(instance=contact)
    for order, (label, kind) in enumerate(
        [
            ("Navn", "singleline"),
            ("E-post", "email"),
            ("Telefon", "singleline"),
            ("Melding", "multiline"),
        ]
    ):
        ContactFormField.objects.create(
            page=contact, sort_order=order, label=label, field_type=kind
        )
    live_site.gate.open()
    yield Site(
        live_site.url,
        event,
        performance,
        contact,
        stub,
        settings.MEDIA_ROOT,
        free_performance,
    )
    stub.stop()


# A life ------------------------------------------------------------------


def sign_up_in_chromium(site, page, person):
    """Sign up in Chromium; the link in the mail is opened on the phone."""
    page.goto(site.url + "/konto/signup/")
    page.locator("#id_email").fill(person.emails[0])
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_age_confirmed").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/confirm-email/")
    expect(page.locator("main")).to_contain_text(person.emails[0])


def sign_in_in_chromium(site, page, person, email):
    page.goto(site.url + "/konto/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/konto/meg/")


def sign_up_over_http(client, person):
    ok(
        client.post(
            "/konto/signup/",
            {
                "email": person.emails[0],
                "password1": PASSWORD,
                "password2": PASSWORD,
                "age_confirmed": "on",
            },
        )
    )
    ok(client.post(link("/konto/confirm-email/")))
    sign_in(client, person.emails[0])


def sign_in(client, email, password=PASSWORD):
    return ok(client.post("/konto/login/", {"login": email, "password": password}))


def change_email(client, new):
    ok(client.post("/konto/email/", {"email": new, "action_add": ""}))
    ok(client.post(link("/konto/confirm-email/")))


def fill_in_profile(client, person):
    ok(
        client.post(
            "/konto/meg/profil/",
            profile_form(
                first_name=person.first_name,
                last_name=person.last_name,
                street_address=person.street,
                postal_code=person.postal_code,
                city=person.city,
                phone=person.phone_typed,
                birth_date="1984-02-29",
            ),
        ),
        302,
    )


def comment(client, site, person, email, text):
    return ok(
        client.post(
            f"/kommentarer/side/{site.event.pk}/",
            {
                "name": person.full_name,
                "email": email,
                "url": "",
                "comment": text,
                "subject": "",
            },
            HTTP_REFERER=site.url + site.event.url,
        )
    )


def subscribe(client, person, email):
    ok(
        client.post(
            "/nyhetsbrev/",
            {
                "email": email,
                "name": person.full_name,
                "phone": person.phone_typed,
                "age_confirmed": "on",
                "policy_version": "1",
            },
        ),
        302,
    )
    confirm = link("/nyhetsbrev/bekreft/")
    ok(client.get(confirm), 200)
    ok(client.post(confirm))
    assert Subscriber.objects.get(email=email).confirmed_at


def buy_tickets(client, site, person, email):
    category = PriceCategory.objects.get(event=site.event)
    response = ok(
        client.post(
            f"/billetter/kjop/{site.performance.pk}/",
            {"name": person.full_name, "email": email, f"quantity_{category.pk}": 2},
        ),
        303,
    )
    session_id = re.search(r"/pay/(\w+)$", response["Location"]).group(1)
    paid = site.stripe.pay(session_id)
    payload, signature = signed_event("checkout.session.completed", paid)
    ok(
        Client(REMOTE_ADDR="54.187.174.169").post(
            "/billetter/stripe/webhook/",
            payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature,
        ),
        200,
    )
    order = Order.objects.get(stripe_session_id=session_id)
    assert order.status == Order.Status.PAID
    return order


def get_free_tickets(client, site, person, email):
    """Free tickets of the free event: confirmed at once, no payment."""
    ok(
        client.post(
            f"/billetter/kjop/{site.free_performance.pk}/",
            {"name": person.full_name, "email": email, "quantity": 2},
        ),
        303,
    )
    order = Order.objects.filter(email=email, status=Order.Status.FREE).latest("pk")
    assert order.tickets.count() == 2
    return order


def search_for(client, text):
    ok(client.get("/sok/", {"q": text}), 200)


def write_to_the_venue(client, person, email):
    ok(
        client.post(
            "/kontakt/",
            {
                "navn": person.full_name,
                "e_post": email,
                "telefon": person.phone_typed,
                "melding": f"Jeg bor i {person.street}, {person.postal_code} "
                f"{person.city}. Ring meg på {person.phone_typed}.",
            },
        ),
        200,
    )


def make_request(client, email, action, details=""):
    ok(
        client.post(
            "/personvern/foresporsel/",
            {"email": email, "action": action, "details": details},
        ),
        302,
    )
    confirm = link("/personvern/foresporsel/bekreft/")
    ok(client.get(confirm), 200)
    ok(client.post(confirm), 200)
    return RightsRequest.objects.filter(email=email, action=action).latest("pk")


def live_a_life(site, page, person):
    """Everything Quintavia does before she leaves; returns her account."""
    first, second, third = person.emails
    signed_out = device(person, "signed out")
    phone = device(person, "phone")

    sign_up_in_chromium(site, page, person)
    confirm = link("/konto/confirm-email/")
    ok(phone.get(confirm), 200)
    ok(phone.post(confirm))
    sign_in_in_chromium(site, page, person, first)
    # Signed out, under her first address: a comment, and the newsletter.
    comment(signed_out, site, person, first, "Fint program! Hilsen Quintavia.")
    subscribe(signed_out, person, first)
    # On her phone: a wrong password once, then her profile and two new
    # addresses, each confirmed from the mail.
    ok(sign_in(phone, first, "feil passord"), 200)
    sign_in(phone, first)
    fill_in_profile(phone, person)
    comment(phone, site, person, first, "Gleder meg til konserten.")
    change_email(phone, second)
    buy_tickets(phone, site, person, second)
    get_free_tickets(signed_out, site, person, first)
    write_to_the_venue(signed_out, person, second)
    change_email(phone, third)
    ok(phone.post("/konto/meg/data/"))
    search_for(signed_out, person.last_name)
    search_for(signed_out, person.full_name)
    request = make_request(
        signed_out,
        third,
        "rectification",
        f"Etternavnet mitt skal skrives {person.last_name}.",
    )
    return User.objects.get(email=third), request


def live_beside(site):
    """Ola uses the site too, and must keep everything after Quintavia
    leaves."""
    ola = device(OLA, "phone")
    sign_up_over_http(ola, OLA)
    ok(
        ola.post(
            "/konto/meg/profil/",
            profile_form(first_name=OLA.first_name, last_name=OLA.last_name),
        )
    )
    comment(ola, site, OLA, OLA.emails[0], "Ola var her.")
    subscribe(device(OLA, "phone"), OLA, OLA.emails[0])
    buy_tickets(ola, site, OLA, OLA.emails[0])
    get_free_tickets(ola, site, OLA, OLA.emails[0])
    write_to_the_venue(device(OLA, "phone"), OLA, OLA.emails[0])


def editor_works_on(site, user, request):
    """An editor saves her account and her comment in the admin, looks at
    her subscription and order, and notes a phone call on her request."""
    editor = UserFactory(
        email="redaktor@kulturhus.example", is_staff=True, is_superuser=True
    )
    client = Client(REMOTE_ADDR="10.0.0.5")
    client.force_login(editor)
    resubmit(client, f"/admin/users/edit/{user.pk}/")
    signed_in = Comment.objects.filter(user=user).first()
    resubmit(client, f"/admin/comments/comment/edit/{signed_in.pk}/")
    for subscriber in Subscriber.objects.filter(name__icontains="Quintavia"):
        ok(client.get(f"/admin/newsletter/subscriber/inspect/{subscriber.pk}/"), 200)
    for order in Order.objects.filter(name__icontains="Quintavia"):
        ok(client.get(f"/admin/tickets/order/inspect/{order.pk}/"), 200)
    ok(
        client.post(
            f"/admin/personvern/requests/{request.pk}/note/",
            {"note": f"Ringte {QUINTAVIA.first_name} på {QUINTAVIA.phone_typed}."},
        )
    )
    return client


def delete_account_in_chromium(site, new_page, user, request, editor):
    """Another day, in a new browser window: sign in and delete."""
    page = new_page()
    sign_in_in_chromium(site, page, QUINTAVIA, QUINTAVIA.emails[-1])
    page.goto(site.url + "/konto/meg/slett/")
    page.locator("#id_confirm").check()
    page.locator("main button.button--danger").click()
    page.wait_for_url("**/konto/slettet/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert not User.objects.filter(pk=user.pk).exists()


def editor_erases_from_a_request(site, new_page, user, request, editor):
    """The editor confirms what the request page says: her account goes too
    (the page's form carries the account it showed)."""
    erasure = make_request(device(QUINTAVIA, "signed out"), user.email, "erasure")
    detail = editor.get(f"/admin/personvern/requests/{erasure.pk}/").content.decode()
    shown = re.search(r'name="account" value="(\d+)"', detail)
    assert shown and shown.group(1) == str(user.pk), "the page names no account"
    ok(
        editor.post(
            f"/admin/personvern/requests/{erasure.pk}/erase/",
            {"confirm": "yes", "account": shown.group(1)},
        ),
        302,
    )


ENDINGS = {
    "deletes her account": delete_account_in_chromium,
    "an editor erases her": editor_erases_from_a_request,
}


@pytest.mark.e2e
@pytest.mark.submits("account_signup", "account_login", "accounts:delete")
@pytest.mark.parametrize("ending", list(ENDINGS))
def test_nothing_of_a_person_is_left_after_they_leave_but_what_is_declared_kept(
    site, chromium, ending, export_dir, monkeypatch, capsys
):
    started = time.monotonic()
    recorder = LogRecorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    previous_level = root.level
    root.setLevel(logging.INFO)
    erasures = {}
    erase_subject = privacy_services.erase_subject

    def erase_and_remember(subject, **options):
        results = erase_subject(subject, **options)
        erasures.update(results)
        return results

    monkeypatch.setattr(privacy_services, "erase_subject", erase_and_remember)
    needles = Needles(QUINTAVIA.identifiers())
    contexts = []

    def new_page():
        """A browser window of hers, behind the proxy that names her IP."""
        context = chromium.new_context(
            locale="nb-NO",
            user_agent=QUINTAVIA.user_agents["browser"],
            extra_http_headers={"X-Forwarded-For": QUINTAVIA.ips["browser"]},
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    try:
        user, request = live_a_life(site, new_page(), QUINTAVIA)
        live_beside(site)
        editor = editor_works_on(site, user, request)
        lived = time.monotonic()
        held = {
            finding.label
            for finding in scan_database(needles).findings
            + scan_folder("export", export_dir, needles)
        }
        assert held == set(needles.forms), (
            f"the life left nothing to look for of: {sorted(set(needles.forms) - held)}"
        )
        ENDINGS[ending](site, new_page, user, request, editor)
    finally:
        for context in contexts:
            context.close()
        root.removeHandler(recorder)
        root.setLevel(previous_level)

    scanning = time.monotonic()
    database = scan_database(needles)
    findings = (
        database.findings
        + scan_sessions(needles)
        + scan_caches(needles, outliving=VOLATILE_SECONDS)
        + scan_folder("export", export_dir, needles)
        + scan_folder("media", site.media, needles)
        + recorder.scan(needles)
    )
    done = time.monotonic()
    with capsys.disabled():
        sys.stdout.write(
            f"\n[lifetime, {ending}] {database.tables} tables "
            f"({database.columns} text columns) scanned in {done - scanning:.1f} s; "
            f"life {lived - started:.1f} s, whole run {done - started:.1f} s\n"
        )

    assert set(erasures) == {kind.key for kind in registry.kinds()}
    unexplained = [
        key
        for key, erasure in erasures.items()
        if erasure.kept and not str(erasure.kept_reason).strip()
    ]
    assert not unexplained, f"kept rows without a reason: {unexplained}"
    others = OLA.identifiers()
    remaining = {finding.label for finding in scan_database(Needles(others)).findings}
    assert remaining >= {"email 1", "last name", "phone (E.164)"}, (
        f"Ola's data went too: only {sorted(remaining)} of his are left"
    )
    kept = kept_places(erasures)
    left = [finding for finding in findings if finding.place not in kept]
    assert not left, (
        f"{len(set(left))} trace(s) of the person left after “{ending}”, in no "
        "field a kind declares in kept_fields with a reason:\n" + describe(left)
    )


def kept_places(erasures) -> set[str]:
    """``table.column`` of the fields that kinds declare they keep, for the
    kinds whose erasure kept rows and said why."""
    places = set()
    for key, erasure in erasures.items():
        if not (erasure.kept and str(erasure.kept_reason).strip()):
            continue
        for model, names in registry.get(key).kept_fields.items():
            for name in names:
                column = model._meta.get_field(name).column
                places.add(f"{model._meta.db_table}.{column}")
    return places
