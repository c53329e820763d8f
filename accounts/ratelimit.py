"""Rate limits that hold behind the reverse proxy and across app servers.

* ``client_ip`` is the one answer to "who is this client?" for allauth's limits and ours: behind
  ``TRUSTED_PROXY_COUNT`` proxies it is the address the outermost trusted proxy saw, otherwise
  REMOTE_ADDR (IPv6 addresses are shortened to their network, like allauth does).
* Counters live in Django's cache, which in production is the shared Redis (config.settings
  refuses to start without it), so every app server sees the same numbers.
* Failed logins (``LoginThrottle``) slow a guesser down without locking the owner out:
  per address and account a growing delay after a few free failures; per account a ceiling over
  all addresses, beyond which a password alone is not enough (a second factor or a password
  reset link is); allauth's own limit per address counts all failures from one client.
* While the cache is unreachable every limit here fails open: the request goes on uncounted,
  a warning is logged (``betrieb.cache``). Why, per limit:
  - posting (ideas, comments, replies, reports, supports) and barrier reports: a failing outside
    service never loses a submission; spam sent meanwhile is moderated like any other;
  - allauth's limits (login, failed logins, sign-up, password reset, e-mail management) and the
    login throttle: failing closed would lock every citizen and every member of staff out for
    as long as Redis is away, which is worse than a short window without counting. Guessing in
    that window stays slow (each attempt costs a password hash, about a third of a second of
    CPU), the outage is visible at once (readiness fails, the warning is logged), and staff
    accounts need a second factor on top of the password;
  - used one-time codes (allauth.mfa) are no limit and stay as allauth made them: without the
    cache a code cannot be marked used, and a login with a code fails until Redis is back
    (closed: a code must never count twice).
"""

from __future__ import annotations

import datetime
import hashlib
import math
import time
from dataclasses import dataclass

from allauth.core.internal import httpkit
from allauth.core.internal.ratelimit import (
    Rate,
    get_cache_key,
    get_rates,
    parse_rates,
    truncate_ip,
)
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats, timezone
from django.utils.translation import ngettext

from betrieb.cache import CACHE_ERRORS, add_in_windows, cache_unavailable, skip_cache

USE = "rate limits (fail open)"


def client_ip(request) -> str:
    """The client's address as our rate limits count it (see the module docstring)."""
    try:
        ip = httpkit.get_client_ip(request)
    except ImproperlyConfigured:
        # Fewer X-Forwarded-For entries than trusted proxies: the request did not come
        # through them; count the address that connected.
        ip = httpkit.clean_client_ip(request.META.get("REMOTE_ADDR", ""))
    return truncate_ip(ip) if ip else "unknown"


def _hashed(*parts: str) -> str:
    """A cache key part that does not store e-mail addresses or IPs in the clear."""
    text = "\x1f".join([settings.SECRET_KEY, *parts])
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def count_in_window(key: str, window: int, *, use: str = USE) -> int:
    """Add one to a fixed-window counter in the shared cache and return the new value (0 while
    the cache is unreachable: nothing is counted, see the module docstring). ``use`` names the
    limit in the warning."""
    return count_in_windows([(key, window)], use=use)[0]


def count_in_windows(windows: list[tuple[str, int]], *, use: str = USE) -> list[int]:
    """``count_in_window`` for several counters ``(key, window)``; with Redis in one round
    trip (``betrieb.cache.add_in_windows``)."""
    if skip_cache():
        return [0] * len(windows)
    try:
        return add_in_windows(cache, [(key, window, 1) for key, window in windows])
    except CACHE_ERRORS as error:
        cache_unavailable(use, error)
        return [0] * len(windows)


def read_cached(key: str, default=None, *, use: str = USE):
    """``cache.get``; ``default`` while the cache is unreachable (fail open)."""
    if skip_cache():
        return default
    try:
        return cache.get(key, default)
    except CACHE_ERRORS as error:
        cache_unavailable(use, error)
        return default


def _ignoring_outage(call, *args) -> None:
    """A cache write that may be lost while the cache is unreachable (fail open)."""
    if skip_cache():
        return
    try:
        call(*args)
    except CACHE_ERRORS as error:
        cache_unavailable(USE, error)


@dataclass(frozen=True)
class Refusal:
    """Why a login attempt was not even checked, and from when on it may be tried again."""

    # "address": this address and account; "account": the account's ceiling; "posting": a
    # limit on posting (posting_refusal)
    reason: str
    retry_at: float  # a Unix timestamp

    @property
    def seconds(self) -> int:
        return max(1, math.ceil(self.retry_at - time.time()))

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))

    @property
    def local_time(self) -> datetime.datetime:
        return timezone.localtime(datetime.datetime.fromtimestamp(self.retry_at, datetime.UTC))


class LoginThrottle:
    """Failed-login bookkeeping for one request (its client address) and one login name."""

    def __init__(self, request, login: str):
        config = settings.LOGIN_THROTTLE
        self.free_failures: int = config["free_failures"]
        self.first_delay: int = config["first_delay"]
        self.max_delay: int = config["max_delay"]
        self.memory: int = config["memory"]
        self.account_ceiling: int = config["account_ceiling"]
        self.account_window: int = config["account_window"]
        login = (login or "").strip().lower()
        ip = client_ip(request)
        self._failures_key = f"login-throttle:failures:{_hashed(login, ip)}"
        self._until_key = f"login-throttle:until:{_hashed(login, ip)}"
        self._account_key = f"login-throttle:account:{_hashed(login)}"
        self._account_since_key = f"login-throttle:account-since:{_hashed(login)}"

    def delay_after(self, failures: int) -> int:
        """Seconds to wait after this many failures in a row: none at first, then doubling."""
        if failures < self.free_failures:
            return 0
        return min(self.max_delay, self.first_delay * 2 ** (failures - self.free_failures))

    def refusal(self) -> Refusal | None:
        """Whether this address must wait before trying this account again."""
        until = read_cached(self._until_key)
        if until and until > time.time():
            return Refusal(reason="address", retry_at=until)
        return None

    def account_refusal(self) -> Refusal | None:
        """Whether the account had so many failures (from anywhere) that a password alone is
        no longer enough; ``retry_at`` is when the ceiling's window ends."""
        if read_cached(self._account_key, 0) < self.account_ceiling:
            return None
        since = read_cached(self._account_since_key) or time.time()
        return Refusal(reason="account", retry_at=since + self.account_window)

    def failed(self) -> None:
        """Count a wrong password: the delay for this address grows, the account's count too."""
        failures = count_in_window(self._failures_key, self.memory)
        delay = self.delay_after(failures)
        if delay:
            _ignoring_outage(cache.set, self._until_key, time.time() + delay, delay)
        _ignoring_outage(cache.add, self._account_since_key, time.time(), self.account_window)
        count_in_window(self._account_key, self.account_window)

    def succeeded(self) -> None:
        """The right password from this address: its delay starts from zero again."""
        _ignoring_outage(cache.delete_many, [self._failures_key, self._until_key])

    def clear_account(self) -> None:
        """After a password reset the account's ceiling no longer applies."""
        _ignoring_outage(cache.delete_many, [self._account_key, self._account_since_key])


def allauth_retry_at(request, action: str, app: str = "allauth.account") -> float | None:
    """When allauth's per-address limit for ``action`` lets this client in again (or None)."""
    now = time.time()
    retry_at = None
    for rate in get_rates(app=app, action=action):
        if rate.per != "ip":
            continue
        history = read_cached(get_cache_key(request, app=app, action=action, rate=rate), [])
        if len(history) >= rate.amount and history:
            candidate = history[rate.amount - 1] + rate.duration
            if candidate > now:
                retry_at = max(retry_at or candidate, candidate)
    return retry_at


# Posting: ideas, comments, replies, reports, supports, barrier reports


def posting_rates(action: str) -> list[Rate]:
    """The limits of one kind of post, from settings.POSTING_RATE_LIMITS (allauth's format:
    "5/m/user,30/m/ip": amount / period / per user or per client address)."""
    rates = parse_rates(settings.POSTING_RATE_LIMITS.get(action, ""))
    for rate in rates:
        if rate.per not in ("user", "ip"):
            raise ImproperlyConfigured(f"POSTING_RATE_LIMITS[{action!r}]: per user or ip only")
    return rates


def posting_refusal(request, action: str) -> Refusal | None:
    """Count one post of ``action`` by this user and client address; once a limit is reached,
    the refusal with the time the post may be sent again.

    Fixed windows in the shared cache (Redis in production): the counters hold across app
    processes, and counting is one atomic increment. Limits per user apply to logged-in users.
    """
    now = time.time()
    counters = []
    for rate in posting_rates(action):
        if rate.per == "user":
            if not request.user.is_authenticated:
                continue
            who = f"user:{request.user.pk}"
        else:
            who = f"ip:{client_ip(request)}"
        window = max(1, int(rate.duration))
        period = int(now // window)
        key = f"posting-limit:{action}:{rate.amount}/{window}:{_hashed(who)}:{period}"
        counters.append((key, window, rate.amount, (period + 1) * window))
    counts = count_in_windows([(key, window) for key, window, _amount, _end in counters])
    retry_at = max(
        (
            end
            for (_key, _window, amount, end), count in zip(counters, counts, strict=True)
            if count > amount
        ),
        default=None,
    )
    return Refusal(reason="posting", retry_at=retry_at) if retry_at else None


def posting_refusal_message(refusal: Refusal) -> str:
    """Why a post was refused and when it may be sent again."""
    when = formats.time_format(refusal.local_time, "H:i")
    return ngettext(
        "You have sent a lot in a short time. To protect the site from spam, please wait "
        "%(minutes)s minute: from %(time)s you can send it again. Nothing has been saved.",
        "You have sent a lot in a short time. To protect the site from spam, please wait "
        "%(minutes)s minutes: from %(time)s you can send it again. Nothing has been saved.",
        refusal.minutes,
    ) % {"minutes": refusal.minutes, "time": when}


# allauth's limits while the cache is unreachable


def fail_open(consume_single_rate):
    """Wrap allauth's ``_consume_single_rate``: allowed and uncounted while the cache is
    unreachable (the module docstring says why). allauth itself would raise, a 500."""

    def wrapper(request, *, rate, **kwargs):
        if skip_cache():
            return _uncounted(rate)
        from allauth.core.exceptions import RateLimited

        try:
            usage = consume_single_rate(request, rate=rate, **kwargs)
        except CACHE_ERRORS as error:
            cache_unavailable(USE, error)
            return _uncounted(rate)
        except RateLimited:
            if skip_cache():
                return _uncounted(rate)
            raise
        if usage is None and skip_cache():
            # Refused because the cache failed meanwhile (a cache that hides its errors,
            # config.cache, makes allauth's lock look taken): not a real refusal.
            return _uncounted(rate)
        return usage

    wrapper.fails_open = True
    return wrapper


class _Uncounted:
    """A usage that was never counted: its rollback (after a successful login) is a no-op."""

    def rollback(self) -> None:
        pass


def _uncounted(rate: Rate) -> _Uncounted:
    return _Uncounted()


def clear_fail_open(clear):
    """Wrap allauth's ``clear`` (after a successful login or a password reset): skipped while
    the cache is unreachable."""

    def wrapper(*args, **kwargs):
        _ignoring_outage(lambda: clear(*args, **kwargs))

    wrapper.fails_open = True
    return wrapper


def install_fail_open() -> None:
    """Make allauth's limits fail open (once; ``AccountsConfig.ready``)."""
    from allauth.core.internal import ratelimit as allauth_ratelimit

    if not getattr(allauth_ratelimit._consume_single_rate, "fails_open", False):
        allauth_ratelimit._consume_single_rate = fail_open(allauth_ratelimit._consume_single_rate)
    if not getattr(allauth_ratelimit.clear, "fails_open", False):
        allauth_ratelimit.clear = clear_fail_open(allauth_ratelimit.clear)
