"""My page: private, behind the sign-in, made of sections that apps
register; the sign-in log and the sessions; the allauth pages around it in
the site's layout."""

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import translation

from accounts import my_page
from accounts.devices import describe_user_agent

from .conftest import BROWSER, sign_in

URL = reverse("accounts:my_page")


@pytest.fixture
def extra_section(settings, tmp_path):
    """Register a section as a later app would, with a template of its own;
    the sections as they were (other apps' included) come back after."""
    (tmp_path / "orders.html").write_text(
        '<h2 id="{{ section.heading_id }}">{{ section.title }}</h2>'
        "<p>Orders of {{ owner }}: {{ count }}</p>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    before = dict(my_page._sections)

    def register(key, get_context, order=50):
        my_page.register_section(
            key,
            title=f"Section {key}",
            template_name="orders.html",
            get_context=get_context,
            order=order,
        )

    yield register
    my_page._sections.clear()
    my_page._sections.update(before)


def test_my_page_needs_a_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={URL}"


def test_konto_leads_to_my_page(member_client):
    assert member_client.get("/konto/")["Location"] == URL


def test_my_page_is_private_and_never_cached(member_client):
    response = member_client.get(URL)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "X-Page-Cache" not in response


def test_my_page_shows_the_sections_in_order_with_one_h1(member_client):
    page = member_client.get(URL).content.decode()
    assert page.count("<h1") == 1
    positions = [
        page.index(f'id="my-page-{key}"') for key in ("profile", "data", "security")
    ]
    assert positions == sorted(positions)
    assert 'aria-labelledby="my-page-profile"' in page


def test_another_app_plugs_in_a_section(member_client, extra_section):
    extra_section(
        "orders", lambda request: {"owner": request.user.first_name, "count": 3}
    )
    page = member_client.get(URL).content.decode()
    assert "Orders of Kari: 3" in page
    assert page.index('id="my-page-profile"') < page.index('id="my-page-orders"')
    assert page.index('id="my-page-orders"') < page.index('id="my-page-data"')
    assert '<a href="#my-page-orders">Section orders</a>' in page


def test_a_section_with_nothing_to_show_is_left_out(member_client, extra_section):
    extra_section("wishes", lambda request: None)
    assert 'id="my-page-wishes"' not in member_client.get(URL).content.decode()


def test_a_broken_section_does_not_break_my_page(member_client, extra_section):
    def broken(request):
        raise RuntimeError("the orders database is down")

    extra_section("orders", broken)
    response = member_client.get(URL)
    assert response.status_code == 200
    assert 'id="my-page-orders"' not in response.content.decode()


def test_my_page_lists_recent_sign_ins_with_address_and_device(client, member):
    sign_in(client, member.email, ip="203.0.113.21")
    client.logout()
    sign_in(client, member.email, "wrong password", ip="203.0.113.22")
    sign_in(client, member.email, ip="203.0.113.23")
    page = client.get(URL).content.decode()
    assert "203.0.113.21" in page and "203.0.113.23" in page
    assert "203.0.113.22" in page  # the failed attempt
    assert "Firefox" in page and "Linux" in page


def test_other_peoples_sign_ins_are_not_shown(client, member, other_member):
    sign_in(client, other_member.email, ip="203.0.113.99")
    client.logout()
    sign_in(client, member.email)
    assert "203.0.113.99" not in client.get(URL).content.decode()


def test_sessions_are_listed_and_the_others_can_be_signed_out(client, member):
    other_browser = client.__class__()
    sign_in(other_browser, member.email, ip="203.0.113.31")
    sign_in(client, member.email, ip="203.0.113.32")
    assert UserSession.objects.filter(user=member).count() == 2
    page = client.get(URL).content.decode()
    assert "203.0.113.31" in page and "203.0.113.32" in page
    assert reverse("usersessions_list") in page

    sessions_page = client.get(reverse("usersessions_list"))
    assert sessions_page.status_code == 200
    assert "203.0.113.31" in sessions_page.content.decode()
    response = client.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert list(
        UserSession.objects.filter(user=member).values_list("ip", flat=True)
    ) == ["203.0.113.32"]
    assert other_browser.get(URL).status_code == 302
    assert client.get(URL).status_code == 200
    assert Session.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
    ],
)
def test_allauth_pages_use_the_sites_layout(client, db, url):
    page = client.get(url).content.decode()
    assert 'class="skip-link"' in page
    assert 'class="site-header"' in page
    assert page.count("<h1") == 1
    assert '<form class="form"' in page
    assert "<label for=" in page


@pytest.mark.parametrize(
    "url",
    [
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("usersessions_list"),
    ],
)
def test_account_management_pages_link_back_to_my_page(member_client, url):
    page = member_client.get(url).content.decode()
    assert page.count("<h1") == 1
    assert f'href="{URL}"' in page


def test_signing_out_ends_the_session(member_client):
    assert member_client.post(reverse("account_logout")).status_code == 302
    assert member_client.get(URL).status_code == 302


def test_the_browser_is_named_readably():
    assert describe_user_agent(BROWSER) == "Firefox på Linux"
    assert describe_user_agent("") == "Ukjent nettleser"
    with translation.override("en"):
        assert describe_user_agent(BROWSER) == "Firefox on Linux"
