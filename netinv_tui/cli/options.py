"""Options several commands share, as click decorators: credentials, output, format, quiet.

One spelling each, everywhere: `--format json`, `-o FILE`, `-q`; secrets from an environment
variable or a hidden prompt ('-'), never from the command line unless the user insists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from netinv_tui.cli import diagnostics

F = TypeVar("F", bound=Callable[..., Any])

CREDENTIAL_FIELDS = (
    "version",
    "community",
    "user",
    "auth_protocol",
    "auth_pass",
    "priv_protocol",
    "priv_pass",
    "port",
    "timeout",
    "retries",
    "context",
)


def _stack(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


def _set_quiet(context: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        diagnostics.set_quiet(True)
    return value


quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_set_quiet,
    help="print nothing but errors (and the data asked for)",
)


def snmp_options(context: bool = True, saving: bool = False) -> Callable[[F], F]:
    """Ad-hoc credentials, over a saved profile when one is named too; each default as core/profiles
    has it (a profile being saved has no default community: `saving`)."""
    from netinv_tui.core.profiles import Profile

    d = Profile("defaults")
    community = "no default: a new v1/v2c profile needs one" if saving else f"default: {d.community}, with a warning"
    options = [
        click.option("-v", "--snmp-version", "version", metavar="1|2c|3", help=f"SNMP version (default: {d.version})"),
        click.option(
            "-c",
            "--community",
            envvar="NETINV_COMMUNITY",
            help=f"v1/v2c community ({community}; '-' prompts; env NETINV_COMMUNITY)",
        ),
        click.option("-u", "--user", help="SNMPv3 user name"),
        click.option("-a", "--auth-protocol", metavar="PROTO", help="MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512"),
        click.option(
            "-A", "--auth-pass", envvar="NETINV_AUTH_PASS", help="auth passphrase ('-' prompts; env NETINV_AUTH_PASS)"
        ),
        click.option("-x", "--priv-protocol", metavar="PROTO", help="DES, 3DES, AES-128, AES-192, AES-256"),
        click.option(
            "-X", "--priv-pass", envvar="NETINV_PRIV_PASS", help="priv passphrase ('-' prompts; env NETINV_PRIV_PASS)"
        ),
        click.option("-p", "--port", type=click.IntRange(1, 65535), help=f"UDP port (default: {d.port})"),
        click.option(
            "-t",
            "--timeout",
            type=click.FloatRange(0, 600, min_open=True),
            help=f"seconds per request (default: {d.timeout:g})",
        ),
        click.option("-r", "--retries", type=click.IntRange(0, 20), help=f"retries per request (default: {d.retries})"),
    ]
    if context:
        options.append(click.option("--context", help="SNMPv3 context name"))
    return _stack(*options)


def credential_values(values: dict[str, Any]) -> dict[str, Any]:
    """Take the credential options out of a command's keyword arguments."""
    return {name: values.pop(name) for name in CREDENTIAL_FIELDS if name in values}


output_option = click.option(
    "-o",
    "--output",
    default="-",
    metavar="FILE",
    show_default=False,
    help="file to write (default '-': standard output); checked before any work, replaced atomically, mode 0600",
)


#: How a command picks its format when -F is not given, in --help (cli/output.table_format).
LISTING_DEFAULT = "default: table on a terminal, tsv when piped or written to a file"
#: The same for a command that writes documents (cli/output.document_format).
DOCUMENT_DEFAULT = "default: table on a terminal, xml when piped; with -o FILE its suffix: .xml .json .jsonl .tsv"


def format_option(*choices: str, default: str | None = None, chosen: str = LISTING_DEFAULT) -> Callable[[F], F]:
    """`--format`; with no default, the command picks as `chosen` says (by default, a table on a
    terminal and TSV elsewhere, as cli/output.table_format does)."""
    return click.option(
        "-F",
        "--format",
        "fmt",
        type=click.Choice(choices, case_sensitive=False),
        default=default,
        help=None if default else f"({chosen})",
    )


profile_option = click.option("-P", "--profile", metavar="NAME", help="a saved credential profile")
