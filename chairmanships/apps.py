from django.apps import AppConfig


class ChairmanshipsConfig(AppConfig):
    name = "chairmanships"
