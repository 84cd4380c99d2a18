from django.urls import path

from tandem.incidents import views

app_name = "incidents"

urlpatterns = [
    path("new/", views.report_new, name="new"),
    path("new/<str:draft_id>/check/", views.report_check, name="check"),
]
