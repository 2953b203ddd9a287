"""The shape of the code: no import cycles anywhere, and migrations that import no live code.

The layer and independence rules are import-linter contracts in pyproject.toml (`lint-imports`
in `make test`); these tests cover what contracts cannot say: that no group of modules imports
itself round in a circle (at module level, inside a package or across packages), and that a
migration never names a module of ours that may change or move after it was written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ("simple_japanese", "core", "accounts", "learning", "matching", "cms", "config")


def strongly_connected_components(graph: grimp.ImportGraph) -> list[list[str]]:
    """Tarjan's algorithm, iterative (the graph is a few hundred modules deep at most)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def describe_cycle(graph: grimp.ImportGraph, component: list[str]) -> str:
    """The imports inside one component, with line numbers, for the failure message."""
    members = set(component)
    lines = [f"{len(component)} modules import each other round in a circle:"]
    for importer in component:
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & members):
            details = graph.get_import_details(importer=importer, imported=imported)
            where = ", ".join(f"l.{d['line_number']}" for d in details) or "?"
            lines.append(f"  {importer} -> {imported} ({where})")
    return "\n".join(lines)


def test_tarjan_finds_a_cycle_in_a_small_graph() -> None:
    graph = grimp.ImportGraph()
    for module in ("a", "a.x", "a.y", "a.z", "b"):
        graph.add_module(module)
    graph.add_import(importer="a.x", imported="a.y", line_number=1, line_contents="import a.y")
    graph.add_import(importer="a.y", imported="a.z", line_number=1, line_contents="import a.z")
    graph.add_import(importer="a.z", imported="a.x", line_number=1, line_contents="import a.x")
    graph.add_import(importer="b", imported="a.x", line_number=1, line_contents="import a.x")
    cycles = [c for c in strongly_connected_components(graph) if len(c) > 1]
    assert cycles == [["a.x", "a.y", "a.z"]]
    assert "a.z -> a.x (l.1)" in describe_cycle(graph, cycles[0])


def test_no_import_cycles_anywhere_in_the_project() -> None:
    # Every import counts, also those inside functions: a cycle is broken by moving code.
    graph = grimp.build_graph(*PROJECT_PACKAGES, cache_dir=None)
    assert len(graph.modules) > 100  # the whole project was read, not an empty graph
    cycles = [c for c in strongly_connected_components(graph) if len(c) > 1]
    report = "\n\n".join(describe_cycle(graph, c) for c in cycles)
    if cycles:
        print(report)
    assert not cycles, report


def migration_files() -> list[Path]:
    dirs = [ROOT / "site" / name / "migrations" for name in ("core", "accounts")]
    dirs += [ROOT / name / "migrations" for name in ("learning", "matching", "cms")]
    return sorted(path for d in dirs for path in d.glob("[0-9]*.py"))


def live_code_imports(path: Path) -> list[str]:
    """Imports of our own packages in one migration (other migrations excepted)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # `from .. import models` is live code of the app itself
                found.append(f"l.{node.lineno}: from {'.' * node.level}{node.module or ''}")
                continue
            names = [node.module or ""]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] in PROJECT_PACKAGES and "migrations" not in parts:
                found.append(f"l.{node.lineno}: {name}")
    return found


def test_migrations_are_found() -> None:
    names = {p.parent.parent.name for p in migration_files()}
    assert names == {"core", "accounts", "learning", "matching", "cms"}


def test_the_migration_scan_catches_a_live_import(tmp_path: Path) -> None:
    migration = tmp_path / "0009_probe.py"
    migration.write_text(
        "import learning.models\nfrom core.models import validate_reading\n"
        "from ..records import Venue\nfrom django.db import migrations\n",
        encoding="utf-8",
    )
    assert live_code_imports(migration) == [
        "l.1: learning.models",
        "l.2: core.models",
        "l.3: from ..records",
    ]


def test_no_migration_imports_live_application_code() -> None:
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in migration_files()
        if (found := live_code_imports(path))
    }
    assert offenders == {}, "migrations must inline what they need: " + repr(offenders)
