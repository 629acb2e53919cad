"""``@frozen_record``: ``@dataclass(frozen=True)`` without compiling code at import.

On Python 3.11 ``dataclass(frozen=True)`` writes the source of six methods for
every class (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__``, ``__delattr__``) and compiles it with ``exec`` when the module
is imported: about a millisecond a class, some 45 ms of every start for the
domain's records. This decorator lets :mod:`dataclasses` do only its field
machinery (``fields()``, ``replace()``, ``asdict()``, ``__match_args__``) and
gives the class the same methods, made from functions compiled once, into this
module's ``.pyc``:

- ``__init__`` is a template whose code object is copied with the fields as
  its parameters (``CodeType.replace``), so Python itself binds the arguments:
  the same signature, defaults and ``TypeError`` messages as the generated
  ``__init__``, and at least as fast (see the templates below).
- The other methods are closures over what each class needs, worked out once
  here (an ``attrgetter`` of the compared fields, their names).

``@mutable_record`` is the same for a plain ``@dataclass`` (three methods:
``__init__``, ``__repr__``, ``__eq__``; instances unhashable).
``tests/unit/test_frozen.py`` compares each behaviour with
``@dataclass(frozen=True)`` and ``@dataclass`` (and ``order=True``), and
checks that every dataclass of the domain is made with these decorators.
"""

from __future__ import annotations

import _thread
import dataclasses
import sys
from collections.abc import Callable
from operator import attrgetter
from types import FunctionType
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Callable[[Any], Any]:
        """For type checkers only: at run time it leaves the decorator as it is (and imports nothing)."""
        return lambda decorator: decorator


__all__ = ["frozen_record", "mutable_record"]

_Class = TypeVar("_Class", bound=type)


class _Factory:
    """The default of an ``__init__`` parameter whose field has a ``default_factory``."""

    def __repr__(self) -> str:
        return "<factory>"


#: dataclasses' own marker when it has one (shown as ``<factory>`` in the signature), so signatures compare equal.
_FACTORY: object = getattr(dataclasses, "_HAS_DEFAULT_FACTORY", None) or _Factory()


# -- __init__ ---------------------------------------------------------------------------------------
# Templates: _init_for copies one's code object, renaming its parameters to the fields (and, in
# the fixed-size ones, the constant names they set), so Python binds the arguments itself.
#
# _init_0 ... _init_7 set each field with object.__setattr__, as dataclasses' __init__ does: the
# same bytecode, the same compact instance. A class of 8 fields or more stores them with one
# dict.update of locals() instead (faster from 8 on, measured; it costs the instance a dict):
# ``locals()`` is ``self`` and the arguments, in field order. The locals() templates may have no
# local variable of their own: it would be numbered after ``self``, where the fields go.

_set = object.__setattr__


def _init_0(self: object) -> None:
    pass


def _init_1(self: object, _0: object) -> None:
    _set(self, "_0", _0)


def _init_2(self: object, _0: object, _1: object) -> None:
    _set(self, "_0", _0)
    _set(self, "_1", _1)


def _init_3(self: object, _0: object, _1: object, _2: object) -> None:
    _set(self, "_0", _0)
    _set(self, "_1", _1)
    _set(self, "_2", _2)


def _init_4(self: object, _0: object, _1: object, _2: object, _3: object) -> None:
    _set(self, "_0", _0)
    _set(self, "_1", _1)
    _set(self, "_2", _2)
    _set(self, "_3", _3)


def _init_5(self: object, _0: object, _1: object, _2: object, _3: object, _4: object) -> None:
    _set(self, "_0", _0)
    _set(self, "_1", _1)
    _set(self, "_2", _2)
    _set(self, "_3", _3)
    _set(self, "_4", _4)


def _init_6(self: object, _0: object, _1: object, _2: object, _3: object, _4: object, _5: object) -> None:
    _set(self, "_0", _0)
    _set(self, "_1", _1)
    _set(self, "_2", _2)
    _set(self, "_3", _3)
    _set(self, "_4", _4)
    _set(self, "_5", _5)


def _init_7(self: object, _0: object, _1: object, _2: object, _3: object, _4: object, _5: object, _6: object) -> None:
    _set(self, "_0", _0)
    _set(self, "_1", _1)
    _set(self, "_2", _2)
    _set(self, "_3", _3)
    _set(self, "_4", _4)
    _set(self, "_5", _5)
    _set(self, "_6", _6)


#: The fixed-size templates, by the number of fields they set (placeholders "_0", "_1", ...).
_SETTING: tuple[Callable[..., None], ...] = (_init_0, _init_1, _init_2, _init_3, _init_4, _init_5, _init_6, _init_7)


def _init_template(self: Any) -> None:
    self.__dict__.update(locals())
    del self.__dict__["self"]


def _init_finishing_template(self: Any) -> None:
    _finish(self, locals())  # type: ignore[name-defined]  # noqa: F821  (in each copy's own globals)


def _finisher(
    factories: tuple[tuple[str, Callable[[], Any], bool], ...],
    names: tuple[str, ...],
    taken_names: tuple[str, ...],
    post_init: bool,
) -> Callable[[Any, dict[str, Any]], None]:
    """``_finish`` for a class whose ``__init__`` does more than store its arguments.

    ``factories`` are ``(field name, default factory, whether __init__ takes the field)``
    in field order; ``names`` are all the fields, in order; ``taken_names`` those ``__init__`` takes.
    """

    def finish(instance: Any, values: dict[str, Any]) -> None:
        for name, factory, taken in factories:
            if not taken or values[name] is _FACTORY:
                values[name] = factory()
        instance.__dict__.update([(name, values[name]) for name in names if name in values])
        if post_init:
            instance.__post_init__()

    def finish_taken(instance: Any, values: dict[str, Any]) -> None:
        # Every field is a parameter: ``values`` (``locals()``) is ``self`` then the fields, in field order.
        for name, factory, _ in factories:
            if values[name] is _FACTORY:
                values[name] = factory()
        del values["self"]
        instance.__dict__.update(values)
        if post_init:
            instance.__post_init__()

    return finish_taken if all(taken for _, _, taken in factories) and taken_names == names else finish


def _init_for(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """``cls.__init__``: the fields it takes are its parameters, with their defaults."""
    parameters = [f for f in fields if f.init]
    defaults: list[object] = []
    for f in parameters:
        if f.default is not dataclasses.MISSING:
            defaults.append(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            defaults.append(_FACTORY)
        elif defaults:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
    # A field __init__ does not take is set there only when it has a factory (else the class attribute serves).
    factories = tuple(
        (f.name, f.default_factory, f.init) for f in fields if f.default_factory is not dataclasses.MISSING
    )
    post_init = hasattr(cls, "__post_init__")
    qualname = f"{cls.__qualname__}.__init__"
    namespace: dict[str, Any] = globals()
    template: Callable[..., None]
    if factories or post_init:
        template = _init_finishing_template
        namespace = {
            "__builtins__": __builtins__,
            "_finish": _finisher(
                factories, tuple(f.name for f in fields), tuple(f.name for f in parameters), post_init
            ),
        }
    elif len(parameters) < len(_SETTING):
        template = _SETTING[len(parameters)]
    else:
        template = _init_template
    varnames = ("self", *(f.name for f in parameters))
    renamed: dict[str, Any] = {
        "co_name": "__init__",
        "co_argcount": len(varnames),
        "co_nlocals": len(varnames),
        "co_varnames": varnames,
    }
    if template in _SETTING:
        placeholders = {f"_{index}": f.name for index, f in enumerate(parameters)}
        renamed["co_consts"] = tuple(
            placeholders.get(constant, constant) if isinstance(constant, str) else constant
            for constant in template.__code__.co_consts
        )
    if sys.version_info >= (3, 11):
        renamed["co_qualname"] = qualname
    init = FunctionType(template.__code__.replace(**renamed), namespace, "__init__", tuple(defaults) or None)
    init.__qualname__ = qualname
    init.__module__ = cls.__module__
    init.__annotations__ = {**{f.name: f.type for f in parameters}, "return": None}
    return init


# -- the other methods ------------------------------------------------------------------------------


def _tuple_of(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The named fields' values as a tuple (``attrgetter`` alone gives a bare value for one name)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        get = attrgetter(names[0])
        return lambda instance: (get(instance),)
    return lambda instance: ()


def _repr_for(names: tuple[str, ...]) -> Callable[[Any], str]:
    running: set[tuple[int, int]] = set()
    get_ident = _thread.get_ident

    def __repr__(self: Any) -> str:
        key = id(self), get_ident()
        if key in running:  # a record inside itself: "...", as dataclasses' guard says it
            return "..."
        running.add(key)
        try:
            shown = ", ".join([f"{name}={getattr(self, name)!r}" for name in names])
        finally:
            running.discard(key)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


def _comparisons(key: Callable[[Any], tuple[Any, ...]]) -> dict[str, Callable[[Any, Any], Any]]:
    """``__eq__`` and the ordering methods: the compared fields as tuples, between instances of one class."""

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    def __lt__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) < key(other)
        return NotImplemented

    def __le__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) <= key(other)
        return NotImplemented

    def __gt__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) > key(other)
        return NotImplemented

    def __ge__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) >= key(other)
        return NotImplemented

    return {"__eq__": __eq__, "__lt__": __lt__, "__le__": __le__, "__gt__": __gt__, "__ge__": __ge__}


def _hash_for(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _frozen_for(cls: type[Any], names: frozenset[str]) -> dict[str, Callable[..., None]]:
    """``__setattr__`` and ``__delattr__`` refusing to change a field (any attribute of ``cls`` itself)."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return {"__setattr__": __setattr__, "__delattr__": __delattr__}


# -- the decorator ----------------------------------------------------------------------------------


@overload
def frozen_record(cls: _Class, /) -> _Class: ...
@overload
def frozen_record(*, order: bool = False) -> Callable[[_Class], _Class]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen_record(cls: _Class | None = None, /, *, order: bool = False) -> _Class | Callable[[_Class], _Class]:
    """``@dataclass(frozen=True)`` (``@frozen_record(order=True)``: with ``order=True``), compiling nothing.

    Takes what the domain's records use: fields with a default or a
    ``default_factory``, ``field(init=False, repr=False, compare=False,
    hash=...)``, and ``__post_init__``. A class with an ``InitVar``, a
    ``kw_only`` field or a dataclass base is refused with a ``TypeError``:
    make it with ``@dataclass(frozen=True)``.
    """
    if cls is None:
        return lambda cls: _make_record(cls, order, frozen=True)
    return _make_record(cls, order, frozen=True)


@overload
def mutable_record(cls: _Class, /) -> _Class: ...
@overload
def mutable_record(*, order: bool = False) -> Callable[[_Class], _Class]: ...


@dataclass_transform(field_specifiers=(dataclasses.field,))
def mutable_record(cls: _Class | None = None, /, *, order: bool = False) -> _Class | Callable[[_Class], _Class]:
    """``@dataclass`` (``@mutable_record(order=True)``: with ``order=True``), compiling nothing.

    As :func:`frozen_record` takes, for a class whose instances change; such a
    class may not define ``__setattr__`` (``__init__`` sets the fields directly).
    """
    if cls is None:
        return lambda cls: _make_record(cls, order, frozen=False)
    return _make_record(cls, order, frozen=False)


def _make_record(cls: _Class, order: bool, frozen: bool) -> _Class:
    made_by = "frozen_record" if frozen else "mutable_record"
    instead = "@dataclass(frozen=True)" if frozen else "@dataclass"
    if any(dataclasses.is_dataclass(base) for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__name__}: {made_by} takes no dataclass base; use {instead}")
    if not frozen and any("__setattr__" in vars(klass) for klass in cls.__mro__[:-1]):
        raise TypeError(f"{cls.__name__}: mutable_record takes no class of its own __setattr__; use {instead}")
    documented = bool(cls.__doc__)
    if not documented:
        cls.__doc__ = "-"  # dataclasses would write one from a signature this __init__ does not have yet
    dataclasses.dataclass(cls, init=False, repr=False, eq=False, match_args=True)
    fields = dataclasses.fields(cls)
    everything = cls.__dataclass_fields__.values()  # type: ignore[attr-defined]
    if any(f._field_type is getattr(dataclasses, "_FIELD_INITVAR", None) for f in everything):
        raise TypeError(f"{cls.__name__}: {made_by} takes no InitVar; use {instead}")
    if any(getattr(f, "kw_only", False) is True for f in fields):
        raise TypeError(f"{cls.__name__}: {made_by} takes no kw_only field; use {instead}")
    if any(f.name == "self" for f in fields):
        raise TypeError(f"{cls.__name__}: {made_by} takes no field named 'self'")

    # As dataclasses does: __init__, __repr__ and __eq__ the class defines itself stay; the others may not be.
    methods: dict[str, Callable[..., Any]] = {
        "__init__": _init_for(cls, fields),
        "__repr__": _repr_for(tuple(f.name for f in fields if f.repr)),
    }
    comparisons = _comparisons(_tuple_of(tuple(f.name for f in fields if f.compare)))
    methods["__eq__"] = comparisons["__eq__"]
    methods = {name: method for name, method in methods.items() if name not in cls.__dict__}
    for name in ("__lt__", "__le__", "__gt__", "__ge__") if order else ():
        if name in cls.__dict__:
            raise TypeError(
                f"Cannot overwrite attribute {name} in class {cls.__name__}. Consider using functools.total_ordering"
            )
        methods[name] = comparisons[name]
    for name, method in _frozen_for(cls, frozenset(f.name for f in fields)).items() if frozen else ():
        if name in cls.__dict__:
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
        methods[name] = method
    # A __hash__ of the class's own stays (not the None that Python sets when the class defines __eq__);
    # else a frozen record hashes its fields, and a mutable one is unhashable, as dataclasses decides.
    own_hash = cls.__dict__.get("__hash__", dataclasses.MISSING)
    if own_hash is dataclasses.MISSING or (own_hash is None and "__eq__" in cls.__dict__):
        if frozen:
            methods["__hash__"] = _hash_for(
                _tuple_of(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
            )
        else:
            cls.__hash__ = None  # type: ignore[assignment]
    for name, method in methods.items():
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)

    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.init = params.repr = params.eq = True
    params.frozen = frozen
    params.order = order
    if not documented:
        cls.__doc__ = cls.__name__ + _signature_text(cls)
    return cls


def _signature_text(cls: type) -> str:
    """``(a: int, b: str = '')``, as dataclasses writes the docstring of a class without one."""
    import inspect  # dataclasses has imported it already

    try:
        return str(inspect.signature(cls)).replace(" -> None", "")
    except (TypeError, ValueError):
        return ""
