"""Charts as inline SVG: accessible names, no inline style, escaping, layout in both directions,
localised numbers, missing and hidden figures; then properties over random figures."""

from __future__ import annotations

import copy
import itertools
import math
import pickle
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pontes.profiles import charts
from pontes.profiles.charts import (
    SUPPRESSED,
    Bar,
    PairedRow,
    Series,
    Suppressed,
    bar_chart,
    format_number,
    line_chart,
    paired_bars,
)

SVG = "{http://www.w3.org/2000/svg}"
CSS = Path(charts.__file__).parent / "static" / "profiles" / "charts.css"
YEARS = [str(year) for year in range(2019, 2025)]
TREND = [1200, 1250, 1300, 1350, 1400, 1450]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if name in classes(element)]


def texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}text"))


def text_of(root: ET.Element) -> list[str]:
    return [element.text or "" for element in texts(root)]


def desc(root: ET.Element) -> str:
    element = root.find(f"{SVG}desc")
    assert element is not None
    return element.text or ""


def viewbox(root: ET.Element) -> tuple[float, float]:
    x, y, width, height = (float(part) for part in root.get("viewBox", "").split())
    assert (x, y) == (0, 0)
    return width, height


def numbers(attribute: str) -> list[float]:
    return [float(part) for part in re.split(r"[ ,]+", attribute.strip()) if part]


def corners(element: ET.Element) -> list[tuple[float, float]]:
    """The points an element covers, from its geometry attributes."""
    tag = element.tag.removeprefix(SVG)
    get = lambda name: float(element.get(name, "0"))  # noqa: E731
    if tag == "circle":
        r = get("r")
        return [(get("cx") - r, get("cy") - r), (get("cx") + r, get("cy") + r)]
    if tag == "rect":
        return [(get("x"), get("y")), (get("x") + get("width"), get("y") + get("height"))]
    if tag in ("polygon", "polyline"):
        flat = numbers(element.get("points", ""))
        return list(zip(flat[::2], flat[1::2], strict=True))
    if tag == "line":
        return [(get("x1"), get("y1")), (get("x2"), get("y2"))]
    if tag == "text":
        return [(get("x"), get("y"))]
    raise AssertionError(tag)


def centre(element: ET.Element) -> tuple[float, float]:
    points = corners(element)
    return (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))


def inside(root: ET.Element, element: ET.Element) -> bool:
    width, height = viewbox(root)
    return all(0 <= x <= width and 0 <= y <= height for x, y in corners(element))


def trend(rtl: bool = False, **kwargs: object) -> ET.Element:
    options: dict[str, object] = {"title": "Foreign-born residents", "description": "Trend."}
    options.update(kwargs)
    return parse(line_chart([("Town A", list(zip(YEARS, TREND, strict=True)))], rtl=rtl, **options))  # type: ignore[arg-type]


def peers(rtl: bool = False, **kwargs: object) -> ET.Element:
    items = [("Town A", 1450), ("Town B", 980), ("Village C", SUPPRESSED), ("Village D", None)]
    options: dict[str, object] = {"title": "Peers", "description": "Peers.", "highlight": "Town A"}
    options.update(kwargs)
    return parse(bar_chart(items, rtl=rtl, **options))  # type: ignore[arg-type]


def by_sex(rtl: bool = False, **kwargs: object) -> ET.Element:
    rows = [("2023", 520, 610), ("2024", SUPPRESSED, 640), ("2025", None, 700)]
    options: dict[str, object] = {
        "title": "By sex",
        "description": "Women and men.",
        "left_label": "Women",
        "right_label": "Men",
    }
    options.update(kwargs)
    return parse(paired_bars(rows, rtl=rtl, **options))  # type: ignore[arg-type]


ALL_CHARTS: dict[str, Callable[[], SafeString]] = {
    "line": lambda: line_chart(
        [Series("Town A", [("2019", 1), ("2020", None), ("2021", SUPPRESSED), ("2022", -4)]), ("Region", [])],
        title="T",
        description="D",
        unit_label="persons",
    ),
    "line-rtl": lambda: line_chart(
        [("مدينة", [("2019", 1), ("2020", 2)])], title="T", description="D", rtl=True
    ),
    "line-empty": lambda: line_chart([], title="T", description="D"),
    "line-all-none": lambda: line_chart([("A", [("2019", None)])], title="T", description="D"),
    "bar": lambda: bar_chart(
        [Bar("A", 3), ("B", SUPPRESSED), ("C", None), ("D", -2)], title="T", description="D", highlight="A"
    ),
    "bar-rtl": lambda: bar_chart([("A", 3), ("B", SUPPRESSED)], title="T", description="D", rtl=True),
    "bar-empty": lambda: bar_chart([], title="T", description="D"),
    "paired": lambda: paired_bars(
        [PairedRow("0-14", 3, SUPPRESSED), ("15-64", None, 4)],
        title="T",
        description="D",
        left_label="Women",
        right_label="Men",
        unit_label="persons",
    ),
    "paired-rtl": lambda: paired_bars(
        [("0-14", 3, 4)], title="T", description="D", left_label="W", right_label="M", rtl=True
    ),
    "paired-empty": lambda: paired_bars([], title="T", description="D", left_label="W", right_label="M"),
}


# --- Accessibility and Content-Security-Policy -------------------------------------------------


@pytest.mark.parametrize("make", ALL_CHARTS.values(), ids=ALL_CHARTS.keys())
def test_every_chart_is_an_image_named_by_its_title_and_description(make: Callable[[], SafeString]) -> None:
    svg = make()
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    title = root.find(f"{SVG}title")
    description = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == title_id and title.text == "T"
    assert description is not None and description.get("id") == desc_id
    assert (description.text or "").startswith("D")
    assert title_id != desc_id
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("make", ALL_CHARTS.values(), ids=ALL_CHARTS.keys())
def test_no_inline_style_and_no_script(make: Callable[[], SafeString]) -> None:
    svg = make()
    assert "style" not in svg
    root = parse(svg)
    for element in root.iter():
        assert element.tag not in (f"{SVG}style", f"{SVG}script")
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)


@pytest.mark.parametrize("make", ALL_CHARTS.values(), ids=ALL_CHARTS.keys())
def test_scales_to_the_screen_and_text_stays_readable(make: Callable[[], SafeString]) -> None:
    root = parse(make())
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert root.get("preserveAspectRatio") == "xMidYMid meet"
    assert viewbox(root)[0] == charts.WIDTH
    # 15 units in a 360-wide box are 12px when a 320px phone leaves 288px for the chart.
    assert float(root.get("font-size", "0")) * 288 / charts.WIDTH >= 12
    assert all(float(element.get("font-size", "15")) >= 15 for element in root.iter())


@pytest.mark.parametrize("make", ALL_CHARTS.values(), ids=ALL_CHARTS.keys())
def test_every_text_says_which_way_it_runs(make: Callable[[], SafeString]) -> None:
    """An Arabic page passes its direction down to the SVG, and text-anchor depends on it."""
    for element in texts(parse(make())):
        assert element.get("direction") in ("ltr", "rtl")
        assert element.get("text-anchor") in ("start", "middle", "end")


def test_decorations_are_hidden_from_assistive_technology() -> None:
    root = trend()
    grid = [element for element in root.iter() if classes(element) & {"chart-grid", "chart-axis"}]
    assert grid
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in grid:
        assert element.get("aria-hidden") == "true" or parents[element].get("aria-hidden") == "true"
    hatch = peers()
    assert all(defs.get("aria-hidden") == "true" for defs in hatch.iter(f"{SVG}defs"))


def test_text_is_escaped() -> None:
    evil = "<script>alert('x')</script> & \"quoted\""
    made = [
        line_chart(
            [(evil, [(evil, 1), ("2020", 2)])], title=evil, description=evil, unit_label=evil, id_prefix="a"
        ),
        bar_chart([(evil, 1)], title=evil, description=evil, highlight=evil, unit_label=evil, id_prefix="b"),
        paired_bars([(evil, 1, 2)], title=evil, description=evil, left_label=evil, right_label=evil),
        line_chart([], title=evil, description=evil),
    ]
    for svg in made:
        assert "<script" not in svg
        assert "&lt;script&gt;" in svg
        root = parse(svg)
        assert not list(root.iter(f"{SVG}script"))
        title = root.find(f"{SVG}title")
        assert title is not None and title.text == evil
        assert evil in desc(root)


def test_a_number_formatter_cannot_inject_markup() -> None:
    svg = bar_chart([("A", 1)], title="T", description="D", number_format=lambda v: f"<b>{v}</b>")
    assert "<b>" not in svg
    assert "&lt;b&gt;1&lt;/b&gt;" in svg


def test_ids_come_from_the_prefix_and_are_checked() -> None:
    root = trend(id_prefix="trend")
    assert root.get("aria-labelledby") == "trend-title trend-desc"
    assert peers(id_prefix="peers-2").get("aria-labelledby") == "peers-2-title peers-2-desc"
    for bad in ('x" onload="alert(1)', "1abc", "", "a b"):
        with pytest.raises(ValueError, match="id_prefix"):
            trend(id_prefix=bad)


def test_default_ids_are_stable_and_differ_between_charts() -> None:
    assert trend().get("aria-labelledby") == trend().get("aria-labelledby")
    assert trend().get("aria-labelledby") != trend(title="Other").get("aria-labelledby")
    assert peers().get("aria-labelledby") != by_sex().get("aria-labelledby")
    assert re.fullmatch(
        r"chart-[0-9a-f]{10}-title chart-[0-9a-f]{10}-desc", trend().get("aria-labelledby", "")
    )


def test_the_hatch_pattern_is_referenced_by_its_prefixed_id() -> None:
    root = peers(id_prefix="p1")
    patterns = list(root.iter(f"{SVG}pattern"))
    assert [pattern.get("id") for pattern in patterns] == ["p1-hatch"]
    assert [stub.get("fill") for stub in with_class(root, "chart-suppressed")] == ["url(#p1-hatch)"]


# --- Line chart --------------------------------------------------------------------------------


def test_line_chart_describes_the_trend() -> None:
    root = trend(unit_label="persons")
    assert desc(root) == "Trend. Town A: from 1,200 in 2019 to 1,450 in 2024. Values in persons."
    assert "persons" in text_of(root)


def test_line_chart_labels_the_last_value_of_each_series() -> None:
    root = parse(
        line_chart(
            [("Town A", [("2019", 10), ("2020", 20)]), ("Region", [("2019", 30), ("2020", None)])],
            title="T",
            description="",
        )
    )
    labels = [
        (element.text, classes(element)) for element in texts(root) if "chart-series-0" in classes(element)
    ]
    assert labels == [("20", {"chart-text", "chart-series-0"})]
    # The region's last figure is from an earlier period: the label says which.
    assert "30 (2019)" in text_of(root)
    assert "Region: 30 in 2019. No figure for 2020." in desc(root)


def test_missing_figures_break_the_line_and_invent_nothing() -> None:
    root = parse(
        line_chart(
            [
                (
                    "A",
                    [
                        ("2019", 1),
                        ("2020", None),
                        ("2021", 3),
                        ("2022", 4),
                        ("2023", SUPPRESSED),
                        ("2024", 6),
                    ],
                )
            ],
            title="T",
            description="",
        )
    )
    lines = with_class(root, "chart-line")
    lines = [line for line in lines if line.tag == f"{SVG}polyline"]
    assert [len(corners(line)) for line in lines] == [2]  # 2021-2022; 2019 and 2024 stand alone
    points = with_class(root, "chart-point")
    assert len(points) == 4
    xs = sorted(centre(point)[0] for point in points)
    assert len(set(xs)) == 4
    assert "No figure for 2020." in desc(root)
    assert "Hidden (small counts) for 2023." in desc(root)


def test_series_are_told_apart_by_shape_and_dash_not_colour_alone() -> None:
    series = [(f"S{i}", [("2019", i + 1), ("2020", i + 2)]) for i in range(4)]
    root = parse(line_chart(series, title="T", description=""))
    shapes = []
    for i in range(4):
        points = [p for p in with_class(root, f"chart-series-{i}") if "chart-point" in classes(p)]
        assert len(points) == 2
        kinds = {(p.tag.removeprefix(SVG), len(corners(p))) for p in points}
        assert len(kinds) == 1
        shapes.append(kinds.pop())
    assert shapes == [("circle", 2), ("rect", 2), ("polygon", 3), ("polygon", 4)]
    dashes = [
        line.get("stroke-dasharray") for line in root.iter(f"{SVG}polyline") if "chart-line" in classes(line)
    ]
    assert len(set(dashes)) == 4
    fills = {p.get("fill") for p in with_class(root, "chart-point")}
    assert fills == set(charts.PALETTE)
    legend_names = [element.text for element in texts(root) if element.text in {"S0", "S1", "S2", "S3"}]
    assert legend_names == ["S0", "S1", "S2", "S3"]


def tick_labels(root: ET.Element) -> list[str]:
    """The y-axis labels: the texts level with a gridline, top to bottom."""
    levels = {
        round(float(line.get("y1", "0")) + 5, 1)
        for line in root.iter(f"{SVG}line")
        if classes(line) & {"chart-grid", "chart-axis"}
    }
    found = [
        (float(t.get("y", "0")), t.text or "")
        for t in texts(root)
        if round(float(t.get("y", "0")), 1) in levels
    ]
    return [text for _y, text in sorted(found)]


def test_counts_are_drawn_from_zero_with_round_ticks() -> None:
    root = trend()
    assert tick_labels(root) == ["1,500", "1,000", "500", "0"]
    (zero,) = with_class(root, "chart-axis")
    lowest = max(centre(point)[1] for point in with_class(root, "chart-point"))
    assert float(zero.get("y1", "0")) > lowest


def test_negative_figures_go_below_the_zero_line() -> None:
    root = parse(
        line_chart([("Net", [("2019", -300), ("2020", -50), ("2021", 120)])], title="T", description="")
    )
    assert tick_labels(root) == ["200", "100", "0", "-100", "-200", "-300"]
    (zero,) = with_class(root, "chart-axis")
    y_zero = float(zero.get("y1", "0"))
    ys = [centre(point)[1] for point in with_class(root, "chart-point")]
    assert ys[0] > ys[1] > y_zero > ys[2]


@pytest.mark.parametrize(
    ("lo", "hi", "decimals", "expected"),
    [
        (0, 1450, 0, ["0", "500", "1000", "1500"]),
        (0, 7, 0, ["0", "2", "4", "6", "8"]),
        (-300, 120, 0, ["-300", "-200", "-100", "0", "100", "200"]),
        (0, 0.37, 2, ["0", "0.1", "0.2", "0.3", "0.4"]),
        (0, 0.37, 0, ["0", "1"]),  # counts: no tick finer than one
        (0, 0, 0, ["0", "1"]),
        (-5, -5, 0, ["-5", "-4", "-3", "-2", "-1", "0"]),
        (0, 3_200_000, 0, ["0", "1000000", "2000000", "3000000", "4000000"]),
        (0, 2.5e14, 0, ["0", "5E+13", "1.0E+14", "1.5E+14", "2.0E+14", "2.5E+14"]),
    ],
)
def test_nice_ticks(lo: float, hi: float, decimals: int, expected: list[str]) -> None:
    ticks, _places = charts._nice_ticks(lo, hi, decimals)
    assert [Decimal(t) for t in ticks] == [Decimal(e) for e in expected]


@given(
    st.floats(-1e15, 1e15, allow_nan=False),
    st.floats(-1e15, 1e15, allow_nan=False),
    st.integers(0, 3),
)
def test_ticks_are_1_2_5_steps_covering_zero_and_the_figures(a: float, b: float, decimals: int) -> None:
    lo, hi = min(a, b), max(a, b)
    ticks, places = charts._nice_ticks(lo, hi, decimals)
    assert 2 <= len(ticks) <= 8
    assert ticks[0] <= min(lo, 0) and ticks[-1] >= max(hi, 0) and Decimal(0) in ticks
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    step = steps.pop()
    assert step >= Decimal(1).scaleb(-decimals)
    assert step.normalize().as_tuple().digits[0] in (1, 2, 5)
    assert len({format_number(t, places) for t in ticks}) == len(ticks)


def test_period_labels_are_thinned_and_the_latest_is_always_shown() -> None:
    periods = [f"{2000 + i // 4}-Q{i % 4 + 1}" for i in range(40)]
    root = parse(line_chart([("A", [(p, i) for i, p in enumerate(periods)])], title="T", description=""))
    shown = [element for element in texts(root) if element.text in periods]
    assert 2 <= len(shown) < 10
    assert shown[-1].text == periods[-1]
    xs = [float(element.get("x", "0")) for element in shown]
    assert all(b - a >= charts._text_width("2000-Q1") for a, b in itertools.pairwise(xs))
    assert len(with_class(root, "chart-point")) == 40


def test_periods_of_all_series_are_merged_in_order() -> None:
    root = parse(
        line_chart(
            [("A", [("2019", 1), ("2020", 2), ("2021", 3)]), ("B", [("2018", 5), ("2019", 6), ("2022", 7)])],
            title="T",
            description="",
        )
    )
    labels = [
        element.text
        for element in texts(root)
        if (element.text or "").isdigit() and len(element.text or "") == 4
    ]
    assert labels == ["2018", "2019", "2020", "2021", "2022"]
    b_points = sorted(centre(p)[0] for p in with_class(root, "chart-series-1") if "chart-point" in classes(p))
    a_points = sorted(centre(p)[0] for p in with_class(root, "chart-series-0") if "chart-point" in classes(p))
    assert b_points[0] < a_points[0] < b_points[2]
    assert b_points[1] == pytest.approx(a_points[0], abs=0.2)
    assert b_points[2] > a_points[-1]


def test_a_single_point_is_a_marker_without_a_line() -> None:
    root = parse(line_chart([("A", [("2024", 5)])], title="T", description=""))
    assert len(with_class(root, "chart-point")) == 1
    assert not list(root.iter(f"{SVG}polyline"))
    assert desc(root) == "A: 5 in 2024."


@pytest.mark.parametrize(
    "series",
    [
        [],
        [("A", [])],
        [("A", [("2019", None), ("2020", None)])],
        [("A", [("2019", SUPPRESSED)]), ("B", [("2019", float("nan"))])],
    ],
)
def test_nothing_to_draw_says_so(series: list[tuple[str, list[tuple[str, charts.Figure]]]]) -> None:
    root = parse(line_chart(series, title="T", description="D"))
    assert text_of(root) == ["No figures to show."]
    assert desc(root) == "D No figures to show."
    assert viewbox(root)[1] == 60


def test_millions_are_written_in_full_and_fit() -> None:
    root = parse(
        line_chart(
            [("Country", [("2019", 2_400_000), ("2024", Decimal("2512345.0000"))])], title="T", description=""
        )
    )
    assert "2,512,345" in text_of(root)
    assert tick_labels(root)[0] == "3,000,000"
    assert all(inside(root, element) for element in texts(root))


def test_decimals_are_as_many_as_needed_unless_given() -> None:
    points = [("2023", Decimal("12.5000")), ("2024", Decimal("13.2500"))]
    root = parse(line_chart([("Share", points)], title="T", description=""))
    assert "13.25" in text_of(root)
    assert "Share: from 12.50 to" in desc(root).replace(" in 2023", "")
    root = parse(line_chart([("Share", points)], title="T", description="", decimals=1))
    assert "13.3" in text_of(root)  # rounded half up, not cut
    root = parse(line_chart([("Count", [("2024", Decimal("1200.0000"))])], title="T", description=""))
    assert "1,200" in text_of(root)


def test_a_custom_number_format_is_used_for_figures_and_ticks() -> None:
    root = parse(
        line_chart(
            [("A", [("2023", 10), ("2024", 20)])],
            title="T",
            description="",
            number_format=lambda v: f"{v} %",
        )
    )
    assert "20 %" in text_of(root)
    assert "0 %" in tick_labels(root)
    assert "A: from 10 % in 2023 to 20 % in 2024." in desc(root)


def test_line_chart_right_to_left_keeps_time_left_to_right_and_moves_the_axis_right() -> None:
    for rtl in (False, True):
        root = trend(rtl=rtl)
        xs = [centre(point)[0] for point in with_class(root, "chart-point")]
        assert xs == sorted(xs)
        tick_xs = {float(t.get("x", "0")) for t in texts(root) if t.text in ("0", "500", "1,000", "1,500")}
        assert len(tick_xs) == 1
        width = viewbox(root)[0]
        assert (tick_xs.pop() > width / 2) is rtl
        legend = next(t for t in texts(root) if t.text == "Town A")
        assert legend.get("direction") == ("rtl" if rtl else "ltr")
        assert (float(legend.get("x", "0")) > width / 2) is rtl
        # Numbers always run left to right, so "-50" never shows as "50-".
        assert {t.get("direction") for t in texts(root) if t.text in ("0", "500", "1,450")} == {"ltr"}


# --- Bar chart ---------------------------------------------------------------------------------


def bars(root: ET.Element) -> list[ET.Element]:
    return with_class(root, "chart-bar")


def test_bars_keep_the_given_order_and_write_each_figure_at_its_end() -> None:
    root = parse(bar_chart([("B", 20), ("A", 10), ("C", 40)], title="T", description="D"))
    labels = [t.text for t in texts(root) if t.text in ("A", "B", "C")]
    assert labels == ["B", "A", "C"]
    drawn = bars(root)
    widths = [float(bar.get("width", "0")) for bar in drawn]
    assert widths[2] > widths[0] > widths[1] > 0
    assert widths[0] == pytest.approx(widths[2] / 2, abs=0.2)
    for bar, figure in zip(drawn, ("20", "10", "40"), strict=True):
        (label,) = [t for t in texts(root) if t.text == figure]
        end = float(bar.get("x", "0")) + float(bar.get("width", "0"))
        assert float(label.get("x", "0")) == pytest.approx(end + 4, abs=0.2)
        assert label.get("text-anchor") == "start"
    assert desc(root) == "D B: 20; A: 10; C: 40."


def test_the_highlighted_place_differs_by_more_than_colour() -> None:
    root = peers()
    first, second = bars(root)
    assert "chart-highlight" in classes(first) and "chart-highlight" not in classes(second)
    assert first.get("fill") != second.get("fill")
    assert first.get("stroke") == charts.INK and second.get("stroke") is None
    label = next(t for t in texts(root) if t.text == "Town A")
    other = next(t for t in texts(root) if t.text == "Town B")
    assert label.get("font-weight") == "bold" and "chart-label-highlight" in classes(label)
    assert other.get("font-weight") is None
    assert next(t for t in texts(root) if t.text == "1,450").get("font-weight") == "bold"


def test_missing_and_hidden_figures_are_not_bars() -> None:
    root = peers()
    assert len(bars(root)) == 2
    assert "no figure" in text_of(root)
    assert "hidden (small count)" in text_of(root)
    (stub,) = with_class(root, "chart-suppressed")
    assert "chart-bar" not in classes(stub)
    assert stub.get("fill", "").startswith("url(#")
    assert desc(root).endswith(
        "Town A: 1,450; Town B: 980; Village C: hidden (small count); Village D: no figure."
    )


def test_generated_words_are_translated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "_", lambda text: f"«{text}»")
    root = peers()
    assert "«no figure»" in text_of(root) and "«hidden (small count)»" in text_of(root)
    assert text_of(parse(bar_chart([], title="T", description=""))) == ["«No figures to show.»"]


def test_bar_chart_right_to_left_grows_bars_from_the_right() -> None:
    ltr, rtl = peers(), peers(rtl=True)
    width = viewbox(ltr)[0]
    for bar in bars(ltr):
        assert float(bar.get("x", "0")) == charts.PAD
    for bar in bars(rtl):
        assert float(bar.get("x", "0")) + float(bar.get("width", "0")) == pytest.approx(width - charts.PAD)
    for a, b in zip(bars(ltr), bars(rtl), strict=True):
        assert a.get("width") == b.get("width")
    label = next(t for t in texts(rtl) if t.text == "Town A")
    assert (label.get("direction"), label.get("text-anchor"), float(label.get("x", "0"))) == (
        "rtl",
        "start",
        width - charts.PAD,
    )
    figure = next(t for t in texts(rtl) if t.text == "1,450")
    assert figure.get("direction") == "ltr" and figure.get("text-anchor") == "end"
    (stub,) = with_class(rtl, "chart-suppressed")
    assert float(stub.get("x", "0")) + float(stub.get("width", "0")) == pytest.approx(width - charts.PAD)


def test_negative_bars_grow_the_other_way_from_zero() -> None:
    for rtl in (False, True):
        root = parse(bar_chart([("Up", 100), ("Down", -50)], title="T", description="", rtl=rtl))
        up, down = bars(root)
        up_start, up_end = float(up.get("x", "0")), float(up.get("x", "0")) + float(up.get("width", "0"))
        down_start, down_end = (
            float(down.get("x", "0")),
            float(down.get("x", "0")) + float(down.get("width", "0")),
        )
        if rtl:
            assert up_end == pytest.approx(down_start)
        else:
            assert down_end == pytest.approx(up_start)
        assert float(up.get("width", "0")) == pytest.approx(2 * float(down.get("width", "0")), abs=0.2)
        assert "-50" in text_of(root)


def test_a_zero_is_a_sliver_not_nothing() -> None:
    root = parse(bar_chart([("A", 0), ("B", 0)], title="T", description=""))
    assert [float(bar.get("width", "0")) for bar in bars(root)] == [1, 1]
    assert text_of(root).count("0") == 2


# --- Paired bars -------------------------------------------------------------------------------


def test_paired_bars_show_both_figures_with_a_legend_and_markers() -> None:
    root = by_sex()
    assert [t.text for t in texts(root)][:2] == ["Women", "Men"]
    women = [b for b in bars(root) if "chart-series-0" in classes(b)]
    men = [b for b in bars(root) if "chart-series-1" in classes(b)]
    assert (len(women), len(men)) == (1, 3)
    keys = with_class(root, "chart-key")
    assert {k.tag.removeprefix(SVG) for k in keys if "chart-series-0" in classes(k)} == {"circle"}
    assert {k.tag.removeprefix(SVG) for k in keys if "chart-series-1" in classes(k)} == {"rect"}
    assert "hidden (small count)" in text_of(root) and "no figure" in text_of(root)
    assert desc(root) == (
        "Women and men. 2023: Women 520, Men 610. 2024: Women hidden (small count), Men 640."
        " 2025: Women no figure, Men 700."
    )
    # One scale for both: 610 is longer than 520 in proportion.
    assert float(men[0].get("width", "0")) / float(women[0].get("width", "0")) == pytest.approx(
        610 / 520, rel=0.01
    )


def test_paired_bars_right_to_left_mirror() -> None:
    ltr, rtl = by_sex(), by_sex(rtl=True)
    width = viewbox(ltr)[0]
    for a, b in zip(bars(ltr), bars(rtl), strict=True):
        a_x, b_x, w = float(a.get("x", "0")), float(b.get("x", "0")), float(a.get("width", "0"))
        assert b_x + w == pytest.approx(width - a_x)
    legend = next(t for t in texts(rtl) if t.text == "Women")
    assert legend.get("direction") == "rtl" and float(legend.get("x", "0")) > width / 2


# --- Numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234567, None, "1,234,567"),
        (Decimal("1200.0000"), None, "1,200"),
        (Decimal("12.5000"), None, "12.5"),
        (2.675, 2, "2.68"),
        (Decimal("-0.4"), 0, "0"),
        (-1234.5, 0, "-1,235"),
        (1e15, None, "1,000,000,000,000,000"),
        (1 / 3, None, "0.33"),
        (7, 2, "7.00"),
    ],
)
def test_format_number(value: charts.Number, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_format_number_refuses_negative_decimals() -> None:
    with pytest.raises(ValueError, match="decimals"):
        format_number(1, -1)


@pytest.mark.parametrize("language", ["fr", "es"])
def test_numbers_follow_the_active_language(language: str) -> None:
    with override(language):
        thousands = formats.get_format("THOUSAND_SEPARATOR")
        decimal = formats.get_format("DECIMAL_SEPARATOR")
        assert format_number(Decimal("1234567.5")) == f"1{thousands}234{thousands}567{decimal}5"
        root = parse(
            bar_chart([("A", 1234567), ("B", Decimal("12.5"))], title="T", description="", decimals=1)
        )
        line = parse(line_chart([("A", [("2019", 1_500_000), ("2020", 12.5)])], title="T", description=""))
    assert thousands != "," and decimal == ","
    assert f"1{thousands}234{thousands}567{decimal}0" in text_of(root)
    assert f"12{decimal}5" in text_of(root)
    assert f"A: 1{thousands}234{thousands}567{decimal}0" in desc(root)
    assert f"1{thousands}500{thousands}000" in tick_labels(line)


def test_french_numbers_with_override_fr() -> None:
    with override("fr"):
        svg = line_chart([("Ville", list(zip(YEARS, TREND, strict=True)))], title="T", description="")
    assert "1\xa0450" in svg and "1,450" not in svg


# --- Input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["12", True, [1], object()])
def test_a_figure_must_be_a_number_none_or_suppressed(bad: object) -> None:
    with pytest.raises(TypeError, match="figure"):
        bar_chart([("A", bad)], title="T", description="")  # type: ignore[list-item]
    with pytest.raises(TypeError, match="figure"):
        line_chart([("A", [("2019", bad)])], title="T", description="")  # type: ignore[list-item]


def test_not_a_number_counts_as_no_figure() -> None:
    root = parse(
        bar_chart([("A", float("nan")), ("B", Decimal("NaN")), ("C", 10**400)], title="T", description="")
    )
    assert not bars(root)
    assert text_of(root).count("no figure") == 3


def test_suppressed_is_one_marker() -> None:
    assert Suppressed() is SUPPRESSED
    assert copy.copy(SUPPRESSED) is SUPPRESSED and copy.deepcopy(SUPPRESSED) is SUPPRESSED
    assert pickle.loads(pickle.dumps(SUPPRESSED)) is SUPPRESSED
    assert repr(SUPPRESSED) == "SUPPRESSED"


# --- Colours -------------------------------------------------------------------------------------


def contrast(colour: str, background: str = "#ffffff") -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_colours_are_readable_as_text_on_white() -> None:
    for colour in (*charts.PALETTE, charts.HIGHLIGHT, charts.INK, charts.MUTED):
        assert contrast(colour) >= 4.5, colour


def test_the_stylesheet_uses_the_same_colours_and_no_inline_tricks() -> None:
    css = CSS.read_text(encoding="utf-8")
    for i, colour in enumerate(charts.PALETTE):
        match = re.search(
            rf"\.chart-series-{i} \{{ fill: (#[0-9a-f]{{6}}); stroke: (#[0-9a-f]{{6}}); \}}", css
        )
        assert match is not None, i
        assert match.group(1) == match.group(2) == colour.lower()
    assert f"fill: {charts.HIGHLIGHT.lower()}" in css
    hexes = set(re.findall(r"#[0-9a-f]{6}", css))
    text_colours = {"#1b1b1f", "#4a4a55", *(c.lower() for c in charts.PALETTE)}
    assert text_colours <= hexes
    # Every class the charts use is styled, but for hooks that tests and pages may use.
    made = "".join(make() for make in ALL_CHARTS.values())
    used = {name for names in re.findall(r'class="([^"]+)"', made) for name in names.split()}
    styled = set(re.findall(r"\.(chart[\w-]*)", css))
    assert used - styled <= {
        "chart-point",
        "chart-key",
        "chart-line-chart",
        "chart-bar-chart",
        "chart-paired-chart",
    }


# --- Properties ----------------------------------------------------------------------------------

figures = st.one_of(
    st.none(),
    st.integers(-(10**9), 10**9),
    st.floats(-1e12, 1e12, allow_nan=False),
    st.decimals(-(10**9), 10**9, places=4, allow_nan=False, allow_infinity=False),
)
labels = st.text(min_size=0, max_size=30)
relaxed = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def is_figure(value: object) -> bool:
    return value is not None and not isinstance(value, Suppressed)


@relaxed
@given(
    st.lists(st.tuples(labels, st.lists(figures, max_size=30)), max_size=5),
    st.booleans(),
    st.sampled_from(["en", "fr", "ar"]),
)
def test_any_line_chart_parses_and_draws_every_figure_inside(
    series: list[tuple[str, list[charts.Figure]]], rtl: bool, language: str
) -> None:
    data = [(name, [(f"P{i}", value) for i, value in enumerate(values)]) for name, values in series]
    with override(language):
        svg = line_chart(data, title="T", description="D", rtl=rtl)
    root = parse(svg)
    points = with_class(root, "chart-point")
    assert len(points) == sum(is_figure(value) for _name, values in series for value in values)
    assert all(inside(root, point) for point in points)
    assert all(inside(root, line) for line in root.iter(f"{SVG}polyline"))
    assert "style=" not in svg


@relaxed
@given(st.lists(st.tuples(labels, st.one_of(figures, st.just(SUPPRESSED))), max_size=20), st.booleans())
def test_any_bar_chart_parses_and_draws_every_figure_inside(
    items: list[tuple[str, charts.Figure]], rtl: bool
) -> None:
    root = parse(
        bar_chart(items, title="T", description="D", highlight=items[0][0] if items else None, rtl=rtl)
    )
    drawn = bars(root)
    assert len(drawn) == sum(is_figure(value) for _label, value in items)
    assert len(with_class(root, "chart-suppressed")) == sum(value is SUPPRESSED for _label, value in items)
    assert all(inside(root, element) for element in drawn + with_class(root, "chart-suppressed"))
    assert all(inside(root, element) for element in texts(root))  # anchors; long words may run past


@relaxed
@given(
    st.lists(
        st.tuples(labels, st.one_of(figures, st.just(SUPPRESSED)), st.one_of(figures, st.just(SUPPRESSED)))
    ),
    st.booleans(),
)
def test_any_paired_bars_parse_and_draw_every_figure_inside(
    rows: list[tuple[str, charts.Figure, charts.Figure]], rtl: bool
) -> None:
    root = parse(paired_bars(rows, title="T", description="D", left_label="W", right_label="M", rtl=rtl))
    drawn = bars(root)
    assert len(drawn) == sum(is_figure(value) for _label, *pair in rows for value in pair)
    assert all(inside(root, element) for element in drawn)
    if rows:
        assert all(math.isfinite(float(b.get("width", "nan"))) for b in drawn)
