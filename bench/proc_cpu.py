"""CPU time of processes, read from Linux's /proc: a process's own, and the PostgreSQL
server's on this machine (its processes are not ours to wait for)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat_fields(text: str) -> list[str]:
    """The fields of a /proc/<pid>/stat line after the command name (state first)."""
    return text[text.rindex(")") + 2:].split()


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process, its ended children not included."""
    fields = _stat_fields(Path(f"/proc/{pid}/stat").read_text())
    return (int(fields[11]) + int(fields[12])) / TICK


def postgres_cpu_seconds() -> float:
    """CPU seconds of the PostgreSQL server so far: every live server process's own time
    (backends, WAL writer, checkpointer) and, through the postmaster, its ended backends'
    (a connection that closes during a measurement still counts). 0 where there is none."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended meanwhile
        if not text[text.index("(") + 1:text.rindex(")")].startswith("postgres"):
            continue
        fields = _stat_fields(text)
        total += int(fields[11]) + int(fields[12])
        with contextlib.suppress(OSError):
            if not Path(f"/proc/{fields[1]}/comm").read_text().startswith("postgres"):
                total += int(fields[13]) + int(fields[14])  # the postmaster: ended children
    return total / TICK
