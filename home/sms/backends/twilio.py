"""Twilio's Messages API (https://www.twilio.com/docs/messaging/api/message-resource):
``POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json`` with HTTP
basic auth (account SID and auth token) and the form fields ``To``,
``From`` (or ``MessagingServiceSid`` for an ``MG...`` sender) and ``Body``.
Twilio answers 201 with the message's ``sid``, or an error as JSON with a
``code`` and ``message``.

Settings: ``SMS_TWILIO_ACCOUNT_SID``, ``SMS_TWILIO_AUTH_TOKEN``,
``SMS_TWILIO_FROM`` (a number in E.164, an alphanumeric sender, or a
messaging service SID), ``SMS_TWILIO_API_BASE`` (Twilio's own API unless
set; tests point it at a local stand-in) and ``SMS_TIMEOUT`` (seconds).

Inbound messages (replies such as STOPP) come to our webhook signed with
``X-Twilio-Signature``: :func:`signature` computes it as Twilio does."""

import base64
import hashlib
import hmac

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError

from home.processors import sends_to

from .. import SmsError
from .base import BaseSmsBackend

DEFAULT_API_BASE = "https://api.twilio.com"


def signature(auth_token: str, url: str, params) -> str:
    """Twilio's request signature: HMAC-SHA1 with the auth token over the
    full URL followed by every POST parameter's name and value, sorted by
    name, base64-encoded. ``params`` is a list of ``(name, value)``."""
    payload = url + "".join(f"{name}{value}" for name, value in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signature_is_valid(auth_token, urls, params, given) -> bool:
    """Whether ``given`` is Twilio's signature of the request for one of
    ``urls`` (the address Twilio called, as we can reconstruct it)."""
    if not auth_token or not given:
        return False
    return any(
        hmac.compare_digest(signature(auth_token, url, params), given) for url in urls
    )


def _never_reached(error) -> bool:
    """Whether a connection error happened before the request could go out
    (no connection was made), so sending again cannot send twice."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    cause = error.args[0] if error.args else None
    return isinstance(cause, MaxRetryError) and isinstance(
        cause.reason, NewConnectionError | ConnectTimeoutError
    )


class SmsBackend(BaseSmsBackend):
    def __init__(
        self,
        *args,
        account_sid=None,
        auth_token=None,
        sender=None,
        api_base=None,
        timeout=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.account_sid = account_sid or getattr(
            settings, "SMS_TWILIO_ACCOUNT_SID", ""
        )
        self.auth_token = auth_token or getattr(settings, "SMS_TWILIO_AUTH_TOKEN", "")
        self.sender = sender or getattr(settings, "SMS_TWILIO_FROM", "")
        self.api_base = (
            api_base or getattr(settings, "SMS_TWILIO_API_BASE", "") or DEFAULT_API_BASE
        ).rstrip("/")
        self.timeout = timeout or getattr(settings, "SMS_TIMEOUT", 10)
        if not (self.account_sid and self.auth_token and self.sender):
            raise ImproperlyConfigured(
                "The Twilio SMS backend needs SMS_TWILIO_ACCOUNT_SID, "
                "SMS_TWILIO_AUTH_TOKEN and SMS_TWILIO_FROM."
            )
        self.session = None

    @property
    def messages_url(self):
        return f"{self.api_base}/2010-04-01/Accounts/{self.account_sid}/Messages.json"

    def open(self):
        if self.session is not None:
            return False
        sends_to("twilio")
        self.session = requests.Session()
        self.session.auth = (self.account_sid, self.auth_token)
        self.session.headers["Accept"] = "application/json"
        return True

    def close(self):
        if self.session is not None:
            self.session.close()
            self.session = None

    def send_messages(self, messages) -> int:
        if not messages:
            return 0
        opened = self.open()
        sent = 0
        try:
            for message in messages:
                try:
                    message.provider_id = self._send(message)
                except SmsError:
                    if not self.fail_silently:
                        raise
                else:
                    sent += 1
        finally:
            if opened:
                self.close()
        return sent

    def _send(self, message) -> str:
        sender = message.sender or self.sender
        data = {"To": message.to, "Body": message.body}
        if sender.startswith("MG"):
            data["MessagingServiceSid"] = sender
        else:
            data["From"] = sender
        try:
            response = self.session.post(
                self.messages_url, data=data, timeout=self.timeout
            )
        except requests.ConnectionError as error:
            if _never_reached(error):
                raise SmsError(f"Twilio unreachable: {type(error).__name__}") from error
            # The connection broke after the request went out.
            raise SmsError(
                "The connection to Twilio broke; the message may have been sent.",
                uncertain=True,
            ) from error
        except requests.Timeout as error:
            # The request went out and no answer came: it may have been taken.
            raise SmsError(
                "Twilio did not answer in time; the message may have been sent.",
                uncertain=True,
            ) from error
        except requests.RequestException as error:
            raise SmsError(f"Twilio request failed: {type(error).__name__}") from error
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        if not isinstance(payload, dict):
            payload = {}
        if response.status_code in (200, 201):
            if not payload.get("sid"):
                raise SmsError(
                    "Twilio accepted the request without a message id.",
                    uncertain=True,
                )
            return str(payload["sid"])[:64]
        code = str(payload.get("code") or "")
        # Twilio's message may repeat the number; it is kept out of errors.
        detail = str(payload.get("message") or response.reason or "")
        detail = detail.replace(message.to, "<number>")[:300]
        text = f"Twilio {response.status_code}" + (f" ({code})" if code else "")
        text += f": {detail}" if detail else ""
        # Busy or broken on Twilio's side: try again later. A 4xx is a
        # refusal of this message (invalid number, unsubscribed recipient):
        # sending it again will not help.
        retry = response.status_code == 429 or response.status_code >= 500
        raise SmsError(text, retry=retry, code=code)
