from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiasporaConfig(AppConfig):
    name = "pontes.diaspora"
    label = "diaspora"
    verbose_name = _("Diaspora and migrant organisations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pontes.core.models import Role
        from pontes.core.registry import Capability, registry

        registry.register(
            Capability(
                label="diaspora",
                name=_("Diaspora and associations"),
                summary=_(
                    "Migrant and diaspora organisations, the skills people offer, opportunities and "
                    "project proposals for local development."
                ),
                order=30,
                permissions={
                    "diaspora.verify_organisation": (Role.TERRITORY_ADMIN, Role.EDITOR),
                    "diaspora.view_people": (Role.TERRITORY_ADMIN, Role.EDITOR, Role.ANALYST),
                    "diaspora.manage_opportunities": (Role.TERRITORY_ADMIN, Role.EDITOR),
                    "diaspora.review_proposals": (Role.TERRITORY_ADMIN, Role.EDITOR),
                    "diaspora.view_statistics": (Role.TERRITORY_ADMIN, Role.EDITOR, Role.ANALYST),
                    "diaspora.edit_organisation": (Role.PROVIDER_EDITOR,),
                },
                translatable_models=("diaspora.Opportunity", "diaspora.Proposal"),
            )
        )
