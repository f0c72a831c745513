"""CPU cost of the two pieces of work every submission's receipt brings (issue 9).

- the stored receipt hash: HMAC-SHA256 (now) against argon2id at the former default cost
  (time cost 2, 4096 KiB), one hash and one verification each;
- the receipt page's QR code: segno choosing among the eight masks (first version), segno
  with one fixed mask (second), and now ``portal.public.qr`` (the same bytes: a new case
  number as XORs on the office and year's template, the SVG written with ``bytes.find``),
  a new case number on every call — the first view of each receipt page; the template's
  one-off cost (once per process, office and year); the code kept per tracking address (a
  reload).

Everything runs in this process; each figure is the median of ``--rounds`` rounds of CPU time
(``time.process_time``) over ``--repeat`` calls, the old and new way interleaved so a busy
machine slows both alike. Last lines: ``name value unit``.

    .venv/bin/python bench/receipt_costs.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import segno  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from flask import Flask  # noqa: E402

from portal.public import qr, receipts  # noqa: E402
from portal.security import tokens  # noqa: E402

URL = "https://complaints.example.go.th/track/NP2-2569-000123"
PREFIX = "https://complaints.example.go.th/track?number=NP2-2569-"
RECEIPT = "7KQ2-M9XD-4HTR-PZ3W"
NUMBER = "NP2-2569-000123"


def cpu_ms(call, repeat: int) -> float:
    started = time.process_time()
    for _ in range(repeat):
        call()
    return (time.process_time() - started) / repeat * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    argon2 = PasswordHasher(time_cost=2, memory_cost=4096, parallelism=1)
    legacy = argon2.hash(RECEIPT)
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "bench secret key"

    def argon2_pair():
        argon2.hash(RECEIPT)
        argon2.verify(legacy, RECEIPT)

    def hmac_pair():
        stored = tokens.hash_receipt(RECEIPT, NUMBER)
        tokens.verify_receipt(stored, RECEIPT, NUMBER)

    def qr_chosen_mask():
        segno.make(URL, error="m").svg_data_uri(scale=4, dark="#000", light="#fff")

    numbers = iter(range(1, 10 ** 6))

    def qr_segno_fixed_mask():
        segno.make_qr(f"{PREFIX}{next(numbers):06d}", error="m", mask=receipts.QR_MASK
                      ).svg_data_uri(scale=4, dark="#000", light="#fff")

    def qr_first_view():
        receipts.tracking_qr_data_uri(f"{PREFIX}{next(numbers):06d}")

    def qr_template():
        qr._templates.clear()
        qr.make_matrix(f"{PREFIX}{next(numbers):06d}")

    figures: dict[str, list[float]] = {name: [] for name in (
        "receipt_hash_argon2id", "receipt_hash_hmac", "qr_chosen_mask", "qr_fixed_mask",
        "qr_first_view", "qr_template_once_per_office_year", "qr_cached")}
    with app.app_context():
        hmac_pair(), qr_chosen_mask(), receipts.qr_data_uri(URL)  # warm
        receipts.tracking_qr_data_uri(URL)
        for _ in range(args.rounds):
            figures["receipt_hash_argon2id"].append(cpu_ms(argon2_pair, max(1, args.repeat // 5)))
            figures["receipt_hash_hmac"].append(cpu_ms(hmac_pair, args.repeat * 20))
            figures["qr_chosen_mask"].append(cpu_ms(qr_chosen_mask, args.repeat))
            figures["qr_fixed_mask"].append(cpu_ms(qr_segno_fixed_mask, args.repeat))
            figures["qr_template_once_per_office_year"].append(cpu_ms(qr_template, 2))
            figures["qr_first_view"].append(cpu_ms(qr_first_view, args.repeat))
            figures["qr_cached"].append(
                cpu_ms(lambda: receipts.tracking_qr_data_uri(URL), args.repeat * 20))
    for name, values in figures.items():
        print(f"{name} {statistics.median(values):.4f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
