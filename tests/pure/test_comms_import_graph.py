"""No import circle inside comms: what a module imports when it loads never leads back to it.

Read from the source (module-level imports only; an import inside a function runs later and is
allowed where a comment names the circle it avoids), so the test needs no database.
"""

import ast
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PACKAGE = "comms"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in (PROJECT / PACKAGE).rglob("*.py") if "migrations" not in path.parts}


def _load_time_imports(tree: ast.Module):
    """Import statements that run when the module loads: not in functions, not under TYPE_CHECKING."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
            continue
        pending.extend(ast.iter_child_nodes(node))


def _edges(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _load_time_imports(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names if alias.name in modules}
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            base = ".".join(anchor + ([node.module] if node.module else []))
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            if submodule in modules:
                targets.add(submodule)
            elif base in modules:
                targets.add(base)
    return targets - {name}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                found.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_graph_sees_the_mail_modules():
    graph = {name: _edges(name, path, _modules()) for name, path in _modules().items()}
    assert "comms.mail.outbox" in graph["comms.mail.door"]
    assert {"comms.mail.imap", "comms.mail.outbox", "comms.models"} <= graph["comms.tasks"]


def test_no_import_circle_inside_comms():
    modules = _modules()
    graph = {name: _edges(name, path, modules) for name, path in modules.items()}
    assert _circles(graph) == []
