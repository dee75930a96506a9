"""The production settings for the cluster site/cluster.sh starts on one
machine: plain HTTP on 127.0.0.1, so nothing that needs TLS (secure-only
cookies, the redirect to HTTPS, HSTS). Everything else, and the switch to
PostgreSQL, Redis and RQ, is production's and comes from the environment the
script writes (CLUSTER_DIR/cluster.env)."""

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
