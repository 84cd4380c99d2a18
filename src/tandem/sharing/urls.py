from django.urls import path

from tandem.sharing import views

app_name = "sharing"

urlpatterns = [
    path("cases/<str:reference>/shares/new/", views.share_new, name="share-new"),
    path(
        "cases/<str:reference>/shares/<int:share_id>/revoke/",
        views.share_revoke,
        name="share-revoke",
    ),
    path("sharing-agreements/", views.agreement_list, name="agreements"),
    path("sharing-agreements/new/", views.agreement_new, name="agreement-new"),
    path("sharing-agreements/<str:reference>/", views.agreement_detail, name="agreement"),
    path("sharing-agreements/<str:reference>/edit/", views.agreement_edit, name="agreement-edit"),
]
