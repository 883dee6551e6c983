"""axe-core, the engine of the browsers' accessibility checkers, run in a Playwright page.

The engine is vendored (tests/browser/vendor/axe-core, from the npm registry), so the tests need
no network for it; it is injected into the page as a script and asked for every rule's
violations, of every impact (minor to critical).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"

# axe's default rules (every WCAG A and AA rule and its best practices, as the browsers'
# checkers run them), every impact.
_RUN_JS = """
async (context) => {
  const result = await window.axe.run(context || document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                summary: n.failureSummary})),
  }));
}
"""


_LOAD_JS = "() => { AXE_SOURCE\n; return Boolean(window.axe); }"


def axe_violations(page: Page, context: str | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (or in the element `context` selects):
    each {id, impact, help, nodes: [{target, html, summary}]}."""
    if not page.evaluate("() => Boolean(window.axe)"):
        # Evaluated by the driver, not as a <script>: the page's security policy allows no
        # inline script (web/security.py), and the test must not weaken it.
        page.evaluate(_LOAD_JS.replace("AXE_SOURCE", AXE_SCRIPT.read_text(encoding="utf-8")))
    return page.evaluate(_RUN_JS, context)


def describe(violations: list[dict[str, Any]]) -> str:
    """The violations, one line a node, for an assertion's message."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}): {v['help']}")
        lines.extend(f"    {n['target']}: {n['html']}" for n in v["nodes"][:12])
    return "\n".join(lines)
