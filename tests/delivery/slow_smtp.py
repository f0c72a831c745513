"""An aiosmtpd handler for the crash test (``-c slow_smtp.SlowToConfirmMailbox``)."""

from __future__ import annotations

import asyncio

from aiosmtpd.handlers import Mailbox


class SlowToConfirmMailbox(Mailbox):
    """Stores each message in the maildir, then waits before answering ``250``.

    A worker killed in that window has had its message delivered without hearing so: the
    case that makes a worker send the same message again after a crash. The first message
    of the server's life waits long (the test kills the worker then, however slow a busy
    machine is to notice); every later one about half a second. A client that goes away
    cancels the wait.
    """

    FIRST_CONFIRM_DELAY = 15.0  # seconds; the worker's SMTP timeout must be longer
    CONFIRM_DELAY = 0.5

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stored = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        self.stored += 1
        await asyncio.sleep(self.FIRST_CONFIRM_DELAY if self.stored == 1 else self.CONFIRM_DELAY)
        return reply
