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
import weakref
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


def _cell_name(executed: Path, exec_count) -> str:
    """" (In [k]; name)": how the failing cell is marked in the kept notebook (papermill puts two banner cells
    before it, so its index there differs) and its first comment line (its name), when it starts with one."""
    marks = [f"In [{exec_count}] in the kept notebook"] if exec_count is not None else []
    try:
        import nbformat

        cells = nbformat.read(executed, as_version=4).cells
        cell = next(c for c in cells if any(o.get("output_type") == "error" for o in c.get("outputs", ())))
        source = cell.source.lstrip()
        label = source.splitlines()[0].lstrip("# ").strip() if source.startswith("#") else ""
    except Exception:  # noqa: BLE001  (a name is a courtesy; the index is always given)
        label = ""
    if label:
        marks.append(label[:80])
    return f" ({'; '.join(marks)})" if marks else ""


def kernel_environment() -> dict:
    """The environment a report kernel starts with: this process's, with PYTHONPATH led by the folder holding
    the cxkit that runs this code and without ``CXKIT_REPORT_OUTPUT_DIR``.

    The notebook runs in the report's staging folder, not the caller's: a source checkout (or any cxkit not
    first on the kernel's own path) would otherwise be replaced in the kernel by another installed copy.
    Without the output variable a report's outputs always land in its staging folder, beside the page.
    The dict is given to the kernel's start; ``os.environ`` is never changed (two renders in threads would
    otherwise see each other's temporary values)."""
    from .outputs import OUTPUT_DIR_VARIABLE

    env = {k: v for k, v in os.environ.items() if k != OUTPUT_DIR_VARIABLE}
    root = str(Path(__file__).resolve().parents[2])
    parts = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join([root] + [p for p in parts if p != root])
    return env


def _ready_client_class(clients: list):
    """The ReadyClient class for one kernel: every client it makes is appended to ``clients`` (its owner stops
    their channels when the kernel closes: nbclient leaves those of the client it makes running)."""
    from jupyter_client.blocking import BlockingKernelClient

    class ReadyClient(BlockingKernelClient):
        """A blocking kernel client whose ``wait_for_ready`` ends when IOPub has delivered the kernel's answer.

        jupyter_client's ``wait_for_ready`` asks for kernel_info, then drains
        IOPub until it has been silent for 0.2 s: a fixed 0.2 s on every
        notebook start. This one asks for kernel_info and reads IOPub up to
        the kernel's "idle" status for that request: the last message the
        kernel publishes for it (the Jupyter messaging protocol's busy/idle
        pair), so everything the kernel published before (its start-up
        output) has been read too. When that status does not arrive within
        a quarter of a second (IOPub not yet subscribed, ZeroMQ's "slow
        joiner"), it asks again, as jupyter_client does.
        """

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            clients.append(self)

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
            """Read IOPub up to the idle status of request ``asked``; False when it does not come in 0.25 s."""
            import time
            from queue import Empty

            until = time.monotonic() + 0.25
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


#: Every WarmKernel not yet garbage-collected: a forked child forgets them (see WarmKernel.forget).
_LIVE: "weakref.WeakSet[WarmKernel]" = weakref.WeakSet()


def _forget_kernels_in_child() -> None:
    for kernel in list(_LIVE):
        kernel.forget()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_kernels_in_child)

#: What a warm kernel imports while it starts (the report templates' heavy imports; no matplotlib: the monthly
#: report's charts are SVG, and a kernel started for a report is waited for).
WARM_UP = ("import cxkit.reports.monthly, cxkit.reports.formatting, cxkit.reports.locale, cxkit.plotting, "
           "cxkit.reports.category_names, cxkit.reports.category_display, cxkit.datasets.display_names")
#: What a kernel started ahead of its report (the spare, a batch's next) imports as well: the journey and
#: benchmark figures' matplotlib, at no one's expense while the previous report runs or is read.
WARM_UP_AHEAD = "import matplotlib.figure, matplotlib.backends.backend_agg"


class WarmKernel:
    """A kernel started ahead of its notebook, importing cxkit while the caller checks the data.

    Kernel start-up and the imports of pandas, scipy and cxkit are most
    of a small report's time; starting them first lets them run beside the
    runner's own checks (and, in a batch, beside the previous notebook). The
    kernel starts in a private folder; :func:`execute` moves it into the
    report's staging folder before the notebook runs. Use as a context
    manager: the kernel is shut down on exit, whatever happened.
    """

    def __init__(self, *, ahead: bool = False):
        """``ahead``: started before anyone waits for it (a spare, a batch's next kernel): imports
        :data:`WARM_UP_AHEAD` as well."""
        from jupyter_client import KernelManager

        import threading

        self._closing, self._closed = threading.Lock(), False
        self._clients: list = []
        self._private = tempfile.TemporaryDirectory(prefix="cxkit-kernel-")
        _LIVE.add(self)
        self.km = KernelManager(kernel_name=KERNEL_NAME, config=kernel_config(KERNEL_NAME, Path(self._private.name)))
        # nbclient's wait for the kernel without a fixed 0.2 s; every client noted, to be stopped at close
        self.km.client_factory = _ready_client_class(self._clients)
        lines = [WARM_UP, WARM_UP_AHEAD] if ahead else [WARM_UP]
        self.km.start_kernel(cwd=self._private.name, env=kernel_environment(),
                             extra_arguments=[f"--IPKernelApp.exec_lines={lines!r}"])

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
        """Stop its clients' channels, shut the kernel down and remove its private folder.

        Once it has succeeded, a further call (from any thread) does nothing. Off the main thread the
        shutdown runs in an event loop of its own that is closed afterwards.
        """
        import asyncio
        import threading

        with self._closing:
            if self._closed:
                return
            for client in self._clients:
                try:
                    if client.channels_running:
                        client.stop_channels()
                except Exception:  # noqa: BLE001  (the kernel is shut down below whatever its channels did)
                    # jupyter_client makes a channel's socket when it is first named, stop_channels included: a
                    # run interrupted (Ctrl-C) while its channels were starting can fail here, and must not hide
                    # the interrupt or leave the kernel running.
                    pass
            self._clients.clear()
            if self.km.has_kernel:
                if threading.current_thread() is threading.main_thread():
                    self.km.shutdown_kernel(now=True)
                else:
                    asyncio.run(self.km._async_shutdown_kernel(now=True))
            self._closed = True
            self._private.cleanup()

    def forget(self) -> None:
        """In a forked child: drop this kernel without touching it (it belongs to the parent process)."""
        self._closed = True
        self._clients.clear()
        self._private._finalizer.detach()

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
    without one a WarmKernel is started here and shut down when the run ends.

    The executed notebook is written once, when the run ends or fails
    (papermill writes it before raising), not after every cell: it lives in a
    staging folder no one reads during the run, and rewriting a notebook with
    embedded figures a dozen times cost a quarter of a second.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    with contextlib.ExitStack() as stack:
        if kernel is None:
            kernel = stack.enter_context(WarmKernel())
        try:
            kernel.move_to(cwd)
            return papermill.execute_notebook(str(template), str(executed), parameters=parameters,
                                              kernel_name=KERNEL_NAME, progress_bar=progress, log_output=False,
                                              request_save_on_cell_execute=False, km=kernel.km)
        except PapermillExecutionError as exc:
            name = _cell_name(executed, exc.exec_count)
            kept = _keep_failed_notebook(executed, stem)
            where = f"; the executed notebook is kept at {kept}" if kept else ""
            raise ReportError(
                f"the report notebook {template.name} failed in cell {exc.cell_index}{name}: "
                f"{exc.ename}: {exc.evalue}{where}",
                cell_index=exc.cell_index, ename=exc.ename, evalue=exc.evalue,
                traceback=_ANSI.sub("", "\n".join(exc.traceback or ())), notebook_path=kept,
            ) from exc
