from django.urls import path

from tandem.powers import views

app_name = "powers"

urlpatterns = [
    path("<str:reference>/powers/new/", views.record, name="record"),
]
