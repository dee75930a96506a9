"""A real SMTP server on 127.0.0.1 (aiosmtpd, in a thread) for the tests:
it keeps every message it accepts as raw bytes with its envelope, refuses
given recipients with a given reply, and can drop the connection in the
middle of a message (after the data, before its reply), as a crashing
server or a broken network would."""

import contextlib
import dataclasses
import socket

from ..standins import smtp_serving


@dataclasses.dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes


class RecordingHandler:
    def __init__(self):
        self.messages: list[Received] = []
        self.refuse: dict[str, str] = {}
        self.drop_at: set[int] = set()
        self.data_count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd)
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd)
        self.data_count += 1
        if self.data_count in self.drop_at:
            # Gone before the message was accepted: no reply, no delivery.
            server.transport.close()
            return "421 4.3.0 Closing"
        self.messages.append(
            Received(
                mail_from=envelope.mail_from,
                rcpt_tos=list(envelope.rcpt_tos),
                raw=envelope.original_content or envelope.content,
            )
        )
        return "250 2.0.0 Message accepted for delivery"

    def per_recipient(self) -> dict[str, int]:
        counts = {}
        for message in self.messages:
            for address in message.rcpt_tos:
                counts[address] = counts.get(address, 0) + 1
        return counts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running():
    """An SMTP server on 127.0.0.1 for the duration: yields its handler and
    port."""
    handler = RecordingHandler()
    with smtp_serving(handler) as port:
        yield handler, port
