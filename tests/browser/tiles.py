"""A small real tile server on loopback: the browser tests load map tiles without the internet.

Serves ``/{z}/{x}/{y}.png`` as generated 256×256 PNGs (a light tile with a darker border, so
screenshots show the grid) and remembers which tiles were asked for.
"""

from __future__ import annotations

import re
import struct
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIZE = 256
TILE_PATH = re.compile(r"^/(\d+)/(\d+)/(\d+)\.png$")


def png(width: int, height: int, pixel) -> bytes:
    """An RGB PNG whose colour at (x, y) is ``pixel(x, y)``; no imaging library needed."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


TILE = png(
    SIZE,
    SIZE,
    lambda x, y: (200, 205, 200) if x < 2 or y < 2 else (236, 240, 232),
)


class TileServer:
    """Start with ``start()``; ``url`` is the template for settings.MAP_TILE_URL."""

    def __init__(self):
        self.requested: list[tuple[int, int, int]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                match = TILE_PATH.match(self.path)
                if match is None:
                    self.send_error(404)
                    return
                server.requested.append(tuple(int(n) for n in match.groups()))
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(TILE)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(TILE)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.url = self.origin + "/{z}/{x}/{y}.png"

    def start(self) -> TileServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
