from django.urls import path

from tandem.people import views

app_name = "people"

urlpatterns = [
    path("<int:person_id>/merge/", views.merge, name="merge"),
    path("merges/<int:merge_id>/undo/", views.unmerge, name="unmerge"),
    path(
        "<int:person_id>/cases/<str:reference>/vulnerability/",
        views.vulnerability,
        name="vulnerability",
    ),
]
