"""A TCP relay to a PostgreSQL server that can lose a commit's acknowledgement: armed, it passes
the next ``COMMIT`` of a transaction that appended events on to the server, lets the server
commit, and then cuts the connection before the answer reaches the client — the moment a
primary dies after committing."""

from __future__ import annotations

import socket
import threading
import time


class CuttingProxy:
    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = int(self.listener.getsockname()[1])
        self.armed = threading.Event()
        self.cuts = 0
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            cut = threading.Event()  # set: nothing more from the server reaches the client
            threading.Thread(target=self._pump, args=(client, server, True, cut), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False, cut), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, from_client: bool, cut: threading.Event) -> None:
        appending = False  # this connection's transaction has written events
        try:
            while data := src.recv(65536):
                appending = appending or (from_client and b"INSERT INTO events" in data)
                if (from_client and appending and self.armed.is_set()
                        and b"Q\x00\x00\x00\x0bCOMMIT\x00" in data):
                    self.armed.clear()
                    cut.set()
                    dst.sendall(data)
                    time.sleep(0.5)  # the server commits; its answer is never passed on
                    self.cuts += 1
                    for s in (src, dst):
                        s.close()
                    return
                if cut.is_set():
                    return
                dst.sendall(data)
                if from_client and b"COMMIT" in data:
                    appending = False
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.close()
            except OSError:
                pass

    def close(self) -> None:
        self._closed = True
        self.listener.close()
