import ast
import importlib.util
from pathlib import Path

import pytest

from pontes.core.registry import Capability, NavEntry, registry

CORE = Path(__file__).resolve().parent.parent


def test_core_never_imports_a_capability():
    offenders = []
    for path in CORE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        package = ".".join(["pontes", "core", *path.relative_to(CORE).parent.parts])
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [importlib.util.resolve_name("." * node.level + (node.module or ""), package)]
            for name in names:
                if name.startswith("pontes") and not name.startswith("pontes.core"):
                    offenders.append(f"{path.relative_to(CORE)}: {name}")
    assert not offenders, offenders


def test_core_registers_itself():
    core = registry.get("core")
    assert core is not None
    assert "core.view_audit" in core.permissions
    assert core.demo_data is not None


def test_a_label_registers_once():
    registry.register(Capability(label="once", name="Once", summary=""))
    try:
        with pytest.raises(ValueError):
            registry.register(Capability(label="once", name="Twice", summary=""))
    finally:
        registry.unregister("once")


def test_staff_navigation_follows_permissions(world, staff):
    from pontes.core.selectors import staff_nav

    registry.register(
        Capability(
            label="navtest",
            name="Nav test",
            summary="",
            staff_nav=(NavEntry("core:audit", "Audit again", "navtest.see"),),
            permissions={"navtest.see": ("analyst",)},
        )
    )
    try:
        analyst_labels = [entry.label for entry, _url in staff_nav(staff["city_analyst"], world.city)]
        editor_labels = [entry.label for entry, _url in staff_nav(staff["city_editor"], world.city)]
        assert "Audit again" in analyst_labels
        assert "Audit again" not in editor_labels
    finally:
        registry.unregister("navtest")
