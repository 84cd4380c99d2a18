from django.urls import path

from tandem.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<str:reference>/", views.detail, name="detail"),
]
