"""A service's refusal lands on the form, on the field it names or above the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from pontes.core.forms import add_errors


class _Form(forms.Form):
    name = forms.CharField()


def test_field_errors_go_on_their_field_and_others_above_the_form() -> None:
    form = _Form({"name": "x"})
    assert form.is_valid()
    add_errors(form, ValidationError({"name": "Taken.", "elsewhere": "Not a field here."}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Not a field here."]


def test_a_refusal_without_a_field_goes_above_the_form() -> None:
    form = _Form({"name": "x"})
    assert form.is_valid()
    add_errors(form, ValidationError("Only a draft can be changed."))
    assert form.non_field_errors() == ["Only a draft can be changed."]
