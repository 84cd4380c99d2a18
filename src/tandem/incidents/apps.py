from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "tandem.incidents"
    verbose_name = "Incidents"
