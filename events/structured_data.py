"""schema.org Event data for search engines: one Event per performance."""

import datetime
import json

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from home.i18n import language_of

EVENT_STATUS = {
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}
AVAILABILITY = {
    "on_sale": "https://schema.org/InStock",
    "few_left": "https://schema.org/LimitedAvailability",
    "sold_out": "https://schema.org/SoldOut",
    "cancelled": "https://schema.org/Discontinued",
    "postponed": "https://schema.org/PreSale",
}
# Inside a <script> element these must not appear literally.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def event_data(page, request, venue, image_url=None):
    url = request.build_absolute_uri(page.get_url(request))
    address = {
        "@type": "PostalAddress",
        "streetAddress": venue.street_address,
        "postalCode": venue.postal_code,
        "addressLocality": venue.city,
        "addressCountry": "NO",
    }
    items = []
    for performance in page.performance_list:
        item = {
            "@context": "https://schema.org",
            "@type": "Event",
            "inLanguage": language_of(page),
            "name": page.title,
            "description": page.lead,
            "url": url,
            "startDate": timezone.localtime(performance.start).isoformat(
                timespec="seconds"
            ),
            "endDate": timezone.localtime(performance.end).isoformat(
                timespec="seconds"
            ),
            "eventStatus": EVENT_STATUS.get(
                performance.status, "https://schema.org/EventScheduled"
            ),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {
                "@type": "Place",
                "name": f"{performance.hall.name}, {venue.name}",
                "address": address,
            },
            "organizer": {
                "@type": "Organization",
                "name": page.organiser or venue.name,
            },
        }
        if page.doors_open_minutes is not None:
            doors = performance.start - datetime.timedelta(
                minutes=page.doors_open_minutes
            )
            item["doorTime"] = timezone.localtime(doors).isoformat(timespec="seconds")
        if page.price_from is not None:
            item["offers"] = {
                "@type": "Offer",
                "price": f"{page.price_from:.2f}",
                "priceCurrency": "NOK",
                "availability": AVAILABILITY[performance.status],
                "url": url,
            }
        if image_url:
            item["image"] = [image_url]
        items.append(item)
    return items


def jsonld_script(data):
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(SCRIPT_ESCAPES)
    # Safe: the JSON has <, > and & escaped, so it cannot end the element.
    safe_text = mark_safe(text)  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', safe_text)
