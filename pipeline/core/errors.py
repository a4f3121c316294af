"""Bad input is reported as one line: file, line, what is wrong, what to do."""

from __future__ import annotations

from pathlib import Path

#: Exit codes shared by every command (success is 0).
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class InputError(Exception):
    """Input the pipeline cannot work with.  The CLI prints ``str(error)`` and exits 2."""

    def __init__(self, path: str | Path | None, problem: str, hint: str = "", line: int | None = None):
        self.path = str(path) if path is not None else None
        self.problem = problem
        self.hint = hint
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        hint = f"; {self.hint}" if self.hint else ""
        return f"{where}{self.problem}{hint}"
