"""A test mail server (Django's locmem backend) whose worker dies mid-batch,
for the senders that must resume after a crash without mailing anyone twice
(privacy notices, newsletter issues)."""

from django.core.mail.backends.locmem import EmailBackend


class WorkerKilled(BaseException):
    """Stands in for the worker process dying (not an Exception: nothing in
    the sending code may catch it)."""


class DyingBackend(EmailBackend):
    """The test mail server with a worker that dies at the ``die_at``-th
    message: before handing it over, or right after (``after=True``)."""

    def __init__(self, *args, die_at, after=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.die_at = die_at
        self.after = after
        self.count = 0

    def send_messages(self, messages):
        self.count += 1
        if self.count == self.die_at and not self.after:
            raise WorkerKilled
        sent = super().send_messages(messages)
        if self.count == self.die_at:
            raise WorkerKilled
        return sent
