"""Forms of the participation app: they parse input; services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pontes.core.forms import TranslationFieldsMixin

from .models import ConsultativeBody, Meeting, Member, Mission, Recommendation, SeatGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CountryListField(forms.CharField):
    """ISO 3166 two-letter codes separated by commas (Arabic commas too), checked one by one."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = str(value or "").replace("،", ",").replace("؛", ",").replace(";", ",")
        return [code.strip().upper() for code in text.split(",") if code.strip()]

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def validate(self, value: Any) -> None:
        import pycountry

        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        unknown = [code for code in value if pycountry.countries.get(alpha_2=code) is None]
        if unknown:
            raise forms.ValidationError(
                _("Not two-letter country codes: %(codes)s."), params={"codes": ", ".join(unknown)}
            )

    def run_validators(self, value: Any) -> None:
        return None


def _countries_field() -> CountryListField:
    return CountryListField(
        label=_("Countries of origin"),
        required=False,
        help_text=_("Two-letter codes separated by commas, e.g. MA, SN, CO. Empty for everyone."),
    )


class BodyForm(TranslationFieldsMixin, forms.ModelForm):
    missions = forms.MultipleChoiceField(
        label=_("Missions"), choices=Mission.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    origin_countries = _countries_field()

    class Meta:
        model = ConsultativeBody
        fields = [
            "original_language",
            "name",
            "slug",
            "legal_basis",
            "legal_basis_url",
            "mandate",
            "missions",
            "scope",
            "origin_countries",
            "gender_balance_target",
            "president_speaks_at_council",
            "term_years",
            "answer_days",
        ]

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_translation_fields(self.instance, languages)


class SeatGroupForm(forms.ModelForm):
    origin_countries = _countries_field()

    class Meta:
        model = SeatGroup
        fields = ["name", "kind", "seats", "origin_countries", "order"]


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["name", "sex", "origin", "seat_group", "role", "term_start", "term_end", "elected"]
        widgets = {"term_start": DATE, "term_end": DATE}

    def __init__(self, *args: Any, body: ConsultativeBody, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seat_group: Any = self.fields["seat_group"]
        seat_group.queryset = body.seat_groups.all()


class MeetingForm(TranslationFieldsMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "original_language",
            "title",
            "agenda",
            "starts_at",
            "ends_at",
            "place",
            "is_open",
            "minutes",
            "decisions",
        ]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_translation_fields(self.instance, languages)
        if self.instance.minutes_status == Meeting.MinutesStatus.APPROVED:
            for name in ("minutes", "decisions"):
                self.fields[name].disabled = True


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    url = forms.URLField(label=_("Link"), required=False)
    upload = forms.FileField(
        label=_("or a file (PDF, ODT or DOCX, at most 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx"}),
    )


class AddendumForm(forms.Form):
    text = forms.CharField(label=_("Correction"), widget=forms.Textarea(attrs={"rows": 3}))


class AttendanceForm(forms.Form):
    def __init__(self, *args: Any, meeting: Meeting, members: list[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current: dict[int, str] = (
            {a.member_id: a.status for a in meeting.attendance.all()} if meeting.pk else {}
        )
        from .models import Attendance

        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=member.name,
                choices=[("", _("not recorded")), *Attendance.Status.choices],
                required=False,
                initial=current.get(member.pk, ""),
            )

    def statuses(self) -> dict[int, str]:
        return {int(k.removeprefix("member_")): v for k, v in self.cleaned_data.items()}


class RecommendationForm(TranslationFieldsMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = [
            "kind",
            "draft_reference",
            "original_language",
            "title",
            "text",
            "meeting",
            "votes_for",
            "votes_against",
            "votes_abstaining",
        ]

    def __init__(self, *args: Any, body: ConsultativeBody, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting: Any = self.fields["meeting"]
        meeting.queryset = body.meetings.filter(starts_at__lte=timezone.now())
        self.add_translation_fields(self.instance, languages)


class TransmitForm(forms.Form):
    on = forms.DateField(label=_("Sent to the authority on"), widget=DATE)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=Recommendation.Answer.choices)
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed for a rejection or a partial acceptance."),
    )


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    done = forms.BooleanField(label=_("Implementation is complete"), required=False)


class ChangeTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    reason = forms.CharField(
        label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
