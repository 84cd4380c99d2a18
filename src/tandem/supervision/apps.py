from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "tandem.supervision"
    verbose_name = "Supervision: supervisor reviews and case conferences"
