#!/usr/bin/env python3
"""Raw RabbitMQ publish loop with publisher confirms: the hardware reference that
scripts/bench.sh puts next to the gateway's POST /api/billing figure.

Publishes COUNT persistent messages (an order's JSON, ~70 bytes) to the default exchange,
routed to a durable queue QUEUE of type QUEUE_TYPE (declared here; the type of the billing
queue, so the reference pays what an order's publish pays: a quorum queue replicates each
message through its Raft log, a classic one does not), keeping at most WINDOW messages
published and not yet confirmed; WINDOW 1 is publish-then-wait-for-the-confirm, one at a time.
No HTTP, no parsing: what the broker and the loopback allow, less Python's own cost.

    RAWPUB_PASSWORD=... rawpub.py --host 127.0.0.1 --port 5672 --vhost V --user U \
        --queue bench_raw --queue-type quorum --count 10000 --window 32

Prints one line: RAWPUB count=N window=W seconds=S rate=R nacked=K
Exit status 1 when the broker refused the connection or nacked a message.
"""
import argparse
import os
import sys
import time

import pika

BODY = b'{"user_id": 88, "number_of_items": 2, "total_amount": "45.00"}'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5672)
    parser.add_argument("--vhost", default="/")
    parser.add_argument("--user", required=True)
    parser.add_argument("--queue", default="bench_raw")
    parser.add_argument("--queue-type", choices=("quorum", "classic"), default="quorum")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--window", type=int, default=32)
    args = parser.parse_args()
    password = os.environ.get("RAWPUB_PASSWORD")
    if not password:
        sys.exit("rawpub: RAWPUB_PASSWORD is not set")

    state = {"published": 0, "confirmed": 0, "nacked": 0, "started": 0.0, "finished": 0.0}
    properties = pika.BasicProperties(delivery_mode=2, content_type="application/json")
    channel_box = {}

    def publish_more():
        channel = channel_box["channel"]
        while (state["published"] < args.count
               and state["published"] - state["confirmed"] < args.window):
            channel.basic_publish("", args.queue, BODY, properties)
            state["published"] += 1

    def on_confirm(frame):
        method = frame.method
        tag = method.delivery_tag
        # multiple=True confirms every tag up to this one; tags count publishes from 1.
        newly = tag - state["confirmed"] if method.multiple else 1
        if isinstance(method, pika.spec.Basic.Nack):
            state["nacked"] += newly
        state["confirmed"] += newly
        if state["confirmed"] >= args.count:
            state["finished"] = time.monotonic()
            connection.close()
        else:
            publish_more()

    def on_declared(_frame):
        state["started"] = time.monotonic()
        publish_more()

    def on_channel_open(channel):
        channel_box["channel"] = channel
        channel.confirm_delivery(on_confirm)
        channel.queue_declare(args.queue, durable=True, callback=on_declared,
                              arguments={"x-queue-type": args.queue_type})

    def on_open(conn):
        conn.channel(on_open_callback=on_channel_open)

    def on_open_error(_conn, error):
        sys.exit(f"rawpub: cannot connect: {error}")

    def on_close(_conn, _reason):
        connection.ioloop.stop()

    params = pika.ConnectionParameters(
        host=args.host, port=args.port, virtual_host=args.vhost,
        credentials=pika.PlainCredentials(args.user, password),
        connection_attempts=1, socket_timeout=5)
    connection = pika.SelectConnection(params, on_open_callback=on_open,
                                       on_open_error_callback=on_open_error,
                                       on_close_callback=on_close)
    connection.ioloop.start()

    if state["finished"] == 0.0:
        sys.exit(f"rawpub: connection closed after {state['confirmed']} confirms")
    seconds = state["finished"] - state["started"]
    print(f"RAWPUB count={args.count} window={args.window} seconds={seconds:.3f} "
          f"rate={args.count / seconds:.1f} nacked={state['nacked']}", flush=True)
    if state["nacked"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
