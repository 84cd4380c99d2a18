from __future__ import annotations

from django.contrib.auth import login, logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tandem.accounts.forms import SignInForm
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.core.policies import public, signed_in


@public
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            with transaction.atomic():
                login(request, user)
                audit_record(actor=user, action=AuditAction.SIGN_IN, request=request)
            return redirect(next_url or "cases:queue")
        audit_record(
            actor=None,
            action=AuditAction.SIGN_IN_FAILED,
            detail={"username": request.POST.get("username", "")[:150]},
            request=request,
        )
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url})


@signed_in
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    audit_record(actor=request.user, action=AuditAction.SIGN_OUT, request=request)  # type: ignore[arg-type]
    logout(request)
    return redirect("accounts:sign-in")
