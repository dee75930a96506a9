"""Browser tests: Playwright drives Debian's Chromium against a live server
that serves the demo content from the test database.

Every test here is marked ``e2e``: ``make test`` deselects them with
``-m "not e2e"`` when Chromium is missing, ``make test-e2e`` runs them alone.
Without /usr/bin/chromium the browser fixture skips them; without axe-core
(AXE_CORE_PATH, or var/node as ``make test`` installs it) the accessibility
checks skip."""

import contextlib
import os
from pathlib import Path

import pytest
from django.conf import settings
from pytest_django.live_server_helper import LiveServer

from ..migrated_data import restore_migrated_data
from .axe_results import Recorder
from .gate import RequestGate

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# `make test` installs axe-core here and exports AXE_CORE_PATH.
AXE_CORE_DEFAULT = Path(settings.BASE_DIR) / "var/node/node_modules/axe-core/axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
E2E_DIR = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder ``e2e``, before ``-m`` selects."""
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_server(django_db_setup):
    """pytest-django's live server, on 127.0.0.1 only (the one address
    servers in tests may use) and a free port. Started after the test
    database exists: on in-memory SQLite it shares this thread's
    connection. It answers only while a test's ``live_site`` is up
    (``gate``, tests/e2e/gate.py)."""
    gate = RequestGate()
    server = LiveServer("127.0.0.1:0", start=False)
    server.thread.static_handler = gate.static_handler
    server.gate = gate
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium_executable():
    """Debian's Chromium; the browser tests skip without it (before the
    test database is built, so a run of this folder alone skips at once)."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"Browser tests need Debian's Chromium at {CHROMIUM} "
            "(apt-get install chromium)."
        )
    return str(CHROMIUM)


@contextlib.contextmanager
def launched_chromium(executable):
    """Debian's Chromium under Playwright, for as long as the block runs.

    While Playwright runs, its event loop counts as running in this thread,
    which changes how Django treats the thread (below), and the environment
    variable would reach later tests' subprocesses (``check --deploy``
    rejects it): so fixtures keep it to a folder or a module, never the
    session."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django takes calls made while a loop runs for calls from async code:
    # it refuses database calls, and keeps connections per async context
    # instead of per thread. Allow the calls, and hand the new context the
    # connections this thread already has (the test database with its
    # serialized contents; on SQLite the one the live server shares).
    kept = {alias: connections[alias] for alias in connections}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, connection in kept.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(chromium_executable, django_db_setup):
    """One Chromium for the tests in this folder, Debian's, never a
    downloaded one (scoped to the folder: see ``launched_chromium``)."""
    with launched_chromium(chromium_executable) as chromium:
        yield chromium


@pytest.fixture(scope="package")
def migrated_data_restored(django_db_setup, django_db_blocker):
    """After the last browser test, put back what the migrations created.

    Each test here starts from it (serialized rollback) and ends with the
    tables emptied; without this, tests that run after this folder would
    find no site, no pages and no content types."""
    yield
    with django_db_blocker.unblock():
        restore_migrated_data()


@pytest.fixture(scope="session")
def demo_snapshot(seeded_demo):
    """The demo content, seeded once per test process (``seeded_demo``,
    tests/conftest.py) and kept as a copy of every table."""
    return seeded_demo.snapshot


@pytest.fixture
def live_site(
    live_server, migrated_data_restored, transactional_db, django_db_serialized_rollback
):
    """The live server over committed tables.

    The live server reads the database from its own thread, so a test's
    data must be committed (``transactional_db``). The tables are emptied
    after the test, and the serialized rollback puts back what the
    migrations created (site, root and home page) for the next one. The
    fixture that puts the test's data in place opens the live server's gate;
    it closes here, before the tables are emptied, once the requests in
    flight are answered."""
    yield live_server
    live_server.gate.close()


@pytest.fixture
def demo_site(browser, live_site, demo_snapshot):
    """The live server's address, serving the demo content: every table as
    it was right after ``seed_demo`` (seeded once, ``demo_snapshot``)."""
    demo_snapshot.restore()
    live_site.gate.open()
    return live_site.url


@pytest.fixture
def bare_site(browser, live_site):
    """The live server's address with only what the migrations create (the
    site and its home page): for tests that need no events, quicker than
    ``demo_site``."""
    live_site.gate.open()
    return live_site.url


@pytest.fixture(scope="session")
def axe_recorder():
    """Keeps what every accessibility check found, written at the end of
    the session for the accessibility statement (axe_results.py)."""
    recorder = Recorder(os.environ.get("AXE_RESULTS_DIR"))
    yield recorder
    recorder.write()


@pytest.fixture
def page(browser, axe_recorder):
    """A fresh browser tab with its own cookies, desktop-sized, asking for
    Norwegian as a Norwegian visitor's browser would; its accessibility
    checks are recorded."""
    context = browser.new_context(
        viewport=DESKTOP, locale="nb-NO", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    context.expose_function("recordAxeResults", axe_recorder.add)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    """The text of axe.min.js, from AXE_CORE_PATH or var/node."""
    path = Path(os.environ.get("AXE_CORE_PATH") or AXE_CORE_DEFAULT)
    if not path.is_file():
        pytest.skip(
            f"Accessibility checks need axe-core at {path}: run `make test`, or "
            "`npm install --prefix var/node axe-core@4`."
        )
    return path.read_text(encoding="utf-8")
