from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tandem.core.urls")),
    path("", include("tandem.accounts.urls")),
    path("cases/", include("tandem.cases.urls")),
    path("cases/", include("tandem.risk.urls")),
    path("cases/", include("tandem.powers.urls")),
    path("", include("tandem.referrals.urls")),
    path("", include("tandem.sharing.urls")),
    path("cases/", include("tandem.casework.urls")),
    path("cases/", include("tandem.evidence.urls")),
    path("", include("tandem.supervision.urls")),
    path("reports/", include("tandem.incidents.urls")),
    path("people/", include("tandem.people.urls")),
    path("alerts/", include("tandem.alerts.urls")),
    path("data-protection/", include("tandem.dataprotection.urls")),
    path("audit/", include("tandem.audit.urls")),
    path("api/", include("tandem.config.api_urls")),
    path("admin/", admin.site.urls),
]

handler404 = "tandem.core.views.page_not_found"
handler403 = "tandem.core.views.permission_denied"
handler500 = "tandem.core.views.server_error"
