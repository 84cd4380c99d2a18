from django.urls import path

from tandem.supervision import views

app_name = "supervision"

urlpatterns = [
    path("cases/<str:reference>/reviews/new/", views.review_new, name="review-new"),
    path("conferences/", views.conference_index, name="conferences"),
    path("conferences/new/", views.conference_new, name="conference-new"),
    path("conferences/<int:conference_id>/", views.conference_detail, name="conference"),
]
