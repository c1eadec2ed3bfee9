"""The tables a profile page shows, built once for the page and for its downloads."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pontes.core.models import Territory

from .exports import CONFIDENTIAL, Cell, Observation, ShownTable
from .importing import dimension_name
from .models import TOTAL, Indicator
from .selectors import Figure, IndicatorView, Profile


def hidden_text() -> str:
    return _("hidden (small count)")


def _cell(figure: Figure | None) -> Cell:
    if figure is None:
        return None
    if figure.suppressed:
        return hidden_text()
    return figure.value


def area_code(territory: Territory) -> str:
    return territory.iso_code or territory.slug


def _observation(
    indicator: Indicator, territory: Territory, figure: Figure | None, year: int, breakdown: dict[str, str]
) -> Observation | None:
    if figure is None:
        return None
    return Observation(
        ref_area=area_code(territory),
        indicator=indicator.code,
        time_period=figure.period or str(year),
        value=None if figure.suppressed else figure.value,
        unit=indicator.unit,
        breakdown=breakdown,
        status=CONFIDENTIAL if figure.suppressed else "",
        source=figure.source,
        comment=figure.note(),
    )


def _totals(indicator: Indicator) -> dict[str, str]:
    return {name: TOTAL for name in indicator.disaggregations}


def _dataflow(profile_country: Territory, version: int) -> str:
    return f"PONTES:PROFILE_{area_code(profile_country).upper()}({version}.0)"


def profile_table(profile: Profile, name: str) -> ShownTable:
    year = profile.year
    headers = [
        _("Domain"),
        _("Indicator"),
        _("Code"),
        _("Unit"),
        str(year),
        str(year - 1),
        _("Change"),
        *(t.tr("name").text for t in profile.comparisons),
        _("Note"),
        _("Source"),
    ]
    table = ShownTable(
        title=_("Migration profile of %(place)s, %(year)s") % {"place": name, "year": year},
        headers=headers,
        dataflow=_dataflow(profile.template.country, profile.template.version),
    )
    for domain, rows in profile.domains:
        for row in rows:
            indicator = row.indicator
            table.rows.append(
                [
                    str(domain.tr("name")),
                    str(indicator.tr("name")),
                    indicator.code,
                    indicator.get_unit_display(),
                    _cell(row.here),
                    _cell(row.before),
                    row.change,
                    *(_cell(f) for f in row.comparisons),
                    row.here.note() if row.here else "",
                    row.here.source if row.here else "",
                ]
            )
            totals = _totals(indicator)
            places = [(profile.territory, row.here, year), (profile.territory, row.before, year - 1)]
            places += [(t, f, year) for t, f in zip(profile.comparisons, row.comparisons, strict=True)]
            for territory, figure, when in places:
                observation = _observation(indicator, territory, figure, when, totals)
                if observation is not None:
                    table.observations.append(observation)
    return table


def trend_table(view: IndicatorView, name: str) -> ShownTable:
    indicator = view.indicator
    places = [t for t, _series in view.trend]
    table = ShownTable(
        title=_("%(indicator)s in %(place)s over time") % {"indicator": indicator.tr("name"), "place": name},
        headers=[_("Year"), *(t.tr("name").text for t in places)],
        dataflow=_dataflow(indicator.template.country, indicator.template.version),
    )
    years = [y for y, _f in view.trend[0][1]] if view.trend else []
    for index, year in enumerate(years):
        figures = [series[index][1] for _t, series in view.trend]
        if all(f is None for f in figures):
            continue
        table.rows.append([str(year), *(_cell(f) for f in figures)])
        for territory, figure in zip(places, figures, strict=True):
            observation = _observation(indicator, territory, figure, year, _totals(indicator))
            if observation is not None:
                table.observations.append(observation)
    return table


def peers_table(view: IndicatorView, name: str) -> ShownTable:
    indicator = view.indicator
    table = ShownTable(
        title=_("%(indicator)s: %(place)s and its neighbours, %(year)s")
        % {"indicator": indicator.tr("name"), "place": name, "year": view.year},
        headers=[_("Place"), str(view.year), _("Note")],
        dataflow=_dataflow(indicator.template.country, indicator.template.version),
    )
    for territory, figure in view.peers:
        table.rows.append([territory.tr("name").text, _cell(figure), figure.note() if figure else ""])
        observation = _observation(indicator, territory, figure, view.year, _totals(indicator))
        if observation is not None:
            table.observations.append(observation)
    return table


def sex_table(view: IndicatorView, name: str) -> ShownTable:
    indicator = view.indicator
    table = ShownTable(
        title=_("%(indicator)s in %(place)s, women and men")
        % {"indicator": indicator.tr("name"), "place": name},
        headers=[_("Year"), _("Women"), _("Men")],
        dataflow=_dataflow(indicator.template.country, indicator.template.version),
    )
    for year, female, male, female_hidden, male_hidden in view.by_sex:
        table.rows.append(
            [
                str(year),
                hidden_text() if female_hidden else female,
                hidden_text() if male_hidden else male,
            ]
        )
        for code, value, hidden in (("F", female, female_hidden), ("M", male, male_hidden)):
            breakdown = {**_totals(indicator), "sex": code}
            table.observations.append(
                Observation(
                    ref_area=area_code(view.territory),
                    indicator=indicator.code,
                    time_period=str(year),
                    value=None if hidden else value,
                    unit=indicator.unit,
                    breakdown=breakdown,
                    status=CONFIDENTIAL if hidden else "",
                    source=view.source,
                )
            )
    return table


def breakdown_table(view: IndicatorView, name: str, dimension: str) -> ShownTable | None:
    indicator = view.indicator
    found = next((b for b in view.breakdowns if b.dimension == dimension), None)
    if found is None:
        return None
    table = ShownTable(
        title=_("%(indicator)s in %(place)s by %(breakdown)s, %(period)s")
        % {
            "indicator": indicator.tr("name"),
            "place": name,
            "breakdown": dimension_name(dimension).lower(),
            "period": view.period,
        },
        headers=[dimension_name(dimension), _("Code"), view.period],
        dataflow=_dataflow(indicator.template.country, indicator.template.version),
    )
    for code, label, value, hidden in found.cells:
        table.rows.append([label, code, hidden_text() if hidden else value])
        table.observations.append(
            Observation(
                ref_area=area_code(view.territory),
                indicator=indicator.code,
                time_period=view.period,
                value=None if hidden else value,
                unit=indicator.unit,
                breakdown={**_totals(indicator), dimension: code},
                status=CONFIDENTIAL if hidden else "",
                source=view.source,
            )
        )
    return table
