"""Input parsing of the calls app: the call, eligibility, the application, reviews, reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pontes.core.forms import BudgetLinesField, TranslationFieldsMixin
from pontes.core.languages import base_language, language_name
from pontes.core.models import Organisation

from .models import Assessment, Call, Criterion, Priority
from .services import CriterionSpec, QuestionSpec, html_message

YES_WORDS = {"yes", "y", "oui", "sí", "si", "نعم", "1", "true"}
NO_WORDS = {"no", "n", "non", "لا", "0", "false"}


def _split(line: str) -> list[str]:
    # Arabic keyboards type “؛” for the semicolon.
    return [part.strip() for part in line.replace("؛", ";").split(";")]


class CallForm(TranslationFieldsMixin, forms.ModelForm):
    priorities = forms.MultipleChoiceField(
        label=_("Priorities"), choices=Priority.choices, widget=forms.CheckboxSelectMultiple
    )
    questions = forms.CharField(
        label=_("Eligibility questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One line per yes/no question: the question, a semicolon, the answer required (yes or no), "
            "optionally a semicolon and why. E.g. “Is the organisation based here?; yes; The call funds "
            "local organisations.”"
        ),
    )
    criteria = forms.CharField(
        label=_("Scoring criteria"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line per criterion: its name, a semicolon, its weight. Weights add up to 100."),
    )

    class Meta:
        model = Call
        fields = [
            "original_language",
            "title",
            "description",
            "priorities",
            "budget",
            "ceiling",
            "currency",
            "opens_on",
            "deadline",
            "reviews_needed",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["questions"] = "\n".join(
                f"{q.text}; {'yes' if q.required_answer else 'no'}"
                + (f"; {q.explanation}" if q.explanation else "")
                for q in self.instance.questions.all()
            )
            self.initial["criteria"] = "\n".join(
                f"{c.name}; {c.weight}" for c in self.instance.criteria.all()
            )
        self.add_translation_fields(self.instance, languages)

    def clean_questions(self) -> list[QuestionSpec]:
        questions = []
        for number, line in enumerate(self.cleaned_data["questions"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = _split(line)
            answer = parts[1].lower() if len(parts) > 1 else ""
            if len(parts) < 2 or not parts[0] or answer not in YES_WORDS | NO_WORDS:
                raise ValidationError(
                    _("Line %(n)s: write the question, a semicolon and the answer required (yes or no).")
                    % {"n": number}
                )
            questions.append(QuestionSpec(parts[0], answer in YES_WORDS, "; ".join(parts[2:]).strip()))
        return questions

    def clean_criteria(self) -> list[CriterionSpec]:
        criteria = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, weight = line.replace("؛", ";").rpartition(";")
            try:
                value = int(weight.strip())
            except ValueError:
                raise ValidationError(
                    _("Line %(n)s: write the criterion, a semicolon and its weight, e.g. “Relevance; 30”.")
                    % {"n": number}
                ) from None
            if not name.strip() or not 1 <= value <= 100:
                raise ValidationError(
                    _("Line %(n)s: name the criterion and give a weight from 1 to 100.") % {"n": number}
                )
            criteria.append(CriterionSpec(name.strip(), value))
        if not criteria:
            raise ValidationError(_("Give at least one criterion."))
        return criteria


class CallTextsTranslationForm(forms.Form):
    """One input per language and text of the call's questions and criteria, named
    `q<id>_<field>__<language>` or `c<id>_name__<language>`."""

    def __init__(self, *args: Any, call: Call, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        original = base_language(call.original_language)
        self.languages = [code for code in languages if base_language(code) != original]
        self.questions = list(call.questions.all())
        self.criteria = list(call.criteria.all())
        self.groups: list[tuple[str, list[str]]] = []
        for code in self.languages:
            names = []
            for number, question in enumerate(self.questions, start=1):
                texts = [("text", _("Question %(n)s"))]
                if question.explanation:
                    texts.append(("explanation", _("Question %(n)s: why")))
                for field, label in texts:
                    names.append(
                        self._add(f"q{question.pk}_{field}__{code}", question, field, code, label, number)
                    )
            for number, criterion in enumerate(self.criteria, start=1):
                names.append(
                    self._add(
                        f"c{criterion.pk}_name__{code}", criterion, "name", code, _("Criterion %(n)s"), number
                    )
                )
            self.groups.append((language_name(code), names))

    def _add(self, name: str, item: Any, field: str, code: str, label: Any, number: int) -> str:
        self.fields[name] = forms.CharField(
            label=f"{label % {'n': number}} — {language_name(code)}",
            help_text=getattr(item, field),
            required=False,
            max_length=item._meta.get_field(field).max_length,
            initial=item.text_in(field, code),
            widget=forms.TextInput(attrs={"lang": code, "dir": "auto"}),
        )
        return name

    def translation_groups(self) -> list[tuple[str, list[Any]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.groups]

    def _collected(self, prefix: str) -> dict[int, dict[str, dict[str, str]]]:
        found: dict[int, dict[str, dict[str, str]]] = {}
        for key, value in self.cleaned_data.items():
            if not key.startswith(prefix):
                continue
            head, code = key.split("__", 1)
            pk, field = head[len(prefix) :].split("_", 1)
            found.setdefault(int(pk), {}).setdefault(code, {})[field] = value or ""
        return found

    def question_translations(self) -> dict[int, dict[str, dict[str, str]]]:
        return self._collected("q")

    def criterion_translations(self) -> dict[int, dict[str, dict[str, str]]]:
        return self._collected("c")


class EligibilityForm(forms.Form):
    """One yes/no question per field, named `q<id>`."""

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in call.questions.all():
            # In the reader's language, or the original marked as not yet translated.
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.tr("text").html,
                choices=[("yes", _("Yes")), ("no", _("No"))],
                coerce=lambda value: value == "yes",
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[str, bool]:
        return {name[1:]: bool(value) for name, value in self.cleaned_data.items() if name.startswith("q")}


class ApplicationForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=200)
    plan = forms.CharField(label=_("The plan"), widget=forms.Textarea(attrs={"rows": 6}))
    budget = BudgetLinesField(label=_("Budget"))
    amount_requested = forms.DecimalField(label=_("Amount requested"), min_value=0, decimal_places=2)
    partners = forms.CharField(label=_("Partners"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = forms.DateField(label=_("Planned start"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Planned end"), widget=forms.DateInput(attrs={"type": "date"}))
    gender_impact_analysed = forms.TypedChoiceField(
        label=_("Has the project's impact on women and on men been analysed?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    gender_analysis = forms.CharField(
        label=_("If so, what did the analysis find?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    gender_resources = forms.CharField(
        label=_("What resources of the budget go to gender equality work?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    gender_monitoring = forms.CharField(
        label=_("How will you monitor what is spent on women and on men?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    gender_effect = forms.CharField(
        label=_("What effect on inequalities between women and men do you expect?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConflictForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    note = forms.CharField(label=_("Nature of the conflict"), required=False, max_length=300)

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(call_applications__call=call).order_by("name")


class ReviewForm(forms.Form):
    gender_analysis = forms.ChoiceField(
        label=_("Analysis of the impact on women and men"),
        choices=Assessment.choices,
        widget=forms.RadioSelect,
    )
    gender_resources = forms.ChoiceField(
        label=_("Resources for gender equality work"), choices=Assessment.choices, widget=forms.RadioSelect
    )
    gender_monitoring = forms.ChoiceField(
        label=_("Monitoring of gender spending"), choices=Assessment.choices, widget=forms.RadioSelect
    )
    gender_effect = forms.ChoiceField(
        label=_("Expected effect on inequalities"), choices=Assessment.choices, widget=forms.RadioSelect
    )
    gender_comment = forms.CharField(
        label=_("Comment on the gender answers"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=html_message(
                    str(_("%(name)s (weight %(weight)s): score from 0 to 10")),
                    name=criterion.tr("name"),
                    weight=criterion.weight,
                ),
                min_value=0,
                max_value=10,
            )
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=html_message(str(_("%(name)s: justification")), name=criterion.tr("name")),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # Criteria first, then the gender assessment.
        names = [n for n in self.fields if n.startswith(("score_", "justification_"))]
        self.order_fields(names)

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"justification_{c.pk}"])
            for c in self.criteria
        }


class ReportForm(forms.Form):
    milestone = forms.CharField(label=_("Milestone"), max_length=200)
    progress = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    spent = forms.DecimalField(label=_("Spent so far"), min_value=0, decimal_places=2)


class ReportReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the report")), ("more", _("Ask for more information"))],
        widget=forms.RadioSelect,
    )
    staff_note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
