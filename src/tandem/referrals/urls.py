from django.urls import path

from tandem.referrals import views

app_name = "referrals"

urlpatterns = [
    path("referrals/", views.inbox, name="inbox"),
    path("referrals/<int:referral_id>/accept/", views.accept, name="accept"),
    path("referrals/<int:referral_id>/decline/", views.decline, name="decline"),
    path("referrals/<int:referral_id>/complete/", views.complete, name="complete"),
    path("cases/<str:reference>/referrals/new/", views.make, name="make"),
    path("cases/<str:reference>/tasks/new/", views.task_new, name="task-new"),
    path("tasks/<int:task_id>/done/", views.task_done, name="task-done"),
]
