from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pontes.core"
    label = "core"
    verbose_name = _("Pontes core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .demo_steps import create_territories_people_and_organisations
        from .permissions import CORE_PERMISSIONS
        from .registry import Capability, NavEntry, registry
        from .statistics import core_statistics

        registry.register(
            Capability(
                label="core",
                name=_("Territories and people"),
                summary=_("The places Pontes serves, who works on them and what changed."),
                order=0,
                staff_nav=(
                    NavEntry("core:staff_territory", _("Overview"), "core.view_staff_area"),
                    NavEntry("core:territory_edit", _("Edit this territory"), "core.manage_territory"),
                    NavEntry("core:territory_add", _("Add a territory below"), "core.manage_territory"),
                    NavEntry("core:people", _("People and roles"), "core.manage_roles"),
                    NavEntry("core:translations", _("Missing translations"), "core.view_translation_gaps"),
                    NavEntry("core:audit", _("Audit trail"), "core.view_audit"),
                ),
                permissions=CORE_PERMISSIONS,
                demo_data=create_territories_people_and_organisations,
                statistics=core_statistics,
                translatable_models=("core.Territory", "core.Organisation"),
            )
        )
