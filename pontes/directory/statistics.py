"""Figures the directory contributes to a territory's pages."""

from django.utils.translation import gettext_lazy as _

from pontes.core.models import Territory
from pontes.core.registry import Statistic

from .models import SearchDocument, Service, Status


def directory_statistics(territory: Territory) -> list[Statistic]:
    services = Service.objects.filter(
        territory__path__startswith=territory.path, status=Status.ACTIVE
    ).count()
    places = (
        SearchDocument.objects.filter(territory_path__startswith=territory.path, location__isnull=False)
        .values("location")
        .distinct()
        .count()
    )
    return [Statistic(_("Services"), services), Statistic(_("Places where services are given"), places)]
