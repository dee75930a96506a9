"""What the apps' signed links may carry about a person: nothing readable.

A link's token ends up in the access logs of nginx and gunicorn, which no
erasure reaches. Django's signed tokens are base64 JSON that anyone can
decode, so a token names a row by its id and, where the link must stop
working once the row's address changes, a keyed digest of that address
(:func:`address_digest`), never the address itself."""

from django.utils.crypto import constant_time_compare, salted_hmac

DIGEST_LENGTH = 20


def address_digest(email: str, purpose: str) -> str:
    """A short keyed digest (HMAC with SECRET_KEY) of ``email`` for the
    links of ``purpose``: it tells whether a row still has the address the
    link was sent to, and cannot be turned back into the address."""
    normalised = (email or "").strip().lower()
    return salted_hmac(f"{purpose}.address", normalised).hexdigest()[:DIGEST_LENGTH]


def digest_matches(email: str, digest, purpose: str) -> bool:
    return isinstance(digest, str) and constant_time_compare(
        address_digest(email, purpose), digest
    )
