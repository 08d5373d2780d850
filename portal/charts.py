"""Charts drawn on the server as SVG with pygal, put inline in the page next to a table of the
same numbers, so they read without JavaScript and pass the Content-Security-Policy.

pygal writes a <style> and a <script> into every SVG and a style="" on its tooltip; the CSP
forbids all three. Its `xml_filters` hook strips them (with the tooltip machinery and the ids
that would repeat when a page shows two charts) and the colours and type come from site.css
(`.chart`). The SVG is role="img" named by its caption; the table carries the numbers for
screen readers and for anyone who prefers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.etree.ElementTree import Element

import pygal
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

WIDTH, HEIGHT = 560, 340
FONT_SIZE = 16  # the same number is in site.css: pygal lays text out by it
_DROPPED_TAGS = {"style", "script", "desc"}


def _tag(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _csp_safe(root: Element) -> Element:
    """pygal's `xml_filters` hook: no scripts, styles, style attributes, tooltips or ids."""
    for parent in list(root.iter()):
        for child in list(parent):
            if _tag(child) in _DROPPED_TAGS or not isinstance(child.tag, str):
                parent.remove(child)  # comments have a function as their tag
            elif "tooltip-overlay" in child.get("class", ""):
                parent.remove(child)
    for element in root.iter():
        for attribute in ("id", "style"):
            element.attrib.pop(attribute, None)
    return root


@dataclass
class Series:
    """Numbers per week (`weeks` are the Mondays) for several named lines; the services count
    them (`portal.services.activity`)."""

    weeks: list[date]
    values: dict[str, list[int]]

    @property
    def empty(self) -> bool:
        return not any(any(v) for v in self.values.values())


@dataclass
class Chart:
    caption: str
    svg: Markup
    columns: list[str]
    rows: list[tuple[str, list[int]]]
    row_heading: str = ""  # the table's first column; "Week of" when empty


def week_label(monday: date) -> str:
    return format_date(monday, "d MMM")


def _style() -> pygal.style.Style:
    return pygal.style.Style(
        font_family="inherit",
        label_font_size=FONT_SIZE,
        major_label_font_size=FONT_SIZE,
        legend_font_size=FONT_SIZE,
        value_font_size=FONT_SIZE,
        title_font_size=FONT_SIZE,
    )


def weekly_chart(
    caption: str, series: Series, names: dict[str, str], *, stacked: bool = False
) -> Chart:
    """A bar chart of `series` by week (grouped, or stacked for parts of one whole), with the
    table of its numbers: one row per week, one column per line of `names` (key → label)."""
    kind = pygal.StackedBar if stacked else pygal.Bar
    chart = kind(
        width=WIDTH,
        height=HEIGHT,
        style=_style(),
        js=[],
        css=[],
        no_prefix=True,
        disable_xml_declaration=True,
        legend_at_bottom=True,
        # Long names one to a line, short ones (the stages) three to a line.
        legend_at_bottom_columns=1 if max(map(len, names.values())) > 20 else 3,
        show_minor_x_labels=False,
        x_labels_major_every=2,
        truncate_legend=-1,
        truncate_label=-1,
        print_values=False,
        classes=["chart-svg"],
        # Whole numbers on the axis: people, not fractions of people.
        y_labels=_whole_steps(_highest(series, names, stacked)),
        value_formatter=lambda v: f"{v:.0f}",
    )
    chart.add_xml_filter(_csp_safe)
    chart.add_xml_filter(lambda root: _named(root, caption))
    labels = [week_label(monday) for monday in series.weeks]
    chart.x_labels = labels
    for key, name in names.items():
        chart.add(name, series.values[key])
    svg = chart.render(is_unicode=True)
    rows = [(label, [series.values[key][i] for key in names]) for i, label in enumerate(labels)]
    # pygal built the SVG with ElementTree, which escapes every label and name.
    return Chart(caption, Markup(svg), list(names.values()), rows)  # noqa: S704


def funnel_chart(caption: str, stages: list[tuple[str, int]], value_name: str) -> Chart:
    """One horizontal bar per stage, the first at the top (invited … hired), with its table."""
    chart = pygal.HorizontalBar(
        width=WIDTH,
        height=HEIGHT,
        style=_style(),
        js=[],
        css=[],
        no_prefix=True,
        disable_xml_declaration=True,
        show_legend=False,
        truncate_label=-1,
        print_values=False,
        classes=["chart-svg"],
        y_labels=_whole_steps(max((count for _label, count in stages), default=0)),
        value_formatter=lambda v: f"{v:.0f}",
    )
    chart.add_xml_filter(_csp_safe)
    chart.add_xml_filter(lambda root: _named(root, caption))
    # pygal draws the first category at the bottom: give it the stages last to first.
    chart.x_labels = [label for label, _count in reversed(stages)]
    chart.add(value_name, [count for _label, count in reversed(stages)])
    svg = chart.render(is_unicode=True)
    rows = [(label, [count]) for label, count in stages]
    return Chart(caption, Markup(svg), [value_name], rows, row_heading=_("Stage"))  # noqa: S704


def _highest(series: Series, names: dict[str, str], stacked: bool) -> int:
    columns = list(zip(*(series.values[key] for key in names), strict=True))
    return max((sum(c) if stacked else max(c)) for c in columns) if columns else 0


def _whole_steps(highest: int, most: int = 6) -> list[int]:
    """0 … `highest` or a little above, in steps of 1, 2, 5, 10, 20, 50…: at most `most` + 1
    labels."""
    step = 1
    while step * most < highest:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    return list(range(0, max(highest, 1) + step, step))


def _named(root: Element, caption: str) -> Element:
    """An image to assistive technology, named like its table; the numbers are in the table."""
    root.set("role", "img")
    root.set("aria-label", caption)
    for title in [c for c in root if _tag(c) == "title"]:
        title.text = caption
    return root


def seeker_activity_chart(series: Series) -> Chart:
    return weekly_chart(
        _("Your profile and applications, week by week"),
        series,
        {
            "views": _("Employers who opened your profile"),
            "applications": _("Applications you sent"),
        },
    )


def pipeline_chart(series: Series, stage_names: dict[str, str]) -> Chart:
    """Applicants by stage, stacked; `stage_names` names each of the series' stages."""
    return weekly_chart(
        _("Applicants at each stage at the end of each week"), series, stage_names, stacked=True
    )
