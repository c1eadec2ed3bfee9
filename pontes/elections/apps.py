from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "pontes.elections"
    label = "elections"
    verbose_name = _("Elections")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pontes.core.models import Role
        from pontes.core.registry import Capability, NavEntry, registry

        from .demo import load as load_demo_elections

        registry.register(
            Capability(
                label="elections",
                name=_("Elections"),
                summary=_(
                    "Elections of the consultative bodies' elected seats: eligibility registers, "
                    "secret ballots with single-use codes, results anyone can recount."
                ),
                order=41,
                public_nav=(NavEntry("elections:list", _("Elections"), territory_scoped=False),),
                staff_nav=(NavEntry("elections:staff_home", _("Elections"), "elections.manage_elections"),),
                permissions={
                    "elections.manage_elections": (Role.TERRITORY_ADMIN, Role.EDITOR),
                    "elections.record_votes": (Role.TERRITORY_ADMIN, Role.EDITOR),
                },
                demo_data=load_demo_elections,
                translatable_models=("elections.Election",),
            )
        )
