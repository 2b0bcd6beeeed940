"""What ``import cxkit`` and a report kernel's imports load: start-up cost is paid by every report.

Not a timed test: it checks which heavy modules are loaded, in a fresh
interpreter, so a stray top-level import cannot creep back in.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _loaded_after(statement: str, modules) -> dict:
    code = f"import sys, json; {statement}; print(json.dumps({{m: m in sys.modules for m in {list(modules)!r}}}))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("statement", [
    "import cxkit",
    "from cxkit.reports.execution import WARM_UP; exec(WARM_UP)",  # what a report kernel imports first
])
def test_lifetime_value_fits_and_pyplot_load_only_when_used(statement):
    loaded = _loaded_after(statement, ["scipy.optimize", "matplotlib.pyplot", "cxkit.value", "matplotlib"])
    # matplotlib itself neither: the monthly report's charts are SVG, and its kernel starts with these imports
    assert loaded == {"scipy.optimize": False, "matplotlib.pyplot": False, "cxkit.value": False, "matplotlib": False}


def test_lazy_names_resolve_to_the_same_objects():
    loaded = _loaded_after(
        "import cxkit as cx, cxkit.plotting as p; from cxkit.value import fit_bgnbd; "
        "from cxkit.plotting.journey import plot_funnel; "
        "assert cx.fit_bgnbd is fit_bgnbd and p.plot_funnel is plot_funnel; "
        "assert all(hasattr(cx, n) for n in cx.__all__) and all(hasattr(p, n) for n in p.__all__); "
        "assert 'clv' in dir(cx) and 'plot_flow' in dir(p)",
        ["scipy.optimize"])
    assert loaded == {"scipy.optimize": True}


def test_an_unknown_name_is_an_attribute_error():
    import cxkit
    import cxkit.plotting

    with pytest.raises(AttributeError, match="has no attribute 'no_such_metric'"):
        cxkit.no_such_metric  # noqa: B018
    with pytest.raises(AttributeError, match="has no attribute 'plot_nothing'"):
        cxkit.plotting.plot_nothing  # noqa: B018
