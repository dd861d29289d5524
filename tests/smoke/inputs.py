"""What the crawler types into a form: nothing, then each hostile string of tests/hostile.

A submission fills every control with one value, the way a careless or hostile
person would: an XSS string that breaks out of an attribute, an SQL fragment,
10 kB of text, unusual Unicode, a NUL byte (which every form must refuse with
a 400), and numbers a number field cannot hold.  The CSRF token is always sent
as the page rendered it (a browser does; without it every POST is just a 403
and proves nothing).  The empty submission keeps hidden fields as rendered,
clears everything a person types into, and leaves boxes unticked.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.hostile.payloads import NUL_PAYLOADS, SQL_PAYLOADS, XSS_PAYLOADS
from tests.smoke.parsing import Form

LONG_TEXT = "x" * 10_240
UNICODE_TEXT = "Zoë ☃ 日本語 \u202etxt.exe \U0001f600 \u200b\ufeff \U0010ffff"


@dataclass(frozen=True)
class Variant:
    """One way of filling a form: a label for the report and the value put in every control."""

    label: str
    value: str | None  # None: the empty submission


HOSTILE: list[Variant] = [
    Variant("xss-script", XSS_PAYLOADS[0]),
    Variant("xss-attribute", '"><script>alert(1)</script>'),
    Variant("xss-handler", "<img src=x onerror=alert(1)>"),
    Variant("sql", SQL_PAYLOADS[0]),
    Variant("sql-union", "' UNION SELECT username, password, email FROM accounts_user--"),
    Variant("long-10kB", LONG_TEXT),
    Variant("unicode", UNICODE_TEXT),
    Variant("nul-byte", NUL_PAYLOADS[0]),
    Variant("number-huge", "9" * 40),
    Variant("number-float-overflow", "1e309"),
    Variant("number-nan", "NaN"),
    Variant("number-negative", "-1"),
]
VARIANTS: list[Variant] = [Variant("empty", None), *HOSTILE]


def is_csrf_token(name: str) -> bool:
    """The CSRF token's field, whatever the framework calls it.

    >>> is_csrf_token("csrfmiddlewaretoken"), is_csrf_token("q")
    (True, False)
    """
    return "csrf" in name.lower()


def variants_for(form: Form, *, sign_in_submissions: int) -> list[Variant]:
    """The submissions a form gets: all of them, or the first few for a sign-in form (lockout)."""
    if form.is_sign_in:
        return VARIANTS[:sign_in_submissions]
    return VARIANTS


def fill(form: Form, variant: Variant) -> list[tuple[str, str]]:
    """The (name, value) pairs to submit for ``form`` filled as ``variant`` says."""
    pairs: list[tuple[str, str]] = []
    for control in form.fields:
        if is_csrf_token(control.name):
            pairs.append((control.name, control.value))
        elif variant.value is None:
            pairs.extend(_empty(control.name, control.kind, control.value))
        else:
            pairs.append((control.name, variant.value))
    return pairs


def _empty(name: str, kind: str, rendered: str) -> list[tuple[str, str]]:
    if kind == "hidden":
        return [(name, rendered)]
    if kind in ("checkbox", "radio"):
        return []
    return [(name, "")]
