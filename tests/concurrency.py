"""Run one action in several threads at the same moment, each with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def at_once(actions: list[Callable[[], object]]) -> list[object]:
    """Start every action together (a barrier) in its own thread; return their results.

    Each thread opens its own database connection, so on PostgreSQL the requests really run in
    parallel transactions. Use with ``transactional_db``: the threads must see the test's data.
    """
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)
    errors: list[BaseException] = []

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = action()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results
