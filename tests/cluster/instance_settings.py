"""One instance of the cluster, for tests/cluster/test_two_instances.py: the
cluster's own production settings (venue.settings.cluster, everything from
the environment), with static files served from the source folders so that no
``collectstatic`` run is needed before an instance answers."""

from venue.settings.cluster import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
