"""The README's claims, each checked against what it describes: the two commands against .ci/run
and scripts/setup.sh, the links against the tree, the key table against the dashboard's bindings,
the exit codes against the CLI, the data folders against platformdirs and the files netinv makes,
the quick start's output against a real run on the demo lab's recording, the default community
against a crafted agent that records the community it is asked with."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from crafted_agent import Binds, CraftedAgent, Request, switch

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
NETINV = [str(Path(sys.executable).with_name("netinv"))]
LAB_2960X = ROOT / "netinv_tui" / "core" / "data" / "lab" / "ln-ios_2960x.snmprec"


def blocks(text: str) -> list[str]:
    return re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.S | re.M)


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def table(text: str) -> list[list[str]]:
    """The rows of the first markdown table in `text`, header and rule left out."""
    rows = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def run(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*NETINV, *args], capture_output=True, text=True, timeout=120, env=env, **kwargs)  # type: ignore[call-overload, no-any-return]


def test_the_readme_is_short() -> None:
    assert len(README.splitlines()) <= 160


def test_the_two_commands_are_the_ones_setup_and_ci_run() -> None:
    first = blocks(README)[0].splitlines()
    run_line, test_line = (line.split("#")[0].strip() for line in first)
    assert run_line == "bash scripts/setup.sh && .venv/bin/netinv demo"
    assert test_line == "bash scripts/setup.sh && .venv/bin/python -m pytest -q"
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_line in ci, "CI runs the README's test command, exactly"
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert "VENV=.venv" in setup and 'say "done: $VENV/bin/netinv"' in setup
    # what `.venv/bin/netinv demo` names exists: the command and its demo
    assert run("demo", "--help").returncode == 0


@pytest.mark.parametrize("page", ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))])
def test_every_link_and_picture_exists(page: str) -> None:
    path = ROOT / page
    targets = re.findall(r"\]\(([^)#\s]+)\)", path.read_text(encoding="utf-8"))
    assert targets
    missing = [t for t in targets if "://" not in t and not (path.parent / t).exists()]
    assert not missing


def test_the_readme_links_its_docs_and_the_contributor_section_is_there() -> None:
    for doc in ("docs/benchmarks.md", "docs/architecture.md", "docs/security.md", "docs/usage.md"):
        assert f"]({doc})" in README
    assert "#### Adding a vendor (for contributors)" in (ROOT / "docs" / "architecture.md").read_text()
    assert "![" in section("The dashboard") and "screenshots/" in section("The dashboard")


def test_the_key_table_is_the_dashboards_bindings() -> None:
    from netinv_tui.tui.keys import KEYS, TITLES

    scope_of = {title: scope for scope, title in TITLES.items()}
    listed: dict[str, set[str]] = {}
    for where, keys_cell, action_cell in table(section("The dashboard")):
        scope = scope_of[where]
        keys = re.findall(r"`([^`]+)`", keys_cell)
        actions = [a.strip() for a in action_cell.removesuffix(" panes").split(",")]
        assert len(keys) == len(actions), (keys, actions)
        for key, action in zip(keys, actions, strict=True):
            bound = [k for k in KEYS[scope] if key in [part.strip() for part in k.keys.split(",")]]
            assert bound, f"{key} is bound to nothing in {where}"
            descriptions = {k.description for k in bound}
            assert action in descriptions, (where, key, action, descriptions)
            listed.setdefault(scope, set()).add(key)
    # every key the footer shows everywhere is in the table
    assert {k.keys for k in KEYS["app"] if k.show} <= listed["app"]


def test_the_exit_codes_are_the_clis() -> None:
    from netinv_tui.cli.diagnostics import ExitCode

    codes: dict[int, str] = {}
    for code_cell, meaning in table(section("Exit codes")):
        for code in code_cell.split(","):
            codes[int(code)] = meaning
    signals = {128 + signal.SIGHUP, 128 + signal.SIGINT, 128 + signal.SIGTERM}
    assert set(codes) == {int(c) for c in ExitCode} | signals
    assert ExitCode.INTERRUPTED == 128 + signal.SIGINT
    named = {ExitCode.USAGE: "usage", ExitCode.PARTIAL: "partial", ExitCode.DEVICE_FAILED: "could not be read"}
    assert all(word in codes[int(code)] for code, word in named.items())


def test_the_exit_codes_are_what_the_commands_return(tmp_path: Path) -> None:
    usage = run("inventory", "--no-such-option", "127.0.0.1")
    assert usage.returncode == 2 and len(usage.stderr.strip().splitlines()) == 1
    unknown = run("inventory", "-P", "no-such-profile", "127.0.0.1")
    assert unknown.returncode == 2 and len(unknown.stderr.strip().splitlines()) == 1
    silent = run("inventory", "127.0.0.1:9", "-c", "public", "--timeout", "0.3", "--retries", "0")
    assert silent.returncode == 4 and "DEVICE" in silent.stdout and "ERROR" in silent.stdout
    assert len(silent.stderr.strip().splitlines()) == 1
    missing = run("inventory", "--file", str(tmp_path / "missing.snmprec"))
    assert missing.returncode in (1, 2) and len(missing.stderr.strip().splitlines()) == 1


def test_the_quick_starts_output_is_a_real_runs(tmp_path: Path) -> None:
    """Piped, `inventory` prints XML; the lines shown are those of the demo lab's 2960-X, in order."""
    assert str(LAB_2960X.relative_to(ROOT)) in section("Quick start against a real switch")
    done = run("inventory", "--file", str(LAB_2960X))  # stdout is a pipe here
    assert done.returncode == 0 and done.stdout.startswith("<?xml")
    shown = next(b for b in blocks(section("Quick start against a real switch")) if b.lstrip().startswith("<INFO>"))
    lines = iter(done.stdout.splitlines())
    for wanted in shown.splitlines():
        assert any(line == wanted for line in lines), f"not in the output, in this order: {wanted}"
    assert "19 VLANs not read" in done.stderr  # the device's notes, on stderr
    written = tmp_path / "sw1.xml"
    assert run("inventory", "--file", str(LAB_2960X), "-o", str(written)).returncode == 0
    assert written.read_text().startswith("<?xml")


def test_inventory_has_a_table_format() -> None:
    done = run("inventory", "--file", str(LAB_2960X), "-F", "table")
    assert done.returncode == 0 and "WS-C2960X-48FPS-L" in done.stdout and "<?xml" not in done.stdout


def test_graphviz_and_pipx_are_not_installed_by_setup() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert "graphviz" not in setup.lower() and "pipx" not in setup.lower()
    assert "**Graphviz**" in README and "**pipx**" in README


def test_the_other_documents_inventory_writes(tmp_path: Path) -> None:
    """Piped, XML; -F picks any of the five; -o's suffix picks the document."""
    assert "`-F xml|json|glpi|table|tsv` chooses" in " ".join(README.split())
    piped = run("inventory", "--file", str(LAB_2960X))
    assert piped.returncode == 0 and piped.stdout.lstrip().startswith("<?xml")
    for fmt, start in (("xml", ("<?xml",)), ("json", ("{", "[")), ("glpi", ("{",)), ("tsv", ("name\t",))):
        done = run("inventory", "--file", str(LAB_2960X), "-F", fmt)
        assert done.returncode == 0 and done.stdout.lstrip().startswith(start), fmt
    for suffix, start in ((".json", ("{", "[")), (".jsonl", ("{",)), (".tsv", ("name\t",))):
        out = tmp_path / f"sw{suffix}"
        done = run("inventory", "--file", str(LAB_2960X), "-o", str(out))
        assert done.returncode == 0 and out.read_text().lstrip().startswith(start), suffix


def test_the_demo_keeps_a_store_of_its_own(tmp_path: Path) -> None:
    env = {**os.environ, "NETINV_DATA_DIR": str(tmp_path / "data")}
    code = "from netinv_tui.core import paths; paths.use_demo_data(); print(paths.data_dir())"
    found = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert Path(found.stdout.strip()) == tmp_path / "data" / "demo"


def test_the_demo_lab_is_where_the_readme_says() -> None:
    from netinv_tui.core.lab import demo_lab

    lab = demo_lab()
    assert lab.addresses() == [f"127.0.0.{n}" for n in range(10, 15)]
    assert "127.0.0.10 to 127.0.0.14" in README
    assert not list(LAB_2960X.parent.glob("*@*.snmprec")), "the README says the lab ships no per-VLAN recordings"


def agent_asked_with(communities: list[bytes]) -> CraftedAgent:
    def record(request: Request, binds: Binds) -> tuple[int, int, Binds]:
        communities.append(request.community)
        return 0, 0, binds

    agent = CraftedAgent(switch(), record, address="127.0.0.61")
    threading.Thread(target=agent.serve, daemon=True).start()
    return agent


def test_the_default_community_is_public() -> None:
    assert "**The default community is `public`.**" in README
    communities: list[bytes] = []
    agent = agent_asked_with(communities)
    try:
        done = run("inventory", f"127.0.0.61:{agent.port}", "--timeout", "1")
    finally:
        agent.stop()
    assert done.returncode == 0 and "<DEVICE>" in done.stdout
    assert communities and set(communities) == {b"public"}


def test_a_warning_says_when_public_was_not_asked_for() -> None:
    communities: list[bytes] = []
    agent = agent_asked_with(communities)
    try:
        done = run("inventory", f"127.0.0.61:{agent.port}", "--timeout", "1")
        asked = run("inventory", f"127.0.0.61:{agent.port}", "--timeout", "1", "-c", "public")
    finally:
        agent.stop()
    assert "public" in done.stderr and "public" not in asked.stderr


def test_the_data_folders_are_platformdirs_and_the_files_are_private(tmp_path: Path) -> None:
    from platformdirs import user_config_path, user_data_path

    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETINV_", "XDG_"))}
    env["HOME"] = str(home)
    rows = table(section("Where data lives"))
    (config_files, config_dir, config_env), (data_files, data_dir, data_env) = rows
    assert (config_env, data_env) == ("`NETINV_CONFIG_DIR`", "`NETINV_DATA_DIR`")
    code = "from platformdirs import user_config_path as c, user_data_path as d; print(c('netinv', appauthor=False)); print(d('netinv', appauthor=False))"
    found = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    shown = [Path(p.strip("`").replace("~", str(home))) for p in (config_dir, data_dir)]
    assert [Path(line) for line in found.stdout.split()] == shown
    assert (
        user_config_path("netinv", appauthor=False).name == user_data_path("netinv", appauthor=False).name == "netinv"
    )

    # the files named, made by real commands (and the log by the crash log's own writer)
    assert run("profiles", "add", "office", "--community", "s3cret", env=env).returncode == 0
    assert run("servers", "add", "glpi", "https://127.0.0.1:1/", env=env).returncode == 0
    out = tmp_path / "sw1.xml"
    assert run("inventory", "--file", str(LAB_2960X), "-o", str(out), env=env).returncode == 0
    # a sweep keeps its scan in the store (nothing listens at this address: one refused datagram)
    sweep = run(
        "discover", "127.0.0.62", "--methods", "snmp", "-c", "public", "--timeout", "0.3", "-F", "json", env=env
    )
    assert sweep.returncode == 0, sweep.stderr
    log = "from netinv_tui.core.crashlog import log_exception; log_exception(ValueError('x'), 'a test')"
    subprocess.run([sys.executable, "-c", log], env=env, check=True, cwd=ROOT)
    config, data = shown
    made = {name: config / name for name in ("profiles.json", "servers.json")}
    made |= {name: data / name for name in ("netinv.sqlite", "netinv.log")}
    for name in [*made, "agent-id.json", "history.json"]:
        assert name in config_files + data_files, name
    private = "profiles.json, servers.json, netinv.sqlite and netinv.log are 0600"
    assert private in " ".join(section("Where data lives").split())
    for name, path in made.items():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # "and so are the files -o writes"
    for folder in (config, data):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # the reset commands remove exactly those two folders
    resets = [line.split("#")[0].strip() for b in blocks(section("Where data lives")) for line in b.splitlines()]
    assert resets == ["rm -r ~/.local/share/netinv", "rm -r ~/.config/netinv"]
    assert [Path(r.removeprefix("rm -r ").replace("~", str(home))) for r in resets] == [data, config]


def test_the_recipes_name_real_commands_and_options() -> None:
    """Each recipe line's command and options are accepted by that command's parser (`-h` lists them)."""
    recipes = [line.split("#")[0].strip() for line in blocks(section("Recipes"))[0].splitlines()]
    for line in recipes:
        first = line.split("&&")[0].split(">")[0].split()
        assert first[0] == "netinv"
        words = next((first[:n] for n, word in enumerate(first) if word.startswith("-")), first)
        helptext = run(*words[1:], "-h").stdout
        assert helptext.startswith("Usage: netinv")
        for option in (word for word in first[2:] if word.startswith("-")):
            assert re.search(rf"(^|[\s,]){re.escape(option)}\b", helptext), f"{first[1]} has no {option}"
