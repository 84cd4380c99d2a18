from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "tandem.sharing"
    verbose_name = "Information sharing"
