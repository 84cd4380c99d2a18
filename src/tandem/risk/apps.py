from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "tandem.risk"
    verbose_name = "Risk assessment"
