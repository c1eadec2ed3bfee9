from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pontes.core.models import AuditEntry, Organisation, RoleAssignment, Territory, User


def counts() -> tuple[int, ...]:
    return (
        Territory.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        Organisation.objects.count(),
        AuditEntry.objects.count(),
    )


def test_demo_data_is_idempotent_and_deterministic(db):
    out = StringIO()
    call_command("demo_data", "--seed", "5", stdout=out)
    first = counts()
    call_command("demo_data", "--seed", "5", stdout=StringIO())
    assert counts() == first
    assert first[0] >= 10 and first[1] >= 8
    # The printed passwords work.
    line = next(line for line in out.getvalue().splitlines() if line.strip().startswith("valmira-editor"))
    password = line.split()[1]
    assert User.objects.get(username="valmira-editor").check_password(password)


def test_demo_world_is_linked_by_migration(db):
    call_command("demo_data", stdout=StringIO())
    assert Territory.objects.get(slug="tazrout").is_origin
    assert Territory.objects.get(slug="valmira").is_destination
    assert (
        Territory.objects.filter(
            kind="district", path__startswith=Territory.objects.get(slug="valmira").path
        ).count()
        >= 3
    )
    # Some content is deliberately left untranslated, to show the mark.
    assert Territory.objects.get(slug="valmira-las-eras").translations == {}


def test_demo_data_is_refused_in_production(db, settings):
    settings.PONTES_DEMO = False
    with pytest.raises(CommandError):
        call_command("demo_data", stdout=StringIO())
    assert Territory.objects.count() == 0


def test_demo_totp_prints_a_code(db):
    call_command("demo_data", stdout=StringIO())
    out = StringIO()
    call_command("demo_totp", "valmira-admin", stdout=out)
    assert out.getvalue().strip().isdigit()
