"""``orgroles validate FILE``: judge an org file against its variant and print every finding.

Exit codes: 0 no error-level findings (with ``--strict``: no warnings either), 1 otherwise, 2 bad
usage, an unreadable org, variant or policy file, or a plugin that fails.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from orgroles._variants import BUILTIN_VARIANTS, Variant
from orgroles.chart import OrgChart
from orgroles.cli._common import (
    ORG_FILE_HELP,
    UsageError,
    read_org,
    unknown_variant_key,
    variant_argument,
    write_text,
)
from orgroles.errors import OrgRolesError
from orgroles.orgfile import LoadedOrgFile
from orgroles.validation import (
    Policy,
    Rule,
    load_policy,
    registered_rules,
    unknown_rule_code,
    validate,
)
from orgroles.validation.engine import failed_rule


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` subcommand."""
    parser = commands.add_parser(
        "validate",
        help="check an org against its variant and list every finding",
        description=(
            "Validate the org file against a variant: the file's `variant:` key, --variant, or "
            "the best fit by shape and size. Every finding is listed at once, grouped by "
            "severity, with the positions involved and a hint."
        ),
        epilog=(
            "Exit codes: 0 no errors (with --strict: no warnings either), 1 findings, "
            "2 bad usage, unreadable input or a failing plugin."
        ),
    )
    parser.add_argument("file", metavar="FILE", nargs="?", help=ORG_FILE_HELP)
    parser.add_argument(
        "--variant",
        metavar="V",
        default="auto",
        help=f"auto (default), a built-in ({', '.join(BUILTIN_VARIANTS)}) or a variant file",
    )
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help="a policy file (rules off, severities, options, variant thresholds), applied on "
        "top of the org file's `validation:` key",
    )
    parser.add_argument(
        "--plugin",
        metavar="MODULE",
        action="append",
        default=[],
        help="import this Python module first (it registers its own rules); repeatable",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    parser.add_argument("--no-hints", action="store_true", help="text output without hints")
    parser.add_argument("--list-rules", action="store_true", help="list every rule code and exit")
    parser.set_defaults(handler=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    """Validate and print the report."""
    for module in args.plugin:
        _import_plugin(module)
    if args.list_rules:
        write_text(_rules_listing())
        return 0
    if args.file is None:
        args.parser.error("FILE is required (or --list-rules)")
    org = _OrgText.read_file(args.file)
    variant = _variant(args.variant, org)
    policy = _policy(org, args.policy)
    try:
        report = validate(org.chart, variant, policy=policy)
    except OrgRolesError:
        raise
    except Exception as error:
        rule = failed_rule(error)
        if rule is None:
            raise  # not a plugin's fault: a bug in orgroles, and the traceback is wanted
        raise UsageError(_rule_failure(rule, error, args.plugin)) from None
    # Each finding placed at its first position's line, in the text and in the JSON alike.
    report = report.placed(org.label, org.read.position_lines())
    if args.format == "json":
        write_text(report.to_json())
    else:
        write_text(f"{org.label}: {report.to_text(hints=not args.no_hints)}")
    failed = bool(report.failing(strict=args.strict))
    if failed and args.format == "text":
        print(
            "orgroles: validation failed" + (" (--strict: warnings count)" if report.ok else ""),
            file=sys.stderr,
        )
    return 1 if failed else 0


@dataclass(frozen=True)
class _OrgText:
    """An org file that loaded, named as the user gave it, with the line of every value in it."""

    read: LoadedOrgFile
    label: str

    @classmethod
    def read_file(cls, name: str) -> _OrgText:
        # Every problem of an unreadable file, with file and line; parsed once, lines kept.
        return cls(
            read_org(name, unknown_code=unknown_rule_code), "<stdin>" if name == "-" else name
        )

    @property
    def chart(self) -> OrgChart:
        return self.read.chart

    def place(self, *path: str | int) -> str:
        """``org.yaml:3`` for the value at ``path``; the file alone when the line is unknown."""
        line = self.read.line(*path)
        return self.label if line is None else f"{self.label}:{line}"


def _variant(value: str, org: _OrgText) -> Variant | str:
    if value != "auto":
        return variant_argument(value)  # --variant decides: the file's own key is not judged
    unknown = unknown_variant_key(org.read, org.label if org.label != "<stdin>" else "-")
    if unknown is not None:
        file = "-" if org.label == "<stdin>" else org.label
        raise UsageError(
            f"{unknown}\n  hint: a variant of your own (such as the one a template was made "
            f"from) is read from its file: orgroles validate {file} --variant VARIANT_FILE"
        )
    return value


def _policy(org: _OrgText, policy_file: str | None) -> Policy | None:
    """The org file's ``validation:`` key (parsed with the file), and the policy file on top.

    Rule codes and variant thresholds are checked when the run resolves the policy; placed
    like this, each problem then names its file and line.
    """
    given = load_policy(policy_file) if policy_file else None
    policy = org.read.policy
    return given if policy is None else policy.merge(given)


def _import_plugin(module: str) -> None:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as error:
        missing = error.name or ""
        if module == missing or module.startswith(missing + "."):
            raise UsageError(
                f"cannot import plugin {module!r}: no module named {missing!r}\n"
                "  hint: --plugin takes a module name (mycompany.rules, not a path) that "
                "Python can import: install it, or add its folder to PYTHONPATH "
                "(PYTHONPATH=. for a module in this folder)"
            ) from None
        raise UsageError(_plugin_failure(module, error)) from None
    except Exception as error:  # a plugin may raise anything: it is reported, not hidden
        raise UsageError(_plugin_failure(module, error)) from None
    except SystemExit as exit_:
        # sys.exit() at import would end the command with the plugin's code (0: "fine")
        # before any rule ran: a failing plugin, like any other.
        raise UsageError(
            f"cannot import plugin {module!r}: it called sys.exit({exit_.code!r}) while being "
            f"imported, so no rule was run\n  hint: fix the plugin, or leave out --plugin {module}"
        ) from None


def _plugin_failure(module: str, error: Exception) -> str:
    where = _where(error, [module])
    return (
        f"cannot import plugin {module!r}: {type(error).__name__}: {error}{where}\n"
        f"  hint: fix the plugin, or leave out --plugin {module}"
    )


def _rule_failure(rule: Rule, error: Exception, plugins: list[str]) -> str:
    module = getattr(rule.function, "__module__", None) or "?"
    function = getattr(rule.function, "__qualname__", type(rule.function).__name__)
    plugin = next((p for p in plugins if module == p or module.startswith(p + ".")), None)
    who = f"plugin {plugin!r}: " if plugin else ""
    leave_out = f"leave out --plugin {plugin}, " if plugin else ""
    where = _where(error, [module] if plugin is None else [module, plugin])
    return (
        f"{who}rule {rule.code!r} ({module}.{function}) failed: "
        f"{type(error).__name__}: {error}{where}\n"
        f"  hint: fix the rule, {leave_out}or turn it off in a policy "
        f"(rules: {{{rule.code}: off}})"
    )


def _where(error: BaseException, modules: Iterable[str]) -> str:
    """`` (plugin.py:12)``: the innermost frame inside the plugin's own file or package.

    Not orgroles' frames, nor Python's or another library's that the plugin called: the line to
    fix is in the plugin, wherever those are installed.
    """
    if isinstance(error, SyntaxError):
        return ""  # its message already says file and line
    places = _own_code(modules)
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if _inside(frame.filename, places)
    ]
    return f" ({frames[-1].filename}:{frames[-1].lineno})" if frames else ""


def _own_code(modules: Iterable[str]) -> list[Path]:
    """The files and package folders of these modules' top-level packages, symlinks resolved."""
    places: list[Path] = []
    for module in modules:
        try:
            spec = importlib.util.find_spec(module.partition(".")[0])
        except (ImportError, ValueError):  # a module without a spec, or one gone meanwhile
            continue
        if spec is None:
            continue
        if spec.submodule_search_locations is not None:  # a package: its whole folder (folders)
            places.extend(
                Path(os.path.realpath(folder)) for folder in spec.submodule_search_locations
            )
        elif spec.origin is not None and spec.has_location:
            places.append(Path(os.path.realpath(spec.origin)))
    return places


def _inside(filename: str, places: list[Path]) -> bool:
    # Whole path components: a plugin 'orgroles_acme' is not inside 'orgroles'.
    path = Path(os.path.realpath(filename))
    return any(path == place or path.is_relative_to(place) for place in places)


def _rules_listing() -> str:
    rules = registered_rules()
    width = max(len(r.code) for r in rules)
    return "\n".join(
        f"{r.code:<{width}}  {r.severity:<7}  {r.category:<9}  {r.summary}" for r in rules
    )
