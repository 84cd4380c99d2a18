from django.urls import path

from tandem.risk import views

app_name = "risk"

urlpatterns = [
    path("<str:reference>/assess/<int:person_id>/", views.assess, name="assess"),
]
