"""Forms of the budget board: jump to a day, and move a story to another day."""

from django import forms

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DayForm(forms.Form):
    """The date picker at the top of the board (a GET form)."""

    day = forms.DateField(label="Go to day", widget=DATE_INPUT)


class MoveForm(forms.Form):
    """Plan a story for another day."""

    budget_date = forms.DateField(label="Move to", widget=DATE_INPUT)
