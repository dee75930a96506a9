"""The site's own accessibility checks, as the statement page reports them.

The browser tests run axe-core on the pages they visit and each test run
writes what it saw to a file of its own (tests/e2e/axe_results.py): the
pages, and for each the rules that passed and those violated. ``merge_runs``
folds such files into one report (``manage.py record_accessibility_checks``
writes it to ``settings.ACCESSIBILITY_REPORT``), and ``current_report``
reads it for the page, again only when the file has changed.

A report::

    {"checked_at": "2026-12-05T17:00:00+00:00", "engine": "axe-core 4.10.2",
     "tags": ["wcag2a", ...],
     "pages": [{"path": "/", "passes": ["color-contrast", ...],
                "violations": [{"id": "...", "help": "...", "impact": "..."}]}]}
"""

import json
from datetime import datetime
from pathlib import Path

from django.conf import settings

_cache = {}


def merge_runs(runs):
    """One report from the results of several runs (newest last): a page
    checked in more than one run keeps its newest result; the report is
    dated by its newest run."""
    pages = {}
    checked_at = engine = None
    tags = set()
    for run in runs:
        checked_at = max(filter(None, [checked_at, run.get("checked_at")]))
        engine = run.get("engine") or engine
        tags.update(run.get("tags", []))
        for page in run.get("pages", []):
            # Within a run, a page checked twice (two states of it) adds up;
            # a newer run's result replaces an older run's.
            if pages.get(page["path"], {}).get("run") is not run:
                pages[page["path"]] = {
                    "path": page["path"],
                    "run": run,
                    "passes": set(),
                    "violations": {},
                }
            known = pages[page["path"]]
            known["passes"].update(page.get("passes", []))
            for violation in page.get("violations", []):
                known["violations"][violation["id"]] = violation
    return {
        "checked_at": checked_at,
        "engine": engine,
        "tags": sorted(tags),
        "pages": [
            {
                "path": page["path"],
                "passes": sorted(page["passes"] - set(page["violations"])),
                "violations": sorted(
                    page["violations"].values(), key=lambda v: v["id"]
                ),
            }
            for page in sorted(pages.values(), key=lambda p: p["path"])
        ],
    }


def read_runs(folder):
    """The run files in ``folder`` (``axe-*.json``), oldest first."""
    runs = []
    for path in sorted(Path(folder).glob("axe-*.json")):
        runs.append(json.loads(path.read_text(encoding="utf-8")))
    return sorted(runs, key=lambda run: run.get("checked_at") or "")


def write_report(report, path=None):
    path = Path(path or settings.ACCESSIBILITY_REPORT)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(report, indent=1), encoding="utf-8")
    temporary.replace(path)


def summary(report):
    """What the statement shows: the date, the number of pages, the rules
    checked, and the violations with the pages where each was found."""
    if not report or not report.get("pages"):
        return None
    rules = set()
    violations = {}
    for page in report["pages"]:
        rules.update(page["passes"])
        for violation in page["violations"]:
            rules.add(violation["id"])
            entry = violations.setdefault(violation["id"], {**violation, "pages": []})
            entry["pages"].append(page["path"])
    return {
        "checked_at": datetime.fromisoformat(report["checked_at"]),
        "engine": report.get("engine") or "axe-core",
        "tags": report.get("tags", []),
        "pages": [page["path"] for page in report["pages"]],
        "rule_count": len(rules),
        "passed_count": len(rules - set(violations)),
        "violations": sorted(violations.values(), key=lambda v: v["id"]),
    }


def current_report():
    """The summary of the report file, read again only when it changes;
    None when there is none (the statement then says no check is recorded)."""
    path = Path(settings.ACCESSIBILITY_REPORT)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    key = (str(path), stamp)
    if key not in _cache:
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
            result = summary(report)
        except (OSError, ValueError, KeyError, TypeError):
            result = None
        _cache.clear()
        _cache[key] = result
    return _cache[key]
