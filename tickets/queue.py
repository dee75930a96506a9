"""The queue in front of a buy page when a popular show goes on sale.

Every buyer who opens a performance's buy page takes a number (one Redis
call); the shop lets numbers in at ``TICKETS_QUEUE_RATE`` a second, after a
first ``TICKETS_QUEUE_BURST`` at once, so it is never asked for more than it
can answer in time. A buyer whose number is not in yet gets a small page
("many are buying right now, your place in the queue: N") that updates
itself from a status every buyer shares (cached by nginx for a second), and
goes on to the buy form when their turn comes. Numbers are let in in the
order they were taken, so buyers are served in the order they came.

It is a token bucket written as numbers: ``admitted`` (a float) grows by
the rate with time, but never past the last number taken plus the burst, so
quiet times bank at most a burst and a buyer who comes alone never waits.

The state is one Redis hash per performance, changed atomically by a Lua
script, so every gunicorn instance sees one queue. Without Redis there is
no queue (``TICKETS_QUEUE_BACKEND=off``), except the in-process store
``local`` for tests and a single development server. When Redis fails, the
gate lets buyers through: the seat counters' row lock is what prevents
overselling; the queue only keeps answers fast."""

import dataclasses
import functools
import logging
import math
import secrets
import threading
import time

from django.conf import settings

from .conf import conf

logger = logging.getLogger(__name__)

COOKIE_SALT = "tickets.queue"

# KEYS[1]: the gate's hash. ARGV: now (ms), rate (numbers a second), burst,
# take (1: take a number), ttl (seconds), a fresh id for a new gate.
# Returns {id, last number taken, admitted (as a string), number taken or 0}.
GATE_SCRIPT = """
local key = KEYS[1]
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local state = redis.call('HMGET', key, 'id', 'next', 'admitted', 'stamp')
local id = state[1]
local last, admitted, stamp
if id then
    last = tonumber(state[2])
    admitted = tonumber(state[3])
    stamp = tonumber(state[4])
else
    id = ARGV[6]
    last = 0
    admitted = burst
    stamp = now
end
admitted = math.min(admitted + rate * math.max(0, now - stamp) / 1000, last + burst)
stamp = math.max(stamp, now)
local number = 0
if ARGV[4] == '1' then
    last = last + 1
    number = last
end
redis.call('HSET', key, 'id', id, 'next', last,
    'admitted', tostring(admitted), 'stamp', stamp)
redis.call('EXPIRE', key, tonumber(ARGV[5]))
return {id, last, tostring(admitted), number}
"""


@dataclasses.dataclass(frozen=True)
class Place:
    """A buyer's place at a performance's gate: the gate's ``id`` (a new
    gate, after Redis lost its state, gives new numbers), the buyer's
    ``number`` (0: none taken) and ``admitted``, the highest number let in."""

    gate: str
    number: int
    admitted: int

    @property
    def is_admitted(self) -> bool:
        return 0 < self.number <= self.admitted

    @property
    def position(self) -> int:
        """1 for the next buyer to be let in."""
        return max(0, self.number - self.admitted)

    def wait_seconds(self, rate) -> int:
        return math.ceil(self.position / rate) if rate > 0 else 0


class RedisStore:
    """The gates in Redis (shared by every process)."""

    def __init__(self, url):
        import redis

        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=0.5, socket_timeout=0.5
        )
        self.script = self.client.register_script(GATE_SCRIPT)

    def step(self, key, *, now, rate, burst, take, ttl):
        gate, last, admitted, number = self.script(
            keys=[key],
            args=[
                int(now * 1000),
                rate,
                burst,
                1 if take else 0,
                ttl,
                secrets.token_hex(4),
            ],
        )
        return gate.decode(), int(last), float(admitted), int(number)


class LocalStore:
    """The same gates in this process: for tests and a single development
    server, where every request reaches one process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.gates = {}

    def step(self, key, *, now, rate, burst, take, ttl):
        with self.lock:
            state = self.gates.get(key)
            if state is None or state["expires"] < now:
                state = {
                    "id": secrets.token_hex(4),
                    "last": 0,
                    "admitted": float(burst),
                    "stamp": now,
                }
            admitted = min(
                state["admitted"] + rate * max(0.0, now - state["stamp"]),
                state["last"] + burst,
            )
            number = 0
            if take:
                state["last"] += 1
                number = state["last"]
            state.update(admitted=admitted, stamp=max(state["stamp"], now))
            state["expires"] = now + ttl
            self.gates[key] = state
            return state["id"], state["last"], admitted, number


@functools.cache
def _store(backend, url):
    if backend == "redis":
        return RedisStore(url)
    if backend == "local":
        return LocalStore()
    return None


def store():
    """The gates' store, or None when the queue is off."""
    return _store(conf.QUEUE_BACKEND, conf.QUEUE_REDIS_URL)


def clock() -> float:
    """Now, in seconds (tests move it)."""
    return time.time()


def _key(performance_id) -> str:
    return f"venue:tickets:queue:{performance_id}"


def _step(performance_id, *, take):
    gates = store()
    if gates is None:
        return None
    try:
        return gates.step(
            _key(performance_id),
            now=clock(),
            rate=conf.QUEUE_RATE,
            burst=conf.QUEUE_BURST,
            take=take,
            ttl=conf.QUEUE_TTL_SECONDS,
        )
    except Exception:  # noqa: BLE001 (any Redis failure: the gate opens)
        logger.warning("The ticket queue is unreachable; buyers go straight in.")
        return None


def cookie_name(performance_id) -> str:
    return f"billettko{performance_id}"


def _own_number(request, performance_id):
    """(gate id, number) from the buyer's signed cookie, or None."""
    value = request.get_signed_cookie(
        cookie_name(performance_id),
        default=None,
        salt=COOKIE_SALT,
        max_age=conf.QUEUE_TTL_SECONDS,
    )
    try:
        gate, number = value.split(":")
        return gate, int(number)
    except (AttributeError, ValueError):
        return None


def place_for(request, performance_id, *, take=True) -> Place | None:
    """The buyer's place at the performance's gate, taking a number when
    they have none from this gate (``take``); None when the queue is off
    or unreachable (the buyer goes straight in)."""
    own = _own_number(request, performance_id)
    step = _step(performance_id, take=False)
    if step is None:
        return None
    gate, _last, admitted, _number = step
    if own is not None and own[0] == gate:
        return Place(gate=gate, number=own[1], admitted=math.floor(admitted))
    if not take:
        return Place(gate=gate, number=0, admitted=math.floor(admitted))
    step = _step(performance_id, take=True)
    if step is None:
        return None
    gate, _last, admitted, number = step
    return Place(gate=gate, number=number, admitted=math.floor(admitted))


def admitted_through(performance_id) -> int | None:
    """The highest number let in now (for the waiting page's script), or
    None when the queue is off."""
    step = _step(performance_id, take=False)
    return None if step is None else math.floor(step[2])


def remember(response, performance_id, place) -> None:
    """Keep the buyer's number in a signed cookie for this performance."""
    response.set_signed_cookie(
        cookie_name(performance_id),
        f"{place.gate}:{place.number}",
        salt=COOKIE_SALT,
        max_age=conf.QUEUE_TTL_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def forget(response, performance_id) -> None:
    """The buyer's turn is used (seats held): a next purchase queues again."""
    response.delete_cookie(cookie_name(performance_id), samesite="Lax")
