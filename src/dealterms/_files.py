"""`dealterms.load` and `dealterms.dump`: thin doors into `dealterms.io`.

They import `dealterms.io` (and with it cattrs) only when called, so `import dealterms`
stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import os

    from dealterms.io import Document

__all__ = ["dump", "load"]


def load(path: str | os.PathLike[str]) -> Document:
    """Load a deal, state, scenario or evaluation file, as its `kind` key says.

    The extension gives the format (`.json`, `.toml`, `.yaml`/`.yml`); YAML needs
    `pip install 'dealterms[yaml]'`. See [`dealterms.io.load`][dealterms.io.load], which
    also takes `limits=`.

    Args:
        path: The file.

    Returns:
        The [`Deal`][dealterms.Deal], [`State`][dealterms.State],
        [`Scenario`][dealterms.Scenario] or [`Evaluation`][dealterms.Evaluation].

    Raises:
        dealterms.io.InvalidFileError: listing every problem with its path and line.
        DealtermsError: for a YAML file when PyYAML is not installed.
    """
    from dealterms.io import load as _load  # noqa: PLC0415 - keep `import dealterms` light

    return _load(path)


def dump(obj: Document, path: str | os.PathLike[str]) -> None:
    """Write a deal, state, scenario or evaluation to `path`, in its extension's format.

    See [`dealterms.io.dump`][dealterms.io.dump]; `load(path)` gives back an equal object.

    Args:
        obj: The value to write.
        path: The file (`.json`, `.toml`, `.yaml` or `.yml`).

    Raises:
        dealterms.io.InvalidFileError: for an unknown extension.
        TypeError: for a value that is not a deal, state, scenario or evaluation.
        DealtermsError: for YAML when PyYAML is not installed, or an unwritable file.
    """
    from dealterms.io import dump as _dump  # noqa: PLC0415 - keep `import dealterms` light

    _dump(obj, path)
