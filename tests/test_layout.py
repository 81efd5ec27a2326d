"""The layout holds: imports run one way between apps and between the files of one app, and no app hides an
import behind `import *` or a guarded `except ImportError`.

The imports are read from the source (ast), top-level and inside functions alike, so a late import inside a
function counts as much as one at the top of the file. Migrations are left out: they name apps by label only.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("chamber", "artisans", "meetings", "agreements", "programmes", "exhibitions", "portal")


def app_files() -> dict[str, Path]:
    """Every .py file of the apps, by dotted module name, migrations excluded."""
    files: dict[str, Path] = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join(parts)] = path
    return files


def imported_modules(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The app modules that `module` imports: `import a.b`, `from a import b` (a module or a name in a)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            candidates = [source, *(f"{source}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in candidates:
            # `import a.b.c` also runs a and a.b; the nearest known module is what the line depends on.
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    known = app_files()
    return {module: imported_modules(module, path, known) for module, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def app_of(module: str) -> str:
    return module.partition(".")[0]


def app_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    apps: dict[str, set[str]] = {}
    for module, targets in graph.items():
        apps.setdefault(app_of(module), set()).update(
            app_of(target) for target in targets if app_of(target) != app_of(module)
        )
    return apps


def witnesses(graph: dict[str, set[str]], cycle: list[str]) -> list[str]:
    """The import lines that make an app cycle, so that the failure says which file to change."""
    members = set(cycle)
    return sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if app_of(module) in members and app_of(target) in members and app_of(module) != app_of(target)
    )


def test_it_finds_a_cycle_when_there_is_one():
    graph = {"a.x": {"b.y"}, "b.y": {"c.z"}, "c.z": {"a.x"}, "d.w": {"a.x"}}
    assert cycles(graph) == [["a.x", "b.y", "c.z"]]
    assert cycles(app_graph(graph)) == [["a", "b", "c"]]


def test_it_reads_imports_inside_functions_and_relative_ones(tmp_path):
    package = tmp_path / "a"
    package.mkdir()
    (package / "x.py").write_text("def f():\n    from . import y\n    import b.z\n")
    known = {
        "a.x": package / "x.py",
        "a.y": package / "y.py",
        "b.z": tmp_path / "z.py",
        "b": tmp_path / "b.py",
    }
    assert imported_modules("a.x", package / "x.py", known) == {"a.y", "b.z"}


def test_no_import_cycle_between_apps():
    graph = import_graph()
    found = cycles(app_graph(graph))
    assert not found, "\n".join(f"{' <-> '.join(c)}: {witnesses(graph, c)}" for c in found)


def test_no_import_cycle_between_files_of_one_app():
    graph = import_graph()
    within = {
        module: {target for target in targets if app_of(target) == app_of(module)}
        for module, targets in graph.items()
    }
    assert cycles(within) == []


def test_no_import_cycle_between_files_at_all():
    assert cycles(import_graph()) == []


FORBIDDEN = re.compile(
    r"^\s*(from\s+\S+\s+import\s+\*|except\s+ImportError\b|except\s+\(\s*ImportError\b)", re.M
)


@pytest.mark.parametrize("app", APPS)
def test_no_star_import_or_guarded_import(app):
    offending = [
        f"{path.relative_to(ROOT)}:{source[: match.start()].count(chr(10)) + 1}: {match.group(0).strip()}"
        for module, path in app_files().items()
        if app_of(module) == app
        for source in [path.read_text(encoding="utf-8")]
        for match in FORBIDDEN.finditer(source)
    ]
    assert offending == []


def test_the_forbidden_pattern_catches_each_form():
    for line in ("from a.b import *", "    except ImportError:", "except (ImportError, AttributeError):"):
        assert FORBIDDEN.search(line), line
    assert not FORBIDDEN.search("from a import b")


# The one-way order of the apps: each may import only the apps before it (chamber is what every app shares; the
# portal sits on top of the domain apps' services and selectors).
ORDER = ("chamber", "artisans", "meetings", "agreements", "programmes", "exhibitions", "portal")


def test_apps_import_only_the_apps_before_them():
    graph = import_graph()
    against = sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if ORDER.index(app_of(target)) > ORDER.index(app_of(module))
    )
    assert against == []
