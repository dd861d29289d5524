"""The editor's form for a headline test: up to three alternatives (rules in ``services``)."""

from __future__ import annotations

from django import forms

from newsbudget.experiments.models import HEADLINE_MAX_LENGTH, MAX_ALTERNATIVES


class HeadlineTestForm(forms.Form):
    """Three optional text fields; ``services.clean_alternatives`` decides what is valid."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for number in range(1, MAX_ALTERNATIVES + 1):
            self.fields[f"alternative_{number}"] = forms.CharField(
                label=f"Alternative {number}",
                required=False,
                max_length=HEADLINE_MAX_LENGTH,
                widget=forms.TextInput(attrs={"size": 80}),
            )

    def alternatives(self) -> list[str]:
        return [
            self.cleaned_data.get(f"alternative_{n}", "") for n in range(1, MAX_ALTERNATIVES + 1)
        ]


class DeclareWinnerForm(forms.Form):
    position = forms.IntegerField(min_value=0, max_value=MAX_ALTERNATIVES)
