"""The newsletter's models: who subscribes (subscribers.py) and what is sent
to them (mailings.py)."""

from .address_changes import *  # noqa: F403
from .mailings import *  # noqa: F403
from .subscribers import *  # noqa: F403
