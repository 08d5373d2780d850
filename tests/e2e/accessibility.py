"""axe-core and the sideways-scroll check, for every page a browser journey visits.

axe-core comes from npm (`npm ci`, package.json). The site's Content-Security-Policy allows no
inline script, so the library is evaluated through the browser's debugging protocol
(`page.evaluate`), which the page's CSP does not govern, instead of being added as a <script>.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

from tests.fixtures.environment import missing

AXE_FILE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA: the rules the issue asks for, nothing best-practice.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
NARROWEST = 320  # px: WCAG 1.4.10 reflow; no page may scroll sideways at this width
# Set PORTAL_AXE_REPORT=path to append one JSON line per page (violations counted, not failed):
# how the numbers before and after a change are measured.
REPORT = os.environ.get("PORTAL_AXE_REPORT", "")


@cache
def axe_source() -> str:
    if not AXE_FILE.exists():
        missing(f"axe-core not found at {AXE_FILE}: run `npm ci` (make install)")
    return AXE_FILE.read_text(encoding="utf-8")


def violations(page) -> list[dict]:
    """axe's WCAG A/AA violations on the page as it is now, each with its nodes' selectors."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        """tags => axe
          .run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
          .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                              nodes: v.nodes.map(n => n.target.join(' '))})))""",
        WCAG_TAGS,
    )
    return result


OVERFLOW_SCRIPT = """() => {
  const root = document.documentElement;
  const overflow = root.scrollWidth - root.clientWidth;
  const out = el => el.getBoundingClientRect().right > root.clientWidth + 0.5;
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim()
       ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const culprits = overflow <= 0 ? [] : [...document.querySelectorAll("body *")]
    .filter(el => out(el) && ![...el.children].some(out))
    .slice(0, 5)
    .map(name);
  return [overflow, culprits];
}"""


def sideways_overflow(page) -> tuple[int, list[str]]:
    """How many CSS pixels the page scrolls sideways at 320 px wide (0 when it reflows), and the
    innermost elements that stick out."""
    size = page.viewport_size
    page.set_viewport_size({"width": NARROWEST, "height": size["height"]})
    try:
        overflow, culprits = page.evaluate(OVERFLOW_SCRIPT)
        return overflow, culprits
    finally:
        page.set_viewport_size(size)


def check_page(page, label: str = "") -> None:
    """Zero axe violations of any impact and no sideways scrolling at 320 px, or a failure that
    names the page, the rule and the elements."""
    page.wait_for_load_state("load")
    # A live search dims the old results while the new ones load: check the settled page.
    page.wait_for_function("() => !document.querySelector('[aria-busy=\"true\"]')")
    found = violations(page)
    overflow, culprits = sideways_overflow(page)
    where = label or page.url
    if REPORT:
        with open(REPORT, "a", encoding="utf-8") as out:
            record = {
                "page": where,
                "path": page.url.split("//", 1)[-1].split("/", 1)[-1],
                "width": page.viewport_size["width"],
                "violations": sum(len(v["nodes"]) for v in found),
                "rules": sorted({v["id"] for v in found}),
                "overflow_320": overflow,
                "culprits": culprits,
            }
            out.write(json.dumps(record) + "\n")
        return
    problems = [
        f"{v['impact']} {v['id']} ({v['help']}): {', '.join(v['nodes'][:5])}" for v in found
    ]
    if overflow > 0:
        problems.append(
            f"scrolls sideways by {overflow}px at {NARROWEST}px wide: {', '.join(culprits)}"
        )
    assert not problems, f"{where}:\n  " + "\n  ".join(problems)
