"""viewflow's state machine, without viewflow's commercial-only files.

django-viewflow is AGPL-3.0 except four files under the commercial licence
(``fsm/admin.py``, ``chart.py``, ``views.py``, ``viewset.py``), and
``viewflow/fsm/__init__.py`` imports three of them. We register the package
without running that ``__init__`` and import only the AGPL modules ``base``
and ``typing``, so the commercial code is never loaded into this process
(tests/test_licence.py checks it).
"""

import importlib
import importlib.util
import sys
import types

_COMMERCIAL = ("viewflow.fsm.admin", "viewflow.fsm.chart", "viewflow.fsm.views", "viewflow.fsm.viewset")


def _load_base():
    if "viewflow.fsm" not in sys.modules:
        spec = importlib.util.find_spec("viewflow")
        package = types.ModuleType("viewflow.fsm")
        package.__path__ = [f"{spec.submodule_search_locations[0]}/fsm"]
        package.__package__ = "viewflow.fsm"
        sys.modules["viewflow.fsm"] = package
    loaded = [name for name in _COMMERCIAL if name in sys.modules]
    if loaded:
        raise ImportError(f"commercial-only viewflow modules were imported: {loaded}")
    return importlib.import_module("viewflow.fsm.base")


_base = _load_base()

State = _base.State
TransitionConditionsUnmet = _base.TransitionConditionsUnmet
