from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "pontes.calls"
    label = "calls"
    verbose_name = _("Calls")
    default_auto_field = "django.db.models.BigAutoField"
