"""What people see of backups: the privacy statement says how long backups
live, the dashboard shows the last good backup and warns when it is old or
one failed, and a restore waiting for its journal closes the site."""

import datetime

import pytest
from django.utils import timezone, translation

from backups import services
from backups.models import BackupRun
from privacy.blocks import WhatWeStoreBlock

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def finished(hours_ago, status=BackupRun.Status.DONE, **fields):
    when = timezone.now() - datetime.timedelta(hours=hours_ago)
    return BackupRun.objects.create(
        started_at=when, finished_at=when, status=status, **fields
    )


def test_the_privacy_statement_says_how_long_backups_live(settings):
    settings.BACKUP_KEEP = {"daily": 14, "weekly": 8, "monthly": 12}
    with translation.override("en"):
        html = WhatWeStoreBlock().render(None)
    assert "Backup copies of everything above" in html
    assert "kept 14 days" in html
    assert "kept 8 weeks" in html
    assert "kept 12 months" in html


def test_the_privacy_statement_says_it_in_norwegian_too():
    with translation.override("nb"):
        html = WhatWeStoreBlock().render(None)
    assert "Sikkerhetskopier" in html


def test_the_dashboard_shows_the_last_good_backup_and_its_age(admin_client):
    finished(5, archive="backup-x.vbak", size=12_000_000)
    html = admin_client.get("/admin/").content.decode()
    assert "backups-panel-heading" in html
    assert "5 hours ago" in html or "5 timer siden" in html
    assert "help-warning" not in html.split("backups-panel-heading")[-1]


def test_the_dashboard_warns_after_36_hours_without_a_good_backup(admin_client):
    finished(37, archive="backup-x.vbak")
    panel = (
        admin_client.get("/admin/").content.decode().split("backups-panel-heading")[-1]
    )
    assert "help-warning" in panel


def test_the_dashboard_shows_a_failed_backup(admin_client):
    finished(30, archive="backup-x.vbak")
    finished(2, status=BackupRun.Status.FAILED, error="DatabaseToolError: disk full")
    panel = (
        admin_client.get("/admin/").content.decode().split("backups-panel-heading")[-1]
    )
    assert "disk full" in panel
    assert "help-critical" in panel


def test_the_dashboard_warns_when_no_backup_ever_succeeded(admin_client):
    panel = (
        admin_client.get("/admin/").content.decode().split("backups-panel-heading")[-1]
    )
    assert "help-warning" in panel


def test_every_page_answers_503_while_a_restore_waits_for_its_journal(client):
    services.maintenance_on({"archive": "x", "created_at": timezone.now().isoformat()})
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"]
    services.maintenance_off()
    assert client.get("/").status_code == 200
