"""The report kernel's client: ready once IOPub has delivered the kernel's answer, without a fixed wait."""

from __future__ import annotations

from queue import Empty

import pytest

from cxkit.reports.execution import WarmKernel


def test_the_report_kernel_uses_the_ready_client_and_is_drained_when_ready():
    with WarmKernel() as kernel:
        client = kernel.km.client()
        assert type(client).__name__ == "ReadyClient"
        client.start_channels()
        try:
            client.wait_for_ready(timeout=120)
            with pytest.raises(Empty):  # everything the kernel published so far has been read
                client.iopub_channel.get_msg(timeout=0.5)
            asked = client.execute("print(6 * 7)")
            seen = []
            while not seen or seen[-1] != ("status", "idle"):
                message = client.iopub_channel.get_msg(timeout=30)
                if message["parent_header"].get("msg_id") == asked:
                    content = message["content"]
                    seen.append((message["msg_type"], content.get("execution_state") or content.get("text")))
            assert ("stream", "42\n") in seen and seen[0] == ("status", "busy")
            client.wait_for_ready(timeout=10)  # ready again at once: the kernel answers a second kernel_info
        finally:
            client.stop_channels()


def test_a_dead_kernel_is_an_error_not_a_wait():
    with WarmKernel() as kernel:
        client = kernel.km.client()
        client.start_channels()
        try:
            kernel.km.shutdown_kernel(now=True)
            with pytest.raises(RuntimeError, match="Kernel died before replying to kernel_info"):
                client.wait_for_ready(timeout=60)
        finally:
            client.stop_channels()


def test_closing_shuts_the_kernel_down_even_when_a_channel_cannot_be_stopped():
    """An interrupt while channels start can leave a client whose stop_channels fails (jupyter_client makes a
    channel's socket when it is first named): the kernel is shut down all the same, and nothing is raised."""
    import zmq

    kernel = WarmKernel()
    client = kernel.km.client()
    client.start_channels()

    def failing():
        raise zmq.ZMQError(24, "Too many open files")

    client.stop_channels = failing
    kernel.close()
    assert kernel._closed and not kernel.km.has_kernel
    client.stop_channels = type(client).stop_channels.__get__(client)
    client.stop_channels()  # its threads, for this test process


def _imported(kernel, module: str) -> bool:
    """Whether ``module`` is loaded in the kernel once it is ready."""
    client = kernel.km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        reply = client.execute_interactive(f"import sys; _cx_loaded = {module!r} in sys.modules",
                                           user_expressions={"loaded": "_cx_loaded"}, timeout=60)
        return reply["content"]["user_expressions"]["loaded"]["data"]["text/plain"] == "True"
    finally:
        client.stop_channels()


def test_a_kernel_started_ahead_imports_matplotlib_one_waited_for_does_not():
    """The monthly report (SVG charts) never waits for matplotlib; a spare or a batch's next kernel for the
    journey or benchmark report imports it before anyone waits."""
    from cxkit.reports.runner import REPORTS

    with WarmKernel() as kernel:
        assert not _imported(kernel, "matplotlib") and _imported(kernel, "cxkit.reports.monthly")
    with WarmKernel(ahead=True) as kernel:
        assert _imported(kernel, "matplotlib.backends.backend_agg")
    assert {name: kind.draws_with_matplotlib for name, kind in REPORTS.items()} == {
        "monthly": False, "journey": True, "benchmark": True}
