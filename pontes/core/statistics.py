"""Figures core contributes to a territory's pages."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Organisation, RoleAssignment, Territory
from .registry import Statistic


def core_statistics(territory: Territory) -> list[Statistic]:
    below = Territory.objects.filter(path__startswith=territory.path).exclude(pk=territory.pk).count()
    organisations = Organisation.objects.filter(territory__path__startswith=territory.path).count()
    staff = (
        RoleAssignment.objects.filter(
            Q(territory__path__startswith=territory.path)
            | Q(organisation__territory__path__startswith=territory.path)
        )
        .values("user")
        .distinct()
        .count()
    )
    return [
        Statistic(_("Territories below"), below),
        Statistic(_("Organisations"), organisations),
        Statistic(_("Staff accounts"), staff),
    ]
