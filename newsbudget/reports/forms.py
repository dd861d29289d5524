"""The form an editor fills in to ask for a desk report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from newsbudget.desks.models import Desk
from newsbudget.reports.models import Format
from newsbudget.reports.policies import reporting_desks
from newsbudget.reports.services import check_range

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportRequestForm(forms.Form):
    """A desk the editor edits, a range of budget days, a format."""

    desk: forms.ModelChoiceField[Desk] = forms.ModelChoiceField(
        queryset=Desk.objects.none(), empty_label=None
    )
    start = forms.DateField(label="From", widget=DATE_INPUT)
    end = forms.DateField(label="To", widget=DATE_INPUT)
    file_format = forms.ChoiceField(label="Format", choices=Format.choices, initial=Format.CSV)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = reporting_desks(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            try:
                check_range(start, end)
            except ValidationError as error:
                self.add_error("end", error)
        return cleaned
