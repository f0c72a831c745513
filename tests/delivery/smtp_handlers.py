"""aiosmtpd handlers run by the tests' SMTP server process (``-c smtp_handlers.<Class>``)."""

from __future__ import annotations

from aiosmtpd.handlers import Mailbox


class RefusingMailbox(Mailbox):
    """A maildir server that, like a real one, refuses ``nosuchuser@…`` for good (550) and
    greylists ``greylisted@…`` (451: try again later)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local_part = address.partition("@")[0]
        if local_part == "nosuchuser":
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if local_part == "greylisted":
            return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"
