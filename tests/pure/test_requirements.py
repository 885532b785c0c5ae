"""The production install is pinned by hash and holds no test tools; CI audits it (ASVS V15)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST_TOOLS = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "factory-boy",
    "aiosmtpd",
    "playwright",
    "pip-audit",
    "faker",
    "ruff",
}


def _pins(name: str) -> dict[str, str]:
    """package -> its whole entry (the pin line and its hash lines)."""
    entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / name).read_text())
    pins = {}
    for entry in entries:
        match = re.match(r"([A-Za-z0-9_.-]+)==\S+", entry)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = entry
    return pins


def test_every_pinned_package_carries_hashes():
    for name in ("requirements.txt", "requirements-dev.txt"):
        pins = _pins(name)
        assert pins, name
        unhashed = [p for p, entry in pins.items() if "--hash=sha256:" not in entry]
        assert not unhashed, f"{name}: {unhashed}"


def test_test_tools_are_not_in_the_production_install():
    assert not TEST_TOOLS & set(_pins("requirements.txt"))
    assert {"pytest", "pip-audit", "ruff"} <= set(_pins("requirements-dev.txt"))


def test_shared_packages_have_one_version_in_both_files():
    prod, dev = _pins("requirements.txt"), _pins("requirements-dev.txt")
    for package in set(prod) & set(dev):
        assert prod[package].split()[0] == dev[package].split()[0], package


def test_ci_audits_the_pinned_requirements_and_tests_install_the_dev_tools():
    assert "bin/audit" in (ROOT / ".ci/run").read_text()
    audit = (ROOT / "bin/audit").read_text()
    assert "-r requirements.txt" in audit
    # A package that could not be looked up is reported as not audited, never as clean.
    assert "could not be audited" in audit and "AUDIT_STRICT" in audit and "DEPENDENCY AUDIT INCOMPLETE" in audit
    assert "bin/setup --dev" in (ROOT / "bin/test").read_text()


def test_ci_lints_first_and_lint_fails_on_a_finding():
    ci = (ROOT / ".ci/run").read_text()
    assert "bin/lint" in ci and ci.index("bin/lint") < ci.index("bin/install-test-services")
    lint = (ROOT / "bin/lint").read_text()
    assert "ruff check" in lint and "ruff format --check" in lint
