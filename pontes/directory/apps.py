from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "pontes.directory"
    label = "directory"
    verbose_name = _("Service directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pontes.core.models import Role
        from pontes.core.registry import Capability, NavEntry, registry

        from .demo import create_demo_services
        from .statistics import directory_statistics

        registry.register(
            Capability(
                label="directory",
                name=_("Services"),
                summary=_(
                    "Find help near you, in your language: courses, health, housing, rights, work and more."
                ),
                order=10,
                public_nav=(
                    NavEntry(
                        "directory:search",
                        _("Find a service"),
                        territory_scoped=False,
                        territory_param="territory",
                    ),
                ),
                staff_nav=(
                    NavEntry("directory:staff_services", _("Services"), "directory.edit_service"),
                    NavEntry(
                        "directory:moderation", _("Changes and reports to review"), "directory.moderate"
                    ),
                    NavEntry("directory:gaps", _("Gaps and overlaps"), "directory.view_gaps"),
                    NavEntry("directory:reach", _("Reach of services"), "directory.view_gaps"),
                    NavEntry("directory:unmet", _("Searches with no result"), "directory.view_gaps"),
                    NavEntry("directory:exchange", _("Import and export (HSDS)"), "directory.exchange"),
                ),
                organisation_nav=(
                    NavEntry("directory:organisation_services", _("Our services"), "directory.edit_service"),
                    NavEntry("directory:service_new", _("Add a service"), "directory.edit_service"),
                ),
                permissions={
                    "directory.edit_service": (Role.TERRITORY_ADMIN, Role.EDITOR, Role.PROVIDER_EDITOR),
                    "directory.moderate": (Role.TERRITORY_ADMIN, Role.EDITOR),
                    "directory.view_gaps": (Role.TERRITORY_ADMIN, Role.EDITOR, Role.ANALYST),
                    "directory.exchange": (Role.TERRITORY_ADMIN,),
                },
                demo_data=create_demo_services,
                statistics=directory_statistics,
                translatable_models=("directory.Service", "directory.Location"),
            )
        )
