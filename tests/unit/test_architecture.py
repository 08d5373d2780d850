"""The layer rules (docs/DEVELOPING.md, "Architecture"): imports point down, never up or round.

Read from the source with `ast`, so an import hidden inside a function counts like any other;
only imports under `if TYPE_CHECKING:` are left out of the cycle check (they never run).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parents[2] / "portal"

# Top to bottom. A module may import its own unit or anything in a lower layer.
LAYERS: list[tuple[str, ...]] = [
    ("portal", "portal.cli"),
    ("portal.blueprints", "portal.web", "portal.devdata"),
    ("portal.services",),
    ("portal.search", "portal.moderation", "portal.mail", "portal.uploads", "portal.charts"),
    (
        "portal.models",
        "portal.matching",
        "portal.taxonomy",
        "portal.places",
        "portal.formatting",
        "portal.i18n",
    ),
    (
        "portal.extensions",
        "portal.config",
        "portal.text",
        "portal.errors",
        "portal.limits",
        "portal.security",
        "portal.db_sqlite",
    ),
]

# Narrower than the layers allow: who may import these at all.
ONLY_IMPORTED_BY = {
    "portal.blueprints": ("portal",),
    "portal.devdata": ("portal.cli", "portal.devdata"),
    "portal.cli": ("portal",),
}

# What the search package may lean on: the data, the rules and the plumbing, never a service.
SEARCH_MAY_IMPORT = (
    "portal.search",
    "portal.models",
    "portal.matching",
    "portal.taxonomy",
    "portal.places",
    "portal.formatting",
    "portal.extensions",
    "portal.config",
    "portal.text",
    "portal.errors",
    "portal.limits",
)


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    type_checking_only: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PORTAL.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PORTAL.rglob("*.py")}


def _unit(module: str) -> str:
    """The layer entry a module belongs to (its longest matching prefix)."""
    entries = [entry for layer in LAYERS for entry in layer]
    matches = [e for e in entries if module == e or module.startswith(e + ".")]
    if module == "portal":
        return "portal"
    matches = [m for m in matches if m != "portal"]
    return max(matches, key=len) if matches else ""


def _layer(unit: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if unit in layer)


def _owning_module(name: str) -> str:
    while name not in MODULES and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def _targets(module: str, node: ast.Import | ast.ImportFrom, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, base] if base else package)
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    return hidden


def _imports() -> list[Import]:
    found = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hidden = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _targets(module, node, path.name == "__init__.py"):
                if target.split(".")[0] != "portal":
                    continue
                target = _owning_module(target)
                if target != module:
                    found.append(Import(module, target, node.lineno, id(node) in hidden))
    return found


IMPORTS = _imports()


def _where(imp: Import) -> str:
    return f"{MODULES[imp.source].relative_to(PORTAL.parent)}:{imp.line} imports {imp.target}"


def test_every_module_has_a_layer():
    assert [m for m in MODULES if not _unit(m)] == []


def test_imports_point_down():
    upward = [
        _where(imp) for imp in IMPORTS if _layer(_unit(imp.target)) < _layer(_unit(imp.source))
    ]
    assert upward == []


@pytest.mark.parametrize("guarded", sorted(ONLY_IMPORTED_BY))
def test_entry_points_are_imported_only_by_their_callers(guarded):
    allowed = ONLY_IMPORTED_BY[guarded]
    wrong = [
        _where(imp)
        for imp in IMPORTS
        if _unit(imp.target) == guarded and _unit(imp.source) not in (*allowed, guarded)
    ]
    assert wrong == []


def test_blueprints_do_not_import_each_other():
    """What two areas share belongs in portal/web (or lower), not in one of the two."""

    def area(module: str) -> str:
        return ".".join(module.split(".")[:3])

    wrong = [
        _where(imp)
        for imp in IMPORTS
        if _unit(imp.source) == "portal.blueprints"
        and _unit(imp.target) == "portal.blueprints"
        and area(imp.source) != area(imp.target)
        and imp.source != "portal.blueprints"
    ]
    assert wrong == []


def test_search_leans_only_on_data_rules_and_plumbing():
    wrong = [
        _where(imp)
        for imp in IMPORTS
        if _unit(imp.source) == "portal.search" and _unit(imp.target) not in SEARCH_MAY_IMPORT
    ]
    assert wrong == []


def test_no_import_cycles():
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for imp in IMPORTS:
        if not imp.type_checking_only:
            graph[imp.source].add(imp.target)
    cycles = [sorted(c) for c in _strongly_connected(graph) if len(c) > 1]
    assert cycles == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so deep packages cannot hit the recursion limit."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
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
                components.append(component)
    return components


def test_the_rules_catch_an_upward_import(tmp_path):
    """The checker itself: a service importing a blueprint is reported."""
    fake = Import("portal.services.jobs", "portal.blueprints.jobs.views", 1, False)
    assert _layer(_unit(fake.target)) < _layer(_unit(fake.source))
    cycle = _strongly_connected({"a": {"b"}, "b": {"a"}, "c": set()})
    assert sorted(map(sorted, cycle)) == [["a", "b"], ["c"]]
