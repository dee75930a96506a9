"""nginx for the benchmarks and the Lighthouse check: serves STATIC_ROOT and
MEDIA_ROOT of a throwaway site from disk, as production does (site/), and
passes everything else to a gunicorn when one is given. Runs in the
foreground under a configuration written into the site's temporary
directory, on 127.0.0.1 and a free port; never the system's /etc/nginx.

Debian's package (``apt-get install nginx``); :func:`ensure_debian_packages`
installs it, and wrk, when the script runs as root and they are missing, as
site/cluster.sh does."""

import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"
MIME_TYPES = Path("/etc/nginx/mime.types")

CONFIG = """\
daemon off;
worker_processes {workers};
pid {state}/nginx.pid;
error_log {state}/error.log warn;
{user_line}
events {{
    worker_connections 1024;
}}
http {{
    include {mime_types};
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    server_tokens off;
    access_log off;
    client_body_temp_path {state}/client_body;
    proxy_temp_path {state}/proxy;
    fastcgi_temp_path {state}/fastcgi;
    uwsgi_temp_path {state}/uwsgi;
    scgi_temp_path {state}/scgi;
    gzip on;
    gzip_proxied any;
    gzip_types text/css application/javascript application/json image/svg+xml;

    server {{
        listen {host}:{port};
        location /static/ {{
            alias {static_root}/;
            expires max;
            add_header Cache-Control "public, immutable";
        }}
        location /media/ {{
            alias {media_root}/;
            expires 7d;
            add_header X-Content-Type-Options nosniff;
        }}
{upstream_location}
    }}
}}
"""

UPSTREAM_LOCATION = """\
        location / {{
            proxy_pass http://{host}:{upstream_port};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host:$server_port;
            proxy_set_header X-Forwarded-For $remote_addr;
        }}"""


def ensure_debian_packages(*commands, say=print):
    """Install the Debian packages of the missing ``commands`` (nginx, wrk)
    when running as root with apt-get; the names still missing."""
    missing = [name for name in commands if not find(name)]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"    installing {' '.join(missing)} (apt-get install -y)")
        subprocess.run(  # noqa: S603 (apt-get, package names of our own)
            ["apt-get", "install", "-y", "-q", *missing],  # noqa: S607
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        missing = [name for name in missing if not find(name)]
    return missing


def find(command):
    """The path of ``command``, also in /usr/sbin (not on every PATH)."""
    return shutil.which(command) or shutil.which(
        command, path="/usr/sbin:/usr/local/sbin"
    )


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def nginx(tmp, static_root, media_root, upstream_port=None, workers=None):
    """nginx serving ``static_root`` at /static/ and ``media_root`` at
    /media/ (and proxying the rest to ``upstream_port``); yields its port
    and stops it however the block ends."""
    binary = find("nginx")
    if binary is None:
        raise RuntimeError("nginx is not installed: apt-get install nginx")
    state = Path(tmp) / "nginx"
    state.mkdir(parents=True, exist_ok=True)
    port = free_port()
    upstream_location = (
        UPSTREAM_LOCATION.format(host=HOST, upstream_port=upstream_port)
        if upstream_port
        else ""
    )
    config = state / "nginx.conf"
    config.write_text(
        CONFIG.format(
            workers=workers or os.cpu_count() or 1,
            state=state,
            # As root, nginx's workers would run as "nobody", which cannot
            # read a private temporary directory; the server listens on
            # 127.0.0.1 only and lives as long as the run.
            user_line="user root;" if os.geteuid() == 0 else "",
            mime_types=MIME_TYPES,
            host=HOST,
            port=port,
            static_root=Path(static_root).resolve(),
            media_root=Path(media_root).resolve(),
            upstream_location=upstream_location,
        )
    )
    command = [
        binary,
        "-c",
        str(config),
        "-p",
        str(state),
        "-e",
        str(state / "error.log"),
    ]
    process = subprocess.Popen(  # noqa: S603 (Debian's nginx, our configuration)
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for_port(process, port, state / "error.log")
        yield port
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def wait_for_port(process, port, error_log, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = error_log.read_text() if error_log.exists() else ""
            raise RuntimeError(
                f"nginx exited with {process.returncode}: {process.stderr.read()}{log}"
            )
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nginx did not listen on {HOST}:{port} in {timeout:.0f} s")
