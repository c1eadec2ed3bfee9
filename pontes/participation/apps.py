from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "pontes.participation"
    label = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pontes.core.models import Role
        from pontes.core.registry import Capability, registry

        registry.register(
            Capability(
                label="participation",
                name=_("Participation"),
                summary=_(
                    "Consultative bodies of migrant residents, their meetings and recommendations, "
                    "with the authority's answers."
                ),
                order=40,
                permissions={
                    "participation.manage_bodies": (Role.TERRITORY_ADMIN, Role.EDITOR),
                },
            )
        )
