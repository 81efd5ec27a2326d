"""Fail fast when PostgreSQL hangs: a web request never waits on a frozen database for more than a second or two.

`connect_timeout` bounds a connection attempt, but a server that accepted the connection and then stopped
answering (frozen, swapped out, a stalled network with the kernel still acknowledging) leaves a query waiting
forever; the server's `statement_timeout` cannot fire on a server that does not run. So each web request's thread
is watched: when its connection has had a command in progress for longer than DB_REQUEST_QUERY_TIMEOUT_MS, the
watchdog shuts the connection's socket down. The waiting query then fails at once with an OperationalError, which
the request answers with the branded 503 page (or /healthz with its JSON 503). Only web requests are watched:
migrations, backups and jobs keep the server's own statement_timeout.

Once a connection was cut or refused, the server is suspect: before the next connection attempt (the backend in
chamber/db_postgresql), a probe asks the server for its SSL answer, one byte, within DB_PROBE_TIMEOUT_MS, instead of
waiting out psycopg's connect_timeout (at least 2 s). The first connection that succeeds clears the suspicion, so
the first request after the server comes back is answered.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

_TICK = 0.05  # seconds between two looks at the watched connections


class _Watch:
    __slots__ = ("busy_since", "seconds", "wrapper")

    def __init__(self, wrapper, seconds: float):
        self.wrapper, self.seconds, self.busy_since = wrapper, seconds, None


class _Watchdog:
    """One daemon thread per process (started again after a fork) looking at every watched request's connection."""

    def __init__(self):
        self._lock = threading.Lock()
        self._watches: dict[int, _Watch] = {}
        self._pid = None

    def watch(self, key: int, wrapper, seconds: float) -> None:
        with self._lock:
            if self._pid != os.getpid():
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="db-watchdog", daemon=True).start()
            self._watches[key] = _Watch(wrapper, seconds)

    def set_seconds(self, key: int, seconds: float) -> None:
        with self._lock:
            if key in self._watches:
                self._watches[key].seconds = seconds

    def unwatch(self, key: int) -> None:
        with self._lock:
            self._watches.pop(key, None)

    def _run(self) -> None:
        pid = os.getpid()
        while pid == os.getpid():
            time.sleep(_TICK)
            now = time.monotonic()
            with self._lock:
                watches = list(self._watches.values())
            for watch in watches:
                fileno = _busy_socket(watch.wrapper)
                if fileno is None:
                    watch.busy_since = None
                elif watch.busy_since is None:
                    watch.busy_since = now
                elif now - watch.busy_since >= watch.seconds:
                    logger.warning("database: no answer for %.1f s, connection cut", now - watch.busy_since)
                    mark_suspect()
                    _shut_down(fileno)
                    watch.busy_since = None


def _busy_socket(wrapper) -> int | None:
    """The socket of the wrapper's connection while a command is in progress on it, else None."""
    from psycopg.pq import TransactionStatus

    conn = wrapper.connection
    if conn is None:
        return None
    try:
        pgconn = conn.pgconn
        if pgconn.transaction_status != TransactionStatus.ACTIVE:
            return None
        return pgconn.socket
    except Exception:  # closed meanwhile: nothing to watch
        return None


def _shut_down(fileno: int) -> None:
    try:
        sock = socket.socket(fileno=os.dup(fileno))
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()


_watchdog = _Watchdog()

# --- Is the server answering? ---------------------------------------------------------------------------------

_suspect = threading.Event()
# The first message of a PostgreSQL connection that asks for SSL: length 8, code 80877103. The server answers one
# byte, "S" or "N", before any authentication.
_SSL_REQUEST = (8).to_bytes(4, "big") + (80877103).to_bytes(4, "big")


def mark_suspect() -> None:
    _suspect.set()


def mark_answering() -> None:
    _suspect.clear()


def server_suspect() -> bool:
    return _suspect.is_set()


def server_answers(conn_params: dict) -> bool:
    """Does the server answer an SSL request within DB_PROBE_TIMEOUT_MS? (True when it cannot be asked.)"""
    host, port = str(conn_params.get("host") or ""), int(conn_params.get("port") or 5432)
    if not host or "," in host:
        return True  # a default socket or several hosts: let the real connection attempt decide
    if host.startswith("/"):
        family, address = socket.AF_UNIX, f"{host}/.s.PGSQL.{port}"
    else:
        family, address = socket.AF_INET6 if ":" in host else socket.AF_INET, (host, port)
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(settings.DB_PROBE_TIMEOUT_MS / 1000)
            sock.connect(address)
            sock.sendall(_SSL_REQUEST)
            return sock.recv(1) in (b"S", b"N")
    except OSError:
        return False


def request_query_timeout() -> float:
    return settings.DB_REQUEST_QUERY_TIMEOUT_MS / 1000


@contextmanager
def watched(seconds: float | None = None, *, alias: str = DEFAULT_DB_ALIAS):
    """Watch this thread's connection while the block runs."""
    key = threading.get_ident()
    _watchdog.watch(key, connections[alias], request_query_timeout() if seconds is None else seconds)
    try:
        yield
    finally:
        _watchdog.unwatch(key)


def shorten(seconds: float) -> None:
    """A view that must answer sooner (the health check) shortens its own request's wait."""
    _watchdog.set_seconds(threading.get_ident(), seconds)


def is_database_unavailable(exception: BaseException | None) -> bool:
    return isinstance(exception, (OperationalError, InterfaceError))
