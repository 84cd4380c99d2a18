"""`make security`'s dependency check: pip-audit over the packages pinned in uv.lock.

    uv run python scripts/pip_audit.py

Exits 1 if a known vulnerability affects a locked package (or pip-audit fails), 0 if none does.
pip-audit needs a vulnerability service: PyPI's JSON API by default (TANDEM_PIP_AUDIT_SERVICE=osv
for OSV). When the service cannot be reached or does not answer for these packages, this says so
plainly and exits 0 with "SKIPPED", so an offline build is not blocked; set
TANDEM_REQUIRE_PIP_AUDIT=1 (as a release pipeline should) to make that a failure too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVICE = os.environ.get("TANDEM_PIP_AUDIT_SERVICE", "pypi")
TIMEOUT = int(os.environ.get("TANDEM_PIP_AUDIT_TIMEOUT", "300"))
REQUIRED = os.environ.get("TANDEM_REQUIRE_PIP_AUDIT", "") == "1"
# pip-audit's words for a package it could not look up.
UNREACHABLE = re.compile(
    r"not found on PyPI|ConnectionError|Max retries exceeded|timed out|Temporary failure|"
    r"Name or service not known|ServiceError",
    re.IGNORECASE,
)


def locked_requirements() -> str:
    uv = shutil.which("uv")
    command = [uv] if uv else [sys.executable, "-m", "uv"]  # as the Makefile finds it
    command += ["export", "--frozen", "--no-hashes", "--no-emit-project"]
    command += ["--format", "requirements-txt"]
    return subprocess.run(  # noqa: S603 - uv with fixed arguments
        command, cwd=REPO, check=True, capture_output=True, text=True
    ).stdout


def probe(name: str, version: str) -> str:
    """ "" if the service answers for one locked package; otherwise why not."""
    if SERVICE == "osv":
        url = "https://api.osv.dev/v1/query"
        body = json.dumps({"package": {"name": name, "ecosystem": "PyPI"}, "version": version})
        request = urllib.request.Request(url, data=body.encode(), method="POST")
    else:
        url = f"https://pypi.org/pypi/{name}/{version}/json"
        request = urllib.request.Request(url)  # noqa: S310 - a fixed https URL
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - fixed https URL
            response.read(1)
    except urllib.error.HTTPError as error:
        return f"{url} answered HTTP {error.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        return f"{url} could not be reached ({error})"
    return ""


def skipped(reason: str) -> int:
    print("=" * 78)
    print("pip-audit SKIPPED: the vulnerability service cannot be used from here.")
    print(f"  {reason}")
    print("  The locked dependencies were NOT checked for known vulnerabilities.")
    print("  Run `make security` where pypi.org (or api.osv.dev) is reachable.")
    print("=" * 78)
    return 1 if REQUIRED else 0


def main() -> int:
    requirements = locked_requirements()
    pin = re.search(r"^django==(\S+)", requirements, re.MULTILINE)
    if pin is None:
        print("uv export gave no pinned Django: is uv.lock intact?")
        return 1
    reason = probe("django", pin.group(1))
    if reason:
        return skipped(reason)

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write(requirements)
    try:
        command = [
            sys.executable, "-m", "pip_audit",
            "--requirement", handle.name,
            "--no-deps", "--disable-pip", "--strict",
            "--vulnerability-service", SERVICE,
            "--progress-spinner", "off",
            "--desc", "on",
        ]  # fmt: skip
        try:
            result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
                command, capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            return skipped(f"pip-audit had no answer within {TIMEOUT} s")
    finally:
        os.unlink(handle.name)

    output = result.stdout + result.stderr
    print(output.strip())
    found = re.search(r"Found \d+ known vulnerabilit", output)
    if result.returncode != 0 and not found and UNREACHABLE.search(output):
        return skipped("pip-audit could not look up every package (see above)")
    if result.returncode == 0:
        print("pip-audit: no known vulnerabilities in the locked dependencies.")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
