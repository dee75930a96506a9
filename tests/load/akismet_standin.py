"""The Akismet stand-in of tests/comments/akismet_server.py run on its own
port for the load and fault runs, with the verdict ``--mode`` (ham by
default) and ``GET /_stand-in/state`` for the number of checks::

    python -m tests.load.akismet_standin --port 8192

The site reaches it through :class:`tests.load.akismet_client.StandInClient`
(the load settings, tests/load/settings.py)."""

import argparse
import json
import signal
import threading

from tests.comments.akismet_server import AkismetHandler, AkismetServer


class StandInHandler(AkismetHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path != "/_stand-in/state":
            self._answer(404, "not found")
            return
        paths = [path for path, _form in self.server.requests]
        body = json.dumps(
            {
                "mode": self.server.mode,
                "checks": sum(path.endswith("/comment-check") for path in paths),
                "requests": len(paths),
            }
        )
        self._answer(200, body, {"Content-Type": "application/json"})


class StandInServer(AkismetServer):
    def __init__(self, port, mode):
        # AkismetServer binds a free port; this one binds the given one.
        super().__init__(mode, port=port, handler_class=StandInHandler)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Akismet stand-in on 127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--mode", default="ham", choices=["ham", "spam", "discard", "error", "hang"]
    )
    args = parser.parse_args(argv)
    server = StandInServer(args.port, args.mode)
    signal.signal(
        signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start()
    )
    print(f"Akismet stand-in on 127.0.0.1:{args.port} ({args.mode})", flush=True)  # noqa: T201
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.release.set()
        server.server_close()


if __name__ == "__main__":
    main()
