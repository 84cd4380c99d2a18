from django.urls import path

from tandem.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.two_factor, name="two-factor"),
    path("sign-in/recovery-code/", views.two_factor_recovery, name="two-factor-recovery"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("account/", views.account, name="account"),
    path("account/keep-alive/", views.keep_alive, name="keep-alive"),
    path("account/password/", views.password_change, name="password-change"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("account/two-factor/set-up/", views.two_factor_set_up, name="two-factor-set-up"),
    path("account/two-factor/reset/", views.two_factor_reset_own, name="two-factor-reset"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path(
        "account/two-factor/recovery-codes/download/",
        views.recovery_codes_download,
        name="recovery-codes-download",
    ),
]
