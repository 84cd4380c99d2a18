from django.urls import path

from tandem.dataprotection import views

app_name = "dataprotection"

urlpatterns = [
    path("subject-access/", views.requests, name="requests"),
    path("subject-access/<str:reference>/", views.request_detail, name="request"),
    path(
        "subject-access/<str:reference>/document/",
        views.export_document,
        name="export_document",
    ),
    path("subject-access/<str:reference>/export.json", views.export_json, name="export_json"),
    path("people/", views.people, name="people"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/correct/", views.rectify, name="rectify"),
    path("people/<int:person_id>/subject-access/new/", views.request_new, name="request_new"),
]
