"""The ``l10n`` command: a thin typer layer over the library.

It parses arguments, calls :mod:`pipeline`, and formats what comes back.  Exit codes for
every command: 0 ok, 1 findings or failures, 2 bad input or usage (one line on stderr).
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
from pathlib import Path
from typing import List, Optional

# First, before typer and the command modules define their dataclasses: see .compiled.
from pipeline.cli.compiled import install as _install_compiled, save as _save_compiled

_install_compiled()

import typer  # noqa: E402
from typer import Abort  # noqa: E402
from typer.exceptions import TyperException  # noqa: E402

from pipeline import __version__  # noqa: E402
from pipeline.core.errors import EXIT_BAD_INPUT, InputError  # noqa: E402
from pipeline.cli.coercion import install as _install_coercion  # noqa: E402

_install_coercion()  # typer's value coercion without pydantic (~80 ms of start-up); see .coercion

app = typer.Typer(
    name="l10n",
    help="Translation and localization pipeline: corpus → units → glossary checks → MT drafts → PO → bundles.\n\n"
    "Exit codes: 0 ok, 1 findings or failures, 2 bad input or usage.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"l10n {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Translation and localization pipeline: corpus → units → glossary checks → MT drafts → PO → bundles.

    Exit codes: 0 ok, 1 findings or failures, 2 bad input or usage.
    """


def load(
    corpus: Optional[Path] = None, locales_dir: Optional[Path] = None, glossary: Optional[Path] = None, locale: Optional[List[str]] = None
):
    """The project configuration with the command-line overrides applied."""
    # The project's modules are imported when a command opens it: `l10n --help` never does.
    from pipeline.core.config import load_config

    return load_config().with_overrides(corpus=corpus, locales_dir=locales_dir, glossary=glossary, locales=locale)


def open_project(
    corpus: Optional[Path] = None,
    locales_dir: Optional[Path] = None,
    glossary: Optional[Path] = None,
    locale: Optional[List[str]] = None,
    need: str = "optional",
    no_glossary: bool = False,
):
    """The checked project (configuration and validated glossary); its warnings go to stderr."""
    from pipeline.project import GlossaryNeed, open_project as open_checked  # not for `l10n --help` (~9 ms)

    mode = GlossaryNeed.SKIPPED if no_glossary else GlossaryNeed(need)
    project = open_checked(load(corpus, locales_dir, glossary, locale), mode)
    for warning in project.warnings:
        typer.echo(f"l10n: warning: {warning}", err=True)
    return project


def echo(message: str = "") -> None:
    typer.echo(message)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> "typer.Exit":
    """Print one line on stderr and return the Exit to raise."""
    typer.echo(f"l10n: {message}", err=True)
    return typer.Exit(code)


#: The module that registers each command (and command group) on ``app``.
COMMAND_MODULES = {
    "segment": "commands",
    "extract": "commands",
    "update": "commands",
    "run": "commands",
    "translate": "translate_commands",
    "models": "translate_commands",
    "check": "check_commands",
    "glossary": "glossary_commands",
    "bundle": "bundle_commands",
    "stats": "bundle_commands",
    "report": "bundle_commands",
    "xliff": "exchange_commands",
    "memory": "exchange_commands",
}
#: Every command module, in the order ``l10n --help`` lists their commands (and then their groups).
_ALL_MODULES = ("bundle_commands", "check_commands", "translate_commands", "commands", "exchange_commands", "glossary_commands")


def register_commands(argv: List[str]) -> None:
    """Import the modules that register the commands ``argv`` (the arguments after ``l10n``) can run.

    ``l10n CMD ...`` needs only CMD's module: typer builds the parameters of every registered
    command on each run, and those of all twenty took ~10 ms of a 0.2 s ``check``.  Anything
    else (no argument, an option first, an unknown name that gets a suggestion) registers all,
    in one fixed order, so ``--help`` lists every command as before.
    """
    module = COMMAND_MODULES.get(argv[0]) if argv else None
    for name in (module,) if module else _ALL_MODULES:
        importlib.import_module(f"{__name__}.{name}")


def main() -> None:
    """Console entry point: run the app, turning bad input into one line and exit code 2."""
    register_commands(sys.argv[1:])
    code = _run_app()
    if _is_program():
        _save_compiled()  # the dataclass methods this run compiled, for the next (see .compiled)
        if _may_exit_now(sys.argv[1:]):
            _exit_now(code)
    sys.exit(code)


def _is_program() -> bool:
    """Whether this ``main`` is the program's: the ``l10n`` script or ``python -m pipeline``, not a caller that imports it (a test)."""
    return getattr(sys.modules.get("__main__"), "main", None) is main


def _run_app() -> int:
    """Run the app; its exit code, every failure said in one line (never a traceback)."""
    try:
        # Not standalone: usage errors come back as exceptions, to be said in one line like bad input.
        code = app(standalone_mode=False)
    except TyperException as error:
        return _usage_error(error)
    except Abort:
        typer.echo("l10n: interrupted", err=True)
        return 130
    except InputError as error:
        typer.echo(f"l10n: {error}", err=True)
        return EXIT_BAD_INPUT
    except Exception as error:  # the promise is one line, never a traceback
        explained = os_error_line(error) if isinstance(error, OSError) else None
        if explained is not None:  # the disk, a permission, a path: the user's to fix, so bad input
            typer.echo(f"l10n: {explained}", err=True)
            return EXIT_BAD_INPUT
        if os.environ.get("L10N_DEBUG"):
            raise
        typer.echo(f"l10n: internal error: {type(error).__name__}: {error} (set L10N_DEBUG=1 for the traceback)", err=True)
        return EXIT_BAD_INPUT
    return code if isinstance(code, int) else 0


#: Commands that may end the process without the interpreter's teardown (see _may_exit_now):
#: they read files and print, and write only through fsutil.atomic_write (closed on return).
_EXIT_NOW_COMMANDS = frozenset({"check", "stats"})


def _may_exit_now(argv: List[str]) -> bool:
    """Whether the program (:func:`_is_program`) may end at once: a command that leaves nothing open.

    Tearing the interpreter down (freeing every module and object one by one) is ~15 ms of a
    0.2 s ``l10n check``, and a process that is about to end gains nothing from it.  Only when
    this ``main`` is the program's (the ``l10n`` script or ``python -m pipeline``; a caller that
    imports it, such as a test, gets SystemExit as before), for ``--help`` and the commands of
    _EXIT_NOW_COMMANDS, with no exit handler registered (a coverage tool, a library's cleanup)
    and no other thread running.
    """
    if argv and argv[0] not in _EXIT_NOW_COMMANDS and not argv[0].startswith("-"):
        return False
    count = getattr(__import__("atexit"), "_ncallbacks", None)
    if count is None or count() != 0:
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def _exit_now(code: int) -> None:
    """End the process with ``code`` once stdout and stderr are written, skipping the teardown.

    Should writing them fail (a closed pipe), the normal exit reports it as it always did.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        return
    os._exit(code)


# errno → (what is wrong, what to do).  The path comes from the error itself: the library's
# writers (fsutil.atomic_write, the model installer) fill it in where the OS leaves it out.
_PERMISSIONS = "check the permissions of the file and its folder, or choose another path"
_OS_PROBLEMS = {
    errno.ENOSPC: ("no space left on the device", "free some space and run again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space and run again"),
    errno.EACCES: ("permission denied", _PERMISSIONS),
    errno.EPERM: ("operation not permitted", _PERMISSIONS),
    errno.EROFS: ("read-only file system", "choose a path on a writable file system"),
    errno.ENOTDIR: ("a file where a folder is expected", "move the file aside or choose another path"),
    errno.EISDIR: ("a folder where a file is expected", "move the folder aside or give the path of a file"),
    errno.ENAMETOOLONG: ("the name is too long for the file system", "choose a shorter file name or path"),
    errno.ENOENT: ("no such file or folder", "check the path (was it moved during the run?)"),
    errno.ELOOP: ("too many levels of symbolic links", "check the symbolic links in the path"),
    errno.EIO: ("input/output error", "check the disk, then run again"),
}


def os_error_line(error: OSError) -> InputError | None:
    """One line (path, problem, what to do) for an OSError the user can fix, else None.

    An errno of the table above is always explained, with or without a file name; any other
    errno only when the error names a file (something on disk the user controls).  A file
    where a folder is expected is named itself, not the path below it that was being made.
    """
    path = os.fsdecode(error.filename) if isinstance(error.filename, (str, bytes)) and error.filename else None
    code = error.errno
    if path is not None and code in (errno.ENOTDIR, errno.EEXIST):
        blocker = _file_in_the_way(Path(path))
        if blocker is not None:
            path, code = str(blocker), errno.ENOTDIR
    if code in _OS_PROBLEMS:
        problem, hint = _OS_PROBLEMS[code]
    elif path is not None:
        problem, hint = (error.strerror or str(error)).lower(), "check the path and run again"
    else:
        return None
    return InputError(path, problem, hint)


def _file_in_the_way(path: Path) -> Path | None:
    """The first component of ``path`` (from the root down) that exists but is not a folder."""
    for candidate in [*reversed(path.parents), path]:
        if os.path.exists(candidate) and not os.path.isdir(candidate):  # os.path: never raises
            return candidate
    return None


def _usage_error(error: "TyperException") -> int:
    """Print a usage error (unknown option, bad choice) as one line; the exit code is 2."""
    if type(error).__name__ == "NoArgsIsHelpError":  # `l10n` alone: the help is the answer
        error.show()  # type: ignore[attr-defined]
        return EXIT_BAD_INPUT
    context = getattr(error, "ctx", None)
    hint = f"; see '{context.command_path} -h'" if context is not None else ""
    typer.echo(f"l10n: {error.format_message().rstrip('.')}{hint}", err=True)
    return EXIT_BAD_INPUT
