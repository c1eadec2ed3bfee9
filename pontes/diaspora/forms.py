"""Forms of the diaspora app: they parse input; services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pontes.core.forms import BudgetLinesField, LanguageListField, TranslationFieldsMixin
from pontes.core.models import Organisation, Territory

from . import vocabularies
from .models import PUBLIC_FIELD_CHOICES, Opportunity, Proposal

KIND_CHOICES = [
    (Organisation.Kind.MIGRANT_ASSOCIATION, _("Association")),
    (Organisation.Kind.UMBRELLA, _("Umbrella association")),
    (Organisation.Kind.FEDERATION, _("National federation")),
    (Organisation.Kind.INFORMAL_GROUP, _("Informal group")),
]


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.tr("name").text)


class TerritoryMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.tr("name").text)


def _places() -> Any:
    return Territory.objects.order_by("path")


class OrganisationProfileFields(forms.Form):
    """The fields of an organisation's profile, the same when it registers and when it edits."""

    origins = TerritoryMultipleField(
        label=_("Places of origin it is tied to"),
        queryset=Territory.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    focus_areas = forms.MultipleChoiceField(
        label=_("What it works on"),
        choices=vocabularies.FocusArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = LanguageListField(
        label=_("Languages spoken"), required=False, help_text=_("ISO 639 codes, e.g. ar, fr, es.")
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    website = forms.URLField(label=_("Website"), required=False)
    email = forms.EmailField(label=_("Public email"), required=False)
    phone = forms.CharField(label=_("Public phone"), max_length=40, required=False)
    legally_registered = forms.BooleanField(label=_("It is legally registered"), required=False)
    wants_registration_help = forms.BooleanField(
        label=_("We would like help from the authority to register it"), required=False
    )
    contact_name = forms.CharField(
        label=_("Contact person (kept private unless shown below)"), required=False
    )
    contact_email = forms.EmailField(label=_("Contact email (kept private)"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone (kept private)"), max_length=40, required=False)
    public_fields = forms.MultipleChoiceField(
        label=_("Show the public"),
        choices=PUBLIC_FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("base", "origins"):
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = _places()


class OrganisationForm(OrganisationProfileFields):
    name = forms.CharField(label=_("Name of the organisation"), max_length=250)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    base = TerritoryChoiceField(label=_("Where it is based"), queryset=Territory.objects.none())
    original_language = forms.ChoiceField(label=_("Language of the description"), choices=settings.LANGUAGES)
    not_a_duplicate = forms.BooleanField(
        label=_("It is another organisation than the one with a similar name"), required=False
    )

    field_order = [
        "name",
        "kind",
        "base",
        "origins",
        "focus_areas",
        "languages",
        "description",
        "original_language",
    ]


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    attachment = forms.ChoiceField(label=_("You are"), choices=vocabularies.Attachment.choices)
    residence_country = forms.CharField(
        label=_("Country where you live"), max_length=2, help_text=_("Two-letter code, e.g. ES, FR, MA.")
    )
    residence_city = forms.CharField(label=_("City (optional)"), max_length=120, required=False)
    territories = TerritoryMultipleField(
        label=_("Places you are attached to"),
        queryset=Territory.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    isco = forms.CharField(
        label=_("Occupations (ISCO-08 codes)"),
        required=False,
        help_text=_("Codes separated by commas, e.g. 2211, 7411. Leave empty if you prefer words."),
    )
    skills_text = forms.CharField(
        label=_("Skills in your own words"),
        required=False,
        help_text=_("One per line, e.g. argan oil processing."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    languages = LanguageListField(
        label=_("Languages you speak"), required=False, help_text=_("e.g. ar, fr, es")
    )
    education_level = forms.ChoiceField(
        label=_("Highest level of education"),
        choices=[("", _("— say nothing —")), *vocabularies.EducationLevel.choices],
        required=False,
    )
    availability = forms.ChoiceField(label=_("Availability"), choices=vocabularies.Availability.choices)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    about = forms.CharField(
        label=_("About you (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    consents = forms.MultipleChoiceField(
        label=_("Staff of the places you named may see your record and contact you for"),
        choices=vocabularies.ConsentUse.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose at least one. You can withdraw any of them at any time."),
    )
    notify_matches = forms.BooleanField(label=_("Email me new matching opportunities"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["territories"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = _places()

    def clean_isco(self) -> list[str]:
        codes = [
            c.strip()
            for c in self.cleaned_data["isco"]
            .replace("،", ",")
            .replace("؛", ",")
            .replace(";", ",")
            .split(",")
            if c.strip()
        ]
        bad = [c for c in codes if not vocabularies.is_isco(c)]
        if bad:
            raise ValidationError(_("Not ISCO-08 occupation codes: %(codes)s.") % {"codes": ", ".join(bad)})
        return codes

    def skills(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = [{"isco": code} for code in self.cleaned_data["isco"]]
        items += [{"label": line} for line in self.cleaned_data["skills_text"].splitlines() if line.strip()]
        return items

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "attachment": data["attachment"],
            "residence_country": data["residence_country"],
            "residence_city": data["residence_city"],
            "languages": data["languages"],
            "education_level": data["education_level"],
            "availability": data["availability"],
            "email": data["email"],
            "phone": data["phone"],
            "about": data["about"],
            "notify_matches": data["notify_matches"],
        }


class ConsentForm(forms.Form):
    consents = forms.MultipleChoiceField(
        label=_("Uses you agree to"),
        choices=vocabularies.ConsentUse.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ReviewForm(forms.Form):
    verified = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Verified")), ("0", _("Not verified"))],
        coerce=lambda v: v == "1",
    )
    review_note = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OpportunityForm(TranslationFieldsMixin, forms.ModelForm):
    skills = forms.CharField(
        label=_("Skills needed (ISCO-08 codes)"), required=False, help_text=_("Codes separated by commas.")
    )
    languages = LanguageListField(label=_("Languages needed"), required=False)

    class Meta:
        model = Opportunity
        fields = [
            "kind",
            "original_language",
            "title",
            "description",
            "sector",
            "priority",
            "skills",
            "languages",
            "remote_ok",
            "deadline",
        ]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["skills"] = ", ".join(self.instance.skills)
        self.add_translation_fields(self.instance, languages)

    def clean_skills(self) -> list[str]:
        raw = self.cleaned_data["skills"]
        codes = [
            c.strip()
            for c in str(raw).replace("،", ",").replace("؛", ",").replace(";", ",").split(",")
            if c.strip()
        ]
        bad = [c for c in codes if not vocabularies.is_isco(c)]
        if bad:
            raise ValidationError(_("Not ISCO-08 occupation codes: %(codes)s.") % {"codes": ", ".join(bad)})
        return codes


class ProposalTranslationForm(TranslationFieldsMixin, forms.Form):
    """The title, problem and plan of a proposal in the other languages of its place."""

    def __init__(self, *args: Any, proposal: Proposal, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_translation_fields(proposal, languages)


class ProposalForm(forms.Form):
    territory = TerritoryChoiceField(label=_("Place the project is for"), queryset=Territory.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), required=False, empty_label=_("Myself")
    )
    original_language = forms.ChoiceField(label=_("Language you write in"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(label=_("The problem"), widget=forms.Textarea(attrs={"rows": 4}))
    plan = forms.CharField(label=_("The plan"), widget=forms.Textarea(attrs={"rows": 5}))
    budget = BudgetLinesField(label=_("Budget"))
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    partners_sought = forms.CharField(
        label=_("Partners you are looking for"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    cofunding = forms.DecimalField(
        label=_("Co-funding you offer"), required=False, min_value=0, decimal_places=2
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        territory = self.fields["territory"]
        assert isinstance(territory, forms.ModelChoiceField)
        territory.queryset = _places()
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = organisations


class OrganisationEditForm(TranslationFieldsMixin, OrganisationProfileFields):
    """What an organisation's editors keep up to date: its profile, umbrellas and needs, and its
    name and description in other languages."""

    umbrellas = forms.ModelMultipleChoiceField(
        label=_("Umbrella associations and federations it belongs to"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    needs = forms.MultipleChoiceField(
        label=_("What it lacks"),
        choices=vocabularies.CapacityNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_details = forms.CharField(
        label=_("About what it lacks (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, organisation: Organisation, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_translation_fields(organisation, languages)
        umbrellas = self.fields["umbrellas"]
        assert isinstance(umbrellas, forms.ModelMultipleChoiceField)
        umbrellas.queryset = (
            Organisation.objects.filter(
                kind__in=[Organisation.Kind.UMBRELLA, Organisation.Kind.FEDERATION],
                diaspora_profile__status="verified",
            )
            .exclude(pk=organisation.pk)
            .order_by("name")
        )
