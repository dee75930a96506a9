"""The newsletter's models: who subscribes (subscribers.py) and what is sent
to them (mailings.py)."""

from .mailings import *  # noqa: F403
from .subscribers import *  # noqa: F403
