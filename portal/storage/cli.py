"""``flask storage``: move stored files to object storage, check them."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.storage.local import LocalBackend


@click.group("storage")
def storage_group() -> None:
    """Stored files: attachments, board images, report files, exports."""


@storage_group.command("migrate")
@click.option(
    "--to",
    "target_name",
    type=click.Choice(["s3"]),
    required=True,
    help="Where to copy the files: the S3 bucket of PORTAL_S3_* settings.",
)
@click.option("--quiet", is_flag=True, help="Print only the totals.")
@with_appcontext
def migrate_command(target_name: str, quiet: bool) -> None:
    """Copy every file of PORTAL_UPLOAD_DIR to the bucket, checked by SHA-256.

    Run it again after an interruption: files already copied are skipped. Nothing is
    deleted locally. Then set PORTAL_STORAGE_BACKEND=s3 and restart the app hosts.
    """
    from portal.storage import make_s3_backend
    from portal.storage.migrate import migrate_files

    source = LocalBackend(current_app.config["PORTAL_UPLOAD_DIR"])
    target = make_s3_backend(current_app.config)

    def progress(key: str, outcome: str) -> None:
        if not quiet or outcome.startswith("failed"):
            click.echo(f"{key} {outcome}")

    result = migrate_files(source, target, progress)
    click.echo(
        f"copied {result.copied}, already there {result.skipped}, failed {len(result.failed)}"
    )
    if not result.ok:
        raise SystemExit(1)


def _add_sweep() -> None:
    from portal.storage.sweep import sweep_command  # reads the models: imported at start

    storage_group.add_command(sweep_command)


_add_sweep()
