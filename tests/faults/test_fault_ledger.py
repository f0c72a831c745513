"""A CI-sized run of bench/faults.py: 50 submissions through each of faults 1, 3 and 4.

Real processes: gunicorn with two workers on a private PostgreSQL, a private Redis, the
outbox worker, an SMTP server. Fault 1 kills a gunicorn worker every 5 s for 30 s, fault 3
stops Redis for 15 s, fault 4 stops the SMTP server for 60 s. The ledger must show every
reporter an answer and nothing lost, doubled or filed untold; every acknowledgement e-mail
and every queued post and broadcast exactly once.
"""

from __future__ import annotations

import json

from bench.faults import parse_args, run

SUBMISSIONS = 50


def test_fifty_submissions_through_faults_1_3_and_4(tmp_path):
    ledger = tmp_path / "ledger.jsonl"
    args = parse_args(
        [
            "--submissions",
            str(SUBMISSIONS),
            "--faults",
            "1,3,4",
            "--database",
            "postgresql",
            "--ledger",
            str(ledger),
            "--drain-timeout",
            "300",  # measured: 120 s after the SMTP server's 60 s away; a stuck row fails sooner
        ]
    )
    results, swept = run(args)
    rows = {r["fault"]: r for r in results}
    assert sorted(rows) == [1, 3, 4]
    for fault, r in rows.items():
        row = r["row"]
        assert r["problems"] == [], (fault, r["problems"][:5])
        assert row["lost"] == row["duplicated"] == row["untold"] == 0, (fault, row)
        assert row["500"] == 0 and row["wrong_receipt"] == 0, (fault, row)
        assert row["succeeded"] + row["failed_clean"] == SUBMISSIONS, (fault, row)
        assert row["succeeded"] > 0
        assert row["mail_expected"] > 0 and row["mail_missing"] == row["mail_twice"] == 0
        assert row["posts_expected"] > 0 and row["posts_wrong"] == 0
        assert r["outbox_recovery"] is not None and r["drained"], f"fault {fault}: not drained"
    assert rows[1]["breaks"] >= 5  # a gunicorn worker was killed every 5 s
    assert rows[4]["outbox_recovery"] > 0  # the mail waited for the SMTP server to return
    assert rows[3]["orphans"] == rows[4]["orphans"] == 0  # nothing killed, nothing left
    # A worker killed between writing a photo and its commit leaves the file; the sweep
    # removes exactly those (and no file a case names: their checks came before).
    assert swept == sum(r["orphans"] for r in results)
    entries = [json.loads(line) for line in ledger.read_text().splitlines()]
    assert len(entries) == 3 * SUBMISSIONS
    assert all(e["key"] and e["attempts"] for e in entries)
    told = [e["number"] for e in entries if e["outcome"] == "succeeded"]
    assert len(told) == len(set(told))  # no two reporters were shown one case
