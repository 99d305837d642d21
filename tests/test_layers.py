"""The dependency rule (DESIGN.md, "Layout"), checked by import-linter's contract in pyproject.toml:
kept by the tree as it is, broken by one upward import."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ["drafting", "handbook", "review", "operations", "accounts", "contacts", "countries"]


def _lint_imports(cwd):
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, check=False)


def _copy_tree(target):
    shutil.copy(ROOT / "pyproject.toml", target)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__"))


def test_the_tree_keeps_the_contract():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_it(tmp_path):
    _copy_tree(tmp_path)
    # A domain app reaching up into the site: the kind of import the rule exists to stop.
    with (tmp_path / "countries" / "models.py").open("a") as models:
        models.write("\nfrom review import changes  # noqa\n")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1
    assert "Apps import downward only BROKEN" in result.stdout
    assert "countries.models -> review.changes" in result.stdout


def test_a_site_app_importing_one_above_it_breaks_it(tmp_path):
    _copy_tree(tmp_path)
    with (tmp_path / "accounts" / "views.py").open("a") as views:
        views.write("\nfrom operations import page_cache  # noqa\n")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1
    assert "accounts.views -> operations.page_cache" in result.stdout
