from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "pontes.participation"
    label = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pontes.core.models import Role
        from pontes.core.registry import Capability, NavEntry, registry

        from .demo import load as load_demo_participation

        registry.register(
            Capability(
                label="participation",
                name=_("Participation"),
                summary=_(
                    "Consultative bodies of migrant residents, their meetings and recommendations, "
                    "with the authority's answers."
                ),
                order=40,
                public_nav=(
                    NavEntry(
                        "participation:bodies",
                        _("Consultative bodies"),
                        territory_scoped=False,
                        territory_param="place",
                    ),
                ),
                staff_nav=(
                    NavEntry(
                        "participation:staff_home", _("Consultative bodies"), "participation.manage_bodies"
                    ),
                ),
                permissions={
                    "participation.manage_bodies": (Role.TERRITORY_ADMIN, Role.EDITOR),
                    "participation.answer_recommendations": (Role.TERRITORY_ADMIN,),
                },
                demo_data=load_demo_participation,
                translatable_models=(
                    "participation.ConsultativeBody",
                    "participation.Meeting",
                    "participation.Recommendation",
                ),
            )
        )
