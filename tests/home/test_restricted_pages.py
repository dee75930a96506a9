"""Pages an editor restricts to signed-in visitors send everyone else to the
site's own login (allauth's, under /konto/), not to Wagtail's bare login
form, so a visitor signs in once, with the site's rules (lockout, email
verification), whichever page asked."""

from urllib.parse import urlsplit

from django.urls import reverse
from wagtail.models import PageViewRestriction

from ..factories import StandardPageFactory


def test_a_page_for_signed_in_visitors_sends_others_to_the_sites_login(
    client, home_page
):
    page = StandardPageFactory(parent=home_page, title="Bare for medlemmer")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )

    response = client.get(page.url)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login")
    assert location.path != reverse("wagtailcore_login")
    assert page.url in location.query
