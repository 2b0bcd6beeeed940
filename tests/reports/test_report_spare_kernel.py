"""The spare report kernel (cxkit.reports.spare): taken by the next render, never reused, switched off cleanly."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest

import cxkit as cx
from cxkit.reports import api, runner, spare
from cxkit.reports.execution import WarmKernel

TEMPLATE = runner.TEMPLATES_DIR / "monthly_report.ipynb"


@pytest.fixture(autouse=True)
def own_spare_settings(monkeypatch):
    """Each test starts and ends without a spare, with the default settings."""
    monkeypatch.delenv(spare.ENVIRONMENT_VARIABLE, raising=False)
    spare.close_spare_kernel()
    spare._settings.update(enabled=None, idle_seconds=spare.DEFAULT_IDLE_SECONDS)
    yield
    spare.close_spare_kernel()
    spare._settings.update(enabled=None, idle_seconds=spare.DEFAULT_IDLE_SECONDS)


@pytest.fixture
def kernels_used(monkeypatch):
    """The kernel each executed report ran in, in order."""
    used = []
    execute_run = runner.execute_run

    def recording(run, output_dir, progress, kernel=None):
        used.append(kernel)
        return execute_run(run, output_dir, progress, kernel=kernel)

    monkeypatch.setattr(runner, "execute_run", recording)
    monkeypatch.setattr(api, "execute_run", recording)
    return used


def _held():
    return None if spare._spare is None else spare._spare["kernel"]


def _gone(kernel, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if kernel._closed and not kernel.km.has_kernel:
            return True
        time.sleep(0.05)
    return False


def _marking_templates(tmp_path):
    """The monthly template with a first cell that fails if any notebook ran in the kernel before."""
    folder = tmp_path / "templates"
    folder.mkdir()
    nb = nbformat.read(TEMPLATE, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell(
        "assert '_cxkit_ran_here' not in globals(), 'a notebook ran in this kernel before'\n_cxkit_ran_here = True"))
    nbformat.write(nb, folder / "monthly_report.ipynb")
    return folder


def test_a_render_leaves_a_spare_that_the_next_render_takes_and_no_kernel_runs_two_notebooks(tmp_path,
                                                                                              kernels_used):
    templates = _marking_templates(tmp_path)
    runner.render_report("monthly", {}, output_dir=tmp_path / "one", template_dir=templates)
    first_spare = _held()
    assert isinstance(first_spare, WarmKernel) and first_spare.km.is_alive()
    assert _gone(kernels_used[0])  # the kernel that ran the report is shut down
    second = runner.render_report("monthly", {}, output_dir=tmp_path / "two", template_dir=templates)
    assert kernels_used[1] is first_spare  # the marking cell passed: it had run no notebook
    assert _held() is not None and _held() is not first_spare
    assert second.html.is_file()


def test_render_many_takes_the_spare_for_its_first_report_and_leaves_one(tmp_path, kernels_used):
    cx.reports.render("monthly", output_dir=tmp_path / "a", progress=False)
    waiting = _held()
    results = cx.reports.render_many("monthly", month=["2026-09", "2026-10"], output_dir=tmp_path / "b",
                                     progress=False)
    assert len(results) == 2 and kernels_used[1] is waiting and kernels_used[2] is not waiting
    assert _held() not in (None, *kernels_used)


def test_a_refused_render_gives_its_unused_kernel_back_as_the_spare(tmp_path):
    cx.reports.render("monthly", output_dir=tmp_path, progress=False)
    waiting = _held()
    with pytest.raises(cx.CxkitValueError, match="has no answers in 2020-01"):
        cx.reports.render("monthly", month="2020-01", output_dir=tmp_path, progress=False)
    assert _held() is waiting and waiting.km.is_alive()


def test_a_spare_started_under_another_environment_is_shut_down_not_used(tmp_path, kernels_used, monkeypatch):
    cx.reports.render("monthly", output_dir=tmp_path, progress=False)
    stale = _held()
    monkeypatch.setenv("CXKIT_TEST_SOMETHING_CHANGED", "1")  # the new kernel would see it; the spare does not
    cx.reports.render("monthly", output_dir=tmp_path, progress=False)
    assert kernels_used[1] is not stale and _gone(stale)


def test_a_dead_spare_is_replaced(tmp_path, kernels_used):
    cx.reports.render("monthly", output_dir=tmp_path, progress=False)
    dead = _held()
    dead.km.shutdown_kernel(now=True)
    cx.reports.render("monthly", output_dir=tmp_path, progress=False)
    assert kernels_used[1] is not dead


def test_switched_off_no_spare_is_kept_and_the_current_one_is_shut_down(tmp_path):
    cx.reports.render("monthly", output_dir=tmp_path, progress=False)
    held = _held()
    cx.reports.set_spare_kernel(False)
    assert _held() is None and _gone(held)
    cx.reports.render("monthly", output_dir=tmp_path, progress=False)
    assert _held() is None and not spare.spare_kernel_enabled()


def test_the_environment_variable_switches_it_off_and_a_bad_value_is_refused_before_any_kernel(tmp_path,
                                                                                              monkeypatch):
    monkeypatch.setenv(spare.ENVIRONMENT_VARIABLE, "0")
    cx.reports.render("monthly", output_dir=tmp_path, progress=False)
    assert _held() is None
    monkeypatch.setenv(spare.ENVIRONMENT_VARIABLE, "yes")
    started = []
    monkeypatch.setattr(WarmKernel, "__init__", lambda self, **_options: started.append(self))
    with pytest.raises(cx.CxkitValueError, match=r"CXKIT_SPARE_KERNEL \('yes'\) must be '1' .* or '0'"):
        cx.reports.render("monthly", output_dir=tmp_path, progress=False)
    assert started == []


def test_an_idle_spare_is_shut_down_after_its_time(tmp_path):
    cx.reports.set_spare_kernel(True, idle_seconds=0.5)
    cx.reports.render("monthly", output_dir=tmp_path, progress=False)
    held = _held()
    assert held is not None
    assert _gone(held, seconds=15) and _held() is None


def test_the_command_line_keeps_no_spare_and_leaves_the_setting_as_it_was(tmp_path):
    from cxkit.command_line import main

    assert main(["report", "monthly", "--output-dir", str(tmp_path), "--no-progress"]) == 0
    assert _held() is None and spare._settings["enabled"] is None


@pytest.mark.parametrize("enabled, idle, error, message", [
    ("yes", 600, cx.CxkitTypeError, r"enabled must be True or False; got 'yes' of type str"),
    (1, 600, cx.CxkitTypeError, r"enabled must be True or False; got 1 of type int"),
    (True, 0, cx.CxkitValueError, r"idle_seconds \(0\) must be a finite number of seconds greater than 0"),
    (True, float("inf"), cx.CxkitValueError, r"idle_seconds \(inf\) must be a finite number"),
    (True, float("nan"), cx.CxkitValueError, r"idle_seconds \(nan\) must be a finite number"),
    (True, "60", cx.CxkitValueError, r"idle_seconds \('60'\) must be a finite number"),
    (True, True, cx.CxkitValueError, r"idle_seconds \(True\) must be a finite number"),
])
def test_bad_settings_are_refused(enabled, idle, error, message):
    with pytest.raises(error, match=message):
        cx.reports.set_spare_kernel(enabled, idle_seconds=idle)
    assert spare._settings["enabled"] is None


def test_a_kernel_that_dies_while_it_starts_is_a_report_error(tmp_path):
    with WarmKernel() as kernel:
        kernel.km.shutdown_kernel(now=True)
        with pytest.raises(cx.ReportError, match="the report kernel exited while it started"):
            kernel.move_to(tmp_path)


def test_a_dangling_source_file_neither_fails_the_render_nor_loses_the_spare(tmp_path, kernels_used):
    lock = Path(spare.__file__).with_name(".#cxkit-test-lock.py")  # an editor's lock file: a dangling link
    lock.symlink_to(tmp_path / "nowhere")
    try:
        cx.reports.render("monthly", output_dir=tmp_path, progress=False)
        held = _held()
        cx.reports.render("monthly", output_dir=tmp_path, progress=False)
        assert held is not None and kernels_used[1] is held
    finally:
        lock.unlink()


def test_a_spare_that_cannot_start_is_a_warning_and_the_report_stands(tmp_path, monkeypatch):
    from cxkit.reports import execution

    kernel_class = execution.WarmKernel

    def failing(**_options):
        raise OSError("too many open files")

    cx.reports.render("monthly", output_dir=tmp_path / "first", progress=False)  # a spare for the next one
    monkeypatch.setattr(execution, "WarmKernel", failing)
    with pytest.warns(cx.CxkitWarning, match=r"could not keep a spare report kernel .*OSError: too many open files"):
        result = cx.reports.render("monthly", output_dir=tmp_path / "second", progress=False)
    assert result.html.is_file() and _held() is None
    monkeypatch.setattr(execution, "WarmKernel", kernel_class)


def test_a_forked_child_leaves_the_parents_spare_alone(tmp_path):
    import os

    cx.reports.render("monthly", output_dir=tmp_path, progress=False)
    held = _held()
    folder = Path(held._private.name)
    child = os.fork()
    if child == 0:  # in the child, what its normal exit would run of cxkit's: the exit handler, the folder's
        code = 1    # finalizer, and any close of the kernel (not every exit handler: the test process's own
        try:        # temporary folders would go too)
            spare.close_spare_kernel()
            held._private._finalizer()
            held.close()
            code = 0 if _held() is None else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert _held() is held and held.km.is_alive() and folder.is_dir()


def test_renders_leave_no_open_files_threads_or_environment_behind(tmp_path):
    import gc
    import os
    import threading

    def settled():
        time.sleep(0.5)
        gc.collect()
        return len(os.listdir("/proc/self/fd")), threading.active_count()

    environment = dict(os.environ)
    for spare_on in (False, True):
        cx.reports.set_spare_kernel(spare_on)
        cx.reports.render("monthly", output_dir=tmp_path, progress=False)
        before = settled()
        for _ in range(3):
            cx.reports.render("monthly", output_dir=tmp_path, progress=False)
        after = settled()
        assert after[0] - before[0] <= 2 and after[1] <= before[1], (spare_on, before, after)
    assert dict(os.environ) == environment


def test_a_failed_batch_keeps_the_next_reports_unused_kernel_as_the_spare(tmp_path, kernels_used, monkeypatch):
    from cxkit.reports import api

    execute_run = api.execute_run
    started = []

    def second_fails(run, output_dir, progress, kernel=None):
        if kernels_used:
            raise cx.ReportError("the second report failed")
        return execute_run(run, output_dir, progress, kernel=kernel)

    monkeypatch.setattr(api, "execute_run", second_fails)
    original_init = WarmKernel.__init__

    def noting(self, **options):
        original_init(self, **options)
        started.append(self)

    monkeypatch.setattr(WarmKernel, "__init__", noting)
    with pytest.raises(cx.ReportError, match="the second report failed"):
        cx.reports.render_many("monthly", month=["2026-08", "2026-09", "2026-10"], output_dir=tmp_path,
                               progress=False)
    # kernels: the first report's, the second's (started beside the first), the third's (beside the second)
    assert _held() is started[-1] and started[-1] not in kernels_used and _held().km.is_alive()


def test_start_spare_kernel_makes_the_first_render_take_a_warm_kernel(tmp_path, kernels_used):
    templates = _marking_templates(tmp_path)
    reports = cx.reports
    reports.start_spare_kernel()
    started = _held()
    assert isinstance(started, WarmKernel) and started.km.is_alive()
    reports.start_spare_kernel()  # a current spare is kept, not replaced
    assert _held() is started
    runner.render_report("monthly", {}, output_dir=tmp_path / "one", template_dir=templates)
    assert kernels_used == [started]  # the marking cell passed: no notebook had run in it
    assert _held() is not None and _held() is not started


def test_start_spare_kernel_replaces_a_stale_spare(tmp_path, monkeypatch):
    spare.start_spare_kernel()
    stale = _held()
    monkeypatch.setenv("CXKIT_SOMETHING_NEW", "1")  # another environment: the spare's imports may differ
    spare.start_spare_kernel()
    assert _held() is not stale and _held().km.is_alive()
    assert _gone(stale)


def test_start_spare_kernel_is_refused_when_spares_are_switched_off(monkeypatch):
    spare.set_spare_kernel(False)
    with pytest.raises(cx.CxkitValueError, match=r"switched off.*set_spare_kernel\(True\)"):
        spare.start_spare_kernel()
    spare._settings.update(enabled=None)
    monkeypatch.setenv(spare.ENVIRONMENT_VARIABLE, "0")
    with pytest.raises(cx.CxkitValueError, match="CXKIT_SPARE_KERNEL=0"):
        spare.start_spare_kernel()
    assert _held() is None
