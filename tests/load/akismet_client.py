"""The site's Akismet client in the load and fault runs: the real
``akismet.SyncClient``, with every request it would send to Akismet's API
sent to the stand-in at ``AKISMET_STANDIN_URL`` instead (the library has no
setting for its base address). Everything else, timeouts and error
handling included, is the library's and the comments app's own."""

import os

import akismet
import httpx

AKISMET_API = "https://rest.akismet.com"


class _Redirecting:
    """Wraps the ``httpx.Client`` the comments app made (its timeout and
    user agent) and sends Akismet's addresses to the stand-in."""

    def __init__(self, client, base):
        self._client = client
        self._base = base.rstrip("/")

    def _url(self, url):
        url = str(url)
        return (
            self._base + url[len(AKISMET_API) :] if url.startswith(AKISMET_API) else url
        )

    def get(self, url, *args, **kwargs):
        return self._client.get(self._url(url), *args, **kwargs)

    def post(self, url, *args, **kwargs):
        return self._client.post(self._url(url), *args, **kwargs)

    def close(self):
        self._client.close()

    def __getattr__(self, name):
        return getattr(self._client, name)


class StandInClient(akismet.SyncClient):
    def __init__(self, config=None, http_client=None):
        base = os.environ.get("AKISMET_STANDIN_URL", "")
        if not base:
            raise RuntimeError("AKISMET_STANDIN_URL is not set.")
        http_client = http_client or httpx.Client(timeout=3.0)
        super().__init__(config=config, http_client=_Redirecting(http_client, base))
