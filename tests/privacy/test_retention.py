"""The retention purge applies the table in settings through the rules the
apps declare: what is past its time goes (deleted or anonymised, in
chunks), nothing younger is touched, ``--dry-run`` only counts."""

import datetime
import io

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.core.management import CommandError, call_command
from django.utils import timezone

from privacy import retention
from privacy.models import ConsentRecord, RightsRequest
from privacy.retention import RetentionRule

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 6, 1, 12, 0))


def days_ago(days, **extra):
    return NOW - datetime.timedelta(days=days, **extra)


def request_at(moment, status=RightsRequest.Status.UNCONFIRMED):
    return RightsRequest.objects.create(
        email="kari@example.org", action="erasure", status=status, created_at=moment
    )


def test_unconfirmed_requests_go_after_seven_days(db):
    old = request_at(days_ago(7, minutes=1))
    young = request_at(days_ago(6, hours=23))
    confirmed = request_at(days_ago(30), status=RightsRequest.Status.NEW)
    results = retention.purge(now=NOW, keys={"privacy.unconfirmed_requests"})
    assert results["privacy.unconfirmed_requests"].affected == 1
    remaining = set(RightsRequest.objects.values_list("pk", flat=True))
    assert remaining == {young.pk, confirmed.pk}
    assert old.pk not in remaining


def test_the_sign_in_log_goes_after_180_days(db):
    for model in (AccessLog, AccessFailureLog):
        for age in (181, 179):
            row = model.objects.create(
                username="kari@example.org",
                ip_address="203.0.113.7",
                user_agent="Firefox",
            )
            model.objects.filter(pk=row.pk).update(attempt_time=days_ago(age))
    results = retention.purge(now=NOW, keys={"accounts.security_log"})
    assert results["accounts.security_log"].affected == 2
    assert AccessLog.objects.count() == AccessFailureLog.objects.count() == 1


def test_the_table_in_settings_decides_the_days(db, settings):
    settings.PRIVACY_RETENTION = {
        **settings.PRIVACY_RETENTION,
        "privacy.unconfirmed_requests": 30,
    }
    request_at(days_ago(10))
    retention.purge(now=NOW, keys={"privacy.unconfirmed_requests"})
    assert RightsRequest.objects.count() == 1


def test_a_dry_run_counts_and_changes_nothing(db):
    for _number in range(3):
        request_at(days_ago(8))
    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert RightsRequest.objects.count() == 3
    text = out.getvalue()
    assert "privacy.unconfirmed_requests (7 d): 3 would go" in text
    assert "Dry run" in text


def test_the_command_purges_reports_and_names_rules_still_missing(db):
    for _number in range(3):
        request_at(days_ago(8))
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    text = out.getvalue()
    assert RightsRequest.objects.count() == 0
    assert "privacy.unconfirmed_requests (7 d): 3 gone (deleted)" in text
    assert "newsletter.unconfirmed" in text  # in the table; no app yet


def test_an_unknown_rule_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No such retention rule"):
        call_command("purge_personal_data", "--rule", "nope", stdout=io.StringIO())


def test_deletion_goes_in_chunks(db):
    for _number in range(7):
        request_at(days_ago(8))
    chunks = []
    retention.purge(
        now=NOW,
        keys={"privacy.unconfirmed_requests"},
        chunk_size=3,
        progress=lambda key, done: chunks.append(done),
    )
    assert chunks == [3, 6, 7]
    assert not RightsRequest.objects.exists()


class OldConsentsAnonymised(RetentionRule):
    """Test-only rule: anonymises instead of deleting."""

    key = "tests.anonymise"
    label = "Test"
    default_days = 10
    anonymise = {"language": ""}

    def querysets(self, cutoff, now):
        return [
            ConsentRecord.objects.filter(created_at__lt=cutoff).exclude(language="")
        ]


@pytest.fixture
def anonymising_rule():
    retention.register(OldConsentsAnonymised)
    yield
    retention.unregister(OldConsentsAnonymised.key)


def test_a_rule_can_anonymise_and_keep_the_rows(db, anonymising_rule):
    for age in (11, 12, 9):
        ConsentRecord.objects.create(
            banner_version="x",
            cookie_list_version="y",
            language="nb",
            created_at=days_ago(age),
        )
    results = retention.purge(now=NOW, keys={"tests.anonymise"}, chunk_size=1)
    assert results["tests.anonymise"].affected == 2
    assert results["tests.anonymise"].anonymised
    assert ConsentRecord.objects.count() == 3
    assert ConsentRecord.objects.filter(language="nb").count() == 1


def test_every_rule_has_a_key_a_label_and_runs(db):
    assert {rule.key for rule in retention.rules()} >= {
        "privacy.unconfirmed_requests",
        "privacy.export_files",
        "accounts.security_log",
        "accounts.ended_sessions",
    }
    results = retention.purge(now=NOW, dry_run=True)
    assert all(result.label for result in results.values())


def test_the_daily_task_is_scheduled(settings):
    assert ("privacy.tasks.purge_personal_data_task", 24 * 60 * 60) in (
        settings.PERIODIC_TASKS
    )
