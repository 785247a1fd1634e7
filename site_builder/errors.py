"""One family for every failure a command reports: a Chinese line for the person, an exit code for the shell.

Everything the project raises on purpose derives from :class:`SiteBuilderError`.  The command line
(:func:`site_builder.cli.commands.main`) turns any of them — and a failure of the disk, or of a program the build runs
(pagefind, mkdocs, git) — into one clear line and exit code 1, never a traceback.  Problems in the reports
themselves are not exceptions: they are :class:`~site_builder.messages.Message` lines, and a build that meets
them raises :class:`BuildFailed` listing every one.
"""

from __future__ import annotations

import re


class SiteBuilderError(Exception):
    """A failure told in one Chinese line (``str(error)``), with details one per line in ``lines``."""

    exit_code = 1

    def __init__(self, message: str, lines: list[str] | None = None) -> None:
        super().__init__(re.sub(r"\s*\n\s*", " ", message.strip()))  # one line, whatever a tool said
        self.lines = list(lines or [])

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled whole (a build step's worker process raises it in the parent), whatever ``__init__`` takes."""
        return _rebuild, (type(self), self.args, self.__dict__)


def _rebuild(cls: type[SiteBuilderError], args: tuple[object, ...], state: dict[str, object]) -> SiteBuilderError:
    error = Exception.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class BuildFailed(SiteBuilderError):
    """The build stopped and the previous site stays; ``lines`` says why, one line each."""

    def __init__(self, stage: str, lines: list[str]) -> None:
        super().__init__(f"{stage}：{len(lines)} 个问题", lines)
        self.stage = stage


class ToolError(SiteBuilderError):
    """A program the build needs (pagefind) could not be found, fetched or checked; the message says what to do."""


class IndexFailed(SiteBuilderError):
    """pagefind could not index the rendered pages."""


class ThemeFailed(SiteBuilderError):
    """mkdocs or mkdocs-material could not render the theme's pages (mkdocs.yml, theme/, or a changed theme)."""


class ScaffoldError(SiteBuilderError):
    """``new`` / ``new-unit`` could not write the files; nothing was written."""


class ImportFailed(SiteBuilderError):
    """``import`` could not read a file (unsupported, damaged, encrypted, too large, a bomb) or would overwrite a
    report; nothing was written."""
