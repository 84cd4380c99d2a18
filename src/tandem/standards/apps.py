from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "tandem.standards"
    verbose_name = "Service standards"
