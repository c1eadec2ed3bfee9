"""Forms of the directory: public search and reports, provider editing, moderation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pontes.core.forms import LanguageListField, TranslationFieldsMixin
from pontes.core.models import Territory

from . import vocabularies
from .models import Feedback, Location, Status
from .search import FLAG_FILTERS, MAX_RADIUS_KM

SORTS = [
    ("relevance", _("Best match")),
    ("distance", _("Nearest first")),
    ("modified", _("Recently updated")),
]
FLAG_LABELS = {
    "free": _("Free"),
    "low_cost": _("Low cost"),
    "evenings": _("Open in the evening"),
    "weekends": _("Open at weekends"),
    "accessible": _("Step-free access"),
    "open_to_all": _("Open to everyone in the area"),
    "no_documents": _("No documents needed, anonymous"),
}


def _choices(vocabulary: vocabularies.Vocabulary) -> list[tuple[str, Any]]:
    return list(vocabulary.values)


class SearchForm(forms.Form):
    """GET parameters of /services/. Each field is optional; bad values get a clear message."""

    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=300)
    need = forms.MultipleChoiceField(
        label=vocabularies.NEEDS.title, choices=_choices(vocabularies.NEEDS), required=False
    )
    phase = forms.MultipleChoiceField(
        label=vocabularies.PHASES.title, choices=_choices(vocabularies.PHASES), required=False
    )
    group = forms.MultipleChoiceField(
        label=vocabularies.TARGET_GROUPS.title, choices=_choices(vocabularies.TARGET_GROUPS), required=False
    )
    mode = forms.MultipleChoiceField(
        label=vocabularies.DELIVERY_MODES.title, choices=_choices(vocabularies.DELIVERY_MODES), required=False
    )
    level = forms.MultipleChoiceField(
        label=vocabularies.LEVELS.title, choices=_choices(vocabularies.LEVELS), required=False
    )
    lang = LanguageListField(label=_("Language spoken"), required=False, max_length=100)
    flag = forms.MultipleChoiceField(
        label=_("Good to know"), choices=[(k, FLAG_LABELS[k]) for k in FLAG_FILTERS], required=False
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    territory = forms.SlugField(label=_("In"), required=False)
    near = forms.SlugField(label=_("Near"), required=False)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    radius = forms.FloatField(label=_("Within (km)"), required=False, min_value=0.1, max_value=MAX_RADIUS_KM)
    sort = forms.ChoiceField(label=_("Order"), choices=SORTS, required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    view = forms.ChoiceField(choices=[("list", "list"), ("map", "map")], required=False)

    def clean_territory(self) -> Territory | None:
        slug = self.cleaned_data.get("territory")
        if not slug:
            return None
        territory = Territory.objects.filter(slug=slug).first()
        if territory is None:
            raise forms.ValidationError(_("There is no place called “%(slug)s” here."), params={"slug": slug})
        return territory

    def clean_near(self) -> Territory | None:
        slug = self.cleaned_data.get("near")
        if not slug:
            return None
        territory = Territory.objects.filter(slug=slug).first()
        if territory is None:
            raise forms.ValidationError(_("There is no place called “%(slug)s” here."), params={"slug": slug})
        if territory.latitude is None:
            raise forms.ValidationError(_("This place has no position on the map; choose another."))
        return territory

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("lat") is None) != (data.get("lon") is None):
            self.add_error("lon", _("Give both latitude and longitude, or neither."))
        return data


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is wrong?"), choices=Feedback.Kind.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Tell us more (optional). Do not write your name or any personal detail."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # A field people never see; automated senders fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)


class ScheduleRowForm(forms.Form):
    days = forms.MultipleChoiceField(
        label=_("Days"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("MO", _("Mon")),
            ("TU", _("Tue")),
            ("WE", _("Wed")),
            ("TH", _("Thu")),
            ("FR", _("Fri")),
            ("SA", _("Sat")),
            ("SU", _("Sun")),
        ],
    )
    opens_at = forms.TimeField(
        label=_("Opens at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes_at = forms.TimeField(
        label=_("Closes at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    description = forms.CharField(label=_("Note"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        if (data.get("opens_at") or data.get("closes_at")) and not data.get("days"):
            self.add_error("days", _("Choose at least one day."))
        return data


ScheduleFormSet = forms.formset_factory(ScheduleRowForm, extra=2, max_num=14, can_delete=True)


class ServiceForm(TranslationFieldsMixin, forms.Form):
    """A listing as a provider or staff member edits it; `payload()` gives what services expect."""

    name = forms.CharField(label=_("Name of the service"), max_length=250)
    description = forms.CharField(
        label=_("What it is"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    eligibility_description = forms.CharField(
        label=_("Who can use it"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    application_process = forms.CharField(
        label=_("How to get it"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    original_language = forms.CharField(label=_("Language of the texts above"), max_length=16)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    needs = forms.MultipleChoiceField(
        label=vocabularies.NEEDS.title,
        choices=_choices(vocabularies.NEEDS),
        widget=forms.CheckboxSelectMultiple,
    )
    phases = forms.MultipleChoiceField(
        label=vocabularies.PHASES.title,
        choices=_choices(vocabularies.PHASES),
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.MultipleChoiceField(
        label=vocabularies.TARGET_GROUPS.title,
        choices=_choices(vocabularies.TARGET_GROUPS),
        widget=forms.CheckboxSelectMultiple,
    )
    delivery_modes = forms.MultipleChoiceField(
        label=vocabularies.DELIVERY_MODES.title,
        choices=_choices(vocabularies.DELIVERY_MODES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    levels = forms.MultipleChoiceField(
        label=vocabularies.LEVELS.title,
        choices=_choices(vocabularies.LEVELS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = LanguageListField(label=_("Languages spoken by the staff"), required=False)
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    amount = forms.DecimalField(label=_("Otherwise, the price"), required=False, min_value=0, max_digits=10)
    currency = forms.CharField(label=_("Currency (ISO 4217, e.g. EUR)"), required=False, max_length=3)
    required_documents = forms.CharField(
        label=_("Documents to bring, one per line (leave empty if none)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    open_to_all = forms.BooleanField(label=_("Open to the whole population"), required=False)
    no_documents_needed = forms.BooleanField(
        label=_("No documents needed; people can stay anonymous"), required=False
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=50)
    url = forms.URLField(label=_("Website"), required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    locations = forms.MultipleChoiceField(
        label=_("Where it is given"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, locations: list[Location], languages: list[str], sample: Any, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["locations"].choices = [(str(loc.pk), str(loc)) for loc in locations]  # type: ignore[attr-defined]
        self.add_translation_fields(sample, languages)

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").upper()

    def payload(self, translations_base: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
        data = self.cleaned_data
        translations = {k: dict(v) for k, v in (translations_base or {}).items()}
        for code, fields in self.translation_data().items():
            entry = translations.setdefault(code, {})
            for field, text in fields.items():
                if text.strip():
                    entry[field] = text.strip()
                else:
                    entry.pop(field, None)
            if not entry:
                translations.pop(code)
        costs: list[dict[str, Any]] = []
        if data.get("free"):
            costs.append(
                {
                    "amount": "0",
                    "currency": data.get("currency") or "",
                    "option": "",
                    "amount_description": "",
                }
            )
        elif data.get("amount") is not None:
            costs.append(
                {
                    "amount": str(data["amount"]),
                    "currency": data.get("currency") or "",
                    "option": "",
                    "amount_description": "",
                }
            )
        return {
            "name": data["name"],
            "description": data.get("description", ""),
            "eligibility_description": data.get("eligibility_description", ""),
            "application_process": data.get("application_process", ""),
            "original_language": data["original_language"],
            "status": data["status"],
            "needs": data.get("needs", []),
            "phases": data.get("phases", []),
            "target_groups": data.get("target_groups", []),
            "delivery_modes": data.get("delivery_modes", []),
            "levels": data.get("levels", []),
            "languages": data.get("languages", []),
            "cost_options": costs,
            "required_documents": [
                line.strip() for line in data.get("required_documents", "").splitlines() if line.strip()
            ],
            "open_to_all": data.get("open_to_all", False),
            "no_documents_needed": data.get("no_documents_needed", False),
            "phones": [{"number": data["phone"], "languages": data.get("languages", [])}]
            if data.get("phone")
            else [],
            "url": data.get("url", ""),
            "email": data.get("email", ""),
            "location_ids": data.get("locations", []),
            "translations": translations,
        }

    @staticmethod
    def initial_from(payload: dict[str, Any]) -> dict[str, Any]:
        costs = payload.get("cost_options") or []
        first = costs[0] if costs else {}
        free = bool(costs) and all(str(c.get("amount") or "0") in ("0", "0.00", "") for c in costs)
        phones = payload.get("phones") or []
        return {
            **{
                k: payload.get(k)
                for k in (
                    "name",
                    "description",
                    "eligibility_description",
                    "application_process",
                    "original_language",
                    "status",
                    "needs",
                    "phases",
                    "target_groups",
                    "delivery_modes",
                    "levels",
                    "open_to_all",
                    "no_documents_needed",
                    "url",
                    "email",
                )
            },
            "languages": payload.get("languages") or [],
            "free": free,
            "amount": None if free or not first else first.get("amount") or None,
            "currency": first.get("currency", ""),
            "required_documents": "\n".join(payload.get("required_documents") or []),
            "phone": phones[0]["number"] if phones else "",
            "locations": payload.get("location_ids") or [],
        }


def schedules_payload(formset: Any) -> list[dict[str, str]]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE") or not data.get("days"):
            continue
        rows.append(
            {
                "byday": ",".join(data["days"]),
                "opens_at": data["opens_at"].strftime("%H:%M") if data.get("opens_at") else "",
                "closes_at": data["closes_at"].strftime("%H:%M") if data.get("closes_at") else "",
                "description": data.get("description", ""),
            }
        )
    return rows


def schedules_initial(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "days": [d for d in s.get("byday", "").split(",") if d],
            "opens_at": s.get("opens_at") or None,
            "closes_at": s.get("closes_at") or None,
            "description": s.get("description", ""),
        }
        for s in payload.get("schedules") or []
    ]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this change refused? The provider will read this."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )


class ExchangeUploadForm(forms.Form):
    file = forms.FileField(label=_("HSDS file: a JSON set, or the CSV datapackage as a .zip"))
    dry_run = forms.BooleanField(label=_("Only check, do not save"), required=False, initial=True)


class PopulationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file with the columns name, latitude, longitude and (optional) population")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            self.cleaned_data["text"] = upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file must be UTF-8 text (save it as “CSV UTF-8”).")) from error
        return upload
