"""Length of a text in the GSM 03.38 alphabet, the one a single SMS of 160
characters is written in. Norwegian letters (æøå ÆØÅ) are in it; a few
signs (€ [ ] { } ^ ~ | \\) take two places; anything else (emoji, curly
quotes) would force the whole message into UCS-2, 70 characters, so it is
refused rather than silently costing three messages."""

MAX_LENGTH = 160

BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = "\f^{}\\[~]|€"
_BASIC = frozenset(BASIC)
_EXTENSION = frozenset(EXTENSION)


def unsupported_characters(text: str) -> list[str]:
    """The characters of ``text`` outside the GSM alphabet, each once, in
    order of appearance."""
    seen = []
    for character in text:
        if character not in _BASIC and character not in _EXTENSION:
            if character not in seen:
                seen.append(character)
    return seen


def gsm_length(text: str) -> int:
    """Places ``text`` takes in a GSM-encoded SMS (extension signs count
    two; characters outside the alphabet count one, see
    :func:`unsupported_characters`)."""
    return sum(2 if character in _EXTENSION else 1 for character in text)
