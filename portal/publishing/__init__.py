"""Publishing: outcome summaries and news links, their privacy check, approval and the board.

Services here never commit and never touch ``request``; the staff views under
``portal/newsroom`` and the public board in ``portal/public/board_views.py`` call them.
Sending to Facebook, LINE and e-mail is the delivery outbox's business: approval writes its
rows in the same transaction.
"""
