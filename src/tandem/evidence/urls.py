from django.urls import path

from tandem.evidence import views

app_name = "evidence"

urlpatterns = [
    path("<str:reference>/evidence/diary/new/", views.diary_new, name="diary_new"),
    path("<str:reference>/evidence/files/new/", views.file_new, name="file_new"),
    path(
        "<str:reference>/evidence/files/<uuid:public_id>/",
        views.file_download,
        name="file_download",
    ),
]
