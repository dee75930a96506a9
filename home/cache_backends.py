"""A Redis cache that an outage of Redis degrades instead of breaking.

Django's RedisCache raises when Redis cannot be reached, and every page view
reads the cache (the page-cache generation, the session), so a stopped Redis
would answer every request with a 500. With :class:`ResilientRedisCache` a
read misses, a write is skipped, and the site serves pages uncached; signed-in
visitors stay signed in because sessions are ``cached_db`` (the database has
them). One warning is logged when Redis goes and one when it is back.

After a failure Redis is left alone for ``RETRY_AFTER`` seconds (OPTIONS,
default 3), so that requests do not each wait for it; connections time out
after half a second unless OPTIONS say otherwise.

When Redis answers again, this process deletes every key of the cache's
``KEY_PREFIX`` if it lost a write in the meantime: Redis may still hold a
value that the lost write would have replaced or deleted (the page-cache
generation of before a publish, the session of a visitor who signed out).
A cold cache for a moment is the price; the task queue lives under its own
keys (``rq:``) and is not touched."""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
DEFAULT_SOCKET_TIMEOUT = 0.5
SCAN_BATCH = 500


class _KeyMissing:
    """Stands for "raise ValueError", what ``incr`` does for a missing key."""


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, degrading to a miss while Redis is unreachable;
    see the module docstring."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("RETRY_AFTER", 3))
        options.setdefault("socket_connect_timeout", DEFAULT_SOCKET_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_SOCKET_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})
        self._lock = threading.Lock()
        self._down = False
        self._down_until = 0.0
        self._writes_lost = False

    # The guard around every operation ------------------------------------

    def _call(self, operation, fallback, *, write):
        if self._down and time.monotonic() < self._down_until:
            if write:
                self._writes_lost = True
            return self._fallback(fallback)
        dropped = 0
        try:
            if self._down and self._writes_lost:
                dropped = self._delete_own_keys()
            result = operation()
        except UNREACHABLE as error:
            self._went_down(error, write)
            return self._fallback(fallback)
        except RedisError as error:
            # An answer, but an error (a full or read-only Redis): a miss,
            # without waiting for the next retry.
            logger.error("Redis cache error, served as a miss: %s", error)
            if write:
                self._writes_lost = True
            return self._fallback(fallback)
        if self._down:
            self._recovered(dropped)
        return result

    @staticmethod
    def _fallback(fallback):
        if fallback is _KeyMissing:
            raise ValueError("Key not found (the Redis cache is unreachable).")
        return fallback

    def _went_down(self, error, write):
        with self._lock:
            if not self._down:
                logger.warning(
                    "Redis cache unreachable (%s): serving without it, "
                    "trying again every %.0f s",
                    error,
                    self.retry_after,
                )
            self._down = True
            self._down_until = time.monotonic() + self.retry_after
            if write:
                self._writes_lost = True

    def _recovered(self, dropped):
        with self._lock:
            self._down = False
            self._writes_lost = False
        logger.warning(
            "Redis cache is back; %d key(s) from before the outage dropped", dropped
        )

    def _delete_own_keys(self):
        if not self.key_prefix:
            # Without a prefix its keys cannot be told from the task queue's.
            logger.error("Redis cache without KEY_PREFIX: stale keys kept")
            return 0
        client = self._cache.get_client(write=True)
        dropped = 0
        batch = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=SCAN_BATCH):
            batch.append(key)
            if len(batch) >= SCAN_BATCH:
                dropped += client.unlink(*batch)
                batch = []
        if batch:
            dropped += client.unlink(*batch)
        return dropped

    # Django's cache API ----------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            False,
            write=True,
        )

    def get(self, key, default=None, version=None):
        return self._call(
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            default,
            write=False,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            None,
            write=True,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            False,
            write=True,
        )

    def delete(self, key, version=None):
        return self._call(
            lambda: super(ResilientRedisCache, self).delete(key, version),
            False,
            write=True,
        )

    def get_many(self, keys, version=None):
        return self._call(
            lambda: super(ResilientRedisCache, self).get_many(keys, version),
            {},
            write=False,
        )

    def has_key(self, key, version=None):
        return self._call(
            lambda: super(ResilientRedisCache, self).has_key(key, version),
            False,
            write=False,
        )

    def incr(self, key, delta=1, version=None):
        return self._call(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version),
            _KeyMissing,
            write=True,
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            list(data),
            write=True,
        )

    def delete_many(self, keys, version=None):
        return self._call(
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            None,
            write=True,
        )

    def clear(self):
        return self._call(
            lambda: super(ResilientRedisCache, self).clear(), False, write=True
        )
