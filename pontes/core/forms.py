"""Forms of core. Views parse with these, then call a service."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .languages import base_language, language_name, normalise_language_code, validate_language_code
from .models import Organisation, Role, Territory, User
from .translation import TranslatableModel


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": _("Enter the six digits shown in your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def parse_amount(text: str) -> Decimal:
    """An amount written the local way: “2.000,50”, “2,000.50”, “2000,5”, “2 000” or with Arabic
    decimal and thousands separators. Raises InvalidOperation when it is not a number."""
    digits = text.strip().replace(" ", "").replace("\u00a0", "").replace("\u066b", ".").replace("\u066c", "")
    if "," in digits and "." in digits:
        thousands = "." if digits.rfind(",") > digits.rfind(".") else ","
        digits = digits.replace(thousands, "")
    return Decimal(digits.replace(",", "."))


class BudgetLinesField(forms.CharField):
    """Budget lines typed one per line, “item; amount”, as (item, amount) pairs; a problem names its
    line. Arabic keyboards type “؛” for the semicolon."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text", _("One line per item: what it is, a semicolon, the amount. E.g. “Room hire; 1200”.")
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[tuple[str, Decimal]]:  # type: ignore[override]
        lines = []
        for number, line in enumerate(str(value or "").splitlines(), start=1):
            if not line.strip():
                continue
            label, _sep, amount = line.replace("؛", ";").rpartition(";")
            try:
                figure = parse_amount(amount)
            except InvalidOperation:
                raise ValidationError(
                    _("Line %(n)s: write the item, a semicolon and the amount, e.g. “Room hire; 1200”.")
                    % {"n": number}
                ) from None
            if not label.strip() or not figure.is_finite() or figure <= 0:
                raise ValidationError(
                    _("Line %(n)s: name the item and give an amount above zero.") % {"n": number}
                )
            lines.append((" ".join(label.split()), figure))
        return lines

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(_("Give at least one budget line."), code="required")

    def run_validators(self, value: Any) -> None:
        return None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(f"{label}; {amount}" for label, amount in value)
        return value


class LanguageListField(forms.CharField):
    """ISO 639 codes separated by commas or spaces: 'es, ar, fr'."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        codes: list[str] = []
        for part in text.replace(",", " ").split():
            code = normalise_language_code(part)
            if code not in codes:
                codes.append(code)
        return codes

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def validate(self, value: Any) -> None:
        super().validate(value)
        bad = []
        for code in value:
            try:
                validate_language_code(code)
            except forms.ValidationError:
                bad.append(code)
        if bad:
            raise forms.ValidationError(
                _("Not ISO 639 language codes: %(codes)s. Use codes such as es, ar, fr, wo."),
                params={"codes": ", ".join(bad)},
            )


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form: on the field it names when the form has one, above
    the form otherwise (also for a refusal that names no field)."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def translation_languages(territory: Territory) -> list[str]:
    """The languages a form offers translations in: the interface's, then the territory's own."""
    languages = [code for code, _name in settings.LANGUAGES]
    for code in territory.effective_languages():
        if code not in languages:
            languages.append(code)
    return languages


class TranslationFieldsMixin:
    """Adds one input per (language, translatable field), named `<field>__<language>`."""

    translation_languages: list[str]
    translatable_field_names: list[str]

    def add_translation_fields(self, instance: TranslatableModel, languages: list[str]) -> None:
        fields: dict[str, forms.Field] = self.fields  # type: ignore[attr-defined]
        self.translation_languages = [code for code in languages if code != instance.original_language]
        self.translatable_field_names = list(instance.translatable_fields)
        for code in self.translation_languages:
            for name in instance.translatable_fields:
                model_field = instance._meta.get_field(name)
                is_long = model_field.get_internal_type() == "TextField"
                widget: forms.Widget = forms.Textarea(attrs={"rows": 3}) if is_long else forms.TextInput()
                widget.attrs.update({"lang": code, "dir": "auto"})
                fields[f"{name}__{code}"] = forms.CharField(
                    label=f"{getattr(model_field, 'verbose_name', name)} — {language_name(code)}",
                    required=False,
                    initial=instance.text_in(name, code) if instance.pk else "",
                    widget=widget,
                )

    def translation_data(self) -> dict[str, dict[str, str]]:
        """The translations typed in, by language. The inputs were made for the original language
        the object had when the form was built; if the person chose another one now, its inputs
        are left out, since the main fields hold that text (an empty one would blank them)."""
        data: dict[str, dict[str, str]] = {}
        cleaned: dict[str, Any] = self.cleaned_data  # type: ignore[attr-defined]
        original = base_language(str(cleaned.get("original_language") or ""))
        for key, value in cleaned.items():
            if "__" in key:
                name, code = key.split("__", 1)
                if original and base_language(code) == original:
                    continue
                data.setdefault(code, {})[name] = value or ""
        return data

    def translation_groups(self) -> list[tuple[str, list[Any]]]:
        form: Any = self
        return [
            (language_name(code), [form[f"{name}__{code}"] for name in self.translatable_field_names])
            for code in self.translation_languages
        ]


class TerritoryForm(TranslationFieldsMixin, forms.ModelForm):
    languages = LanguageListField(
        label=_("Languages served"),
        required=False,
        help_text=_("ISO 639 codes, most used first, e.g. es, ar, fr."),
    )

    class Meta:
        model = Territory
        fields = [
            "name",
            "slug",
            "kind",
            "iso_code",
            "original_language",
            "description",
            "languages",
            "is_origin",
            "is_destination",
            "is_transit",
            "latitude",
            "longitude",
            "bbox_south",
            "bbox_west",
            "bbox_north",
            "bbox_east",
            "timezone",
        ]
        labels = {
            "original_language": _("Language of the texts above"),
            "bbox_south": _("Southern edge (latitude)"),
            "bbox_west": _("Western edge (longitude)"),
            "bbox_north": _("Northern edge (latitude)"),
            "bbox_east": _("Eastern edge (longitude)"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance: Territory = self.instance
        languages = [code for code, _name in settings.LANGUAGES]
        for code in instance.effective_languages() if instance.pk else []:
            if code not in languages:
                languages.append(code)
        self.add_translation_fields(instance, languages)

    def clean_original_language(self) -> str:
        code = normalise_language_code(self.cleaned_data["original_language"])
        validate_language_code(code)
        return code

    def _post_clean(self) -> None:
        # Validation of the whole territory happens in the service, with the tree fields set.
        pass

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def fieldsets(self) -> list[tuple[str, list[Any]]]:
        groups = [
            (_("Identity"), ["name", "slug", "kind", "iso_code", "original_language", "description"]),
            (_("Role in migration"), ["is_origin", "is_destination", "is_transit"]),
            (_("Languages and time"), ["languages", "timezone"]),
            (_("Location"), ["latitude", "longitude", "bbox_south", "bbox_west", "bbox_north", "bbox_east"]),
        ]
        sets: list[tuple[str, list[Any]]] = [
            (str(legend), [self[name] for name in names]) for legend, names in groups
        ]
        for language, fields in self.translation_groups():
            sets.append((str(_("In %(language)s") % {"language": language}), fields))
        return sets


class GrantRoleForm(forms.Form):
    username = forms.CharField(label=_("Username of an existing account"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    territory: forms.ModelChoiceField[Territory] = forms.ModelChoiceField(
        label=_("Over the territory"),
        queryset=Territory.objects.none(),
        required=False,
        help_text=_("For administrators, editors and analysts."),
    )
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Over the organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("For provider editors."),
    )

    def __init__(self, *args: Any, territory: Territory, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        territory_field = cast(forms.ModelChoiceField, self.fields["territory"])
        organisation_field = cast(forms.ModelChoiceField, self.fields["organisation"])
        territory_field.queryset = Territory.objects.filter(path__startswith=territory.path).order_by("path")
        organisation_field.queryset = Organisation.objects.filter(
            territory__path__startswith=territory.path
        ).order_by("name")
        self.fields["territory"].initial = territory.pk
        self.fields["role"].initial = Role.EDITOR  # the least surprising choice, not the most powerful

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No active account is called “%(name)s”."), params={"name": username}
            )
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role == Role.PROVIDER_EDITOR:
            if not data.get("organisation"):
                self.add_error("organisation", _("Choose the organisation this provider editor works for."))
            data["territory"] = None
        elif role:
            if not data.get("territory"):
                self.add_error("territory", _("Choose the territory this role covers."))
            data["organisation"] = None
        return data


class CreateAccountForm(GrantRoleForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    field_order = ["username", "email", "first_name", "last_name", "role", "territory", "organisation"]

    def clean_username(self) -> str:  # type: ignore[override]
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("An account with this username exists already."))
        return username


class ProfileForm(forms.ModelForm):
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=[("", "—"), *settings.LANGUAGES], required=False
    )

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "preferred_language"]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password. Nothing was deleted."))
        return password
