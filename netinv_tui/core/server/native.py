"""The GLPI agent protocol (JSON, GLPI 10/11), as GLPI agent 1.16 speaks it: the CONTACT message,
the server's answer read with bounds, what each task's server is, and GLPI's error answers.

A server that answers CONTACT with a GLPI message is a GLPI server (GA Target/Server.pm
`isGlpiServer`); its `tasks` say, per task, which server handles it: `glpi` (GLPI core) or
`glpiinventory` (the plugin, which hands out jobs only through the legacy PROLOG, GA `doProlog`).
Every string here came from the network: it is bounded in length and count; what is kept for
display is cleaned (one line) here, what goes into an error is cleaned where it is shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from netinv_tui import __version__
from netinv_tui.core.server.protocol import (
    PROLOG_FREQ_HOURS,
    TASKS,
    ServerError,
    ServerSaid,
    clamp,
    expiration_hours,
)
from netinv_tui.core.text import clean

#: The name the CONTACT carries (GA sends "GLPI-Agent"; GLPI stores it, and tells agents apart by it).
AGENT_NAME = "netinv"
#: How deep a CONTACT answer may nest: the protocol's is three levels; 100 000 would end the agent.
MAX_JSON_DEPTH = 32
#: The most tasks, disabled entries and characters of a server string netinv keeps from an answer.
MAX_TASKS = 32
MAX_TEXT = 250  # GLPI itself cuts its error messages at 250 characters (AbstractRequest addError)


def contact(device_id: str, tag: str | None = None, httpd_port: int | None = None) -> bytes:
    """The first message (GA Protocol/Contact.pm, Agent.pm `runTarget`): what this agent can do."""
    message: dict[str, object] = {
        "action": "contact",
        "deviceid": device_id,
        "name": AGENT_NAME,
        "version": __version__,
        "installed-tasks": list(TASKS),
        "enabled-tasks": sorted(TASKS),
    }
    if httpd_port:
        message["httpd-port"] = httpd_port
    if tag:
        message["tag"] = tag
    return json.dumps(message).encode()


@dataclass(frozen=True)
class TaskSupport:
    """One entry of the answer's `tasks`: which server handles the task, and its version."""

    server: str
    version: str = ""


@dataclass
class ContactAnswer:
    status: str
    expiration_hours: float | None = None
    tasks: dict[str, TaskSupport] = field(default_factory=dict)
    disabled: list[str] = field(default_factory=list)
    #: The server's `message` (GLPI joins several with ';'), cleaned to one line.
    message: str = ""
    notes: list[str] = field(default_factory=list)

    def needs_prolog(self) -> bool:
        """GA Target/Server.pm `doProlog`, over the tasks netinv runs: the server names no handler
        for them (GLPI 10.0.0-beta), or the plugin serves one, so its jobs come from the legacy
        PROLOG; when GLPI disabled them all (no plugin), there is no job to ask for."""
        if set(TASKS) <= set(self.disabled):
            return False
        ours = [support for task, support in self.tasks.items() if task in TASKS]
        return not ours or any(support.server == "glpiinventory" for support in ours)


def _json_depth(text: bytes) -> int:
    """The deepest nesting of brackets outside strings, without parsing (parsing is what overflows)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in text:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                return deepest
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _text(value: object) -> str:
    """A server string kept for display: bounded, and one clean line already."""
    return clean(_raw(value))


def _raw(value: object) -> str:
    """A server string that goes into an error: bounded; cleaned where it is shown (the outbox
    keeps a refusal's reason as the server gave it)."""
    return str(value)[:MAX_TEXT] if value is not None else ""


def read_json(body: bytes, what: str = "answer") -> dict[str, object]:
    """A JSON object from the server, depth-checked before parsing; ServerError when it is not one."""
    if _json_depth(body) > MAX_JSON_DEPTH:
        raise ServerError(f"the server's {what} nests deeper than {MAX_JSON_DEPTH} levels: not read")
    try:
        answer = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ServerError(f"the server's {what} is not JSON") from None
    if not isinstance(answer, dict):
        raise ServerError(f"the server's {what} is not a JSON object")
    return answer


def error_message(body: bytes) -> str | None:
    """GLPI's error answer `{"status": "error", "message": ...}` (any HTTP status): its message,
    bounded; None when the body is not that."""
    if not body.lstrip().startswith(b"{"):
        return None
    try:
        answer = read_json(body)
    except ServerError:
        return None
    if answer.get("status") != "error":
        return None
    return _raw(answer.get("message")) or "no reason given"


def parse_contact(body: bytes) -> ContactAnswer:
    """The CONTACT answer (GA Agent.pm after `send`): status ok / pending / error, `expiration`
    (required, > 0: GA Contact.pm `is_valid_message`), `tasks`, `disabled`, `message`."""
    answer = read_json(body, "CONTACT answer")
    status = _text(answer.get("status")).lower()
    if status == "error":
        raise ServerSaid(f"server error: {_raw(answer.get('message')) or 'no reason given'}")
    if not status:
        raise ServerError("the server's CONTACT answer has no status: not a GLPI agent protocol answer")
    result = ContactAnswer(status=status, message=_text(answer.get("message")))
    hours = expiration_hours(answer.get("expiration"))
    if hours is not None and hours > 0:
        result.expiration_hours = clamp(hours, PROLOG_FREQ_HOURS, "expiration (hours)", result.notes)
    elif status == "ok":
        raise ServerError("the server's CONTACT answer has no valid expiration: not a GLPI agent protocol answer")
    tasks = answer.get("tasks")
    if isinstance(tasks, dict):
        for name, support in list(tasks.items())[:MAX_TASKS]:
            if isinstance(support, dict) and support.get("server"):
                task = _text(name).lower()
                result.tasks[task] = TaskSupport(_text(support.get("server")).lower(), _text(support.get("version")))
    disabled = answer.get("disabled")
    entries = disabled if isinstance(disabled, list) else [disabled] if disabled else []
    result.disabled = [_text(entry).lower() for entry in entries[:MAX_TASKS]]
    return result
