from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tandem.core"
    verbose_name = "Core"
