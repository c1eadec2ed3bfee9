from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiasporaConfig(AppConfig):
    name = "pontes.diaspora"
    label = "diaspora"
    verbose_name = _("Diaspora and migrant organisations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pontes.core.models import Role
        from pontes.core.registry import Capability, NavEntry, registry

        from .demo import load as load_demo_diaspora

        registry.register(
            Capability(
                label="diaspora",
                name=_("Diaspora and associations"),
                summary=_(
                    "Migrant and diaspora organisations, the skills people offer, opportunities and "
                    "project proposals for local development."
                ),
                order=30,
                public_nav=(
                    NavEntry(
                        "diaspora:opportunities",
                        _("Opportunities to take part"),
                        territory_scoped=False,
                        territory_param="place",
                    ),
                    NavEntry(
                        "diaspora:organisations",
                        _("Migrant and diaspora organisations"),
                        territory_scoped=False,
                        territory_param="origin",
                    ),
                ),
                staff_nav=(
                    NavEntry(
                        "diaspora:staff_home", _("Diaspora and associations"), "diaspora.view_statistics"
                    ),
                ),
                organisation_nav=(
                    NavEntry(
                        "diaspora:organisation_edit", _("Association profile"), "diaspora.edit_organisation"
                    ),
                ),
                permissions={
                    "diaspora.verify_organisation": (Role.TERRITORY_ADMIN, Role.EDITOR),
                    "diaspora.view_people": (Role.TERRITORY_ADMIN, Role.EDITOR, Role.ANALYST),
                    "diaspora.manage_opportunities": (Role.TERRITORY_ADMIN, Role.EDITOR),
                    "diaspora.review_proposals": (Role.TERRITORY_ADMIN, Role.EDITOR),
                    "diaspora.view_statistics": (Role.TERRITORY_ADMIN, Role.EDITOR, Role.ANALYST),
                    "diaspora.edit_organisation": (Role.PROVIDER_EDITOR,),
                },
                demo_data=load_demo_diaspora,
                translatable_models=("diaspora.Opportunity", "diaspora.Proposal"),
            )
        )
