"""Clients that keep posting 5 MB bodies to a server, for `make load`'s second phase.

`python -m bench.oversized --port P --seconds S [--clients 2]` posts from S seconds from
`clients` threads, each sending the headers of a 5 MB JSON body and then the body, and prints
one JSON line: how many answers were 413 (what the server must say), how many were something
else, and how many connections the server closed before the body was sent (also a refusal).

Run in a process of its own: pushing megabytes through sockets costs the sender CPU, which,
inside the load generator's process, showed up as the measured users' latency.
"""

from __future__ import annotations

import argparse
import json
import socket
import threading
import time
from collections import Counter

BODY = b"x" * (5 * 1024 * 1024)
CHUNK = 64 * 1024


def post_once(port: int) -> str:
    """One oversized POST: '413', another status, or 'closed' (refused before the body)."""
    head = (
        "POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(BODY)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(head)
            for start in range(0, len(BODY), CHUNK):
                sock.sendall(BODY[start : start + CHUNK])
        except OSError:
            pass  # the server answered and closed while the body was on its way
        try:
            status = sock.recv(64).split(b" ", 2)
        except OSError:
            return "closed"
    return status[1].decode() if len(status) > 1 else "closed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--clients", type=int, default=2)
    args = parser.parse_args()
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def client() -> None:
        while time.monotonic() < deadline:
            try:
                outcome = post_once(args.port)
            except OSError:
                outcome = "closed"
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(dict(outcomes)), flush=True)


if __name__ == "__main__":
    main()
