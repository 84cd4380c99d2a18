"""The API, at /api/: version 1 endpoints, the OpenAPI schema and its Swagger UI docs."""

from django.urls import URLPattern, path

from tandem.audit.api import AuditEventListView
from tandem.cases.api import CaseDetailView, CaseListView
from tandem.core.api_views import DocsView, ReferenceDataView, SchemaView
from tandem.incidents.api import IncidentCreateView
from tandem.risk.api import CaseAssessmentsView, RiskMatrixView
from tandem.sharing.api import CaseShareDetailView, CaseSharesView

app_name = "api"

urlpatterns: list[URLPattern] = [
    path("v1/incidents/", IncidentCreateView.as_view(), name="incident-create"),
    path("v1/cases/", CaseListView.as_view(), name="case-list"),
    path("v1/cases/<str:reference>/", CaseDetailView.as_view(), name="case-detail"),
    path(
        "v1/cases/<str:reference>/assessments/",
        CaseAssessmentsView.as_view(),
        name="case-assessments",
    ),
    path("v1/cases/<str:reference>/shares/", CaseSharesView.as_view(), name="case-shares"),
    path(
        "v1/cases/<str:reference>/shares/<int:share_id>/",
        CaseShareDetailView.as_view(),
        name="case-share",
    ),
    path("v1/risk/matrix/", RiskMatrixView.as_view(), name="risk-matrix"),
    path("v1/reference/", ReferenceDataView.as_view(), name="reference"),
    path("v1/audit/", AuditEventListView.as_view(), name="audit-list"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
]
