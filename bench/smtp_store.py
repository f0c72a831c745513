"""An SMTP store for benchmarks: each message's bytes kept in a maildir exactly as received.

This is what a mail server's queue does with a message. aiosmtpd's own ``Mailbox`` handler
(the one the delivery tests use, since they read the messages back) parses every message into
an ``email`` object and generates it again, which costs the server three to four times the CPU
of receiving it for a multipart Thai message and so measures the handler, not the sender.

    python -m aiosmtpd -n -l 127.0.0.1:8025 -c bench.smtp_store.RawMaildir /tmp/maildir
"""

from __future__ import annotations

import mailbox


class RawMaildir:
    def __init__(self, path: str) -> None:
        self.box = mailbox.Maildir(path, create=True)

    @classmethod
    def from_cli(cls, parser, *args: str) -> RawMaildir:
        if len(args) != 1:
            parser.error("RawMaildir takes one argument: the maildir's path")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope) -> str:
        self.box.add(envelope.original_content)
        return "250 OK"
