"""The shape of the code a newcomer reads: checked from the source text alone (ast), no Django, no database.

Which files: every .py file of the project's packages (the top-level folders with an __init__.py, and
manage.py), except migrations/, tests/ and bench/.

The rules, each its own test, each listing every breach it finds:
1. No module over 400 lines (physical lines, as the file is committed). A longer module becomes a package.
2. No function or method over 80 lines (from its `def` line to its last line, decorators not counted).
3. No import cycle among project modules through module-level imports. A module-level import is any
   import not inside a function (class bodies and try/if blocks count; `if TYPE_CHECKING:` blocks do
   not, they never run). Edges: `import a.b` imports a.b; `from a import b` imports a.b when a/b is a
   module of the project, else a; relative imports are resolved against the importing module.
4. A function-local import of a project module carries a trailing `# circular: <why>` comment on the
   import's first or last line, and the circle is real: the imported module reaches the importing one
   through module-level imports (counting the package __init__ modules an import runs). Without a
   circle the import belongs at the top. The one exception: `ready()` in an apps.py, where Django
   requires models-dependent imports to wait for the app registry.
5. Imports run one way: council (bottom) <- comms <- moderation, records, reports, backups, website
   (config on top). A module never imports a project module of a higher layer, at any level.
6. The moderation engine (moderation/engine/) is Django-free: importing any of its modules never
   imports django, directly or through the project modules it imports at module level.
"""

from __future__ import annotations

import ast
import functools
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXCLUDED_PARTS = {"migrations", "tests", "bench"}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
LAYERS = {
    "council": 0,
    "comms": 1,
    "moderation": 2,
    "records": 2,
    "reports": 2,
    "backups": 2,
    "website": 2,
    "social": 3,  # the Facebook Page: above comms and moderation; moderation reaches it via moderation.social_page
    "config": 3,
}
ENGINE = "moderation.engine"
CIRCULAR = re.compile(r"#\s*circular:\s*\S")


@dataclass(frozen=True)
class Import:
    target: str  # the project module imported (dotted)
    line: int
    end_line: int
    function: str | None  # None at module level


@dataclass
class Module:
    name: str
    path: Path
    text: str
    tree: ast.Module
    imports: list[Import] = field(default_factory=list)
    third_party: list[tuple[str, int, str | None]] = field(default_factory=list)  # (top name, line, function)

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_files() -> list[Path]:
    packages = sorted(p.parent for p in ROOT.glob("*/__init__.py") if p.parent.name not in EXCLUDED_PARTS)
    files = [ROOT / "manage.py"] if (ROOT / "manage.py").exists() else []
    for package in packages:
        files += [
            p
            for p in sorted(package.rglob("*.py"))
            if not EXCLUDED_PARTS & set(p.relative_to(ROOT).parts) and not any(part.startswith(".") for part in p.parts)
        ]
    return files


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _ImportCollector(ast.NodeVisitor):
    def __init__(self, module: Module, names: set[str]):
        self.module = module
        self.names = names
        self.function: list[str] = []
        self.classes: list[str] = []

    def _qualname(self, name: str) -> str:
        return ".".join([*self.classes, *self.function, name])

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.function.append(node.name)
        self.generic_visit(node)
        self.function.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node) and not self.function:
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def _where(self) -> str | None:
        return ".".join([*self.classes, *self.function]) if self.function else None

    def _add(self, target: str, node: ast.stmt) -> None:
        imp = Import(target, node.lineno, node.end_lineno or node.lineno, self._where())
        if imp not in self.module.imports:  # `from a import b, c` is one import of a
            self.module.imports.append(imp)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if _top(alias.name) in self.names:
                self._add(_longest_known(alias.name, self.names), node)
            else:
                self.module.third_party.append((alias.name.split(".")[0], node.lineno, self._where()))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = self._resolve(node)
        if base is None or _top(base) not in self.names:
            if node.level == 0 and node.module:
                self.module.third_party.append((node.module.split(".")[0], node.lineno, self._where()))
            return
        for alias in node.names:
            candidate = f"{base}.{alias.name}"
            self._add(candidate if candidate in self.names else _longest_known(base, self.names), node)

    def _resolve(self, node: ast.ImportFrom) -> str | None:
        if node.level == 0:
            return node.module
        package = self.module.name.split(".")
        if not self.module.is_package:
            package = package[:-1]
        if node.level - 1 > len(package):
            return None
        package = package[: len(package) - (node.level - 1)]
        return ".".join([*package, node.module] if node.module else package)


def _top(name: str) -> str:
    return name.split(".")[0]


def _longest_known(name: str, names: set[str]) -> str:
    """The deepest project module a dotted name points into (a.b.attr -> a.b)."""
    parts = name.split(".")
    while parts and ".".join(parts) not in names:
        parts.pop()
    return ".".join(parts) if parts else name


@functools.cache
def _modules() -> dict[str, Module]:
    modules = {}
    for path in _project_files():
        text = path.read_text(encoding="utf-8")
        module = Module(_module_name(path), path, text, ast.parse(text, filename=str(path)))
        modules[module.name] = module
    names = set(modules) | {name.split(".")[0] for name in modules}
    for module in modules.values():
        _ImportCollector(module, names).visit(module.tree)
    return modules


def _graph(*, with_parents: bool) -> dict[str, set[str]]:
    """Module-level import edges between project modules; with_parents adds the package __init__
    modules an import runs (importing a.b.c runs a and a.b)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for module in modules.values():
        for imp in module.imports:
            if imp.function is not None or imp.target not in modules:
                continue
            targets = {imp.target}
            if with_parents:
                parts = imp.target.split(".")
                targets |= {".".join(parts[:i]) for i in range(1, len(parts))} & set(modules)
            graph[module.name] |= targets - {module.name}
    return graph


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, stack = set(), [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, ()))
    return False


def _report(title: str, lines: list[str]) -> None:
    if lines:
        pytest.fail(f"{title}: {len(lines)}\n  " + "\n  ".join(lines), pytrace=False)


def test_no_module_over_400_lines():
    too_long = [
        f"{module.rel}: {count} lines"
        for module in _modules().values()
        if (count := len(module.text.splitlines())) > MAX_MODULE_LINES
    ]
    _report(f"Modules over {MAX_MODULE_LINES} lines (make each a package of smaller modules)", sorted(too_long))


def test_no_function_over_80_lines():
    too_long = []
    for module in _modules().values():
        stack: list[tuple[ast.AST, str]] = [(module.tree, "")]
        while stack:
            node, prefix = stack.pop()
            for child in ast.iter_child_nodes(node):
                name = prefix
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    name = f"{prefix}{child.name}."
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = child.end_lineno - child.lineno + 1
                    if length > MAX_FUNCTION_LINES:
                        too_long.append(f"{module.rel}:{child.lineno} {name[:-1]}(): {length} lines")
                stack.append((child, name))
    _report(f"Functions over {MAX_FUNCTION_LINES} lines", sorted(too_long))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def _shortest_cycle(graph: dict[str, set[str]], start: str, members: set[str]) -> list[str]:
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & members):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return [start]


def test_no_import_cycle():
    graph = _graph(with_parents=False)
    modules = _modules()
    found = []
    for component in _cycles(graph):
        cycle = _shortest_cycle(graph, component[0], set(component))
        steps = []
        for a, b in itertools.pairwise(cycle):
            line = min(i.line for i in modules[a].imports if i.target == b and i.function is None)
            steps.append(f"{modules[a].rel}:{line} imports {b}")
        found.append(f"cycle among {', '.join(component)}\n    e.g. " + "\n         ".join(steps))
    _report("Import cycles through module-level imports (break each: move shared code down a layer)", found)


def test_function_local_imports_only_for_a_real_circle():
    modules = _modules()
    graph = _graph(with_parents=True)
    found = []
    for module in modules.values():
        lines = module.text.splitlines()
        for imp in module.imports:
            if imp.function is None or imp.target == module.name:
                continue
            if module.path.name == "apps.py" and imp.function.split(".")[-1] == "ready":
                continue
            where = f"{module.rel}:{imp.line} {imp.function}() imports {imp.target}"
            if not (CIRCULAR.search(lines[imp.line - 1]) or CIRCULAR.search(lines[imp.end_line - 1])):
                found.append(f"{where} inside the function with no '# circular: <why>' comment")
            elif not _reaches(graph, imp.target, module.name):
                found.append(f"{where} marked circular, but {imp.target} does not import {module.name}: move it up")
    _report("Function-local imports of project modules without a real circle", sorted(found))


def test_imports_point_down_the_layers():
    found = []
    for module in _modules().values():
        own = LAYERS.get(_top(module.name))
        if own is None:
            continue
        for imp in module.imports:
            other = _top(imp.target)
            if other != _top(module.name) and LAYERS.get(other, -1) > own:
                found.append(
                    f"{module.rel}:{imp.line} ({_top(module.name)}) imports {imp.target} ({other}, a higher layer)"
                )
    _report(
        "Imports pointing up the layers (council <- comms <- moderation, records, reports, backups, website)",
        sorted(found),
    )


def test_moderation_engine_is_django_free():
    modules = _modules()
    graph = _graph(with_parents=True)
    found = []
    for name in sorted(modules):
        if name != ENGINE and not name.startswith(ENGINE + "."):
            continue
        seen, stack, via = set(), [name], {name: name}
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            for top, line, function in modules[node].third_party:
                if top == "django" and (function is None or node == name):
                    chain = f" (via {via[node]})" if node != name else ""
                    found.append(f"{name}: {modules[node].rel}:{line} imports django{chain}")
            for nxt in graph[node] - seen:
                via.setdefault(nxt, node)
                stack.append(nxt)
    _report("The moderation engine must import no Django, directly or through what it imports", sorted(set(found)))
