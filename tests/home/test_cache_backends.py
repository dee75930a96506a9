"""A Redis outage degrades the cache to misses instead of failing requests
(home/cache_backends.py): the site serves pages uncached, signed-in visitors
stay signed in, and what Redis held from before the outage is dropped when a
write was lost."""

import logging

import pytest
from django.core.cache import caches
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from home.cache_backends import ResilientRedisCache

from ..factories import StandardPageFactory, UserFactory

# A port nothing listens on: connections are refused at once.
UNREACHABLE_URL = "redis://127.0.0.1:9/0"


def unreachable_cache(**options):
    return ResilientRedisCache(
        UNREACHABLE_URL, {"KEY_PREFIX": "venue", "OPTIONS": options}
    )


class FakeRedis:
    """Stands in for Django's RedisCacheClient and the redis client under
    it: a dict, and a switch that makes every call fail as a stopped Redis
    does."""

    def __init__(self, data=None):
        self.data = dict(data or {})
        self.down = False
        self.calls = 0

    def _reach(self):
        self.calls += 1
        if self.down:
            raise RedisConnectionError("Connection refused.")

    def get(self, key, default):
        self._reach()
        return self.data.get(key, default)

    def set(self, key, value, timeout):
        self._reach()
        self.data[key] = value

    def add(self, key, value, timeout):
        self._reach()
        return self.data.setdefault(key, value) is value

    def delete(self, key):
        self._reach()
        return self.data.pop(key, None) is not None

    def get_client(self, key=None, *, write=False):
        self._reach()
        return self

    def scan_iter(self, match, count):
        prefix = match.rstrip("*")
        return [key for key in list(self.data) if key.startswith(prefix)]

    def unlink(self, *keys):
        for key in keys:
            del self.data[key]
        return len(keys)


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("home.cache_backends.time.monotonic", lambda: now[0])
    return now


@pytest.fixture
def faked():
    cache = unreachable_cache(RETRY_AFTER=3)
    fake = FakeRedis({"venue:1:page-cache:generation": 1, "rq:job:abc": "job"})
    cache.__dict__["_cache"] = fake
    return cache, fake


def test_an_unreachable_redis_is_a_miss_not_an_error():
    cache = unreachable_cache()
    assert cache.get("key") is None
    assert cache.get("key", "fallback") == "fallback"
    assert cache.set("key", "value") is None
    assert cache.add("key", "value") is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("key") is False
    assert cache.delete("key") is False
    assert cache.get_or_set("key", lambda: "made") == "made"
    with pytest.raises(ValueError):
        cache.incr("counter")


def test_after_a_failure_redis_is_left_alone_until_the_retry(faked, clock):
    cache, fake = faked
    fake.down = True
    assert cache.get("page-cache:generation") is None
    assert fake.calls == 1
    for _ in range(50):
        cache.get("page-cache:generation")
    assert fake.calls == 1
    clock[0] += 3.5
    fake.down = False
    assert cache.get("page-cache:generation") == 1
    assert fake.calls > 1


def test_keys_from_before_the_outage_are_dropped_when_a_write_was_lost(faked, clock):
    cache, fake = faked
    fake.down = True
    # A publish during the outage: the new generation never reaches Redis.
    cache.set("page-cache:generation", 2)
    fake.down = False
    clock[0] += 3.5
    # Redis still has generation 1: it must not be served again.
    assert cache.get("page-cache:generation") is None
    assert "rq:job:abc" in fake.data
    cache.set("page-cache:generation", 3)
    assert cache.get("page-cache:generation") == 3


def test_writes_skipped_while_waiting_for_the_retry_count_as_lost(faked, clock):
    cache, fake = faked
    fake.down = True
    cache.get("anything")
    fake.down = False
    # Redis is back, but this process has not tried yet: the delete of a
    # signed-out session is skipped...
    cache.delete("page-cache:generation")
    clock[0] += 3.5
    # ...so everything of the cache's is dropped at the next try.
    assert cache.get("page-cache:generation") is None


def test_an_outage_without_lost_writes_keeps_the_cache(faked, clock):
    cache, fake = faked
    fake.down = True
    cache.get("page-cache:generation")
    fake.down = False
    clock[0] += 3.5
    assert cache.get("page-cache:generation") == 1


def test_one_warning_when_redis_goes_and_one_when_it_is_back(faked, clock, caplog):
    cache, fake = faked
    fake.down = True
    with caplog.at_level(logging.WARNING, logger="home.cache_backends"):
        cache.get("a")
        clock[0] += 3.5
        cache.get("b")
        clock[0] += 3.5
        fake.down = False
        cache.get("c")
        cache.get("d")
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert messages[0].startswith("Redis cache unreachable")
    assert messages[1].startswith("Redis cache is back")


@pytest.fixture
def redis_down(settings):
    """The site's cache settings with REDIS_URL set, and Redis stopped."""
    settings.CACHES = {
        "default": {
            "BACKEND": "home.cache_backends.ResilientRedisCache",
            "LOCATION": UNREACHABLE_URL,
            "KEY_PREFIX": "venue",
            "OPTIONS": {"RETRY_AFTER": 3},
        },
        "renditions": settings.CACHES["renditions"],
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield
    caches["default"].close()


@pytest.mark.django_db
def test_with_redis_down_pages_are_served_uncached_and_sign_ins_hold(
    redis_down, home_page, venue
):
    StandardPageFactory(parent=home_page, title="Om huset", slug="om-huset")
    anonymous = Client()
    for _ in range(2):
        response = anonymous.get("/om-huset/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response or response["X-Page-Cache"] == "miss"
    member = Client()
    member.force_login(UserFactory())
    assert member.get("/konto/meg/").status_code == 200
    assert member.get("/om-huset/").status_code == 200
