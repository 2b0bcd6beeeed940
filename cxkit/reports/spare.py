"""One spare report kernel kept warm between renders in a Python session.

A report's first render in a process waits for a kernel to start and import
pandas, scipy and cxkit: about half of the sample monthly report's 1 s, and
more than half of a trivial papermill run. After every
:func:`~cxkit.reports.render` and :func:`~cxkit.reports.render_many` the API
starts one fresh kernel in the background (it imports cxkit while the caller
reads the page); the next render takes it and starts at its first cell.
Quarto keeps a kernel daemon for interactive renders for the same reason
(https://quarto.org/docs/computations/python.html#kernel-daemon).

Unlike a daemon, the spare never runs two notebooks: a report always runs in
a kernel in which no notebook has run, and that kernel is shut down after
the report. The spare is used only when nothing that decides what it
imported has changed since it started (the Python executable, the
environment variables, the cxkit folder and the modification times of its
source files); otherwise it is shut down and a new kernel is started.

:func:`start_spare_kernel` starts one at once (in a notebook's first cell,
say), so that the session's first render starts warm as well.

It is shut down after ``idle_seconds`` without a render (default 600), at
interpreter exit, or by :func:`close_spare_kernel`. Switch it off with
``set_spare_kernel(False)`` or the environment variable
``CXKIT_SPARE_KERNEL=0``; the ``cxkit report`` command never keeps one (its
process ends with the run).
"""

from __future__ import annotations

import atexit
import contextlib
import math
import numbers
import os
import sys
import threading
from pathlib import Path

from ..errors import CxkitTypeError, CxkitValueError

#: The environment variable that switches the spare kernel on ("1") or off ("0") for a process.
ENVIRONMENT_VARIABLE = "CXKIT_SPARE_KERNEL"
DEFAULT_IDLE_SECONDS = 600.0

_lock = threading.RLock()
_settings: dict = {"enabled": None, "idle_seconds": DEFAULT_IDLE_SECONDS}
_spare: dict | None = None  # {"kernel": WarmKernel, "key": fingerprint, "timer": threading.Timer}


def _from_environment() -> bool:
    value = os.environ.get(ENVIRONMENT_VARIABLE, "1").strip()
    if value not in ("0", "1"):
        raise CxkitValueError(f"the environment variable {ENVIRONMENT_VARIABLE} ({value!r}) must be '1' (keep a "
                              f"spare report kernel between renders) or '0' (start a kernel for each render).")
    return value == "1"


def spare_kernel_enabled() -> bool:
    """Whether a render leaves a spare kernel for the next one (see the module docstring)."""
    with _lock:
        enabled = _settings["enabled"]
    return _from_environment() if enabled is None else enabled


def set_spare_kernel(enabled: bool, *, idle_seconds: float = DEFAULT_IDLE_SECONDS) -> None:
    """Keep (``True``) or do not keep (``False``) a spare report kernel between renders in this process.

    ``idle_seconds``: how long a spare waits for a render before it is shut
    down (greater than 0, finite). ``False`` also shuts down the current spare.
    This setting overrides the environment variable ``CXKIT_SPARE_KERNEL``.
    """
    if not isinstance(enabled, bool):
        raise CxkitTypeError(f"enabled must be True or False; got {enabled!r} of type {type(enabled).__name__}.")
    if isinstance(idle_seconds, bool) or not isinstance(idle_seconds, numbers.Real) \
            or not math.isfinite(idle_seconds) or idle_seconds <= 0:
        raise CxkitValueError(f"idle_seconds ({idle_seconds!r}) must be a finite number of seconds greater than 0, "
                              f"such as {DEFAULT_IDLE_SECONDS:g}.")
    with _lock:
        _settings["enabled"] = enabled
        _settings["idle_seconds"] = float(idle_seconds)
    if not enabled:
        close_spare_kernel()


@contextlib.contextmanager
def no_spare_kernel():
    """No spare kernel is left by renders inside this block (the command line: its process ends after the run)."""
    with _lock:
        before = _settings["enabled"]
        _settings["enabled"] = False
    try:
        yield
    finally:
        with _lock:
            _settings["enabled"] = before


def _mtime(path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:  # an editor's lock file, a dangling link, a file removed meanwhile: nothing to compare
        return None


def _fingerprint() -> tuple:
    """What decides a new kernel's imports: a spare started under another one is stale.

    The Python executable, the environment variables, cxkit's folder and the newest modification of its
    sources, and the modification times of the site-packages folders (installing, upgrading or removing a
    package adds or removes entries there). Not the other folders of the import path: the script's own
    folder, such as the system's temporary folder, changes with every file made in it.
    """
    import site

    package = Path(__file__).resolve().parents[1]
    newest = max((m for p in package.rglob("*.py") if (m := _mtime(p)) is not None), default=0)
    packages = [*site.getsitepackages(), site.getusersitepackages()] if hasattr(site, "getsitepackages") else []
    folders = tuple((p, _mtime(p)) for p in packages)
    return sys.executable, str(package), newest, folders, tuple(sorted(os.environ.items()))


def _detach():
    """The current spare (its idle timer stopped), no longer held here; or None."""
    global _spare
    with _lock:
        spare, _spare = _spare, None
    if spare is not None:
        spare["timer"].cancel()
    return spare


def close_spare_kernel() -> None:
    """Shut down the spare kernel, if there is one (at exit this runs by itself)."""
    spare = _detach()
    if spare is not None:
        spare["kernel"].close()


def _expire(kernel) -> None:
    global _spare
    with _lock:
        if _spare is None or _spare["kernel"] is not kernel:
            return  # taken (or replaced) while the timer fired
        _spare = None
    kernel.close()


def _keep(kernel) -> None:
    """Hold ``kernel`` as the spare, with its idle timer, or close it when a spare is held or not wanted."""
    global _spare
    try:
        with _lock:
            if _spare is None and spare_kernel_enabled():
                timer = threading.Timer(_settings["idle_seconds"], _expire, args=(kernel,))
                timer.daemon = True  # never keeps the interpreter alive; atexit closes the kernel
                _spare = {"kernel": kernel, "key": _fingerprint(), "timer": timer}
                timer.start()
                return
    except BaseException:
        kernel.close()
        raise
    kernel.close()


def take_kernel():
    """A kernel for the next report: the spare when it is still current and alive, else a new one."""
    from .execution import WarmKernel

    spare_kernel_enabled()  # a bad CXKIT_SPARE_KERNEL is refused before any kernel starts
    kernel = _take_current()
    return kernel if kernel is not None else WarmKernel()


def _take_current():
    """The spare, no longer held here, when it is current and alive; a stale or dead one is shut down: None."""
    spare = _detach()
    if spare is None:
        return None
    kernel = spare["kernel"]
    try:
        current = spare["key"] == _fingerprint() and kernel.km.is_alive()
    except BaseException:
        kernel.close()
        raise
    if current:
        return kernel
    kernel.close()
    return None


def give_back(kernel) -> None:
    """Return a kernel in which no notebook ran (the run was refused before it started) as the spare."""
    with _lock:
        held = _spare is not None
    if held or not spare_kernel_enabled():
        kernel.close()
        return
    _keep(kernel)


def replenish() -> None:
    """Start a spare kernel for the next render unless one is held or spares are switched off.

    Called after a report is published: a failure here is a warning, never the render's error.
    """
    import warnings

    from ..errors import CxkitWarning

    try:
        if not spare_kernel_enabled():
            return
        with _lock:
            if _spare is not None:
                return
        from .execution import WarmKernel

        _keep(WarmKernel(ahead=True))
    except Exception as exc:  # noqa: BLE001  (the report is done; the next render starts its own kernel)
        warnings.warn(f"cxkit could not keep a spare report kernel for the next render ({type(exc).__name__}: "
                      f"{exc}); the next render starts its own.", CxkitWarning, stacklevel=3)


def start_spare_kernel() -> None:
    """Start the spare kernel now, so that even the session's first render finds one warm.

    Call it early, e.g. in a notebook's first cell: the kernel imports
    pandas, scipy, cxkit and matplotlib in the background while the notebook goes
    on, and the next :func:`~cxkit.reports.render` or
    :func:`~cxkit.reports.render_many` starts at its first cell. A current
    spare already held is kept, its idle time counted again from now (one
    started under another environment or set of sources is replaced). Raises when spares are
    switched off, and when the kernel cannot start (the error the render would meet).
    """
    from .execution import WarmKernel

    if not spare_kernel_enabled():
        raise CxkitValueError("the spare report kernel is switched off in this process (set_spare_kernel(False) or "
                              f"the environment variable {ENVIRONMENT_VARIABLE}=0); call set_spare_kernel(True) "
                              "before start_spare_kernel().")
    kernel = _take_current()
    _keep(kernel if kernel is not None else WarmKernel(ahead=True))


def _forget_in_child() -> None:
    """A forked child does not own its parent's spare: forgotten, not shut down (WarmKernel.forget)."""
    global _spare, _lock
    _lock = threading.RLock()  # another thread of the parent may have held it at the fork
    if _spare is not None:
        _spare["kernel"].forget()
    _spare = None


atexit.register(close_spare_kernel)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)
