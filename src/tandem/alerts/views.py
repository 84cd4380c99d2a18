"""The signed-in user's alerts, and marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tandem.accounts.models import User
from tandem.alerts.selectors import alert_get_own, alerts_for
from tandem.alerts.services import alert_mark_read, alerts_mark_all_read
from tandem.audit.services import audit_list
from tandem.core.policies import signed_in

PAGE_SIZE = 25


@signed_in
def alert_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    page = Paginator(alerts_for(user), PAGE_SIZE).get_page(request.GET.get("page"))
    audit_list(actor=user, page="alerts", object_type="alert", count=page.paginator.count)
    return render(request, "alerts/list.html", {"page": page})


@signed_in
@require_POST
def alert_read(request: HttpRequest, alert_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    alert_mark_read(alert=alert_get_own(user, alert_id), actor=user)
    return redirect("alerts:list")


@signed_in
@require_POST
def alert_read_all(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    count = alerts_mark_all_read(actor=user)
    if count:
        messages.success(request, f"{count} alert{'s' if count != 1 else ''} marked as read")
    return redirect("alerts:list")
