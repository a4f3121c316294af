"""Argos model packages for tests: a structurally valid archive, and a local package index over HTTP."""

from __future__ import annotations

import http.server
import json
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path


def make_archive(
    path: Path,
    top: str = "translate-en_az-1_9",
    *,
    metadata: dict | None = None,
    extra: dict[str, bytes] | None = None,
    skip: tuple[str, ...] = (),
) -> Path:
    """A structurally valid .argosmodel with dummy model bytes (enough for install/list/remove)."""
    metadata = metadata if metadata is not None else {"from_code": "en", "to_code": "az", "package_version": "1.9"}
    files = {
        f"{top}/metadata.json": json.dumps(metadata).encode(),
        f"{top}/model/model.bin": b"\0" * 64,
        f"{top}/model/config.json": b"{}",
        f"{top}/sentencepiece.model": b"sp",
    }
    files = {k: v for k, v in files.items() if not any(k.endswith(s) for s in skip)}
    files.update(extra or {})
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` over HTTP on 127.0.0.1; yield the base URL."""
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(directory), **k)  # noqa: E731
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
