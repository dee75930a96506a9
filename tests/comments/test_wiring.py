"""How comments are wired into the site: periodic tasks, the library's
signal handler, Gravatar's hash, and the sites framework's one row."""

import hashlib

import pytest
from django.conf import settings
from django.contrib.sites.models import Site
from django.db.models.signals import pre_save
from django.utils.module_loading import import_string
from django_comments_xtd.models import publish_or_unpublish_on_pre_save

from comments import services
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_the_periodic_tasks_of_comments_are_scheduled():
    scheduled = dict(settings.PERIODIC_TASKS)
    assert scheduled["comments.tasks.recheck_comments_task"] == 20 * 60
    assert scheduled["comments.tasks.retry_akismet_reports_task"] == 20 * 60
    # Comments' retention rules run in the site-wide daily purge.
    assert scheduled["privacy.tasks.purge_personal_data_task"] == 24 * 60 * 60
    assert scheduled["comments.tasks.send_moderation_digest_task"] == 24 * 60 * 60
    for path in scheduled:
        if path.startswith("comments."):
            assert import_string(path).enqueue


def test_the_librarys_cascading_publish_handler_is_off():
    sync_receivers, async_receivers = pre_save._live_receivers(Comment)
    assert publish_or_unpublish_on_pre_save not in [*sync_receivers, *async_receivers]


def test_gravatar_gets_a_sha256_of_the_trimmed_lowercased_address():
    digest = hashlib.sha256(b"kari@example.org").hexdigest()
    assert services.gravatar_url("  Kari@Example.ORG ") == (
        f"https://www.gravatar.com/avatar/{digest}?s=48&d=mp"
    )


def test_gravatar_is_off_by_default(client, event):
    from .conftest import make_comment

    make_comment(event)
    assert "gravatar" not in client.get(event.url).content.decode()


def test_the_sites_row_names_this_site():
    site = Site.objects.get(pk=settings.SITE_ID)
    assert site.domain == "testserver"
