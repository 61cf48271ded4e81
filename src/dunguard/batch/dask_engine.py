"""``--engine dask``: the same chunk function on a Dask ``distributed`` cluster.

Optional (``pip install 'dunguard[dask]'``); nothing in the core imports this
module. The driver still reads the input and commits results in order; the
cluster only runs ``analyze_chunk`` on chunks it is sent, through the futures
API (``Client.submit``), which keeps a bounded number of chunks in flight so
the client's memory stays flat and a resumed run can skip committed chunks.
"""

from __future__ import annotations

from typing import Any

from dunguard.errors import BadInput

# How long to wait for a remote scheduler before telling the user it cannot be reached.
CONNECT_TIMEOUT = "10s"


class DaskExecutor:
    """A ``submit``/``shutdown`` facade over a distributed Client.

    With no address it starts a LocalCluster on 127.0.0.1 (never on a public
    interface) with one single-threaded worker process per core: analyze is
    pure Python, so threads in one worker would only fight over the GIL.
    """

    def __init__(self, address: str | None, workers: int) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise BadInput("batch_no_dask") from None
        self.cluster = None
        if address:
            try:
                self.client = Client(address, timeout=CONNECT_TIMEOUT)
            except Exception as exc:  # OSError / TimeoutError from the comm layer
                raise BadInput("batch_dask_connect", address=address, reason=type(exc).__name__) from None
        else:
            self.cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None, silence_logs=40,
            )
            self.client = Client(self.cluster)

    def submit(self, fn: Any, *args: Any) -> Any:
        # pure=False: two equal chunks (repeated input) are still two tasks with their own rows.
        return self.client.submit(fn, *args, pure=False)

    def shutdown(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
