"""The contact form: what a reader may send, and the honeypot that catches form-filling bots.

The honeypot is a field named like a real one (``website``) that people never
see: it is hidden by the stylesheet (no inline style: the CSP forbids them),
labelled "leave empty" for screen readers, and skipped by the tab order.  A
bot that fills every input fills it too; ``is_spam`` tells the view, which
then answers exactly as for a real message (the thank-you page) while storing
and sending nothing, so the bot learns nothing to adapt to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

HONEYPOT = "website"


def single_line(value: str) -> None:
    """Subjects and names go into an email header: no line breaks or control characters."""
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        raise ValidationError("Use a single line of text.")


def filled_honeypot(data: Mapping[str, Any]) -> bool:
    """Whether the posted data has anything in the honeypot field.

    >>> filled_honeypot({"website": "http://spam.example"}), filled_honeypot({"website": " "})
    (True, False)
    """
    return bool(str(data.get(HONEYPOT, "")).strip())


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200, validators=[single_line])
    email = forms.EmailField(max_length=254)
    subject = forms.CharField(max_length=200, validators=[single_line])
    message = forms.CharField(widget=forms.Textarea, max_length=5000, min_length=10)
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def message_fields(self) -> dict[str, str]:
        """The cleaned fields a ``ContactMessage`` is made of."""
        return {name: self.cleaned_data[name] for name in ("name", "email", "subject", "message")}
