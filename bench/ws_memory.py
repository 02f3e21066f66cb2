#!/usr/bin/env python3
"""Memory per idle WebSocket subscriber of a running server (for docs/performance.md).

Opens N connections to ws://127.0.0.1:PORT/ws one after another, each completing the handshake,
then reads the server's VmRSS and VmHWM (/proc/PID/status) and prints the growth per connection.
The connections stay idle (they read nothing after the handshake) until the script ends. With
--checkins K it then posts K check-ins (each one a frame to every subscriber) and reports the peak.

Usage: bench/ws_memory.py --port P --pid SERVER_PID [--subs N] [--checkins K] [--settle SECONDS]
"""
import argparse
import base64
import json
import os
import resource
import socket
import time


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def open_subscriber(port):
    s = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    got = b""
    while b"\r\n\r\n" not in got:
        chunk = s.recv(65536)
        if not chunk:
            raise RuntimeError("the server closed a connection during the handshake")
        got += chunk
    if not got.startswith(b"HTTP/1.1 101"):
        raise RuntimeError("handshake refused: " + got.split(b"\r\n")[0].decode())
    return s


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--subs", type=int, default=2000)
    p.add_argument("--checkins", type=int, default=0)
    p.add_argument("--settle", type=float, default=1.0)
    a = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, a.subs + 100)), hard))

    time.sleep(a.settle)
    before = status_kb(a.pid, "VmRSS")
    subs = [open_subscriber(a.port) for _ in range(a.subs)]
    time.sleep(a.settle)
    after = status_kb(a.pid, "VmRSS")
    peak = status_kb(a.pid, "VmHWM")
    per = (after - before) * 1024 / a.subs
    print(f"subscribers {a.subs}: RSS before {before} kB, after {after} kB, peak {peak} kB, "
          f"{per:.0f} bytes per connection")
    if a.checkins:
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", a.port)
        for i in range(a.checkins):
            conn.request("POST", "/api/checkins", json.dumps({"bib": str(90000 + i)}),
                         {"Content-Type": "application/json"})
            conn.getresponse().read()
        time.sleep(a.settle)
        print(f"after {a.checkins} check-ins: RSS {status_kb(a.pid, 'VmRSS')} kB, "
              f"peak {status_kb(a.pid, 'VmHWM')} kB")
    for s in subs:
        s.close()


if __name__ == "__main__":
    main()
