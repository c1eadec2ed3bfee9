"""Public pages of migration profiles: a territory's figures, one indicator in depth, fact cards.

Everyone may open them; what they show depends on who asks (staff of the territory see
restricted indicators and counts that disclosure control hides from the public).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pontes.core.languages import base_language
from pontes.core.models import Territory
from pontes.core.permissions import public

from .. import charts, exports, selectors, tables
from ..models import FactCard, IndicatorTemplate, Unit


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


def _language() -> str:
    return base_language(get_language() or "en")


def _rtl() -> bool:
    return _language() == "ar"


def _place(territory: Territory) -> Any:
    return territory.tr("name")


def _setup(slug: str, request: HttpRequest) -> tuple[Territory, IndicatorTemplate, bool]:
    territory = get_object_or_404(Territory, slug=slug)
    template = selectors.template_for(territory)
    if template is None:
        raise Http404(_("No migration profile is kept for this place yet."))
    return territory, template, selectors.sees_everything(request.user, territory)


@public
def index(request: HttpRequest) -> HttpResponse:
    templates = (
        IndicatorTemplate.objects.filter(status=IndicatorTemplate.Status.PUBLISHED)
        .select_related("country")
        .order_by("country__name")
    )
    countries = []
    for template in templates:
        children = list(Territory.objects.get_children(template.country).order_by("name"))
        countries.append((template.country, children))
    return render(request, "profiles/index.html", {"countries": countries})


@public
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    return _profile(request, slug, printable=False)


@public
def profile_print(request: HttpRequest, slug: str) -> HttpResponse:
    return _profile(request, slug, printable=True)


def _profile(request: HttpRequest, slug: str, *, printable: bool) -> HttpResponse:
    territory, template, restricted = _setup(slug, request)
    data = selectors.profile(territory, template, year=_year(request), restricted=restricted)
    name = _place(territory)
    context: dict[str, Any] = {
        "territory": territory,
        "template": template,
        "profile": data,
        "restricted": restricted,
        "name": name,
        "breadcrumbs": list(Territory.objects.get_ancestors(territory)),
        "children": list(Territory.objects.get_children(territory).order_by("name")[:200]),
        "printable": printable,
        "cards": FactCard.objects.filter(
            territory__in=[territory, *Territory.objects.get_ancestors(territory)], is_published=True
        )[:10],
    }
    if data is not None:
        context["table"] = tables.profile_table(data, name.text)
        context["headline_charts"] = _headline(data)
    return render(request, "profiles/profile.html", context)


def _headline(data: selectors.Profile) -> list[dict[str, Any]]:
    """Headline figures with how they changed since the year before."""
    cards = []
    for row in data.headline:
        here = row.here
        assert here is not None
        cards.append(
            {
                "row": row,
                "name": row.indicator.tr("name"),
                "percent": row.indicator.unit in (Unit.PERCENT,),
            }
        )
    return cards


@public
def profile_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    territory, template, restricted = _setup(slug, request)
    if fmt not in exports.FORMATS:
        raise Http404
    data = selectors.profile(territory, template, year=_year(request), restricted=restricted)
    if data is None:
        raise Http404(_("No figures yet."))
    return exports.response(tables.profile_table(data, _place(territory).text), fmt)


def _indicator(request: HttpRequest, slug: str, code: str) -> tuple[Territory, selectors.IndicatorView]:
    territory, template, restricted = _setup(slug, request)
    indicator = template.indicators.select_related("domain", "template__country").filter(code=code).first()
    if indicator is None or (not indicator.is_public and not restricted):
        raise Http404(_("This indicator is not part of the profile."))
    view = selectors.indicator_view(
        territory, indicator, year=_year(request), restricted=restricted, language=_language()
    )
    if view is None:
        raise Http404(_("No figures yet for this indicator here."))
    return territory, view


def _indicator_tables(view: selectors.IndicatorView, name: str) -> dict[str, exports.ShownTable]:
    shown = {"trend": tables.trend_table(view, name)}
    if view.peers:
        shown["peers"] = tables.peers_table(view, name)
    if view.by_sex:
        shown["sex"] = tables.sex_table(view, name)
    for breakdown in view.breakdowns:
        if breakdown.dimension == "sex":
            continue
        table = tables.breakdown_table(view, name, breakdown.dimension)
        if table is not None:
            shown[breakdown.dimension] = table
    return shown


@public
def indicator(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    territory, view = _indicator(request, slug, code)
    name = _place(territory)
    shown = _indicator_tables(view, name.text)
    label = view.indicator.get_unit_display()
    rtl = _rtl()
    # Rates keep one decimal throughout a chart; counts none.
    decimals = 0 if view.indicator.unit in selectors.COUNT_UNITS else 1
    # Counts of a town and of its country differ a thousandfold: one scale would flatten the
    # town's line. Rates compare across levels; counts are charted for the place alone (the
    # table beside the chart keeps the levels above).
    levels = view.trend if view.indicator.unit not in selectors.ADDITIVE_CHART_UNITS else view.trend[:1]
    trend_series = [
        (
            str(t.tr("name").text),
            [
                (
                    str(y),
                    charts.SUPPRESSED if f is not None and f.suppressed else None if f is None else f.value,
                )
                for y, f in series
            ],
        )
        for t, series in levels
    ]
    context: dict[str, Any] = {
        "territory": territory,
        "view": view,
        "name": name,
        "indicator": view.indicator,
        "shown": shown,
        "breadcrumbs": list(Territory.objects.get_ancestors(territory)),
        "trend_chart": charts.line_chart(
            trend_series,
            title=shown["trend"].title,
            description=_("%(indicator)s year by year.") % {"indicator": view.indicator.tr("name").text},
            unit_label=label,
            rtl=rtl,
            decimals=decimals,
            id_prefix="trend",
        ),
    }
    if view.peers:
        context["peers_chart"] = charts.bar_chart(
            [
                (
                    str(t.tr("name").text),
                    charts.SUPPRESSED if f is not None and f.suppressed else (None if f is None else f.value),
                )
                for t, f in view.peers
            ],
            title=shown["peers"].title,
            description=_("Each locality's figure for %(year)s; %(place)s is highlighted.")
            % {"year": view.year, "place": name.text},
            highlight=str(name.text),
            unit_label=label,
            rtl=rtl,
            decimals=decimals,
            id_prefix="peers",
        )
    if view.by_sex:
        context["sex_chart"] = charts.paired_bars(
            [
                (
                    str(year),
                    charts.SUPPRESSED if female_hidden else female,
                    charts.SUPPRESSED if male_hidden else male,
                )
                for year, female, male, female_hidden, male_hidden in view.by_sex
            ],
            title=shown["sex"].title,
            description=_("Women and men, year by year."),
            left_label=_("Women"),
            right_label=_("Men"),
            unit_label=label,
            rtl=rtl,
            decimals=decimals,
            id_prefix="sex",
        )
    return render(request, "profiles/indicator.html", context)


@public
def indicator_export(request: HttpRequest, slug: str, code: str, table: str, fmt: str) -> HttpResponse:
    territory, view = _indicator(request, slug, code)
    shown = _indicator_tables(view, _place(territory).text)
    if table not in shown or fmt not in exports.FORMATS:
        raise Http404
    return exports.response(shown[table], fmt)


@public
def fact_card(request: HttpRequest, pk: int) -> HttpResponse:
    card = get_object_or_404(FactCard.objects.select_related("territory"), pk=pk)
    if not card.is_published and not selectors.sees_everything(request.user, card.territory):
        raise Http404
    figures = selectors.fact_card_figures(
        card, restricted=selectors.sees_everything(request.user, card.territory)
    )
    return render(
        request,
        "profiles/fact_card.html",
        {"card": card, "territory": card.territory, "figures": figures, "name": _place(card.territory)},
    )


@public
def fact_cards(request: HttpRequest, slug: str) -> HttpResponse:
    territory = get_object_or_404(Territory, slug=slug)
    cards = FactCard.objects.filter(
        territory__in=[territory, *Territory.objects.get_ancestors(territory)], is_published=True
    ).select_related("territory")
    return render(
        request,
        "profiles/fact_cards.html",
        {"territory": territory, "cards": cards, "name": _place(territory)},
    )
