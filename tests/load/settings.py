"""Settings of the site in the load and fault runs: tests/load/run.py and
faults.py start the cluster with ``DJANGO_SETTINGS_MODULE=tests.load.settings``.

They are the cluster's own settings (``LOAD_BASE_SETTINGS``, by default
venue.settings.cluster, the module site/cluster.sh uses) with the one thing
no environment variable reaches: the Akismet client sends its calls to the
local stand-in at ``AKISMET_STANDIN_URL`` (tests/load/akismet_client.py)."""

import importlib
import os

_base = importlib.import_module(
    os.environ.get("LOAD_BASE_SETTINGS", "venue.settings.cluster")
)
globals().update({name: getattr(_base, name) for name in dir(_base) if name.isupper()})

if os.environ.get("AKISMET_STANDIN_URL"):
    COMMENTS_AKISMET_CLIENT_CLASS = "tests.load.akismet_client.StandInClient"
