"""Gunicorn settings for the site: `gunicorn -c site/gunicorn.conf.py venue.wsgi`.

Values a machine may change come from the environment; see .env.example."""

import os

wsgi_app = "venue.wsgi:application"

# 127.0.0.1 only: nginx in front terminates TLS and serves static files
# (site/nginx.conf.example).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Rendering a page is CPU-bound Python: one sync process per core (two on the
# reference machine) and no threads.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = 1
worker_class = "sync"
timeout = 30
graceful_timeout = 30
# Import Django once in the master, so workers fork ready and share memory.
preload_app = True

# nginx logs every request already; set GUNICORN_ACCESSLOG=- to log them here.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

# Gunicorn's runtime control socket sits at one fixed path per user, which two
# instances on one machine (site/nginx.conf.example) would fight over.
control_socket_disable = True
