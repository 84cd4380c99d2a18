from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "tandem.cases"
    verbose_name = "Cases"
