from django.apps import AppConfig


class PowersConfig(AppConfig):
    name = "tandem.powers"
    verbose_name = "Interventions and powers"
