from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "tandem.casework"
    verbose_name = "Case work: lead agency, contact plans and contacts"
