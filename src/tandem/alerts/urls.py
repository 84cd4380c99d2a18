from django.urls import path

from tandem.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("read/", views.alert_read_all, name="read-all"),
    path("<int:alert_id>/read/", views.alert_read, name="read"),
]
