"""An SMTP sink on 127.0.0.1 for the load and fault runs: it accepts every
message and appends one JSON line per message to ``--log`` (recipients,
subject, and the headers the checks read), so the counts survive the sink
being stopped and started again (fault e)::

    python -m tests.load.smtp_sink --port 8193 --log var/cluster-load/mail.jsonl

:func:`read_log` gives the lines back; :func:`per_recipient` counts messages
per address, optionally only those whose subject matches."""

import argparse
import asyncio
import json
import re
import signal
import threading
import time
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path


class RecordingHandler:
    def __init__(self, log_path):
        self.log_path = Path(log_path)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd)
        message = message_from_bytes(envelope.content, policy=policy.default)
        line = json.dumps(
            {
                "at": time.time(),
                "from": envelope.mail_from,
                "to": [address.lower() for address in envelope.rcpt_tos],
                "subject": str(message.get("Subject", "")),
                "message_id": str(message.get("Message-ID", "")),
            }
        )
        with self.lock, self.log_path.open("a", encoding="utf-8") as log:
            log.write(line + "\n")
        return "250 Message accepted for delivery"


def read_log(path) -> list[dict]:
    path = Path(path)
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as log:
        return [json.loads(line) for line in log if line.strip()]


def per_recipient(path, subject_pattern=None) -> Counter:
    """Messages per recipient address, of those whose subject matches
    ``subject_pattern`` (a regular expression) when given."""
    pattern = re.compile(subject_pattern) if subject_pattern else None
    counts = Counter()
    for message in read_log(path):
        if pattern is None or pattern.search(message["subject"]):
            counts.update(message["to"])
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description="SMTP sink on 127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args(argv)
    from aiosmtpd.controller import Controller

    controller = Controller(
        RecordingHandler(args.log), hostname="127.0.0.1", port=args.port
    )
    controller.start()
    print(f"SMTP sink on 127.0.0.1:{args.port}, log {args.log}", flush=True)  # noqa: T201
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        loop.run_until_complete(stop.wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
