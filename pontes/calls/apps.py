from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "pontes.calls"
    label = "calls"
    verbose_name = _("Calls")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pontes.core.models import Role
        from pontes.core.registry import Capability, NavEntry, registry

        from .demo import load as load_demo_calls
        from .selectors import territory_statistics

        registry.register(
            Capability(
                label="calls",
                name=_("Calls for projects"),
                summary=_(
                    "Calls for projects with fair review: eligibility, scoring by criteria, conflicts of "
                    "interest, awards within the budget and open data on grants."
                ),
                order=42,
                public_nav=(
                    NavEntry(
                        "calls:calls",
                        _("Calls for projects"),
                        territory_scoped=False,
                        territory_param="place",
                    ),
                ),
                staff_nav=(
                    NavEntry("calls:staff_home", _("Calls for projects"), "calls.review_applications"),
                ),
                organisation_nav=(
                    NavEntry("calls:organisation_home", _("Calls for projects"), "calls.apply"),
                ),
                permissions={
                    "calls.manage_calls": (Role.TERRITORY_ADMIN, Role.EDITOR),
                    "calls.review_applications": (Role.EDITOR, Role.ANALYST, Role.TERRITORY_ADMIN),
                    "calls.apply": (Role.PROVIDER_EDITOR,),
                },
                demo_data=load_demo_calls,
                statistics=territory_statistics,
                translatable_models=("calls.Call", "calls.EligibilityQuestion", "calls.Criterion"),
            )
        )
