from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tandem.accounts"
    verbose_name = "Agencies and users"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from tandem.accounts.signin import session_started

        # Every new session starts its clock and learns whether it owes a second factor,
        # however it was made (tandem.accounts.signin).
        user_logged_in.connect(session_started, dispatch_uid="tandem.accounts.session_started")
