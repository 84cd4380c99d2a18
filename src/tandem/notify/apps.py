from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "tandem.notify"
    verbose_name = "Notifications"
