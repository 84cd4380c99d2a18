from django.urls import path

from tandem.casework import views

app_name = "casework"

urlpatterns = [
    path("<str:reference>/contacts/new/", views.contact_new, name="contact_new"),
    path("<str:reference>/contact-plan/<int:person_id>/", views.contact_plan, name="contact_plan"),
    path("<str:reference>/assign/", views.assign, name="assign"),
    path("<str:reference>/lead-agency/", views.lead_agency, name="lead_agency"),
]
