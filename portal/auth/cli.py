"""``flask create-user``: an operator adds a staff account, password from standard input."""

from __future__ import annotations

import sys

import click
from flask_babel import force_locale
from sqlalchemy import select

from portal.cases.errors import CaseError
from portal.extensions import db
from portal.models import Office, Role, WorkGroup
from portal.security.password_policy import password_problem
from portal.security.passwords import hash_password


def both_languages(message) -> str:
    """A translatable message in Thai, then in English, for operators of either language."""
    with force_locale("th"):
        thai = str(message)
    with force_locale("en"):
        english = str(message)
    return thai if english == thai else f"{thai}\n{english}"


def read_password() -> str:
    """One line from standard input; asked twice, hidden, when a person is typing."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@click.command("create-user")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice([r.value for r in Role]), help="A role; repeat for several.")
@click.option("--office", "office_code", required=True, help="Office code, e.g. NP2.")
@click.option("--name", default=None, help="Display name (default: the e-mail's local part).")
@click.option("--group", "group_codes", multiple=True,
              help="Work group code (case officers need at least one); repeat for several.")
def create_user_command(email: str, roles: tuple[str, ...], office_code: str, name: str | None,
                        group_codes: tuple[str, ...]) -> None:
    """Create a staff account. The password is read from standard input (one line).

    \b
    Example:
      echo "$PASSWORD" | flask --app wsgi create-user somchai@example.go.th \\
        --role intake --role case_officer --group legal --office NP2 --name "สมชาย ใจดี"
    """
    from portal.admin.accounts import AccountFields, create_user

    office = db.session.scalar(select(Office).where(Office.code == office_code))
    if office is None:
        raise click.ClickException(f"ไม่พบสำนักงานรหัส {office_code!r} / No office with code "
                                   f"{office_code!r}.")
    groups = []
    for code in group_codes:
        group = db.session.scalar(select(WorkGroup).where(
            WorkGroup.office_id == office.id, WorkGroup.code == code))
        if group is None:
            raise click.ClickException(f"ไม่พบกลุ่มงานรหัส {code!r} / No work group {code!r} "
                                       f"in office {office_code}.")
        groups.append(group)
    name = (name or email.partition("@")[0]).strip()
    password = read_password()
    problem = password_problem(password, email=email, name=name)
    if problem is not None:
        raise click.ClickException(both_languages(problem))
    try:
        # The operator on the server gives every role at once (an office's first director and
        # integrity officer come from here); the audit log records it with no actor.
        account = create_user(None, office, email, AccountFields(
            name=name, roles=[Role(r) for r in roles], work_group_ids=[g.id for g in groups]))
    except CaseError as error:
        db.session.rollback()
        raise click.ClickException(both_languages(error.message)) from error
    account.user.password_hash = hash_password(password)
    db.session.commit()
    click.echo(f"Created {account.user.email} ({', '.join(sorted(roles))}) in {office.code}.")
    click.echo("Two-factor sign-in is required: at the first sign-in the user sets up a "
               "passkey or an authenticator app.")
