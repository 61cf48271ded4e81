"""A faster ``__init__`` for the frozen, slotted dataclasses built for every message.

Why: the ``__init__`` that ``@dataclass(frozen=True)`` writes stores each field with
``object.__setattr__(self, name, value)``. On CPython 3.11 that call binds a method-wrapper, builds an
argument tuple and looks the attribute up on the type, for every field of every object: about 2.4x
the cost of calling the slot's own descriptor (``Cls.field.__set__(self, value)``), which is what
``object.__setattr__`` ends up doing anyway. ``fast_init`` swaps in an ``__init__`` that calls the
cached descriptors directly. Everything else the dataclass made stays: the class is still frozen
(assignment still raises FrozenInstanceError), hashable, equal and picklable, ``replace``, ``asdict``
and ``fields`` behave as before, and the new ``__init__`` has the same signature, defaults, default
factories and ``__post_init__`` call.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

_T = TypeVar("_T")


class _Factory:
    """Stands for a field's default factory in the signature, as dataclasses' own sentinel does."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _Factory()


def fast_init(cls: type[_T]) -> type[_T]:
    """Give a frozen dataclass with ``slots=True`` an ``__init__`` that sets its slots through their descriptors.

    Apply it on top of ``@dataclass(frozen=True, slots=True)``. Only plain fields are supported (no
    ``init=False``, ``kw_only``, ``InitVar`` or ``ClassVar``); anything else raises TypeError at import.
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"fast_init wants a frozen dataclass with slots=True, not {cls.__qualname__}")
    flds = dataclasses.fields(cls)  # type: ignore[arg-type]
    if len(flds) != len(cls.__dataclass_fields__):  # type: ignore[attr-defined]
        raise TypeError(f"fast_init: {cls.__qualname__} has InitVar or ClassVar fields")
    ns: dict[str, Any] = {"_HAS_FACTORY": _HAS_FACTORY}
    params_src: list[str] = []
    body: list[str] = []
    for f in flds:
        if not f.init or f.kw_only:
            raise TypeError(f"fast_init: {cls.__qualname__}.{f.name} is not a plain init field")
        ns[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is not dataclasses.MISSING:
            ns[f"_dflt_{f.name}"] = f.default
            params_src.append(f"{f.name}=_dflt_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            ns[f"_factory_{f.name}"] = f.default_factory
            params_src.append(f"{f.name}=_HAS_FACTORY")
            body.append(f"if {f.name} is _HAS_FACTORY: {f.name} = _factory_{f.name}()")
        else:
            params_src.append(f.name)
        body.append(f"_set_{f.name}(self, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    src = f"def __init__(self, {', '.join(params_src)}) -> None:\n" + "".join(f"    {line}\n" for line in body)
    exec(src, ns)  # noqa: S102 - the source is built above from the class's own field names
    init = ns["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {**{f.name: f.type for f in flds}, "return": None}
    cls.__init__ = init  # type: ignore[misc]
    return cls
