"""Staff pages of migration profiles: the template, imports, the entry form, completeness, fact cards."""

from __future__ import annotations

import itertools
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pontes.core.forms import add_errors, translation_languages
from pontes.core.models import Territory
from pontes.core.permissions import as_user, has_perm, territory_permission

from .. import formats, importing, selectors, services
from ..forms import FactCardForm, IndicatorForm, MappingForm, UploadForm, ValueForm
from ..models import FactCard, ImportBatch, Indicator, IndicatorTemplate, PendingImport

UPLOAD_LIFETIME = 24 * 3600


def _template_or_message(request: HttpRequest, territory: Territory) -> IndicatorTemplate | None:
    template = selectors.template_for(territory)
    if template is None:
        messages.warning(
            request,
            _("The country has no published indicator template yet: national staff publish one first."),
        )
    return template


@territory_permission("profiles.enter_data")
def home(request: HttpRequest, territory: Territory) -> HttpResponse:
    template = selectors.template_for(territory)
    country = territory if territory.kind == Territory.Kind.COUNTRY else Territory.objects.get_root(territory)
    return render(
        request,
        "profiles/staff/home.html",
        {
            "territory": territory,
            "template": template,
            "country": country,
            "manages_template": has_perm(request.user, "profiles.manage_template", country),
            "imports": selectors.recent_imports(territory),
            "cards": FactCard.objects.filter(territory=territory),
        },
    )


# --- Template -------------------------------------------------------------------------------


def _country(request: HttpRequest, territory: Territory) -> tuple[Territory, bool]:
    """The country whose template this is, and whether the user may change it (national staff):
    staff below the country may read the template they fill, not change it."""
    country = territory if territory.kind == Territory.Kind.COUNTRY else Territory.objects.get_root(territory)
    may_change = has_perm(request.user, "profiles.manage_template", country)
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    return country, may_change


@territory_permission("profiles.enter_data")
def template_versions(request: HttpRequest, territory: Territory) -> HttpResponse:
    country, may_change = _country(request, territory)
    if request.method == "POST":
        try:
            if "publish" in request.POST:
                draft = get_object_or_404(IndicatorTemplate, country=country, pk=request.POST.get("publish"))
                services.publish_template(actor=request.user, template=draft)
                messages.success(
                    request,
                    _("Version %(version)s is published: localities now fill it.")
                    % {"version": draft.version},
                )
            else:
                created = services.new_template_version(actor=request.user, country=country)
                messages.success(
                    request, _("Draft version %(version)s is ready.") % {"version": created.version}
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("profiles:template", slug=territory.slug)
    versions = list(IndicatorTemplate.objects.filter(country=country).order_by("-version"))
    current = next((v for v in versions if v.status == IndicatorTemplate.Status.DRAFT), None) or next(
        (v for v in versions if v.status == IndicatorTemplate.Status.PUBLISHED), None
    )
    indicators = (
        list(current.indicators.select_related("domain").order_by("domain__order", "order", "code"))
        if current
        else []
    )
    return render(
        request,
        "profiles/staff/template.html",
        {
            "territory": territory,
            "country": country,
            "may_change": may_change,
            "versions": versions,
            "current": current,
            "indicators": indicators,
        },
    )


@territory_permission("profiles.enter_data")
def indicator_edit(
    request: HttpRequest, territory: Territory, version: int, pk: int | None = None
) -> HttpResponse:
    country, may_change = _country(request, territory)
    template = get_object_or_404(IndicatorTemplate, country=country, version=version)
    instance = get_object_or_404(Indicator, template=template, pk=pk) if pk else Indicator(template=template)
    form = IndicatorForm(
        request.POST or None, instance=instance, template=template, languages=translation_languages(country)
    )
    if template.status != IndicatorTemplate.Status.DRAFT and request.method == "POST":
        messages.error(
            request, _("This version is published and cannot change: start a new version to edit.")
        )
    elif request.method == "POST" and form.is_valid():
        try:
            services.save_indicator(
                actor=request.user,
                template=template,
                indicator=form.save(commit=False),
                translations=form.translation_data(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("profiles:template", slug=territory.slug)
    return render(
        request,
        "profiles/staff/indicator_form.html",
        {
            "territory": territory,
            "template": template,
            "form": form,
            "indicator": instance,
            "may_change": may_change and template.status == IndicatorTemplate.Status.DRAFT,
        },
    )


# --- Imports --------------------------------------------------------------------------------


def _upload_dir() -> Path:
    folder = Path(settings.VAR_DIR) / "uploads" / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_old_uploads() -> None:
    cutoff = timezone.now() - timedelta(seconds=UPLOAD_LIFETIME)
    for pending in PendingImport.objects.filter(created_at__lt=cutoff):
        (_upload_dir() / pending.token).unlink(missing_ok=True)
        pending.delete()


def _staged(territory: Territory, token: str) -> tuple[PendingImport, Path]:
    pending = PendingImport.objects.filter(token=token, territory=territory).first()
    path = _upload_dir() / token
    if pending is None or not path.exists():
        raise Http404(_("This upload has expired; send the file again."))
    return pending, path


def _read(pending: PendingImport, path: Path) -> formats.Converted:
    """The file in our long form, with the mapping its format implies (empty: to be chosen).
    Plain tables are read from disk as they are needed, so a big file never sits in memory."""
    if pending.format not in (ImportBatch.Format.UN_DESA, ImportBatch.Format.SDMX_CSV):
        return formats.Converted(
            table=importing.read_table(path, pending.file_name),
            mapping={},
            source=pending.source,
            file_format=pending.format,
        )
    data = path.read_bytes()
    places = formats.places_within(pending.territory)
    if pending.format == ImportBatch.Format.UN_DESA:
        return formats.read_un_desa(
            data, indicator_code=pending.indicator_code or "POP.MIG.STOCK", destinations=places
        )
    return formats.read_sdmx_csv(
        data,
        indicator_code=pending.indicator_code,
        areas=places,
        # Eurostat's citizenship "TOTAL" counts nationals too; "FOR" is every foreigner.
        codelists={"origin": {"FOR": "_T"}} if pending.indicator_code.startswith("POP.") else None,
    )


def _detect(upload_name: str, path: Path) -> str:
    """The kind of file, from its content: SDMX-CSV starts with its structure column; the UN DESA
    workbook has its "Table 1" sheet whose header names the destination and the origin."""
    with path.open("rb") as stream:
        start = stream.read(512)
    head = start.decode("utf-8-sig", errors="ignore").lstrip().upper()
    if head.startswith(("DATAFLOW", "STRUCTURE")):
        return ImportBatch.Format.SDMX_CSV
    if not (upload_name.lower().endswith((".xlsx", ".xlsm")) or start[:2] == b"PK"):
        return ImportBatch.Format.CSV
    from openpyxl import load_workbook

    # A stream, not the path: the stored file has no extension for openpyxl to trust.
    with path.open("rb") as stream:
        try:
            workbook = load_workbook(stream, read_only=True, data_only=True)
        except Exception:  # not a workbook after all: the mapping step says so
            return ImportBatch.Format.XLSX
        try:
            if formats.UN_DESA_SHEET not in workbook.sheetnames:
                return ImportBatch.Format.XLSX
            sheet = workbook[formats.UN_DESA_SHEET]
            for row in sheet.iter_rows(max_row=formats.HEADER_SEARCH_ROWS, values_only=True):
                text = " ".join(str(cell) for cell in row if cell is not None).lower()
                if "destination" in text and "origin" in text:
                    return ImportBatch.Format.UN_DESA
            return ImportBatch.Format.XLSX
        finally:
            workbook.close()


@territory_permission("profiles.enter_data")
def import_upload(request: HttpRequest, territory: Territory) -> HttpResponse:
    template = _template_or_message(request, territory)
    form = UploadForm(request.POST or None, request.FILES or None)
    if template is not None and request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Written to disk in chunks: a big file never sits whole in memory.
        token = secrets.token_urlsafe(16)
        path = _upload_dir() / token
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        kind = form.cleaned_data["file_format"] or _detect(upload.name, path)
        with path.open("rb") as stream:
            if kind == ImportBatch.Format.CSV and stream.read(2) == b"PK":
                kind = ImportBatch.Format.XLSX  # a workbook chosen as a table: read as one
        code = form.cleaned_data["indicator"].strip().upper()
        if kind == ImportBatch.Format.SDMX_CSV and not code:
            form.add_error("indicator", _("Say which indicator of the template the SDMX-CSV file holds."))
        elif code and not template.indicators.filter(code=code).exists():
            form.add_error("indicator", _("The template has no indicator %(code)s.") % {"code": code})
        else:
            _forget_old_uploads()
            # A corrected file replaces the one this person sent before for the same place.
            for earlier in PendingImport.objects.filter(
                territory=territory, uploaded_by=as_user(request.user)
            ):
                (_upload_dir() / earlier.token).unlink(missing_ok=True)
                earlier.delete()
            PendingImport.objects.create(
                token=token,
                territory=territory,
                uploaded_by=as_user(request.user),
                file_name=upload.name[:255],
                format=kind,
                indicator_code=code,
                source=form.cleaned_data["source"],
            )
            return redirect("profiles:import_mapping", slug=territory.slug, token=token)
        path.unlink(missing_ok=True)
    return render(
        request,
        "profiles/staff/import_upload.html",
        {"territory": territory, "form": form, "template": template},
    )


@territory_permission("profiles.enter_data")
def import_mapping(request: HttpRequest, territory: Territory, token: str) -> HttpResponse:
    pending, path = _staged(territory, token)
    template = _template_or_message(request, territory)
    if template is None:
        return redirect("profiles:staff_home", slug=territory.slug)
    try:
        converted = _read(pending, path)
    except importing.UnreadableFile as error:
        messages.error(request, str(error))
        return redirect("profiles:import", slug=territory.slug)
    table, implied = converted.table, converted.mapping
    problems = list(converted.problems)
    disaggregations = sorted(
        {d for i in template.indicators.all() for d in i.disaggregations},
        key=lambda d: (
            list(importing.default_template.DISAGGREGATIONS).index(d)
            if d in importing.default_template.DISAGGREGATIONS
            else 99
        ),
    )
    guessed = implied or importing.guess_mapping(table.headers, disaggregations)
    form = MappingForm(
        request.POST or None, headers=table.headers, disaggregations=disaggregations, initial_map=guessed
    )
    report = None
    if request.method == "POST" and form.is_valid() and not converted.problems:
        report = services.import_values(
            actor=request.user,
            template=template,
            territory=territory,
            table=table,
            mapping=form.mapping(),
            source=pending.source if not implied else f"{converted.source}; {pending.source}",
            file_name=pending.file_name,
            file_format=pending.format,
            correction_reason=form.cleaned_data.get("correction_reason", ""),
        )
        problems = report.problems
        if report.ok:
            path.unlink(missing_ok=True)
            pending.delete()
            messages.success(
                request,
                _("Imported: %(created)s new figures, %(corrected)s corrected, %(unchanged)s unchanged.")
                % {"created": report.created, "corrected": report.corrected, "unchanged": report.unchanged},
            )
            return redirect(reverse("profiles:profile", kwargs={"slug": territory.slug}))
    return render(
        request,
        "profiles/staff/import_mapping.html",
        {
            "territory": territory,
            "form": form,
            "pending": pending,
            "headers": table.headers,
            "preview": list(itertools.islice(iter(table.rows), 5)),
            "row_count": len(table.rows),
            "problems": problems,
            "tried": report is not None,
            "left_out": sorted(converted.left_out.items()),
        },
    )


# --- Entry form -----------------------------------------------------------------------------


@territory_permission("profiles.enter_data")
def entry(request: HttpRequest, territory: Territory) -> HttpResponse:
    template = _template_or_message(request, territory)
    if template is None:
        return redirect("profiles:staff_home", slug=territory.slug)
    form = ValueForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        cell = form.cell()
        if form.is_valid():
            try:
                value = services.record_value(
                    actor=request.user,
                    indicator=form.cleaned_data["indicator"],
                    territory=territory,
                    period=form.cleaned_data["period"],
                    cell=cell,
                    value=form.cleaned_data["value"],
                    source=form.cleaned_data["source"],
                    method_note=form.cleaned_data["method_note"],
                    correction_reason=form.cleaned_data["correction_reason"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Saved: %(indicator)s, %(period)s.")
                    % {"indicator": value.indicator.code, "period": value.period},
                )
                return redirect("profiles:entry", slug=territory.slug)
    recent = (
        territory.profile_values.select_related("indicator", "entered_by")
        .filter(batch__isnull=True)
        .order_by("-entered_at")[:20]
    )
    return render(
        request, "profiles/staff/entry.html", {"territory": territory, "form": form, "recent": recent}
    )


# --- Completeness ---------------------------------------------------------------------------


@territory_permission("profiles.enter_data")
def completeness(request: HttpRequest, territory: Territory) -> HttpResponse:
    template = _template_or_message(request, territory)
    if template is None:
        return redirect("profiles:staff_home", slug=territory.slug)
    years = selectors.years_with_data(territory)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else (years[0] if years else None)
    domains, rows = selectors.completeness(territory, template, year) if year else ([], [])
    return render(
        request,
        "profiles/staff/completeness.html",
        {"territory": territory, "year": year, "years": years, "domains": domains, "rows": rows},
    )


# --- Fact cards -----------------------------------------------------------------------------


@territory_permission("profiles.enter_data")
def card_edit(request: HttpRequest, territory: Territory, pk: int | None = None) -> HttpResponse:
    template = _template_or_message(request, territory)
    if template is None:
        return redirect("profiles:staff_home", slug=territory.slug)
    card = get_object_or_404(FactCard, territory=territory, pk=pk) if pk else FactCard(territory=territory)
    form = FactCardForm(
        request.POST or None,
        instance=card,
        indicators=selectors.indicators_of(template, restricted=False),
        languages=translation_languages(territory),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_fact_card(
                actor=request.user,
                territory=territory,
                card=form.save(commit=False),
                translations=form.translation_data(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The fact card is saved."))
            return redirect("profiles:fact_card", pk=saved.pk)
    return render(
        request, "profiles/staff/card_form.html", {"territory": territory, "form": form, "card": card}
    )
