from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChairmanshipsConfig(AppConfig):
    name = "chairmanships"
    verbose_name = _("Chairmanships")
