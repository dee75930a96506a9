"""What axe-core found on each page the browser tests checked, kept for the
accessibility statement (home/accessibility.py).

Every check runs ``AXE_RUN``, which hands its results to
``window.recordAxeResults`` when the tab has it: the ``page`` fixture
exposes it, bound to one ``Recorder`` per test session. At the end of the
session the recorder writes ``axe-<time>-<pid>-<worker>.json`` into
``AXE_RESULTS_DIR`` (nothing is written when that is not set), so runs in
parallel never share a file; ``manage.py record_accessibility_checks DIR``
merges them into the report the statement shows. ``make test`` does both."""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Runs axe-core on the page, records the outcome (when the tab can) and
# returns axe's results as they are.
AXE_RUN = """async tags => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    if (window.recordAxeResults) {
        await window.recordAxeResults({
            path: location.pathname,
            engine: `${results.testEngine.name} ${results.testEngine.version}`,
            passes: results.passes.map(rule => rule.id),
            violations: results.violations.map(
                rule => ({id: rule.id, help: rule.help, impact: rule.impact})
            ),
        });
    }
    return results;
}"""


class Recorder:
    def __init__(self, folder):
        self.folder = Path(folder) if folder else None
        self.pages = []
        self.engine = None

    def add(self, result):
        self.engine = result.get("engine") or self.engine
        self.pages.append(
            {
                "path": result["path"],
                "passes": sorted(set(result["passes"])),
                "violations": result["violations"],
            }
        )

    def write(self):
        if self.folder is None or not self.pages:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        now = datetime.now(UTC)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        path = self.folder / (f"axe-{now:%Y%m%dT%H%M%S}-{os.getpid()}-{worker}.json")
        run = {
            "checked_at": now.isoformat(timespec="seconds"),
            "engine": self.engine,
            "tags": WCAG_TAGS,
            "pages": self.pages,
        }
        path.write_text(json.dumps(run, indent=1), encoding="utf-8")
        return path
