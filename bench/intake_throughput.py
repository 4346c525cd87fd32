"""Items per second taken in from a mailbox of 1,000 messages, against a bare IMAP fetch.

    python bench/intake_throughput.py [--messages 1000]

In one run, against the same private Dovecot and the same messages (each a mail carrying a DOCX
decision that asks for publication): the floor fetches every message with ``BODY.PEEK[]`` and
does nothing else; congbo's intake stores, reads, extracts, selects, queues and marks each message
seen. Prints messages per second of both and the ratio.
"""

from __future__ import annotations

import argparse
import imaplib
import time

from intake_common import PASSWORD, USER, configure_logging, document_mail, new_pipeline, remove, start_dovecot

from connectors.imap import ImapSource
from ingest import intake


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    configure_logging("WARNING")
    server = start_dovecot()
    try:
        folder = server.new_folder()
        client = server.client()
        for n in range(args.messages):
            client.append(folder, None, None, document_mail(n, f"tp-{folder}"))
        client.logout()

        start = time.perf_counter()
        floor = imaplib.IMAP4("127.0.0.1", server.port)
        floor.login(USER, PASSWORD)
        floor.select(folder, readonly=True)
        _, data = floor.uid("SEARCH", "ALL")
        for uid in data[0].split():
            floor.uid("FETCH", uid, "(BODY.PEEK[])")
        floor.logout()
        floor_rate = args.messages / (time.perf_counter() - start)

        pipeline = new_pipeline()
        source = ImapSource("hop-thu", host="127.0.0.1", port=server.port, user=USER, password=PASSWORD,
                            folders=(folder,), security="plain")
        start = time.perf_counter()
        result = intake.poll(pipeline, source)
        ours = result.taken / (time.perf_counter() - start)
        source.close()
        assert result.taken == args.messages and result.error is None, result
    finally:
        remove(server)
    print(f"{args.messages} messages (a mail with a DOCX decision each), one worker, SQLite")
    print(f"  {'IMAP fetch only (floor)':42} {floor_rate:8.1f} messages/s  1.00")
    print(f"  {'congbo intake: store, read, select, ack':42} {ours:8.1f} messages/s  {ours / floor_rate:.3f}")


if __name__ == "__main__":
    main()
