"""Profile pages and staff pages through HTTP: what people see, download and change."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pontes.core.models import Role
from pontes.core.testing import signed_in_client
from pontes.profiles.models import FactCard, IndicatorTemplate, PendingImport, Value
from pontes.profiles.testing import fill_sample_values, published_template


@pytest.fixture
def spain(world) -> IndicatorTemplate:
    template = published_template(world.other_country)
    fill_sample_values(template, world.city)
    return template


@pytest.fixture
def analyst(world, make_user):
    return signed_in_client(make_user("beta-analyst", Role.ANALYST, world.city, totp=True), verified=True)


@pytest.fixture
def national(world, make_user):
    return signed_in_client(
        make_user("spain-admin", Role.TERRITORY_ADMIN, world.other_country, totp=True), verified=True
    )


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_profile_page_shows_headline_domains_and_comparisons(client, world, spain) -> None:
    page = client.get(reverse("profiles:profile", kwargs={"slug": "beta"}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Key figures" in html
    assert "52,300" in html  # total population 2024
    assert "6,200" in html and "+100" in html
    assert "Spain" in html  # the country column
    assert "computed from its numerator and denominator" in html
    older = client.get(reverse("profiles:profile", kwargs={"slug": "beta"}), {"year": "2023"})
    assert "6,100" in older.content.decode()


@pytest.mark.django_db
def test_profile_page_in_arabic_is_right_to_left(client, world, spain) -> None:
    page = client.get("/ar/profiles/beta/")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode()


@pytest.mark.django_db
def test_place_without_template_is_not_found(client, world) -> None:
    assert client.get(reverse("profiles:profile", kwargs={"slug": "beta"})).status_code == 404


@pytest.mark.django_db
def test_profile_exports_are_what_the_page_shows(client, world, spain) -> None:
    url = reverse("profiles:profile_export", kwargs={"slug": "beta", "fmt": "csv"})
    rows = _csv(client.get(url, {"year": "2024"}))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["Domain", "Indicator", "Code", "Unit", "2024", "2023"]
    stock = next(r for r in body if r[2] == "POP.MIG.STOCK")
    assert stock[4:7] == ["6200", "6100", "100"]
    xlsx = client.get(reverse("profiles:profile_export", kwargs={"slug": "beta", "fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == len(rows)
    assert next(r for r in values if r[2] == "POP.MIG.STOCK")[4] == 6200
    sdmx = _csv(client.get(reverse("profiles:profile_export", kwargs={"slug": "beta", "fmt": "sdmx"})))
    assert sdmx[0][:3] == ["DATAFLOW", "REF_AREA", "INDICATOR"]
    assert sdmx[1][0] == "PONTES:PROFILE_ES(1.0)"
    stock_2024 = [r for r in sdmx if r[2] == "POP.MIG.STOCK" and r[1] == "beta" and "2024" in r]
    assert stock_2024 and "6200" in stock_2024[0]
    assert (
        client.get(reverse("profiles:profile_export", kwargs={"slug": "beta", "fmt": "pdf"})).status_code
        == 404
    )


@pytest.mark.django_db
def test_indicator_page_has_charts_with_tables_and_hides_small_counts(client, world, spain, analyst) -> None:
    url = reverse("profiles:indicator", kwargs={"slug": "beta", "code": "POP.MIG.STOCK"})
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") >= 2 and 'role="img"' in html
    assert "<table" in html and "Women" in html
    assert "hidden (small count)" in html
    assert "Senegal" in html
    origins = _csv(
        client.get(
            reverse(
                "profiles:indicator_export",
                kwargs={"slug": "beta", "code": "POP.MIG.STOCK", "table": "origin", "fmt": "csv"},
            )
        )
    )
    senegal = next(r for r in origins if r[1] == "SEN")
    assert senegal[2] == "hidden (small count)"
    sdmx = _csv(
        client.get(
            reverse(
                "profiles:indicator_export",
                kwargs={"slug": "beta", "code": "POP.MIG.STOCK", "table": "origin", "fmt": "sdmx"},
            )
        )
    )
    header = sdmx[0]
    senegal_obs = next(r for r in sdmx[1:] if "SEN" in r)
    assert senegal_obs[header.index("OBS_VALUE")] == ""
    assert senegal_obs[header.index("OBS_STATUS")] == "C"
    # Staff of the place see the small count.
    staff_page = analyst.get(url).content.decode()
    assert "hidden (small count)" not in staff_page
    assert (
        client.get(reverse("profiles:indicator", kwargs={"slug": "beta", "code": "NOPE"})).status_code == 404
    )


@pytest.mark.django_db
def test_print_view_and_index(client, world, spain) -> None:
    page = client.get(reverse("profiles:profile_print", kwargs={"slug": "beta"}))
    assert "Save as PDF" in page.content.decode()
    index = client.get(reverse("profiles:index")).content.decode()
    assert "Spain" in index and reverse("profiles:profile", kwargs={"slug": "beta"}) in index


@pytest.mark.django_db
def test_import_with_a_bad_row_saves_nothing_then_the_fixed_file_imports(world, spain, analyst) -> None:
    before = Value.objects.count()
    bad = (
        b"indicator,territory,period,sex,value\n"
        b"POP.TOTAL,beta,2022,_T,51000\n"
        b"POP.MIG.STOCK,beta,2022,X,12\n"
        b"POP.MIG.STOCK,beta,2022,_T,5900\n"
    )
    upload = analyst.post(
        reverse("profiles:import", kwargs={"slug": "beta"}),
        {"file": SimpleUploadedFile("figures.csv", bad, "text/csv"), "source": "Padrón 2022"},
    )
    assert upload.status_code == 302
    mapping_url = upload["Location"]
    page = analyst.get(mapping_url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form["map_indicator"].initial == "indicator" and form["map_sex"].initial == "sex"
    data = {f"map_{k}": v for k, v in {"indicator": "indicator", "territory": "territory"}.items()}
    data |= {"map_period": "period", "map_sex": "sex", "map_value": "value"}
    result = analyst.post(mapping_url, data)
    assert result.status_code == 200
    html = result.content.decode()
    assert "nothing was saved" in html
    problem = result.context["problems"][0]
    assert problem.row == 3 and problem.column.startswith("D")
    assert Value.objects.count() == before
    # The corrected file goes through.
    fixed = bad.replace(b",X,12", b",F,2800")
    upload = analyst.post(
        reverse("profiles:import", kwargs={"slug": "beta"}),
        {"file": SimpleUploadedFile("figures.csv", fixed, "text/csv"), "source": "Padrón 2022"},
    )
    done = analyst.post(upload["Location"], data)
    assert done.status_code == 302
    assert Value.objects.count() == before + 3
    assert not PendingImport.objects.exists()


@pytest.mark.django_db
def test_entry_form_saves_a_figure_and_a_correction_needs_a_reason(world, spain, analyst) -> None:
    url = reverse("profiles:entry", kwargs={"slug": "beta"})
    indicator = spain.indicators.get(code="POP.TOTAL")
    data = {
        "indicator": indicator.pk,
        "period": "2024",
        "value": "52400",
        "source": "Padrón",
        "cell_sex": "_T",
        "cell_age_group": "_T",
        "cell_origin": "_T",
        "cell_migration_status": "_T",
    }
    refused = analyst.post(url, data)
    assert refused.status_code == 200
    assert "say why it is corrected" in refused.content.decode()
    data["correction_reason"] = "Revised register"
    assert analyst.post(url, data).status_code == 302
    value = Value.objects.get(indicator=indicator, territory=world.city, period="2024")
    assert str(value.value) == "52400.0000"
    assert value.revisions.get().reason == "Revised register"
    wrong = analyst.post(
        url, {**data, "cell_sex": "F", "indicator": spain.indicators.get(code="GOV.STRATEGY").pk}
    )
    assert wrong.status_code == 200
    assert "is not broken down this way" in wrong.content.decode()


@pytest.mark.django_db
def test_national_staff_version_and_publish_the_template(world, national, analyst) -> None:
    url = reverse("profiles:template", kwargs={"slug": "es"})
    assert national.post(url, {"new": "1"}).status_code == 302
    draft = IndicatorTemplate.objects.get(country=world.other_country)
    assert draft.status == "draft" and draft.indicators.count() >= 40
    indicator = draft.indicators.get(code="POP.DIASPORA")
    edit = reverse("profiles:indicator_edit", kwargs={"slug": "es", "version": 1, "pk": indicator.pk})
    form = national.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "translations"}
    data |= {"name": "Emigrants abroad", "disaggregations": ["sex"], "domain": indicator.domain_id}
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    saved = national.post(edit, data)
    assert saved.status_code == 302, saved.context["form"].errors
    indicator.refresh_from_db()
    assert indicator.name == "Emigrants abroad" and indicator.disaggregations == ["sex"]
    # A municipal analyst reads the template but cannot change or publish it.
    assert analyst.get(reverse("profiles:template", kwargs={"slug": "beta"})).status_code == 200
    assert (
        analyst.post(reverse("profiles:template", kwargs={"slug": "beta"}), {"publish": draft.pk}).status_code
        == 403
    )
    assert national.post(url, {"publish": draft.pk}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"
    # Published versions never change.
    national.post(edit, data | {"name": "Changed"})
    indicator.refresh_from_db()
    assert indicator.name == "Emigrants abroad"


@pytest.mark.django_db
def test_fact_card_shows_current_figures_with_sources(client, world, spain, analyst) -> None:
    url = reverse("profiles:card_new", kwargs={"slug": "beta"})
    data = {
        "original_language": "en",
        "rumour": "Half the town was born abroad",
        "answer": "About one resident in nine was born abroad.",
        "indicator_codes": ["POP.MIG.SHARE", "POP.MIG.STOCK"],
        "is_published": "on",
        "rumour__es": "La mitad del pueblo nació fuera",
    }
    created = analyst.post(url, data)
    assert created.status_code == 302
    card = FactCard.objects.get()
    page = client.get(reverse("profiles:fact_card", kwargs={"pk": card.pk})).content.decode()
    assert "Half the town was born abroad" in page
    assert "11.9" in page and "Fictional municipal register" in page
    spanish = client.get(f"/es/facts/{card.pk}/").content.decode()
    assert "La mitad del pueblo" in spanish
    # The card follows the data.
    fill_sample_values(spain, world.city, years=(2025,))
    assert "6,100" in client.get(f"/en/facts/{card.pk}/").content.decode()
    no_codes = analyst.post(url, {**data, "indicator_codes": []})
    assert no_codes.status_code == 200
    assert client.get(reverse("profiles:fact_cards", kwargs={"slug": "beta"})).status_code == 200


@pytest.mark.django_db
def test_completeness_board(world, spain, analyst) -> None:
    page = analyst.get(reverse("profiles:completeness", kwargs={"slug": "beta"}), {"year": "2024"})
    assert page.status_code == 200
    assert "POP.DIASPORA" in page.content.decode()


@pytest.mark.django_db
def test_sdmx_csv_from_eurostat_is_recognised_and_imported_with_its_source(world, national) -> None:
    published_template(world.other_country)
    fixture = Path(__file__).parent / "fixtures" / "eurostat_migr_pop1ctz.csv"
    upload = national.post(
        reverse("profiles:import", kwargs={"slug": "es"}),
        {
            "file": SimpleUploadedFile("estat.csv", fixture.read_bytes(), "text/csv"),
            "indicator": "pop.for.cit",
            "source": "Downloaded 2025-03-21",
        },
    )
    assert upload.status_code == 302
    pending = PendingImport.objects.get()
    assert pending.format == "sdmx_csv" and pending.indicator_code == "POP.FOR.CIT"
    page = national.get(upload["Location"])
    form = page.context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items() if name.startswith("map_")}
    done = national.post(upload["Location"], data)
    assert done.status_code == 302, done.context["problems"]
    saved = Value.objects.filter(indicator__code="POP.FOR.CIT", territory=world.other_country)
    assert saved.exists()
    assert all(v.source.startswith("Eurostat, migr_pop1ctz") for v in saved)


@pytest.mark.django_db
def test_sdmx_csv_needs_its_indicator(world, national) -> None:
    published_template(world.other_country)
    fixture = Path(__file__).parent / "fixtures" / "eurostat_migr_pop1ctz.csv"
    page = national.post(
        reverse("profiles:import", kwargs={"slug": "es"}),
        {"file": SimpleUploadedFile("estat.csv", fixture.read_bytes(), "text/csv"), "source": "Eurostat"},
    )
    # Without a kind chosen, the file is recognised as SDMX-CSV, whose indicator must be named.
    assert page.status_code == 200
    assert "Say which indicator of the template the SDMX-CSV file holds." in page.content.decode()
    assert not PendingImport.objects.exists()


@pytest.mark.django_db
def test_a_un_desa_workbook_is_recognised_and_imported(world, national) -> None:
    from pontes.profiles.tests.test_formats import un_desa_workbook

    published_template(world.other_country)
    upload = national.post(
        reverse("profiles:import", kwargs={"slug": "es"}),
        {"file": SimpleUploadedFile("undesa.xlsx", un_desa_workbook()), "source": "UN DESA website"},
    )
    assert upload.status_code == 302
    assert PendingImport.objects.get().format == "un_desa"
    page = national.get(upload["Location"])
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items() if name.startswith("map_")}
    done = national.post(upload["Location"], data)
    assert done.status_code == 302, done.context["problems"]
    saved = Value.objects.filter(indicator__code="POP.MIG.STOCK", territory=world.other_country)
    assert saved.exists() and all(v.source.startswith("UN DESA, International Migrant Stock") for v in saved)


@pytest.mark.django_db
def test_an_xlsx_table_goes_through_the_import_pages(world, spain, analyst) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["indicator", "territory", "period", "value"])
    sheet.append(["POP.TOTAL", "beta", 2021, 51500])
    out = io.BytesIO()
    workbook.save(out)
    upload = analyst.post(
        reverse("profiles:import", kwargs={"slug": "beta"}),
        {"file": SimpleUploadedFile("padron.xlsx", out.getvalue()), "source": "Padrón 2021"},
    )
    assert PendingImport.objects.get().format == "xlsx"
    page = analyst.get(upload["Location"])
    data = {
        name: field.initial or ""
        for name, field in page.context["form"].fields.items()
        if name.startswith("map_")
    }
    assert analyst.post(upload["Location"], data).status_code == 302
    assert Value.objects.get(indicator__code="POP.TOTAL", period="2021").value == 51500
