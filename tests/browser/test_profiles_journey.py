"""National staff publish the indicator template; a municipal analyst imports a CSV with a bad
row (sees its row and column, nothing saved), fixes it, imports, opens the profile, compares it
with the region and downloads the table. Accessibility checked on the way."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pontes.core import services as core_services
from pontes.core.models import Role
from pontes.core.testing import PASSWORD, assert_no_serious_violations
from pontes.profiles.models import IndicatorTemplate, Value

pytestmark = pytest.mark.django_db(transaction=True)

BAD_CSV = """indicator,territory,period,sex,value
POP.TOTAL,beta,2024,_T,52300
POP.MIG.STOCK,beta,2024,F,2950
POP.MIG.STOCK,beta,2024,M,3250
POP.MIG.STOCK,beta,2024,_T,6200
POP.MIG.STOCK,beta,2023,_T,six thousand
"""


def sign_in(page: Any, base: str, username: str, device: TOTPDevice | None = None) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.wait_for_url("**/accounts/login/code/**")
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
        page.locator("#id_code").fill(code)
        page.locator("main button[type=submit]").click()
    page.wait_for_url("**/en/staff/")


def test_publish_import_fix_compare_export(
    live_server, page: Any, browser: Any, world, make_user, tmp_path: Path
) -> None:
    base = live_server.url
    national = make_user("spain-admin", Role.TERRITORY_ADMIN, world.other_country, totp=True)
    make_user("beta-analyst", Role.ANALYST, world.city)
    # A second municipality of the same region gives the comparison something to compare.
    core_services.create_territory(
        actor=None, parent=world.other_country, name="Villa Gamma", slug="gamma", kind="municipality"
    )

    # 1. National staff start from the default template and publish it.
    national_context = browser.new_context()
    national_page = national_context.new_page()
    sign_in(national_page, base, "spain-admin", TOTPDevice.objects.get(user=national))
    national_page.goto(f"{base}/en/staff/t/es/profiles/template/")
    assert_no_serious_violations(national_page)
    national_page.get_by_role("button", name="Start from Pontes' default template").click()
    national_page.wait_for_url("**/profiles/template/")
    national_page.get_by_role("button", name="Publish version 1").click()
    national_page.wait_for_url("**/profiles/template/")
    assert "Version 1 is published" in national_page.content()
    national_context.close()
    assert IndicatorTemplate.objects.get(country=world.other_country).status == "published"

    # 2. The analyst of the municipality imports a file with one bad row.
    sign_in(page, base, "beta-analyst")
    page.goto(f"{base}/en/staff/t/beta/profiles/")
    assert_no_serious_violations(page)
    page.get_by_role("link", name="Import figures from a file").click()
    bad = tmp_path / "beta-2024.csv"
    bad.write_text(BAD_CSV)
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_label("Source").fill("Padrón municipal de Beta, 1 January 2024")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/profiles/import/*/")
    assert_no_serious_violations(page)
    assert page.locator("#id_map_value").input_value() == "value"  # the columns are guessed
    page.get_by_role("button", name="Check and import").click()
    alert = page.get_by_role("alert")
    assert "nothing was saved" in alert.inner_text()
    problem_row = alert.locator("tbody tr").first
    cells = problem_row.locator("td").all_inner_texts()
    assert cells[0] == "6" and cells[1].startswith("E (value)")
    assert Value.objects.count() == 0
    assert_no_serious_violations(page)

    # 3. Fixed, it imports.
    page.get_by_role("link", name="Send a corrected file").click()
    fixed = tmp_path / "beta-2024-fixed.csv"
    fixed.write_text(BAD_CSV.replace("six thousand", "6100"))
    page.locator("#id_file").set_input_files(str(fixed))
    page.get_by_label("Source").fill("Padrón municipal de Beta, 1 January 2024")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/profiles/import/*/")
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url("**/profiles/beta/")
    assert "5 new figures" in page.content()
    assert Value.objects.count() == 5

    # 4. The profile, then the indicator compared with the region's other places.
    assert_no_serious_violations(page)
    assert "6,200" in page.locator("main").inner_text()
    page.get_by_role("link", name="Foreign-born population").first.click()
    page.wait_for_url("**/profiles/beta/i/POP.MIG.STOCK/**")
    assert_no_serious_violations(page)
    peers = page.get_by_role("heading", name="Compared with neighbouring places, 2024")
    assert peers.count() == 1
    assert page.locator("svg[role=img]").count() >= 2

    # 5. The table as CSV.
    with page.expect_download() as download_info:
        page.locator("a[href*='/trend.csv']").click()
    downloaded = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(downloaded)))
    assert rows[0][0] == "Year"
    assert rows[1][:2] == ["2023", "6100"] and rows[2][:2] == ["2024", "6200"]

    # 6. The printable profile makes a PDF.
    page.goto(f"{base}/en/profiles/beta/print/")
    page.emulate_media(media="print")
    assert page.pdf()[:4] == b"%PDF"
    page.emulate_media(media="screen")

    # 7. The same page in Arabic reads right to left and passes the checks.
    page.goto(f"{base}/ar/profiles/beta/i/POP.MIG.STOCK/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_serious_violations(page)
