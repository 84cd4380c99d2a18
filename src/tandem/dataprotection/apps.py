from django.apps import AppConfig


class DataProtectionConfig(AppConfig):
    name = "tandem.dataprotection"
    label = "dataprotection"
    verbose_name = "Data protection: subject access, rectification and retention"
