"""A person chatting: each helper posts one signed event, runs the worker and returns what the
person read in reply (from the fake service's record of delivered messages)."""

from __future__ import annotations

from tests.chat.conftest import post_line, post_messenger, run_worker
from tests.chat.fake_chat import line_event, messenger_item


class LinePerson:
    def __init__(self, client, fake, user: str = "U4af4980629aaaa") -> None:
        self.client, self.fake, self.user = client, fake, user
        self.seen = 0

    def send(self, kind: str = "text", **fields) -> list[str]:
        token = self.fake.issue_reply_token(self.user)
        event = line_event(self.user, kind, reply_token=token, **fields)
        assert post_line(self.client, event).status_code == 200
        run_worker()
        return self.read()

    def says(self, text: str) -> list[str]:
        return self.send(text=text)

    def taps(self, data: str) -> list[str]:
        return self.send("postback", data=data)

    def read(self) -> list[str]:
        texts = self.fake.state.texts_to(self.user)
        new, self.seen = texts[self.seen :], len(texts)
        return new


class MessengerPerson:
    def __init__(self, client, fake, psid: str = "6543210987654321") -> None:
        self.client, self.fake, self.psid = client, fake, psid
        self.seen = 0

    def send(self, **fields) -> list[str]:
        item = messenger_item(self.psid, **fields)
        self.fake.state.last_user_message[self.psid] = item["timestamp"] / 1000
        assert post_messenger(self.client, item).status_code == 200
        run_worker()
        return self.read()

    def says(self, text: str) -> list[str]:
        return self.send(text=text)

    def taps(self, payload: str) -> list[str]:
        return self.send(text=payload, quick=payload)

    def read(self) -> list[str]:
        texts = self.fake.state.texts_to(self.psid)
        new, self.seen = texts[self.seen :], len(texts)
        return new


def joined(texts: list[str]) -> str:
    return "\n".join(texts)
