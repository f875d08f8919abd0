#!/usr/bin/env python3
"""Load for scripts/cluster-test.sh, standard library only.

    load.py orders OUT COUNT THREADS URL [URL...]
        POSTs COUNT orders (order N: user_id "cN", Idempotency-Key "cluster-N"), spread over
        the gateway URLs, with THREADS threads on keep-alive connections; writes "N STATUS"
        per order to OUT (STATUS 0: no answer, the connection failed).
    load.py movies OUT STOPFILE URL [URL...]
        GETs /api/movies over the gateway URLs in turn until STOPFILE exists; writes
        "EPOCH_MS STATUS" per request to OUT.
"""
import http.client
import os
import sys
import threading
import time
import urllib.parse

TIMEOUT_SECONDS = 15


class Client:
    """One keep-alive connection per gateway, reopened after a failure."""

    def __init__(self, urls):
        self.targets = [urllib.parse.urlsplit(u) for u in urls]
        self.connections = [None] * len(self.targets)

    def request(self, index, method, path, body=None, headers=None):
        target = self.targets[index % len(self.targets)]
        slot = index % len(self.targets)
        try:
            if self.connections[slot] is None:
                self.connections[slot] = http.client.HTTPConnection(
                    target.hostname, target.port, timeout=TIMEOUT_SECONDS
                )
            connection = self.connections[slot]
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                self.connections[slot] = None
            return response.status
        except (OSError, http.client.HTTPException):
            if self.connections[slot] is not None:
                self.connections[slot].close()
            self.connections[slot] = None
            return 0


def orders(out, count, threads, urls):
    results = {}
    lock = threading.Lock()
    next_order = iter(range(1, count + 1))

    def worker():
        client = Client(urls)
        while True:
            with lock:
                n = next(next_order, None)
            if n is None:
                return
            body = '{"user_id": "c%d", "number_of_items": 1, "total_amount": "1.00"}' % n
            status = client.request(
                n,
                "POST",
                "/api/billing",
                body=body,
                headers={
                    "Content-Type": "application/json",
                    "Idempotency-Key": "cluster-%d" % n,
                },
            )
            with lock:
                results[n] = status

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    with open(out, "w") as f:
        for n in sorted(results):
            f.write("%d %d\n" % (n, results[n]))


def movies(out, stopfile, urls):
    client = Client(urls)
    n = 0
    with open(out, "w") as f:
        while not os.path.exists(stopfile):
            status = client.request(n, "GET", "/api/movies")
            f.write("%d %d\n" % (int(time.time() * 1000), status))
            n += 1


def main(argv):
    if len(argv) >= 6 and argv[1] == "orders":
        orders(argv[2], int(argv[3]), int(argv[4]), argv[5:])
    elif len(argv) >= 5 and argv[1] == "movies":
        movies(argv[2], argv[3], argv[4:])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
