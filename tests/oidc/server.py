"""Start the test OpenID Connect provider (tests/oidc/provider.mjs, npm "oidc-provider") on
loopback and walk through its login form as a browser would."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = Path(__file__).with_name("provider.mjs")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class OIDCProvider:
    issuer: str
    client_id: str
    client_secret: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_provider(*, accounts: dict, redirect_uris: list[str]) -> OIDCProvider:
    """Run the provider with one confidential client and these accounts; wait until it answers."""
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError("npm package oidc-provider missing: run `make install-test`")
    port = free_port()
    client = {
        "client_id": "beteiligung-kleve",
        "client_secret": "test-only-client-secret-0123456789abcdef",
        "redirect_uris": redirect_uris,
    }
    env = {
        **os.environ,
        "OIDC_TEST_PORT": str(port),
        "OIDC_TEST_CLIENT": json.dumps(client),
        "OIDC_TEST_ACCOUNTS": json.dumps(accounts),
    }
    process = subprocess.Popen(
        ["node", str(SCRIPT)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
            break
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the test OpenID Connect provider did not start") from None
            time.sleep(0.1)
    return OIDCProvider(issuer, client["client_id"], client["client_secret"], process)


def follow_at_provider(browser: requests.Session, response, stop_at: str):
    """Follow redirects inside the provider; stop at a page or at a redirect to ``stop_at``."""
    while response.is_redirect:
        location = urljoin(response.url, response.headers["Location"])
        if location.startswith(stop_at):
            return location
        response = browser.get(location, allow_redirects=False)
    return response


def sign_in_at_provider(
    browser: requests.Session, authorize_url: str, login: str, password: str, stop_at: str
):
    """Open the authorize URL, fill in the provider's login form; return the redirect back to
    the site (a URL), or the provider's page when the login was refused."""
    page = follow_at_provider(browser, browser.get(authorize_url, allow_redirects=False), stop_at)
    if isinstance(page, str):  # still signed in at the provider: straight back
        return page
    action = re.search(r'<form method="post" action="([^"]+)"', page.text).group(1)
    response = browser.post(
        urljoin(page.url, action),
        data={"login": login, "password": password},
        allow_redirects=False,
    )
    return follow_at_provider(browser, response, stop_at)
