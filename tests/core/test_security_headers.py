"""The security headers every page carries, the Content-Security-Policy that no template
breaks, private pages that no cache keeps, and the production cookies."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import Client

import consortia

TEMPLATES = Path(consortia.__file__).parent
# E-mail bodies are read in mail clients, not under the site's CSP, and need inline styles.
E_MAIL = re.compile(r"/email/")
INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "an event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "a style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "a style element": re.compile(r"<style\b", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_no_template_has_inline_script_style_or_handler():
    templates = [path for path in TEMPLATES.rglob("*.html") if not E_MAIL.search(path.as_posix())]
    found = [
        f"{path.relative_to(TEMPLATES)}: {what}"
        for path in templates
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]

    assert len(templates) > 100
    assert found == []


def test_every_page_carries_the_security_headers(world):
    for client, path in ((Client(), "/"), (world.client("member_a"), "/directory/")):
        response = client.get(path)
        policy = dict(
            part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
        )

        assert response.status_code == 200
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"
        assert policy["object-src"] == "'none'"
        assert "unsafe" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_what_a_signed_in_person_sees_is_never_stored_by_a_cache(world):
    public = Client().get("/directory/")
    private = world.client("member_a").get("/directory/")
    token = world.client("member_b").post("/accounts/tokens/", {"name": "CRM"})
    raw = re.search(r"(cst_[\w-]+)</code>", token.content.decode()).group(1)
    api = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    bad_token = Client().get("/api/v1/me", headers={"Authorization": "Bearer cst_wrong"})

    assert "no-store" not in public.get("Cache-Control", "")
    assert private["Cache-Control"] == "private, no-store"
    assert (api.status_code, api["Cache-Control"]) == (200, "private, no-store")
    assert (bad_token.status_code, bad_token["Cache-Control"]) == (401, "private, no-store")


def test_the_browser_scripts_are_files_of_the_platform():
    base = (TEMPLATES / "core" / "templates" / "base.html").read_text(encoding="utf-8")
    config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', base).group(1)

    assert json.loads(config) == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
    }
    assert re.findall(r"<script src=\"\{% static '([^']+)' %\}\" defer></script>", base) == [
        "vendor/htmx-2.0.11.min.js",
        "consortia/app.js",
    ]


def test_production_cookies_are_host_only_and_secure(tmp_path):
    code = (
        "from django.conf import settings as s; import json; print(json.dumps({k: getattr(s, k) "
        "for k in ['SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'LANGUAGE_COOKIE_SECURE', 'SESSION_COOKIE_DOMAIN', "
        "'CSRF_COOKIE_DOMAIN', 'SESSION_COOKIE_PATH', 'CSRF_COOKIE_PATH', 'SESSION_COOKIE_HTTPONLY', "
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', "
        "'ALLAUTH_TRUSTED_PROXY_COUNT']}))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CONSORTIA_")} | {
        "CONSORTIA_PRODUCTION": "1",
        "CONSORTIA_SECRET_KEY": "y" * 64 + "-production-secret-from-the-environment",
        "CONSORTIA_ALLOWED_HOSTS": "consortia.example.org",
        "CONSORTIA_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "consortia.cli", "manage", "shell", "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SESSION_COOKIE_DOMAIN": None,  # __Host- cookies may name no domain…
        "CSRF_COOKIE_DOMAIN": None,
        "SESSION_COOKIE_PATH": "/",  # …and must be for the whole site
        "CSRF_COOKIE_PATH": "/",
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "ALLAUTH_TRUSTED_PROXY_COUNT": 1,
    }


def test_a_host_only_cookie_is_set_as_browsers_require(db, settings):
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    settings.CSRF_COOKIE_SECURE = True

    response = Client().get("/accounts/login/", secure=True)
    cookie = response.cookies["__Host-csrftoken"]

    assert (cookie["secure"], cookie["path"], cookie["domain"]) == (True, "/", "")
