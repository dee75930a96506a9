"""The SMS provider's webhook for replies (Twilio's "A message comes in").
Only requests signed with our Twilio auth token are read; a stop word
removes the sender's number."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from home.site_url import site_url
from home.sms.backends.twilio import signature_is_valid

from . import inbound

SIGNATURE_HEADER = "HTTP_X_TWILIO_SIGNATURE"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _candidate_urls(request):
    """The address Twilio called, as we can reconstruct it: from the site's
    public address (behind a proxy) and from the request itself."""
    urls = [site_url() + request.get_full_path()]
    own = request.build_absolute_uri()
    if own not in urls:
        urls.append(own)
    return urls


@csrf_exempt
@require_POST
def twilio_inbound(request):
    given = request.META.get(SIGNATURE_HEADER, "")
    if not given:
        return HttpResponseBadRequest("Missing X-Twilio-Signature.")
    token = getattr(settings, "SMS_TWILIO_AUTH_TOKEN", "")
    params = [
        (name, value) for name, values in request.POST.lists() for value in values
    ]
    if not signature_is_valid(token, _candidate_urls(request), params, given):
        return HttpResponseForbidden("Invalid signature.")
    account = getattr(settings, "SMS_TWILIO_ACCOUNT_SID", "")
    if account and request.POST.get("AccountSid") not in ("", None, account):
        return HttpResponseForbidden("Another account.")
    if inbound.is_stop(request.POST.get("Body", "")):
        inbound.stop_number(request.POST.get("From", ""))
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")
