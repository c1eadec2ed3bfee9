"""Forms of the profiles app: they parse input; services decide and write."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pontes.core.forms import TranslationFieldsMixin
from pontes.core.languages import base_language

from . import default_template
from .importing import BASE_FIELDS, dimension_name, field_labels, parse_number
from .models import TOTAL, FactCard, ImportBatch, Indicator, IndicatorTemplate
from .periods import PeriodError, parse_period

MAX_UPLOAD = 200 * 1024 * 1024  # an XLSX of a whole country's census tables stays far below


class UploadForm(forms.Form):
    FORMATS = [
        ("", _("Work it out from the file")),
        (ImportBatch.Format.CSV, _("CSV or XLSX table, one figure per row")),
        (ImportBatch.Format.SDMX_CSV, _("SDMX-CSV (Eurostat, OECD and other statistics offices)")),
        (ImportBatch.Format.UN_DESA, _("UN DESA International Migrant Stock workbook")),
    ]

    file = forms.FileField(label=_("File"), help_text=_("CSV (UTF-8) or XLSX."))
    file_format = forms.ChoiceField(label=_("Kind of file"), choices=FORMATS, required=False)
    indicator = forms.CharField(
        label=_("Indicator code, for files of a single indicator"),
        required=False,
        help_text=_("SDMX-CSV and UN DESA files hold one indicator; say which one of the template it is."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("Who produced the figures, the publication and its date."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 200 MB; split it."))
        return upload


class MappingForm(forms.Form):
    """Which column of the file holds what: one select per field."""

    def __init__(
        self,
        *args: Any,
        headers: Sequence[str],
        disaggregations: Sequence[str],
        initial_map: dict[str, str],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        choices = [("", _("— not in the file —")), *((h, h) for h in headers)]
        labels = field_labels()
        for name in [*BASE_FIELDS, *disaggregations]:
            label = labels.get(name) or dimension_name(name)
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=str(label).capitalize(),
                choices=choices,
                required=False,
                initial=initial_map.get(name, ""),
            )
        self.fields["correction_reason"] = forms.CharField(
            label=_("Reason for correcting figures already saved"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Leave empty unless the file corrects figures saved before; the old ones are kept."),
        )

    def mapping(self) -> dict[str, str]:
        return {
            key.removeprefix("map_"): value
            for key, value in self.cleaned_data.items()
            if key.startswith("map_") and value
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used: dict[str, str] = {}
        for key, value in data.items():
            if key.startswith("map_") and value:
                if value in used:
                    self.add_error(key, _("This column is already chosen for another field."))
                used[value] = key
        return data


def _codes_choices(dimension: str, language: str) -> list[tuple[str, str]]:
    spec = default_template.DISAGGREGATIONS.get(dimension, {})
    values = spec.get("values") if isinstance(spec, dict) else None
    choices = [(TOTAL, str(_("Total")))]
    if isinstance(values, dict):
        for code, names in values.items():
            choices.append((code, str(names.get(language) or names.get("en") or code)))
    return choices


class ValueForm(forms.Form):
    """One figure typed in by staff, checked as an imported one would be."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_("A year (2024), a quarter (2024-Q3) or a month (2024-06)."),
    )
    value = forms.CharField(
        label=_("Value"), max_length=40, help_text=_("Write .. when the figure is known to be missing.")
    )
    source = forms.CharField(label=_("Source"), max_length=500)
    method_note = forms.CharField(
        label=_("Method note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    correction_reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed only when the figure replaces one already saved; the old one is kept."),
    )

    def __init__(self, *args: Any, template: IndicatorTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator_field = self.fields["indicator"]
        assert isinstance(indicator_field, forms.ModelChoiceField)
        indicator_field.queryset = template.indicators.order_by("domain__order", "order", "code")
        indicator_field.label_from_instance = lambda i: f"{i.code} — {i.tr('name').text}"  # type: ignore[method-assign,assignment]
        language = base_language(get_language() or settings.LANGUAGE_CODE)
        used = {d for i in template.indicators.all() for d in i.disaggregations}
        self.dimensions = [d for d in default_template.DISAGGREGATIONS if d in used]
        for dimension in self.dimensions:
            name = f"cell_{dimension}"
            if default_template.DISAGGREGATIONS[dimension].get("values"):
                self.fields[name] = forms.ChoiceField(
                    label=dimension_name(dimension),
                    choices=_codes_choices(dimension, language),
                    initial=TOTAL,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=dimension_name(dimension),
                    max_length=10,
                    initial=TOTAL,
                    help_text=_(
                        "_T for the total; otherwise an ISO 3166 alpha-3 code (e.g. MAR) or a UN M49 code."
                    ),
                )
        order = ["indicator", "period", *(f"cell_{d}" for d in self.dimensions), "value", "source"]
        self.order_fields(order)

    def clean_period(self) -> str:
        try:
            return parse_period(self.cleaned_data["period"]).code
        except PeriodError as error:
            raise ValidationError(str(error)) from None

    def clean_value(self) -> Decimal | None:
        try:
            return parse_number(self.cleaned_data["value"])
        except InvalidOperation:
            raise ValidationError(
                _("Write a number, such as 1250 or 12.5, or .. when it is missing.")
            ) from None

    def cell(self) -> dict[str, str]:
        indicator: Indicator = self.cleaned_data["indicator"]
        codes = {}
        for dimension in self.dimensions:
            code = (self.cleaned_data.get(f"cell_{dimension}") or TOTAL).strip().upper()
            code = TOTAL if code == TOTAL.upper() else code
            if dimension in indicator.disaggregations:
                codes[dimension] = code
            elif code != TOTAL:
                self.add_error(
                    f"cell_{dimension}",
                    _("%(indicator)s is not broken down this way; leave it at Total.")
                    % {"indicator": indicator.code},
                )
        return codes


class IndicatorForm(TranslationFieldsMixin, forms.ModelForm):
    disaggregations = forms.MultipleChoiceField(
        label=_("Disaggregations"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    class Meta:
        model = Indicator
        fields = [
            "domain",
            "code",
            "original_language",
            "name",
            "definition",
            "unit",
            "disaggregations",
            "additive",
            "numerator",
            "denominator",
            "better",
            "source",
            "periodicity",
            "minimum",
            "maximum",
            "is_public",
            "headline",
        ]

    def __init__(self, *args: Any, template: IndicatorTemplate, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        domain_field = self.fields["domain"]
        assert isinstance(domain_field, forms.ModelChoiceField)
        domain_field.queryset = template.domains.all()
        domain_field.label_from_instance = lambda d: d.tr("name").text  # type: ignore[method-assign,assignment]
        disaggregations = self.fields["disaggregations"]
        assert isinstance(disaggregations, forms.MultipleChoiceField)
        disaggregations.choices = [(code, dimension_name(code)) for code in default_template.DISAGGREGATIONS]
        self.template = template
        self.add_translation_fields(self.instance, languages)

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip().upper()
        if not default_template.CODE_PATTERN.match(code):
            raise ValidationError(_("Use capital letters, digits and dots, e.g. POP.MIG.STOCK."))
        clash = self.template.indicators.filter(code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("The template already has an indicator with this code."))
        return code

    def clean_disaggregations(self) -> list[str]:
        chosen = self.cleaned_data["disaggregations"]
        return [code for code in default_template.DISAGGREGATIONS if code in chosen]


class FactCardForm(TranslationFieldsMixin, forms.ModelForm):
    indicator_codes = forms.MultipleChoiceField(
        label=_("Indicators that answer it"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    class Meta:
        model = FactCard
        fields = ["original_language", "rumour", "answer", "indicator_codes", "is_published"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self, *args: Any, indicators: Sequence[Indicator], languages: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        codes = self.fields["indicator_codes"]
        assert isinstance(codes, forms.MultipleChoiceField)
        codes.choices = [(i.code, f"{i.code} — {i.tr('name').text}") for i in indicators]
        self.add_translation_fields(self.instance, languages)
