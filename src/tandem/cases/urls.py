from django.urls import path

from tandem.cases import closure_views, views

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/summary/", views.summary, name="summary"),
    path("<str:reference>/status/", closure_views.status_change, name="status"),
    path("<str:reference>/close/", closure_views.close, name="close"),
    path("<str:reference>/reopen/", closure_views.reopen, name="reopen"),
    path("<str:reference>/closure-letter/", closure_views.closure_letter, name="closure-letter"),
    path("<str:reference>/survey/", closure_views.survey_response, name="survey"),
]
