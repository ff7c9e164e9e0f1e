"""What a failed network request says about the network, and a bounded reachability check.

Used by network engines (gTTS): a name lookup that fails, a refused connection or an
unreachable network before a server has ever answered means there is no network here, which
no retry will fix; a timeout, a reset or an HTTP error may pass. ``requests`` is imported on
first use only.
"""

from __future__ import annotations

import errno
import importlib
import socket
import threading
import urllib.request
from typing import Any


def exception_chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and every exception it was raised from or while handling, each once (requests
    and urllib3 keep the operating system's error a few links down)."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        current = todo.pop()
        if any(current is old for old in seen):
            continue
        seen.append(current)
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
    return seen


def caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``exc`` is, or was raised from or while handling, a ``kind``."""
    return any(isinstance(inner, kind) for inner in exception_chain(exc))


def unreachable_reason(exc: BaseException) -> str | None:
    """Why a request could not even reach its host (a name lookup that failed, a refused
    connection, no route to the network), from the exceptions behind ``exc``; None for any
    other failure (timeouts, resets, HTTP errors), which may well pass on a retry."""
    for inner in exception_chain(exc):
        if isinstance(inner, socket.gaierror):
            return "its name could not be looked up"
        if isinstance(inner, ConnectionRefusedError):
            return "the connection was refused"
        if isinstance(inner, OSError) and inner.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "the network is unreachable"
    return None


def probe(url: str, timeout: float) -> str | None:
    """None when the server at ``url`` answers a HEAD request within ``timeout`` seconds
    (with any HTTP status: it is there), else why not. The request runs in a daemon thread,
    so a name lookup that hangs (which no socket timeout bounds) cannot hold the caller
    longer than ``timeout``. Proxies come from the environment, as for gTTS's requests."""
    requests = importlib.import_module("requests")
    answer: list[str | None] = []

    def ask() -> None:
        try:
            requests.head(url, timeout=timeout, proxies=urllib.request.getproxies())
            answer.append(None)
        except requests.exceptions.Timeout:
            answer.append(f"no answer within {timeout:g} s")
        except Exception as exc:
            answer.append(unreachable_reason(exc) or f"{type(exc).__name__}: {exc}")

    thread = threading.Thread(target=ask, name="network-probe", daemon=True)
    thread.start()
    thread.join(timeout)
    return answer[0] if answer else f"no answer within {timeout:g} s"


def retry_after(headers: Any) -> float:
    """Seconds from a Retry-After header given in seconds; 0 when absent or a date."""
    try:
        return max(0.0, float(headers.get("Retry-After", 0)))
    except (TypeError, ValueError):
        return 0.0
