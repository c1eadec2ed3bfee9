from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "pontes.profiles"
    label = "profiles"
    verbose_name = _("Local migration profiles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pontes.core.models import Role
        from pontes.core.registry import Capability, NavEntry, registry

        from .demo import load as load_demo_profiles

        registry.register(
            Capability(
                label="profiles",
                name=_("Migration profile"),
                summary=_(
                    "Local figures on migration, comparable across places and years, with their sources."
                ),
                order=20,
                public_nav=(
                    NavEntry("profiles:profile", _("Migration profile: local figures")),
                    NavEntry("profiles:fact_cards", _("Facts against rumours")),
                ),
                staff_nav=(
                    NavEntry("profiles:staff_home", _("Migration profile"), "profiles.enter_data"),
                    NavEntry("profiles:completeness", _("Profile completeness"), "profiles.enter_data"),
                ),
                permissions={
                    # National staff keep the template of their country.
                    "profiles.manage_template": (Role.TERRITORY_ADMIN,),
                    "profiles.enter_data": (Role.TERRITORY_ADMIN, Role.EDITOR, Role.ANALYST),
                    "profiles.view_restricted": (Role.TERRITORY_ADMIN, Role.EDITOR, Role.ANALYST),
                },
                demo_data=load_demo_profiles,
                translatable_models=("profiles.Domain", "profiles.Indicator", "profiles.FactCard"),
            )
        )
