from django.urls import path

from tandem.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export, name="export"),
    path("<int:event_id>/", views.event_detail, name="event"),
]
