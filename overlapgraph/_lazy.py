"""Names of a package imported when first used (PEP 562), so that importing the package stays cheap.

>>> getattr_, dir_ = attach("overlapgraph", {"Dataset": ".model"})
>>> getattr_("Dataset").__name__
'Dataset'
>>> "Dataset" in dir_()
True
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from types import ModuleType
from typing import Any

__all__ = ["attach"]


def attach(package: str, where: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: each name of ``where`` is imported from its
    module (relative to ``package``) on first use and kept in the package.

    A name that its own submodule defines (``structure`` of ``.structure``) stays that name, as an eager
    ``from .structure import structure`` leaves it: the submodule, once imported by anyone, does not
    take its place in the package.
    """
    module = sys.modules[package]
    shadowed = {name for name, source in where.items() if source == f".{name}"}

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(where[name], package), name)
        setattr(module, name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(module), *where})

    if shadowed:
        module.__class__ = _shadowing(package, shadowed)
    return __getattr__, __dir__


def _shadowing(package: str, names: set[str]) -> type[ModuleType]:
    class Package(ModuleType):
        def __setattr__(self, name: str, value: Any) -> None:
            # the import system sets a submodule on its package once the submodule ran: keep its name
            if name in names and isinstance(value, ModuleType) and value.__name__ == f"{package}.{name}":
                value = getattr(value, name)
            super().__setattr__(name, value)

    return Package
