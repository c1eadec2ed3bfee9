"""Charts of the migration profiles, drawn on the server as accessible inline SVG.

Profile pages work without JavaScript, on cheap phones and under a Content-Security-Policy that
forbids inline styles, so a chart is plain SVG markup: colours come from classes in
``profiles/charts.css`` (presentation attributes such as ``fill`` are the fallback), every text is
escaped, and the chart names itself (``<title>``) and says what it shows (``<desc>``: the caller's
description followed by a summary of the figures) for people who cannot see it. The page keeps a
data table beside each chart; the chart never replaces it.

* ``line_chart``: trends over periods for a few series (this place, its region, the country...).
  A missing figure breaks the line; each series has its own colour, marker shape and dash, so the
  series can be told apart without colour.
* ``bar_chart``: horizontal bars comparing places, one of them emphasised.
* ``paired_bars``: two figures per category (women and men...) as grouped horizontal bars.

A figure is a number, ``None`` (no figure) or ``SUPPRESSED`` (hidden by disclosure control because
the count is small). The two are drawn differently: "not known" and "not published" are different
facts. Numbers are written in the active language (Django's localisation, digit grouping forced).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import ClassVar, Final, Literal, NamedTuple, final

from django.utils import formats
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

__all__ = [
    "SUPPRESSED",
    "Bar",
    "Figure",
    "Formatter",
    "Number",
    "PairedRow",
    "Series",
    "Suppressed",
    "bar_chart",
    "format_number",
    "line_chart",
    "paired_bars",
]


@final
class Suppressed:
    """A figure hidden by disclosure control (a small count). There is one: ``SUPPRESSED``."""

    __slots__ = ()
    _instance: ClassVar[Suppressed | None] = None

    def __new__(cls) -> Suppressed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __reduce__(self) -> str:
        # Pickling and copying give back the one instance, so `is SUPPRESSED` keeps working.
        return "SUPPRESSED"


SUPPRESSED: Final = Suppressed()

Number = int | float | Decimal
Figure = Number | Suppressed | None
Formatter = Callable[[Number], str]


class Series(NamedTuple):
    """A named line of a line chart; a plain ``(name, points)`` tuple works as well."""

    name: str
    points: Sequence[tuple[str, Figure]]  # (period label, figure), oldest first


class Bar(NamedTuple):
    """One bar of a bar chart; a plain ``(label, figure)`` tuple works as well."""

    label: str
    value: Figure


class PairedRow(NamedTuple):
    """One category of paired bars; a plain ``(label, left, right)`` tuple works as well."""

    label: str
    left: Figure
    right: Figure


# --- Drawing constants ------------------------------------------------------------------------
# The viewBox is 360 units wide and text 15 units high: on a 320px phone, whose page leaves about
# 288px for the chart, text is drawn at 15 × 288 / 360 = 12px, and larger on anything wider.
WIDTH: Final = 360
PAD: Final = 8
FONT: Final = 15
GAP: Final = 6
PLOT_HEIGHT: Final = 180
BAR_HEIGHT: Final = 18
STUB: Final = 20  # length of the hatched stub standing for a hidden figure
MAX_DECIMALS: Final = 2  # when the caller does not say, figures show at most this many decimals

# Okabe–Ito, darkened where needed to reach 4.5:1 on white, so the same colour serves for lines,
# bars and the text written in it. charts.css repeats them in its classes (a test checks that).
PALETTE: Final = ("#0072B2", "#B34F00", "#007A5A", "#A8507F")
HIGHLIGHT: Final = "#B34F00"
INK: Final = "#1b1b1f"
MUTED: Final = "#4a4a55"
GRID: Final = "#d5d8df"
SHAPES: Final = ("circle", "square", "triangle", "diamond")
DASHES: Final = ("", "6 3", "2 3", "8 3 2 3")

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
# Characters XML forbids (control characters, stray surrogates, U+FFFE/U+FFFF): a label pasted from a
# spreadsheet may carry one, and one is enough to make the whole SVG unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Extends = Literal["left", "right", "centre"]


# --- Figures and numbers ----------------------------------------------------------------------


def _clean(value: object) -> Number | Suppressed | None:
    """The figure to draw; a value that is not a finite number (NaN) counts as no figure."""
    if value is None or isinstance(value, Suppressed):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"A figure must be a number, None or SUPPRESSED, not {value!r}.")
    try:
        finite = math.isfinite(float(value))
    except OverflowError:  # an int beyond any float: it cannot be placed on an axis
        return None
    return value if finite else None


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    # repr gives the shortest decimal that reads back as the float: 2.675 stays 2.675.
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _rounded(value: Number, decimals: int) -> Decimal:
    number = _decimal(value)
    context = Context(prec=max(28, number.adjusted() + decimals + 3))
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=context)
    return abs(number) if number.is_zero() else number  # "-0" would read as a negative


def _places(value: Number) -> int:
    exponent = _rounded(value, MAX_DECIMALS).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _auto_decimals(values: Iterable[Number]) -> int:
    """As many decimals as the figures need, at most MAX_DECIMALS: a database's 1200.0000 is 1,200."""
    return max((_places(value) for value in values), default=0)


def format_number(value: Number, decimals: int | None = None) -> str:
    """A figure written in the active language: grouped digits, its decimal separator.

    ``decimals`` places (rounded half up); by default as many as the figure needs, at most two.
    """
    if decimals is None:
        decimals = _places(value)
    if decimals < 0:
        raise ValueError("decimals must not be negative.")
    # Django truncates extra decimals instead of rounding them, so round first.
    return str(
        formats.number_format(
            _rounded(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
        )
    )


def _formatter(number_format: Formatter | None, decimals: int) -> Formatter:
    if number_format is not None:
        return lambda value: str(number_format(value))
    return lambda value: format_number(value, decimals)


def _nice_ticks(lo: float, hi: float, decimals: int, target: int = 5) -> tuple[list[Decimal], int]:
    """Ticks 1, 2 or 5 times a power of ten apart, covering lo..hi and 0; and their decimals.

    No step is finer than the figures are written (one unit for counts), so no two ticks read alike.
    """
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    smallest = Decimal(1).scaleb(-decimals)
    step = smallest
    raw = hi / target - lo / target  # not (hi - lo) / target, which overflows near the float limit
    if raw > float(smallest):
        power = math.floor(math.log10(raw))
        for multiple in (1, 2, 5, 10):
            candidate = Decimal(multiple).scaleb(power)
            if float(candidate) >= raw:
                step = max(candidate, smallest)
                break
    first = math.floor(Decimal(lo) / step)
    last = math.ceil(Decimal(hi) / step)
    if last == first:
        last = first + 1
    exponent = step.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return [step * k for k in range(first, last + 1)], places


# --- Markup helpers ---------------------------------------------------------------------------


def _n(x: float) -> str:
    """A coordinate: one decimal is finer than any screen shows."""
    text = f"{x:.1f}"
    text = text.removesuffix(".0")
    return "0" if text == "-0" else text


def _join(parts: Iterable[SafeString | str]) -> SafeString:
    # conditional_escape leaves markup built by format_html alone and escapes anything else.
    return mark_safe("".join(conditional_escape(part) for part in parts))  # noqa: S308


def _text_width(text: str, size: float = FONT) -> float:
    """A generous guess of how wide a text is drawn; wide (East Asian) characters count double."""
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)
    return ems * size


def _fit(text: str, width: float) -> str:
    """The text, cut with an ellipsis when it clearly cannot fit (the data table has it in full)."""
    if _text_width(text) * 0.85 <= width:
        return text
    kept = text
    while kept and _text_width(kept + "…") * 0.85 > width:
        kept = kept[:-1]
    return kept.rstrip() + "…"


def _attributes(pairs: Sequence[tuple[str, str]]) -> SafeString:
    """Optional attributes, each written ` name="value"`."""
    return format_html_join("", ' {}="{}"', pairs)


def _plain(text: str) -> str:
    return _NOT_XML.sub("", text)


def _sentences(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def _prefix(id_prefix: str | None, *content: object) -> str:
    if id_prefix is None:
        # Derived from what the chart shows, so rendering stays a pure function.
        return "chart-" + hashlib.blake2s(repr(content).encode(), digest_size=5).hexdigest()
    if not _ID.match(id_prefix):
        raise ValueError(
            f"id_prefix must be a letter followed by letters, digits, - or _; not {id_prefix!r}."
        )
    return id_prefix


class _Canvas:
    """Collects the escaped markup of a chart and knows which way its text runs."""

    def __init__(self, rtl: bool) -> None:
        self.rtl = rtl
        self.parts: list[SafeString] = []

    def add(self, template: str, *args: object) -> None:
        self.parts.append(format_html(template, *args))

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        extends: Extends,
        words: bool = True,
        classes: str = "chart-text",
        fill: str = INK,
        bold: bool = False,
    ) -> None:
        """Text at (x, y) that runs to the physical ``extends`` side of x.

        Words follow the page's direction; numbers always run left to right, so a minus sign stays in
        front in Arabic. The direction is always written, since an Arabic page would otherwise pass
        its own to every text, and SVG's text-anchor depends on it.
        """
        direction = "rtl" if words and self.rtl else "ltr"
        if extends == "centre":
            anchor = "middle"
        else:
            anchor = "start" if (extends == "right") == (direction == "ltr") else "end"
        extra = _attributes([("font-weight", "bold")] if bold else [])
        self.add(
            '<text x="{}" y="{}" text-anchor="{}" direction="{}" class="{}" fill="{}"{}>{}</text>',
            _n(x),
            _n(y),
            anchor,
            direction,
            classes,
            fill,
            extra,
            _plain(content),
        )


def _marker(shape: int, cx: float, cy: float, classes: str, colour: str, size: float = 4.5) -> SafeString:
    """A point mark; the shape tells series apart without colour."""
    kind = SHAPES[shape % len(SHAPES)]
    if kind == "circle":
        return format_html(
            '<circle cx="{}" cy="{}" r="{}" class="{}" fill="{}" stroke="{}"/>',
            _n(cx),
            _n(cy),
            _n(size),
            classes,
            colour,
            colour,
        )
    if kind == "square":
        side = size * 1.8
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" class="{}" fill="{}" stroke="{}"/>',
            _n(cx - side / 2),
            _n(cy - side / 2),
            _n(side),
            _n(side),
            classes,
            colour,
            colour,
        )
    r = size * 1.25
    if kind == "triangle":
        corners = [(cx, cy - r), (cx + r, cy + r * 0.75), (cx - r, cy + r * 0.75)]
    else:
        corners = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    return format_html(
        '<polygon points="{}" class="{}" fill="{}" stroke="{}"/>',
        " ".join(f"{_n(x)},{_n(y)}" for x, y in corners),
        classes,
        colour,
        colour,
    )


def _hatch(prefix: str) -> SafeString:
    return format_html(
        '<defs aria-hidden="true"><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="chart-hatch-ground" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" class="chart-hatch" stroke="{}" stroke-width="2"/>'
        "</pattern></defs>",
        prefix,
        MUTED,
    )


def _svg(
    kind: str, prefix: str, title: str, desc: str, height: float, parts: Iterable[SafeString]
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{}-chart" role="img"'
        ' aria-labelledby="{}-title {}-desc" viewBox="0 0 {} {}" width="100%"'
        ' preserveAspectRatio="xMidYMid meet" font-size="{}">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        kind,
        prefix,
        prefix,
        WIDTH,
        _n(height),
        FONT,
        prefix,
        _plain(title),
        prefix,
        _plain(desc),
        _join(parts),
    )


def _empty(kind: str, prefix: str, title: str, description: str, rtl: bool) -> SafeString:
    message = _("No figures to show.")
    canvas = _Canvas(rtl)
    canvas.text(WIDTH / 2, 36, message, extends="centre", classes="chart-text chart-muted", fill=MUTED)
    return _svg(kind, prefix, title, _sentences(description, message), 60, canvas.parts)


def _spread(wanted: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as close as possible to the wanted ones, at least ``gap`` apart, within low..high."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [0.0] * len(wanted)
    previous = low - gap
    for i in order:
        previous = placed[i] = max(wanted[i], previous + gap)
    following = high + gap
    for i in reversed(order):
        following = placed[i] = min(placed[i], following - gap)
    for i in order:  # too many to fit: keep them inside, overlapping rather than cut off
        placed[i] = max(placed[i], low)
    return placed


# --- Line chart -------------------------------------------------------------------------------


def line_chart(
    series: Sequence[tuple[str, Sequence[tuple[str, Figure]]]],
    *,
    title: str,
    description: str,
    unit_label: str = "",
    decimals: int | None = None,
    number_format: Formatter | None = None,
    rtl: bool = False,
    id_prefix: str | None = None,
) -> SafeString:
    """Trends over periods: one line per series, oldest period on the left in every language.

    ``series``: ``(name, [(period label, figure), ...])`` each, names and labels already translated.
    Periods are the union of the series' periods, each series' order kept (labels are not sorted);
    a period given twice in a series keeps its first figure. A missing or hidden figure breaks the
    line. The axis always includes 0, so a count never looks larger than it is and negative figures
    (net migration) show below the zero line. ``decimals``: places of the figures (default: as many
    as they need, at most two); ``number_format`` writes a figure instead (e.g. with a unit). With
    ``rtl`` the axis labels stand on the right and words run right to left.
    """
    title, description, unit_label = str(title), str(description), str(unit_label)
    named = [
        (str(name), [(str(period), _clean(value)) for period, value in points]) for name, points in series
    ]
    prefix = _prefix(id_prefix, "line", title, description, unit_label, named)
    periods = _merge_periods([period for period, _value in points] for _name, points in named)
    rows: list[list[Figure]] = []
    for _name, points in named:
        row: list[Figure] = [None] * len(periods)
        seen: set[str] = set()
        for period, value in points:
            if period not in seen:
                seen.add(period)
                row[periods.index(period)] = value
        rows.append(row)
    numbers = [v for row in rows for v in row if v is not None and not isinstance(v, Suppressed)]
    if not numbers:
        return _empty("line", prefix, title, description, rtl)

    places = _auto_decimals(numbers) if decimals is None else decimals
    fmt = _formatter(number_format, places)
    summary = [
        _trend_sentence(name, periods, row, fmt) for (name, _points), row in zip(named, rows, strict=True)
    ]
    if unit_label:
        summary.append(_("Values in %(unit)s.") % {"unit": unit_label})
    desc = _sentences(description, *summary)

    floats = [float(v) for v in numbers]
    ticks, tick_places = _nice_ticks(min(floats), max(floats), places)
    tick_texts = [str(number_format(t)) if number_format else format_number(t, tick_places) for t in ticks]
    # Positions are worked out on figures divided by the largest, so no subtraction overflows.
    unit = max(abs(float(ticks[0])), abs(float(ticks[-1])))
    bottom_value, top_value = float(ticks[0]) / unit, float(ticks[-1]) / unit

    # Last figure of each series, written beside the plot in the series' colour and shape.
    lasts: list[tuple[int, int, Number, str]] = []  # series, period index, value, text
    for s, row in enumerate(rows):
        known = [(i, v) for i, v in enumerate(row) if v is not None and not isinstance(v, Suppressed)]
        if known:
            i, value = known[-1]
            text = fmt(value)
            if i != len(periods) - 1:  # the series stops early: say when its last figure is from
                text = f"{text} ({periods[i]})"
            lasts.append((s, i, value, text))

    canvas = _Canvas(rtl)
    tick_width = min(max(_text_width(t) for t in tick_texts), WIDTH * 0.3)
    value_width = min(GAP + 16 + max(_text_width(text) for *_rest, text in lasts), WIDTH * 0.35)
    y = PAD
    if unit_label:
        canvas.text(
            WIDTH - PAD if rtl else PAD,
            y + FONT,
            unit_label,
            extends="left" if rtl else "right",
            classes="chart-text chart-muted",
            fill=MUTED,
        )
        y += FONT + 7
    plot_top = y + 10
    plot_bottom = plot_top + PLOT_HEIGHT
    if rtl:
        plot_left = float(PAD)
        tick_x = WIDTH - PAD - tick_width
        plot_right = tick_x - GAP - value_width
        grid_right = tick_x - GAP  # gridlines reach their labels across the column of last figures
    else:
        tick_x = PAD + tick_width
        plot_left = tick_x + GAP
        plot_right = WIDTH - PAD - value_width
        grid_right = plot_right
    plot_width = plot_right - plot_left

    def y_of(value: float) -> float:
        return plot_bottom - (value / unit - bottom_value) / (top_value - bottom_value) * PLOT_HEIGHT

    band = plot_width / len(periods)

    def x_of(index: int) -> float:
        return plot_left + (index + 0.5) * band

    grid = []
    for tick, text in zip(ticks, tick_texts, strict=True):
        ty = y_of(float(tick))
        zero = tick == 0
        grid.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="{}" stroke="{}" stroke-width="{}"/>',
                _n(plot_left),
                _n(ty),
                _n(grid_right),
                _n(ty),
                "chart-axis" if zero else "chart-grid",
                MUTED if zero else GRID,
                "1.5" if zero else "1",
            )
        )
        canvas.text(
            tick_x,
            ty + 5,
            text,
            extends="right" if rtl else "left",
            words=False,
            classes="chart-text chart-muted",
        )
    canvas.parts.insert(0, format_html('<g aria-hidden="true">{}</g>', _join(grid)))

    # Period labels: as many as fit, counted back from the latest, which is always shown.
    label_width = max(_text_width(p) for p in periods) + GAP
    step = math.ceil(len(periods) / max(1, math.floor(plot_width / label_width)))
    label_y = plot_bottom + GAP + FONT
    for i, period in enumerate(periods):
        if (len(periods) - 1 - i) % step == 0:
            half = _text_width(period) / 2
            lx = min(max(x_of(i), half), WIDTH - half)
            canvas.text(lx, label_y, period, extends="centre", words=False, classes="chart-text chart-muted")

    for s, row in enumerate(rows):
        colour, css = PALETTE[s % len(PALETTE)], f"chart-series-{s % len(PALETTE)}"
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(row):
            if value is None or isinstance(value, Suppressed):
                runs.append([])  # no invented points: the line stops and starts again
            else:
                runs[-1].append((x_of(i), y_of(float(value))))
        for run in runs:
            if len(run) > 1:
                canvas.add(
                    '<polyline points="{}" class="chart-line {}" fill="none" stroke="{}" stroke-width="2.5"'
                    ' stroke-linejoin="round" stroke-linecap="round"{}/>',
                    " ".join(f"{_n(x)},{_n(py)}" for x, py in run),
                    css,
                    colour,
                    _dash(s),
                )
        for run in runs:
            for x, py in run:
                canvas.parts.append(_marker(s, x, py, f"chart-point {css}", colour))

    wanted = [y_of(float(value)) + 5 for _s, _i, value, _text in lasts]
    column_x = plot_right + GAP
    for (s, _i, _value, text), baseline in zip(
        lasts, _spread(wanted, FONT + 2, plot_top - 5 + FONT / 2, plot_bottom + 5), strict=True
    ):
        colour, css = PALETTE[s % len(PALETTE)], f"chart-series-{s % len(PALETTE)}"
        canvas.parts.append(_marker(s, column_x + 6, baseline - 5, f"chart-key {css}", colour, size=4))
        canvas.text(
            column_x + 14,
            baseline,
            text,
            extends="right",
            words=False,
            classes=f"chart-text {css}",
            fill=colour,
        )

    # Legend: one line per series, its sample drawn as on the plot (colour, dash and shape).
    y = label_y + 12
    for s, (name, _points) in enumerate(named):
        colour, css = PALETTE[s % len(PALETTE)], f"chart-series-{s % len(PALETTE)}"
        middle = y + 10
        sample_start, sample_end = (WIDTH - PAD - 28, WIDTH - PAD) if rtl else (PAD, PAD + 28)
        canvas.add(
            '<g aria-hidden="true"><line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-line {}" stroke="{}"'
            ' stroke-width="2.5"{}/>{}</g>',
            _n(sample_start),
            _n(middle),
            _n(sample_end),
            _n(middle),
            css,
            colour,
            _dash(s),
            _marker(s, (sample_start + sample_end) / 2, middle, f"chart-key {css}", colour),
        )
        text_x = WIDTH - PAD - 36 if rtl else PAD + 36
        canvas.text(text_x, middle + 5, _fit(name, WIDTH - 2 * PAD - 36), extends="left" if rtl else "right")
        y += 22
    return _svg("line", prefix, title, desc, y + PAD, canvas.parts)


def _merge_periods(sequences: Iterable[Sequence[str]]) -> list[str]:
    """Every period once, each series' order kept: labels are display text, not sortable codes.

    A topological sort of "comes before" within each series; between periods no series orders, the
    one seen first comes first. Series that disagree are read in order of appearance.
    """
    seen: dict[str, int] = {}
    after: dict[str, set[str]] = {}
    before_count: dict[str, int] = {}
    for sequence in sequences:
        previous = None
        for period in sequence:
            if period not in seen:
                seen[period] = len(seen)
                after[period], before_count[period] = set(), 0
            if previous is not None and previous != period and period not in after[previous]:
                after[previous].add(period)
                before_count[period] += 1
            previous = period
    merged: list[str] = []
    waiting = set(seen)
    while waiting:
        ready = [period for period in waiting if before_count[period] == 0] or list(waiting)  # a cycle
        chosen = min(ready, key=seen.__getitem__)
        waiting.discard(chosen)
        merged.append(chosen)
        for following in after[chosen]:
            before_count[following] -= 1
    return merged


def _dash(series: int) -> SafeString:
    dash = DASHES[series % len(DASHES)]
    return format_html(' stroke-dasharray="{}"', dash) if dash else mark_safe("")


def _trend_sentence(name: str, periods: Sequence[str], row: Sequence[Figure], fmt: Formatter) -> str:
    known = [(periods[i], v) for i, v in enumerate(row) if v is not None and not isinstance(v, Suppressed)]
    hidden = [periods[i] for i, v in enumerate(row) if isinstance(v, Suppressed)]
    missing = [periods[i] for i, v in enumerate(row) if v is None]
    if not known:
        sentence = _("%(series)s: no figures.") % {"series": name}
    elif len(known) == 1:
        sentence = _("%(series)s: %(value)s in %(period)s.") % {
            "series": name,
            "value": fmt(known[0][1]),
            "period": known[0][0],
        }
    else:
        (first_period, first), (last_period, last) = known[0], known[-1]
        sentence = _("%(series)s: from %(first)s in %(first_period)s to %(last)s in %(last_period)s.") % {
            "series": name,
            "first": fmt(first),
            "first_period": first_period,
            "last": fmt(last),
            "last_period": last_period,
        }
    extra = []
    if known and missing:
        extra.append(_("No figure for %(periods)s.") % {"periods": ", ".join(missing)})
    if hidden:
        extra.append(_("Hidden (small counts) for %(periods)s.") % {"periods": ", ".join(hidden)})
    return _sentences(sentence, *extra)


# --- Horizontal bars --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bar:
    value: Figure
    series: int  # palette index
    highlight: bool = False
    shape: int | None = None  # a marker before the bar (paired bars)


@dataclass(frozen=True)
class _Row:
    label: str
    bars: tuple[_Bar, ...]
    bold: bool = False


def _bars(
    kind: str,
    rows: Sequence[_Row],
    *,
    prefix: str,
    title: str,
    desc: str,
    legend: Sequence[tuple[int, str]],
    unit_label: str,
    fmt: Formatter,
    rtl: bool,
) -> SafeString:
    """Rows of horizontal bars: a label line, then each bar from the zero line with its figure at its end.

    Lengths are measured along the reading direction (``s``): bars grow rightwards, or leftwards from
    the right edge when ``rtl``.
    """
    canvas = _Canvas(rtl)
    figures = [bar.value for row in rows for bar in row.bars]
    numbers = [float(v) for v in figures if v is not None and not isinstance(v, Suppressed)]
    if any(isinstance(v, Suppressed) for v in figures):
        canvas.add("{}", _hatch(prefix))
    keyed = any(bar.shape is not None for row in rows for bar in row.bars)
    key_width = 18 if keyed else 0
    start, end = (PAD, WIDTH - PAD - key_width) if rtl else (PAD + key_width, WIDTH - PAD)
    length = end - start

    def x_of(s: float) -> float:
        return end - s if rtl else start + s

    forward: Extends = "left" if rtl else "right"
    backward: Extends = "right" if rtl else "left"

    # Lengths are worked out on figures divided by the largest, so no subtraction overflows.
    unit = max([abs(v) for v in numbers if v] or [1.0])
    lo, hi = min([0.0, *numbers]) / unit, max([0.0, *numbers]) / unit
    if hi == lo:
        hi = 1.0
    # Room for the figures written past the ends of the bars, on each side of the zero line.
    written = [
        (float(v), _text_width(fmt(v)) + GAP)
        for v in figures
        if v is not None and not isinstance(v, Suppressed)
    ]
    after = max([0.0] + [width for number, width in written if number >= 0])
    before = max([0.0] + [width for number, width in written if number < 0])
    after, before = min(after, length * 0.35), min(before, length * 0.35)
    scale = (length - after - before) / (hi - lo)
    zero = before - lo * scale

    y = float(PAD)
    for series, name in legend:
        colour, css = PALETTE[series % len(PALETTE)], f"chart-series-{series % len(PALETTE)}"
        middle = y + 10
        canvas.add(
            '<g aria-hidden="true"><rect x="{}" y="{}" width="24" height="12" class="{}" fill="{}"/>{}</g>',
            _n(WIDTH - PAD - 24 if rtl else PAD),
            _n(middle - 6),
            css,
            colour,
            _marker(series, WIDTH - PAD - 33 if rtl else PAD + 33, middle, f"chart-key {css}", colour),
        )
        canvas.text(
            WIDTH - PAD - 44 if rtl else PAD + 44,
            middle + 5,
            _fit(name, WIDTH - 2 * PAD - 44),
            extends=forward,
        )
        y += 22
    if unit_label:
        canvas.text(
            WIDTH - PAD if rtl else PAD,
            y + FONT,
            unit_label,
            extends=forward,
            classes="chart-text chart-muted",
            fill=MUTED,
        )
        y += FONT + 7
    if legend or unit_label:
        y += 6
    full = WIDTH - 2 * PAD
    for row in rows:
        canvas.text(
            WIDTH - PAD if rtl else PAD,
            y + FONT,
            _fit(row.label, full),
            extends=forward,
            classes="chart-text chart-label-highlight" if row.bold else "chart-text",
            bold=row.bold,
        )
        y += FONT + 5
        for bar in row.bars:
            colour = HIGHLIGHT if bar.highlight else PALETTE[bar.series % len(PALETTE)]
            css = "chart-highlight" if bar.highlight else f"chart-series-{bar.series % len(PALETTE)}"
            baseline = y + BAR_HEIGHT / 2 + 5
            # The zero line, drawn bar by bar so that it never crosses the labels between them.
            canvas.add(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis" stroke="{}" stroke-width="1"'
                ' aria-hidden="true"/>',
                _n(x_of(zero)),
                _n(y - 2),
                _n(x_of(zero)),
                _n(y + BAR_HEIGHT + 2),
                MUTED,
            )
            if bar.shape is not None:
                canvas.parts.append(
                    _marker(bar.shape, x_of(-key_width / 2), y + BAR_HEIGHT / 2, f"chart-key {css}", colour)
                )
            value = bar.value
            if value is None or isinstance(value, Suppressed):
                hidden = isinstance(value, Suppressed)
                words = _("hidden (small count)") if hidden else _("no figure")
                stub = STUB if hidden else 0
                # Written beyond the zero line; on its other side when only that side has room
                # (every other figure negative).
                room = length - zero
                sign = 1 if room >= stub + 4 + _text_width(words) or room >= zero else -1
                if hidden:
                    canvas.add(
                        '<rect x="{}" y="{}" width="{}" height="{}" class="chart-suppressed"'
                        ' fill="url(#{}-hatch)" stroke="{}" stroke-width="1"/>',
                        _n(min(x_of(zero), x_of(zero + sign * stub))),
                        _n(y),
                        stub,
                        BAR_HEIGHT,
                        prefix,
                        MUTED,
                    )
                canvas.text(
                    x_of(zero + sign * (stub + 4)),
                    baseline,
                    words,
                    extends=forward if sign > 0 else backward,
                    classes="chart-text chart-muted" + ("" if hidden else " chart-missing"),
                    fill=MUTED,
                )
            else:
                number = float(value)
                a, b = sorted((zero, zero + number / unit * scale))
                if b - a < 1:  # a figure of zero, or tiny beside the others, still shows as a sliver
                    a, b = (b - 1, b) if number < 0 else (a, a + 1)
                outline = _attributes([("stroke", INK), ("stroke-width", "2")] if bar.highlight else [])
                canvas.add(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar {}" fill="{}"{}/>',
                    _n(min(x_of(a), x_of(b))),
                    _n(y),
                    _n(b - a),
                    BAR_HEIGHT,
                    css,
                    colour,
                    outline,
                )
                if number >= 0:
                    canvas.text(
                        x_of(b + 4), baseline, fmt(value), extends=forward, words=False, bold=bar.highlight
                    )
                else:
                    canvas.text(
                        x_of(a - 4), baseline, fmt(value), extends=backward, words=False, bold=bar.highlight
                    )
            y += BAR_HEIGHT + 4
        y += 8
    return _svg(kind, prefix, title, desc, y + PAD, canvas.parts)


def _item_text(value: Figure, fmt: Formatter) -> str:
    if value is None:
        return _("no figure")
    if isinstance(value, Suppressed):
        return _("hidden (small count)")
    return fmt(value)


def bar_chart(
    items: Sequence[tuple[str, Figure]],
    *,
    title: str,
    description: str,
    highlight: str | None = None,
    unit_label: str = "",
    decimals: int | None = None,
    number_format: Formatter | None = None,
    rtl: bool = False,
    id_prefix: str | None = None,
) -> SafeString:
    """Horizontal bars comparing places, in the order given.

    ``items``: ``(label, figure)`` each; the figure is a number, ``None`` (written "no figure") or
    ``SUPPRESSED`` (a hatched stub written "hidden (small count)"). The item whose label equals
    ``highlight`` is drawn in another colour, outlined, with its label and figure in bold. Bars start
    at zero (negative ones grow the other way); with ``rtl`` they grow from the right.
    """
    title, description, unit_label = str(title), str(description), str(unit_label)
    wanted = None if highlight is None else str(highlight)
    cleaned = [(str(label), _clean(value)) for label, value in items]
    prefix = _prefix(id_prefix, "bar", title, description, wanted, unit_label, cleaned)
    if not cleaned:
        return _empty("bar", prefix, title, description, rtl)
    places = _auto_decimals(v for _l, v in cleaned if v is not None and not isinstance(v, Suppressed))
    fmt = _formatter(number_format, places if decimals is None else decimals)
    rows = [
        _Row(label, (_Bar(value, 0, highlight=label == wanted),), bold=label == wanted)
        for label, value in cleaned
    ]
    listed = "; ".join(
        _("%(label)s: %(value)s") % {"label": label, "value": _item_text(value, fmt)}
        for label, value in cleaned
    )
    summary = [listed + "."]
    if unit_label:
        summary.append(_("Values in %(unit)s.") % {"unit": unit_label})
    desc = _sentences(description, *summary)
    return _bars(
        "bar",
        rows,
        prefix=prefix,
        title=title,
        desc=desc,
        legend=(),
        unit_label=unit_label,
        fmt=fmt,
        rtl=rtl,
    )


def paired_bars(
    rows: Sequence[tuple[str, Figure, Figure]],
    *,
    title: str,
    description: str,
    left_label: str,
    right_label: str,
    unit_label: str = "",
    decimals: int | None = None,
    number_format: Formatter | None = None,
    rtl: bool = False,
    id_prefix: str | None = None,
) -> SafeString:
    """Two figures per category (women and men per year or age group...) as grouped horizontal bars.

    ``rows``: ``(category label, left figure, right figure)`` each, figures as in ``bar_chart``. The
    first figure of a category is drawn first, in the first colour with a round marker; the second
    below it, in the second colour with a square one; a legend at the top names them
    (``left_label``, ``right_label``). Both share one scale, so their lengths compare.
    """
    title, description, unit_label = str(title), str(description), str(unit_label)
    left_label, right_label = str(left_label), str(right_label)
    cleaned = [(str(label), _clean(left), _clean(right)) for label, left, right in rows]
    prefix = _prefix(id_prefix, "paired", title, description, left_label, right_label, unit_label, cleaned)
    if not cleaned:
        return _empty("paired", prefix, title, description, rtl)
    numbers = [v for _l, *pair in cleaned for v in pair if v is not None and not isinstance(v, Suppressed)]
    fmt = _formatter(number_format, _auto_decimals(numbers) if decimals is None else decimals)
    shaped = [
        _Row(label, (_Bar(left, 0, shape=0), _Bar(right, 1, shape=1))) for label, left, right in cleaned
    ]
    summary = [
        _("%(category)s: %(left_label)s %(left)s, %(right_label)s %(right)s.")
        % {
            "category": label,
            "left_label": left_label,
            "left": _item_text(left, fmt),
            "right_label": right_label,
            "right": _item_text(right, fmt),
        }
        for label, left, right in cleaned
    ]
    if unit_label:
        summary.append(_("Values in %(unit)s.") % {"unit": unit_label})
    return _bars(
        "paired",
        shaped,
        prefix=prefix,
        title=title,
        desc=_sentences(description, *summary),
        legend=((0, left_label), (1, right_label)),
        unit_label=unit_label,
        fmt=fmt,
        rtl=rtl,
    )
