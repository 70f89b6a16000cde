"""A loopback HTTP server for a repository folder that records every request and can serve hostile bodies."""

from __future__ import annotations

import ssl
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib import parse


class RepositoryServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, folder: Path, tls: tuple[Path, Path] | None = None) -> None:
        """With `tls` (certificate chain file, key file) the server speaks HTTPS only."""
        self.folder = folder
        self.scheme = "https" if tls else "http"
        self.requests: list[tuple[str, int]] = []
        self.failed_handshakes = 0
        # path (as requested) -> handler writing a custom response
        self.hostile: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        super().__init__(("127.0.0.1", 0), _Handler)
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certfile=tls[0], keyfile=tls[1])
            # Handshake per connection in the handler thread, so a client that gives up cannot stall the server.
            self.socket = context.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}/"

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (ssl.SSLError, ConnectionError, TimeoutError)):
            return  # counted in failed_handshakes; no traceback for a refusal the test provoked
        super().handle_error(request, client_address)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: RepositoryServer

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(10)
            try:
                self.request.do_handshake()
            except (ssl.SSLError, OSError):
                # The client refused our certificate (what the tests expect of an untrusted one): nothing to serve.
                self.server.failed_handshakes += 1
                raise
        super().setup()

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.lstrip("/")
        if path in self.server.hostile:
            self.server.requests.append((path, 200))
            self.server.hostile[path](self)
            return
        file = self.server.folder / parse.unquote(path)
        if ".." in Path(parse.unquote(path)).parts or not file.is_file():
            self.server.requests.append((path, 404))
            self.send_error(404)
            return
        data = file.read_bytes()
        self.server.requests.append((path, 200))
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


def endless_body(handler: BaseHTTPRequestHandler) -> None:
    """Streams data without a Content-Length until the client hangs up (endless-data attack)."""
    handler.send_response(200)
    handler.end_headers()
    chunk = b"{" * 65536
    try:
        for _ in range(4096):  # 256 MiB at most, far past every limit
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


def lying_length(handler: BaseHTTPRequestHandler) -> None:
    """Announces a huge Content-Length (the client must refuse before reading it)."""
    handler.send_response(200)
    handler.send_header("Content-Length", str(10**12))
    handler.end_headers()
    try:
        handler.wfile.write(b"{}")
    except (BrokenPipeError, ConnectionResetError):
        pass
