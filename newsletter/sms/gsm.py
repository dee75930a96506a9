"""The old path of ``home.sms.gsm``."""

from home.sms.gsm import *  # noqa: F403
from home.sms.gsm import BASIC, EXTENSION  # noqa: F401
