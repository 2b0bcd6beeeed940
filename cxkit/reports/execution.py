"""Running one report notebook with papermill: kernel transport, failures as ReportError.

The kernel talks to papermill over encrypted ZeroMQ sockets (CurveZMQ keys
provisioned by jupyter_client) where jupyter_client, pyzmq and the kernel
support it, else over local IPC sockets in a private folder (POSIX), so the
kernel has no reason to print its "running over TCP without encryption"
warning on the user's terminal.

A notebook that fails raises :class:`~cxkit.errors.ReportError` carrying the
failing cell's index, the error's name and message and the notebook's
traceback; the executed notebook is kept in the system's temporary folder
(``tempfile.gettempdir()``), never in the output folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from ..errors import ReportError

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
KERNEL_NAME = "python3"


def kernel_supports_curve(kernel_name: str) -> bool:
    """Whether jupyter_client, pyzmq and the kernel's spec all support CurveZMQ transport encryption."""
    import zmq
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    if "transport_encryption" not in KernelManager.class_trait_names() or not zmq.has("curve"):
        return False
    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        return False
    declared = (spec.metadata or {}).get("supported_encryption") or ()
    declared = [declared] if isinstance(declared, str) else declared
    return "curve" in {str(d).strip().lower() for d in declared}


def kernel_config(kernel_name: str, private_dir: Path):
    """traitlets Config for the kernel manager: encrypted transport, else IPC sockets in ``private_dir``.

    ipykernel warns on stderr when it runs over TCP without encryption; the
    two transports chosen here are the ones that warning recommends. Where
    neither is available (Windows without CurveZMQ) the default TCP is kept.
    """
    from traitlets.config import Config

    if kernel_supports_curve(kernel_name):
        return Config({"KernelManager": {"transport_encryption": "auto"}})
    if os.name == "posix":
        return Config({"KernelManager": {"transport": "ipc", "ip": str(private_dir / "kernel")}})
    return Config()


def _keep_failed_notebook(executed: Path, stem: str) -> Path | None:
    if not executed.is_file():
        return None
    handle, kept = tempfile.mkstemp(prefix=f"cxkit-failed-{stem}-", suffix=".ipynb")
    os.close(handle)
    shutil.copyfile(executed, kept)
    return Path(kept)


def _cell_name(executed: Path) -> str:
    """The failing cell's first comment line (its name), when it starts with one."""
    try:
        import nbformat

        cells = nbformat.read(executed, as_version=4).cells
        cell = next(c for c in cells if any(o.get("output_type") == "error" for o in c.get("outputs", ())))
    except Exception:  # noqa: BLE001  (a name is a courtesy; the index is always given)
        return ""
    source = cell.source.lstrip()
    if not source.startswith("#"):
        return ""
    label = source.splitlines()[0].lstrip("# ").strip()
    return f" ({label[:80]})" if label else ""


@contextlib.contextmanager
def _same_cxkit_in_the_kernel():
    """PYTHONPATH starts with the folder holding the cxkit that runs this code, while a kernel starts.

    The notebook runs in the report's staging folder, not the caller's: a
    source checkout (or any cxkit not first on the kernel's own path) would
    otherwise be replaced in the kernel by another installed copy. The kernel
    also starts without ``CXKIT_REPORT_OUTPUT_DIR``, so a report's outputs
    always land in its staging folder, beside the page.
    """
    from .outputs import OUTPUT_DIR_VARIABLE

    output_dir = os.environ.pop(OUTPUT_DIR_VARIABLE, None)
    root = str(Path(__file__).resolve().parents[2])
    before = os.environ.get("PYTHONPATH")
    parts = [p for p in (before or "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join([root] + [p for p in parts if p != root])
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = before
        if output_dir is not None:
            os.environ[OUTPUT_DIR_VARIABLE] = output_dir


def _ready_client_class():
    from jupyter_client.blocking import BlockingKernelClient

    class ReadyClient(BlockingKernelClient):
        """A blocking kernel client whose ``wait_for_ready`` ends when IOPub has delivered the kernel's answer.

        jupyter_client's ``wait_for_ready`` asks for kernel_info, then drains
        IOPub until it has been silent for 0.2 s: a fixed 0.2 s on every
        notebook start. This one asks for kernel_info and reads IOPub up to
        the kernel's "idle" status for that request: the last message the
        kernel publishes for it (the Jupyter messaging protocol's busy/idle
        pair), so everything the kernel published before (its start-up
        output) has been read too. When that status does not arrive within a
        second (IOPub not yet subscribed, ZeroMQ's "slow joiner"), it asks
        again, as jupyter_client does.
        """

        def wait_for_ready(self, timeout: float | None = None) -> None:
            import math
            import time
            from queue import Empty

            deadline = time.monotonic() + (math.inf if timeout is None else timeout)
            while True:
                asked = self.kernel_info()
                reply = None
                try:
                    while reply is None:
                        message = self.shell_channel.get_msg(timeout=1)
                        if message.get("parent_header", {}).get("msg_id") == asked:
                            reply = message
                except Empty:
                    pass
                if reply is not None and self._idle_after(asked):
                    self._handle_kernel_info_reply(reply)
                    return
                if not self.is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

        def _idle_after(self, asked: str) -> bool:
            """Read IOPub up to the idle status of request ``asked``; False when it does not come within 1 s."""
            import time
            from queue import Empty

            until = time.monotonic() + 1.0
            while (left := until - time.monotonic()) > 0:
                try:
                    message = self.iopub_channel.get_msg(timeout=left)
                except Empty:
                    return False
                if (message.get("msg_type") == "status" and message.get("parent_header", {}).get("msg_id") == asked
                        and message.get("content", {}).get("execution_state") == "idle"):
                    return True
            return False

    return ReadyClient


#: What a warm kernel imports while it starts (the report templates' heavy imports).
WARM_UP = ("import cxkit.reports.monthly, cxkit.reports.formatting, cxkit.reports.locale, cxkit.plotting, "
           "cxkit.reports.category_names, cxkit.reports.category_display, cxkit.datasets.display_names")


class WarmKernel:
    """A kernel started ahead of its notebook, importing cxkit while the caller checks the data.

    Kernel start-up and the imports of pandas, scipy and matplotlib are most
    of a small report's time; starting them first lets them run beside the
    runner's own checks (and, in a batch, beside the previous notebook). The
    kernel starts in a private folder; :func:`execute` moves it into the
    report's staging folder before the notebook runs. Use as a context
    manager: the kernel is shut down on exit, whatever happened.
    """

    def __init__(self):
        from jupyter_client import KernelManager

        import threading

        self._closing, self._closed = threading.Lock(), False
        self._private = tempfile.TemporaryDirectory(prefix="cxkit-kernel-")
        self.km = KernelManager(kernel_name=KERNEL_NAME, config=kernel_config(KERNEL_NAME, Path(self._private.name)))
        self.km.client_factory = _ready_client_class()  # nbclient's wait for the kernel without a fixed 0.2 s
        with _same_cxkit_in_the_kernel():
            self.km.start_kernel(cwd=self._private.name, extra_arguments=[f"--IPKernelApp.exec_lines={[WARM_UP]!r}"])

    def move_to(self, folder: Path, *, timeout: float = 120.0) -> None:
        """Make ``folder`` the kernel's working folder (where a template writes metrics.json and CSV).

        The request waits for its reply on the shell channel (the kernel
        answers once its warm-up imports are done). jupyter_client's
        ``wait_for_ready`` is not used: it ends by draining IOPub for 0.2 s,
        which nbclient repeats anyway when the notebook starts.
        """
        import time
        from queue import Empty

        folder = Path(folder).resolve()  # the kernel's own working folder is not the caller's
        client = self.km.client()
        client.start_channels()
        try:
            asked = client.execute(f"import os as _cxkit_os; _cxkit_os.chdir({str(folder)!r}); del _cxkit_os",
                                   silent=True, store_history=False)
            deadline = time.monotonic() + timeout
            while True:
                try:
                    reply = client.get_shell_msg(timeout=0.5)
                except Empty:
                    if not self.km.is_alive():
                        raise ReportError("the report kernel exited while it started (importing cxkit); run "
                                          "`python -c \"import cxkit.reports.monthly, cxkit.plotting\"` to see "
                                          "why.") from None
                    if time.monotonic() > deadline:
                        raise ReportError(f"the report kernel did not answer within {timeout:g} s of its "
                                          f"start.") from None
                    continue
                if reply.get("parent_header", {}).get("msg_id") == asked:
                    break
            if reply["content"]["status"] != "ok":
                raise ReportError(f"the report kernel could not change to its folder {str(folder)!r}: "
                                  f"{reply['content'].get('evalue')}")
        finally:
            client.stop_channels()

    def close(self) -> None:
        """Shut the kernel down and remove its private folder; a second call (from any thread) does nothing."""
        with self._closing:
            if self._closed:
                return
            self._closed = True
            try:
                if self.km.has_kernel:
                    self.km.shutdown_kernel(now=True)
            finally:
                self._private.cleanup()

    def close_later(self) -> None:
        """Shut the kernel down in a thread: the report is published; its caller need not wait the 0.1 s.

        The thread is not a daemon, so the interpreter waits for it at exit.
        """
        import threading

        threading.Thread(target=self.close, name="cxkit-kernel-shutdown").start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def execute(template: Path, executed: Path, parameters: dict, *, cwd: Path, stem: str,
            progress: bool = False, kernel: WarmKernel | None = None):
    """Run ``template`` with ``parameters`` into ``executed``, with ``cwd`` as the notebook's working folder.

    Returns the executed notebook (the node papermill wrote to ``executed``).

    ``kernel``: a :class:`WarmKernel` to run in (its owner shuts it down);
    without one a kernel is started here and shut down by papermill.

    The executed notebook is written once, when the run ends or fails
    (papermill writes it before raising), not after every cell: it lives in a
    staging folder no one reads during the run, and rewriting a notebook with
    embedded figures a dozen times cost a quarter of a second.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    with tempfile.TemporaryDirectory(prefix="cxkit-kernel-") as private, _same_cxkit_in_the_kernel():
        try:
            if kernel is not None:
                kernel.move_to(cwd)
                return papermill.execute_notebook(str(template), str(executed), parameters=parameters,
                                           kernel_name=KERNEL_NAME, progress_bar=progress, log_output=False,
                                           request_save_on_cell_execute=False, km=kernel.km)
            else:
                return papermill.execute_notebook(str(template), str(executed), parameters=parameters,
                                           kernel_name=KERNEL_NAME, progress_bar=progress, log_output=False,
                                           request_save_on_cell_execute=False, cwd=str(cwd),
                                           config=kernel_config(KERNEL_NAME, Path(private)))
        except PapermillExecutionError as exc:
            name = _cell_name(executed)
            kept = _keep_failed_notebook(executed, stem)
            where = f"; the executed notebook is kept at {kept}" if kept else ""
            raise ReportError(
                f"the report notebook {template.name} failed in cell {exc.cell_index}{name}: "
                f"{exc.ename}: {exc.evalue}{where}",
                cell_index=exc.cell_index, ename=exc.ename, evalue=exc.evalue,
                traceback=_ANSI.sub("", "\n".join(exc.traceback or ())), notebook_path=kept,
            ) from exc
