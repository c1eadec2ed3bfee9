"""Input parsing of the elections app: staff forms and the public ballot."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pontes.core.forms import TranslationFieldsMixin
from pontes.core.languages import language_name
from pontes.core.models import Territory
from pontes.participation.models import ConsultativeBody, SeatGroup

from .models import Complaint, Election, RegisterEntry
from .registers import MAX_BYTES


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"


class ElectionForm(TranslationFieldsMixin, forms.Form):
    body = forms.ModelChoiceField(queryset=ConsultativeBody.objects.none(), label=_("Consultative body"))
    original_language = forms.ChoiceField(label=_("Language of the title"), required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    seat_groups = forms.ModelMultipleChoiceField(
        queryset=SeatGroup.objects.none(),
        label=_("Seat groups it fills"),
        widget=forms.CheckboxSelectMultiple,
    )
    method = forms.ChoiceField(label=_("Voting method"), choices=Election.Method.choices)
    voting_opens = forms.DateTimeField(label=_("Voting opens"), widget=DateTimeInput())
    voting_closes = forms.DateTimeField(label=_("Voting closes"), widget=DateTimeInput())
    complaints_open = forms.DateField(
        label=_("Complaints about the register open on"), required=False, widget=DateInput()
    )
    complaints_close = forms.DateField(
        label=_("Complaints about the register close on"), required=False, widget=DateInput()
    )
    min_age = forms.IntegerField(
        label=_("Minimum age"),
        required=False,
        initial=18,
        min_value=0,
        max_value=30,
        help_text=_("Leave empty for no minimum age."),
    )
    require_residence = forms.BooleanField(
        label=_("Voters must reside in the territory"), required=False, initial=True
    )
    require_no_municipal_vote = forms.BooleanField(
        label=_("Voters must not be entitled to vote in municipal elections"), required=False, initial=True
    )
    require_regular_status = forms.BooleanField(
        label=_("Voters must hold a regular residence status (only where the law demands it)"), required=False
    )

    def __init__(self, *args: Any, territory: Territory, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = territory.effective_languages()
        self.default_language = own[0] if own else settings.LANGUAGE_CODE
        language_field: forms.ChoiceField = self.fields["original_language"]  # type: ignore[assignment]
        language_field.choices = [(code, language_name(code)) for code in languages]
        language_field.initial = self.default_language
        # The inputs for the other languages are made for the default original language; core
        # leaves out the one that becomes the original if the person chooses another.
        self.add_translation_fields(Election(original_language=self.default_language), languages)
        translated = [f"title__{code}" for code in self.translation_languages]
        self.order_fields(["body", "original_language", "title", *translated])
        bodies = ConsultativeBody.objects.filter(territory__path__startswith=territory.path)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["seat_groups"].queryset = SeatGroup.objects.filter(  # type: ignore[attr-defined]
            body__in=bodies, kind=SeatGroup.Kind.ELECTED
        ).select_related("body")
        self.fields["seat_groups"].label_from_instance = lambda g: f"{g.body} — {g.name}"  # type: ignore[attr-defined]

    def clean_original_language(self) -> str:
        return str(self.cleaned_data.get("original_language") or self.default_language)

    def election_values(self) -> dict[str, Any]:
        """What `services.create_election` takes, besides the translations."""
        return {name: value for name, value in self.cleaned_data.items() if "__" not in name}


class TitleTranslationForm(TranslationFieldsMixin, forms.Form):
    """The election's title in the other languages of its territory."""

    def __init__(self, *args: Any, election: Election, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_translation_fields(election, languages)


def _group_field(election: Election) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=election.seat_groups.order_by("order", "pk"), label=_("Seat group"), empty_label=None
    )


class CandidateForm(forms.Form):
    seat_group = forms.ModelChoiceField(queryset=SeatGroup.objects.none())
    name = forms.CharField(label=_("Candidate's name"), max_length=200)
    list_name = forms.CharField(label=_("List"), max_length=200, required=False)

    def __init__(self, *args: Any, election: Election, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat_group"] = _group_field(election)
        if election.method != Election.Method.DHONDT:
            del self.fields["list_name"]


class RegisterEntryForm(forms.Form):
    seat_group = forms.ModelChoiceField(queryset=SeatGroup.objects.none())
    name = forms.CharField(label=_("Voter's full name"), max_length=200)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())
    address = forms.CharField(label=_("Address"), max_length=400)
    document = forms.CharField(label=_("Document reference"), max_length=80)
    resident = forms.BooleanField(label=_("Resides in the territory"), required=False)
    no_municipal_vote = forms.BooleanField(
        label=_("Not entitled to vote in municipal elections"), required=False
    )
    regular_status = forms.BooleanField(label=_("Holds a regular residence status"), required=False)

    def __init__(self, *args: Any, election: Election, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat_group"] = _group_field(election)
        if not election.require_regular_status:
            del self.fields["regular_status"]

    def checks(self) -> dict[str, bool]:
        return {
            rule: bool(self.cleaned_data.get(rule))
            for rule in ("resident", "no_municipal_vote", "regular_status")
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Register file (CSV)"),
        help_text=_(
            "UTF-8 CSV with the columns name, birth_date (YYYY-MM-DD), address, document, seat_group, "
            "and optionally resident, no_municipal_vote, regular_status (yes or no). At most 2 MB."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload a .csv file."))
        return upload


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The person asks"),
        choices=Complaint.Kind.choices,
        initial=Complaint.Kind.ADD,
        required=False,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name of the person"), max_length=200)
    request = forms.CharField(
        label=_("What they ask (to be added, or what to correct)"), widget=forms.Textarea
    )

    def clean_kind(self) -> str:
        return str(self.cleaned_data.get("kind") or Complaint.Kind.ADD)


class FollowForm(forms.Form):
    reference = forms.CharField(
        label=_("Follow-up reference"),
        max_length=20,
        help_text=_("The reference shown when the request was sent, for example ABCD-EFGH."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


ENTRY_FIELDS = ("seat_group", "name", "birth_date", "address", "document")


class DecisionForm(forms.Form):
    """The decision on a complaint and, when it is accepted, the register entry to add or correct."""

    accepted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=(("1", _("Accepted: change the register")), ("0", _("Rejected"))),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting. The person reads it when they follow their request up."),
    )
    corrects = forms.ModelChoiceField(
        queryset=RegisterEntry.objects.none(), label=_("Entry to correct"), required=False
    )
    seat_group = forms.ModelChoiceField(queryset=SeatGroup.objects.none(), required=False)
    name = forms.CharField(label=_("Voter's full name"), max_length=200, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput(), required=False)
    address = forms.CharField(label=_("Address"), max_length=400, required=False)
    document = forms.CharField(label=_("Document reference"), max_length=80, required=False)
    resident = forms.BooleanField(label=_("Resides in the territory"), required=False)
    no_municipal_vote = forms.BooleanField(
        label=_("Not entitled to vote in municipal elections"), required=False
    )
    regular_status = forms.BooleanField(label=_("Holds a regular residence status"), required=False)

    def __init__(self, *args: Any, election: Election, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat_group"] = _group_field(election)
        self.fields["seat_group"].required = False
        if complaint.kind == Complaint.Kind.CORRECT:
            entries = election.register.filter(anonymised=False).select_related("seat_group").order_by("pk")
            self.fields["corrects"].queryset = entries  # type: ignore[attr-defined]
            self.fields["corrects"].label_from_instance = _entry_label  # type: ignore[attr-defined]
        else:
            del self.fields["corrects"]
        if not election.require_regular_status:
            del self.fields["regular_status"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("accepted"):
            needed = ENTRY_FIELDS + (("corrects",) if "corrects" in self.fields else ())
            for field in needed:
                if not data.get(field) and field not in self.errors:
                    self.add_error(field, _("Needed to accept the complaint."))
        return data

    def checks(self) -> dict[str, bool]:
        return {
            rule: bool(self.cleaned_data.get(rule))
            for rule in ("resident", "no_municipal_vote", "regular_status")
        }

    @staticmethod
    def initial_from(entry: RegisterEntry) -> dict[str, Any]:
        """The entry's current values, to start a correction from."""
        initial: dict[str, Any] = {
            "corrects": entry.pk,
            "accepted": "1",
            "seat_group": entry.seat_group_id,
            "name": entry.name,
            "birth_date": entry.birth_date,
            "address": entry.address,
            "document": entry.document,
        }
        initial.update({rule: bool(value) for rule, value in entry.checks.items()})
        return initial


def _entry_label(entry: RegisterEntry) -> str:
    return f"{entry.name} · {entry.document} · {entry.seat_group.name}"


class VoteForm(forms.Form):
    code = forms.CharField(
        label=_("Your voting code"),
        max_length=40,
        help_text=_("The code printed on the sheet you received, for example ABCD-EFGH-JKLM."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, election: Election, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = list(election.seat_groups.order_by("order", "pk"))
        candidates = list(election.candidates.all())
        for group in self.groups:
            mine = [c for c in candidates if c.seat_group_id == group.pk]
            name = f"group_{group.pk}"
            if election.method == Election.Method.DHONDT:
                lists = list(dict.fromkeys(c.list_name for c in mine))
                choices = [(n, f"{n}: " + ", ".join(c.name for c in mine if c.list_name == n)) for n in lists]
                self.fields[name] = forms.ChoiceField(
                    label=_("%(group)s: choose one list") % {"group": group.name},
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                    help_text=_("Leave it empty to cast a blank ballot."),
                )
            else:
                self.fields[name] = forms.MultipleChoiceField(
                    label=_("%(group)s: mark up to %(seats)s candidates")
                    % {"group": group.name, "seats": group.seats},
                    choices=[(str(c.pk), c.name) for c in mine],
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Leave it empty to cast a blank ballot."),
                )

    def choices_by_group(self) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for group in self.groups:
            value = self.cleaned_data.get(f"group_{group.pk}")
            out[group.pk] = list(value) if isinstance(value, list) else ([value] if value else [])
        return out


class StationVoteForm(VoteForm):
    """At a polling station: staff choose the voter instead of typing a code."""

    def __init__(self, *args: Any, election: Election, **kwargs: Any) -> None:
        super().__init__(*args, election=election, **kwargs)
        del self.fields["code"]
        entries = election.register.filter(has_voted=False, anonymised=False).order_by("pk")
        self.fields["entry"] = forms.ModelChoiceField(queryset=entries, label=_("Voter"))
        self.order_fields(["entry"])
