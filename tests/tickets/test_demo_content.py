"""The demo seeder gives upcoming events prices, sales that match their
statuses, and an external seller; a second run changes nothing."""

import io

import pytest
from django.core.management import call_command

from events.models import Performance
from tickets.models import PerformanceSales, PriceCategory

pytestmark = pytest.mark.django_db


def test_demo_events_get_prices_sales_and_an_external_seller(home_page):
    call_command("seed_demo", events=6, stdout=io.StringIO())
    assert PriceCategory.objects.filter(name="Student").exists()
    assert PerformanceSales.objects.exclude(external_url="").count() >= 1
    for sales in PerformanceSales.objects.filter(external_url="").select_related(
        "performance__hall"
    ):
        performance = sales.performance
        if performance.status == Performance.Status.SOLD_OUT:
            assert sales.left(performance.effective_capacity) == 0
    count = PriceCategory.objects.count()
    call_command("seed_demo", events=6, stdout=io.StringIO())
    assert PriceCategory.objects.count() == count
