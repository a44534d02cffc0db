"""DESIGN §8: viewflow's commercial-only files are never imported."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHECK = """
import sys, django
django.setup()
from django.urls import resolve
import config.urls, workflows.complaints, staff.views, demo.loader  # everything we have
from django.core.management import call_command
call_command("check")
loaded = sorted(m for m in sys.modules if m.startswith("viewflow"))
print(" ".join(loaded))
"""


def test_commercial_viewflow_modules_are_not_loaded():
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings_test", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stdout.split())
    assert "viewflow.fsm.base" in loaded
    assert not loaded & {"viewflow.fsm.admin", "viewflow.fsm.chart", "viewflow.fsm.views", "viewflow.fsm.viewset"}


def test_the_licence_is_agpl():
    text = (ROOT / "LICENSE").read_text()
    assert "GNU AFFERO GENERAL PUBLIC LICENSE" in text and "Version 3" in text
    assert 'license = "AGPL-3.0-or-later"' in (ROOT / "pyproject.toml").read_text()
