from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "tandem.alerts"
    verbose_name = "Alerts"
