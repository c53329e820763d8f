"""A real SMTP server on loopback (aiosmtpd) that a test can stop and start again.

The fixture ``smtp_server`` (tests/conftest.py) points Django's SMTP backend at it.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time

from aiosmtpd.controller import Controller


class Recorder:
    """aiosmtpd handler: keeps every message it accepted; can hold a send at RCPT."""

    def __init__(self):
        self.messages: list = []
        self.hold = threading.Event()  # while set, RCPT waits (a send in progress)
        self.holding = threading.Event()  # set once a send waits at RCPT

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        while self.hold.is_set():
            self.holding.set()
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m.rcpt_tos]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    """A loopback SMTP server that is down until ``start()``."""

    def __init__(self):
        self.port = free_port()
        self.recorder = Recorder()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(
            self.recorder, hostname="127.0.0.1", port=self.port, ready_timeout=10
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.recorder.hold.clear()
            self.controller.stop()
            self.controller = None

    def wait_for(self, predicate, timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.1)
        return predicate()
