"""Cross-office referral: a case moves to another office of the installation (issue 23).

The receiving office gets a new case of its own (number, routing, deadlines) with the
history, files and reporter contact; the sending office keeps a closed record without them.
The reporter's one receipt keeps working at the new office.
"""
