"""Arabic first: every string a person reads is in the Arabic catalogue,
translated, and compiled."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def gettext_tools():
    if shutil.which("xgettext") and shutil.which("msgfmt"):
        return True
    if os.environ.get("SHAFAF_REQUIRE_GETTEXT"):
        pytest.fail("GNU gettext (xgettext, msgfmt) is required here: apt-get install gettext")
    pytest.skip("GNU gettext is not installed")


def catalogue(mo_path):
    with open(mo_path, "rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def test_every_string_is_translated():
    gettext_tools()
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_the_compiled_catalogue_matches_the_source(tmp_path):
    gettext_tools()
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(PO)], check=True)
    assert catalogue(MO) == catalogue(compiled), "run `make messages` and commit locale/ar"


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    """makemessages over the code finds nothing the catalogue lacks."""
    gettext_tools()
    work = tmp_path / "tree"
    shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(".venv", ".git", "var", "*.sqlite3*", "__pycache__"))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ar", "--no-obsolete", "--add-location", "file",
         "--ignore", "tests/*", "--ignore", "var/*"],
        cwd=work, check=True, capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
    )
    fresh = work / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    missing = set(msgids(fresh)) - set(msgids(PO))
    assert not missing, f"strings not in locale/ar (run `make messages`): {sorted(missing)[:10]}"


def msgids(po_path):
    """The msgids of a .po file (joined continuation lines)."""
    ids, current, reading = [], None, False
    for line in po_path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current, reading = line[6:].strip('"'), True
        elif reading and line.startswith('"'):
            current += line.strip('"')
        else:
            if reading and current:
                ids.append(current)
            reading = False
    return ids
