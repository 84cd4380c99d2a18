from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "tandem.geography"
    verbose_name = "Geography"
