"""Writes messages to files in ``SMS_FILE_PATH`` (development): one file
per connection, named by time, each message with its recipient."""

import datetime
import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import BaseSmsBackend

SEPARATOR = "-" * 40


class SmsBackend(BaseSmsBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        path = file_path or getattr(settings, "SMS_FILE_PATH", None)
        if not path:
            raise ImproperlyConfigured("The file SMS backend needs SMS_FILE_PATH.")
        self.file_path = Path(path)
        self.stream = None
        self.count = 0
        self._lock = threading.RLock()

    def _file_name(self):
        stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d-%H%M%S")
        return self.file_path / f"{stamp}-{id(self)}.log"

    def open(self):
        if self.stream is not None:
            return False
        self.file_path.mkdir(parents=True, exist_ok=True)
        self.stream = open(self._file_name(), "a", encoding="utf-8")
        return True

    def close(self):
        if self.stream is not None:
            self.stream.close()
            self.stream = None

    def send_messages(self, messages) -> int:
        if not messages:
            return 0
        with self._lock:
            opened = self.open()
            try:
                for message in messages:
                    self.count += 1
                    message.provider_id = (
                        message.provider_id or f"file-{id(self)}-{self.count}"
                    )
                    self.stream.write(
                        f"To: {message.to}\nFrom: {message.sender}\n"
                        f"Id: {message.provider_id}\n\n{message.body}\n{SEPARATOR}\n"
                    )
                self.stream.flush()
            finally:
                if opened:
                    self.close()
        return len(messages)
