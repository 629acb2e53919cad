"""``@frozen_record`` behaves as ``@dataclass(frozen=True)`` does, and the domain's records use it (issue 18).

Each shape of class below is made twice from the same body, once with each
decorator (same name, same qualified name), and every observable behaviour is
compared: construction and its ``TypeError`` messages, equality, hashing,
ordering, ``repr``, refusing changes, ``dataclasses.replace``/``asdict``/
``fields``, pattern matching, pickling and copying.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unclench
from unclench import frozen
from unclench.frozen import frozen_record, mutable_record

Decorator = Callable[[type[Any]], type[Any]]
DATACLASS: Decorator = dataclass(frozen=True)
ORDERED_DATACLASS: Decorator = dataclass(frozen=True, order=True)
ORDERED_RECORD: Decorator = frozen_record(order=True)
MUTABLE_DATACLASS: Decorator = dataclass
MUTABLE_RECORD: Decorator = mutable_record
ORDERED_MUTABLE_DATACLASS: Decorator = dataclass(order=True)
ORDERED_MUTABLE_RECORD: Decorator = mutable_record(order=True)


def _make_counter() -> Callable[[], list[int]]:
    made: list[int] = []

    def counted() -> list[int]:
        made.append(len(made))
        return list(made)

    return counted


def plain(decorate: Decorator) -> type[Any]:
    @decorate
    class Plain:
        """Fields without defaults."""

        name: str
        count: int
        tags: tuple[str, ...]

    return Plain


def defaults(decorate: Decorator) -> type[Any]:
    @decorate
    class Defaults:
        """Some fields with defaults, one with a default factory (called for every instance)."""

        name: str
        count: int = 0
        note: str | None = None
        items: list[int] = field(default_factory=_make_counter())

    return Defaults


def options(decorate: Decorator) -> type[Any]:
    @decorate
    class Options:
        """Fields left out of repr, comparison, hashing or __init__."""

        name: str
        secret: str = field(default="", repr=False)
        cache: dict[str, int] = field(default_factory=dict, compare=False)
        weight: float = field(default=1.0, hash=False)
        unhashed_but_compared: int = field(default=0, hash=False, compare=True)
        hashed_only: int = field(default=0, compare=False, hash=True)
        made: list[int] = field(default_factory=_make_counter(), init=False, compare=False)
        kind: str = field(default="options", init=False)

    return Options


def post_init(decorate: Decorator) -> type[Any]:
    @decorate
    class PostInit:
        """Has __post_init__, which may set a field through object.__setattr__."""

        low: int
        high: int = 10
        spread: int = field(default=0, init=False)

        def __post_init__(self) -> None:
            if self.low > self.high:
                raise ValueError(f"low {self.low} above high {self.high}")
            object.__setattr__(self, "spread", self.high - self.low)

    return PostInit


def one_field(decorate: Decorator) -> type[Any]:
    @decorate
    class One:
        """One field: its tuple of one, not the bare value, is compared and hashed."""

        value: Any

    return One


def no_fields(decorate: Decorator) -> type[Any]:
    @decorate
    class Empty:
        """No fields at all."""

    return Empty


def undocumented(decorate: Decorator) -> type[Any]:
    @decorate
    class Undocumented:
        first: int
        second: str = "x"

    return Undocumented


def with_methods(decorate: Decorator) -> type[Any]:
    @decorate
    class WithMethods:
        """A class of its own __repr__ and __eq__ (kept) and a property and a class attribute."""

        first: int
        shared = "not a field"

        def __repr__(self) -> str:
            return f"<{self.first}>"

        def __eq__(self, other: object) -> bool:
            return isinstance(other, WithMethods) and other.first % 10 == self.first % 10

        @property
        def double(self) -> int:
            return self.first * 2

    return WithMethods


SHAPES = [plain, defaults, options, post_init, one_field, no_fields, undocumented, with_methods]


def both(
    shape: Callable[[Decorator], type[Any]], ordered: bool = False, frozen: bool = True
) -> tuple[type[Any], type[Any]]:
    """The class made by dataclasses, and the same class made by frozen_record (mutable_record)."""
    if not frozen:
        if ordered:
            return shape(ORDERED_MUTABLE_DATACLASS), shape(ORDERED_MUTABLE_RECORD)
        return shape(MUTABLE_DATACLASS), shape(MUTABLE_RECORD)
    if ordered:
        return shape(ORDERED_DATACLASS), shape(ORDERED_RECORD)
    return shape(DATACLASS), shape(frozen_record)


def outcome(action: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, Any]:
    """What ``action(*args, **kwargs)`` returns, or the type and message of what it raises."""
    try:
        return "returned", action(*args, **kwargs)
    except Exception as error:  # compared, not hidden: both classes must fail alike
        return type(error).__name__, str(error)


# Calls whose outcome must agree, by shape: good calls and every kind of wrong one.
CALLS: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {
    "plain": [
        (("a", 1, ()), {}),
        (("a",), {"count": 2, "tags": ("x",)}),
        ((), {"tags": (), "count": 3, "name": "n"}),
        ((), {}),
        (("a",), {}),
        (("a", 1), {}),
        (("a", 1, (), 4), {}),
        (("a", 1, ()), {"name": "b"}),
        (("a", 1, ()), {"other": 1}),
        (("a",), {"count": 1, "name": "again", "tags": ()}),
        ((), {"self": 1, "name": "a", "count": 1, "tags": ()}),
    ],
    "defaults": [
        (("a",), {}),
        (("a", 2), {}),
        (("a", 2, "n", [9]), {}),
        (("a",), {"items": [1]}),
        (("a",), {"note": "x", "count": 1}),
        (("a", 2, "n", [9], 5), {}),
        ((), {"count": 1}),
        (("a",), {"count": 1, "bogus": 2}),
    ],
    "options": [
        (("a",), {}),
        (("a", "s", {"k": 1}, 2.0, 3, 4), {}),
        (("a",), {"made": [1]}),
        (("a",), {"kind": "other"}),
    ],
    "post_init": [((1,), {}), ((1, 5), {}), ((7, 5), {}), ((), {"high": 3, "low": 1}), ((1,), {"spread": 3})],
    "one_field": [((1,), {}), ((), {"value": None}), ((), {}), ((1, 2), {})],
    "no_fields": [((), {}), ((1,), {}), ((), {"x": 1})],
    "undocumented": [((1,), {}), ((1, "y"), {}), ((), {})],
    "with_methods": [((1,), {}), ((), {"first": 2}), ((), {})],
}


def _described(f: dataclasses.Field[Any]) -> tuple[Any, ...]:
    has_factory = f.default_factory is not dataclasses.MISSING
    return f.name, f.type, f.default, has_factory, f.init, f.repr, f.hash, f.compare, f.kw_only, f.metadata


@pytest.mark.parametrize("frozen", [True, False], ids=["frozen", "mutable"])
@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.__name__)
def test_the_same_calls_make_the_same_instances_or_the_same_errors(
    shape: Callable[[Decorator], type[Any]], frozen: bool
) -> None:
    made_by_dataclasses, made_here = both(shape, frozen=frozen)
    for args, kwargs in CALLS[shape.__name__]:
        expected = outcome(made_by_dataclasses, *args, **kwargs)
        got = outcome(made_here, *args, **kwargs)
        assert got[0] == expected[0], (args, kwargs)
        if expected[0] == "returned":
            # Fields in __dict__ in the same order, with the same values; repr the same.
            assert list(vars(got[1]).items()) == list(vars(expected[1]).items()), (args, kwargs)
            assert repr(got[1]) == repr(expected[1])
        else:
            assert got == expected, (args, kwargs)


@pytest.mark.parametrize("frozen", [True, False], ids=["frozen", "mutable"])
@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.__name__)
def test_signature_docstring_match_args_and_fields_are_the_same(
    shape: Callable[[Decorator], type[Any]], frozen: bool
) -> None:
    made_by_dataclasses, made_here = both(shape, frozen=frozen)
    assert inspect.signature(made_here) == inspect.signature(made_by_dataclasses)
    assert str(inspect.signature(made_here)) == str(inspect.signature(made_by_dataclasses))
    assert made_here.__doc__ == made_by_dataclasses.__doc__
    assert made_here.__match_args__ == made_by_dataclasses.__match_args__
    assert [_described(f) for f in dataclasses.fields(made_here)] == [
        _described(f) for f in dataclasses.fields(made_by_dataclasses)
    ]
    assert repr(made_here.__dataclass_params__) == repr(made_by_dataclasses.__dataclass_params__)
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        ours, theirs = getattr(made_here, name), getattr(made_by_dataclasses, name)
        assert getattr(ours, "__qualname__", ours) == getattr(theirs, "__qualname__", theirs), name
    assert dataclasses.is_dataclass(made_here)


def test_the_ordered_class_has_the_same_params_and_methods() -> None:
    made_by_dataclasses, made_here = both(plain, ordered=True)
    assert repr(made_here.__dataclass_params__) == repr(made_by_dataclasses.__dataclass_params__)
    for name in ("__lt__", "__le__", "__gt__", "__ge__"):
        assert getattr(made_here, name).__qualname__ == getattr(made_by_dataclasses, name).__qualname__
    assert "__lt__" not in vars(plain(frozen_record))


value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
    st.tuples(st.integers(-2, 2)),
    st.lists(st.integers(-2, 2), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(first=st.tuples(value, value, value), second=st.tuples(value, value, value), same=st.booleans())
def test_equality_hash_order_and_repr_agree_for_any_values(
    first: tuple[Any, Any, Any], second: tuple[Any, Any, Any], same: bool
) -> None:
    """Lists make unhashable instances, None and numbers unorderable ones: those errors agree too."""
    made_by_dataclasses, made_here = both(plain, ordered=True)
    if same:
        second = first
    ours = made_here(*first), made_here(*second)
    theirs = made_by_dataclasses(*first), made_by_dataclasses(*second)
    for compare in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
        ours_said = outcome(getattr(ours[0], compare), ours[1])
        theirs_said = outcome(getattr(theirs[0], compare), theirs[1])
        assert ours_said == theirs_said, compare
    assert outcome(lambda: ours[0] < ours[1]) == outcome(lambda: theirs[0] < theirs[1])
    assert outcome(lambda: hash(ours[0])) == outcome(lambda: hash(theirs[0]))
    assert repr(ours[0]) == repr(theirs[0])
    assert outcome(lambda: sorted(ours))[0] == outcome(lambda: sorted(theirs))[0]


@settings(max_examples=100, deadline=None)
@given(left=value, right=value)
def test_one_field_compares_and_hashes_as_a_tuple_of_one(left: Any, right: Any) -> None:
    """A NaN equals itself inside a tuple (identity first), not bare: the tuple must be kept."""
    made_by_dataclasses, made_here = both(one_field, ordered=True)
    for a, b in ((left, right), (left, left)):
        for compare in ("__eq__", "__lt__", "__ge__"):
            ours_said = outcome(getattr(made_here(a), compare), made_here(b))
            theirs_said = outcome(getattr(made_by_dataclasses(a), compare), made_by_dataclasses(b))
            assert ours_said == theirs_said
        assert outcome(hash, made_here(a)) == outcome(hash, made_by_dataclasses(a))


def test_fields_left_out_of_comparison_or_hashing_are_left_out() -> None:
    made_by_dataclasses, made_here = both(options)
    for made in (made_by_dataclasses, made_here):
        first = made("a", "s1", {"x": 1}, 1.0, 1, 7)
        differs_in_cache = made("a", "s1", {"y": 2}, 1.0, 1, 7)
        differs_in_weight = made("a", "s1", {}, 2.0, 1, 7)
        differs_in_hashed_only = made("a", "s1", {}, 1.0, 1, 8)
        assert first == differs_in_cache
        assert first != differs_in_weight
        assert hash(first) == hash(differs_in_weight)
        assert first == differs_in_hashed_only
        assert hash(first) != hash(differs_in_hashed_only)
        assert "secret" not in repr(first)
    assert hash(made_here("a", "s", {}, 1.0, 1, 7)) == hash(made_by_dataclasses("a", "s", {}, 1.0, 1, 7))


def test_default_factories_run_for_every_instance_in_the_same_order() -> None:
    made_by_dataclasses, made_here = both(defaults)
    ours = [made_here("a").items for _ in range(3)]
    theirs = [made_by_dataclasses("a").items for _ in range(3)]
    assert ours == theirs == [[0], [0, 1], [0, 1, 2]]
    assert made_here("a", items=[5]).items == [5]
    made_by_dataclasses, made_here = both(options)
    assert [made_here("a").made for _ in range(2)] == [made_by_dataclasses("a").made for _ in range(2)]
    assert "kind" not in vars(made_here("a"))  # a plain default of a field __init__ does not take: the class's
    assert made_here("a").kind == "options"


def test_a_comparison_with_another_class_is_not_implemented() -> None:
    made_by_dataclasses, made_here = both(plain, ordered=True)
    ours, theirs = made_here("a", 1, ()), made_by_dataclasses("a", 1, ())
    assert ours != theirs
    assert ours.__eq__(theirs) is NotImplemented
    assert ours.__eq__(("a", 1, ())) is NotImplemented
    assert ours.__lt__(theirs) is NotImplemented
    with pytest.raises(TypeError) as raised:
        ours < theirs  # noqa: B015  (the comparison is what raises)
    assert "'<' not supported between instances of 'Plain' and 'Plain'" in str(raised.value)


@pytest.mark.parametrize("shape", [plain, defaults, options, post_init], ids=lambda shape: shape.__name__)
def test_fields_cannot_be_set_or_deleted(shape: Callable[[Decorator], type[Any]]) -> None:
    made_by_dataclasses, made_here = both(shape)
    arguments = {"post_init": (1,)}.get(shape.__name__, ("a", 1, ()) if shape is plain else ("a",))
    ours, theirs = made_here(*arguments), made_by_dataclasses(*arguments)
    for name in [f.name for f in dataclasses.fields(theirs)] + ["not_a_field"]:
        for ours_said, theirs_said in (
            (outcome(setattr, ours, name, 1), outcome(setattr, theirs, name, 1)),
            (outcome(delattr, ours, name), outcome(delattr, theirs, name)),
        ):
            assert ours_said == theirs_said
            assert ours_said[0] == "FrozenInstanceError"
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'name'"):
        ours.name = "b"
    assert vars(ours) == vars(theirs)


def test_a_plain_subclass_may_set_its_own_attributes_but_not_the_fields() -> None:
    for made in both(plain):

        class Sub(made):  # type: ignore[valid-type, misc]
            pass

        instance = Sub("a", 1, ())
        instance.extra = 5
        assert instance.extra == 5
        del instance.extra
        with pytest.raises(dataclasses.FrozenInstanceError):
            instance.name = "b"
        assert Sub("a", 1, ()) == Sub("a", 1, ())
        assert Sub("a", 1, ()) != made("a", 1, ())


def test_replace_asdict_astuple_and_match_work() -> None:
    made_by_dataclasses, made_here = both(defaults)
    for made in (made_by_dataclasses, made_here):
        instance = made("a", 2, "n", [1])
        changed = dataclasses.replace(instance, count=5)
        assert changed == made("a", 5, "n", [1])
        assert instance.count == 2
        assert dataclasses.asdict(instance) == {"name": "a", "count": 2, "note": "n", "items": [1]}
        assert dataclasses.astuple(instance) == ("a", 2, "n", [1])
        match instance:
            case made(name, count, note=note):
                assert (name, count, note) == ("a", 2, "n")
            case _:
                pytest.fail("no match")
    made_by_dataclasses, made_here = both(post_init)
    assert outcome(lambda: dataclasses.replace(made_here(1), low=20)) == outcome(
        lambda: dataclasses.replace(made_by_dataclasses(1), low=20)
    )
    assert outcome(lambda: dataclasses.replace(made_here(1), spread=20))[0] == "ValueError"


def test_a_record_inside_itself_repr_as_dots() -> None:
    made_by_dataclasses, made_here = both(one_field)
    for made in (made_by_dataclasses, made_here):
        box: list[Any] = []
        instance = made(box)
        box.append(instance)
        assert repr(instance) == "one_field.<locals>.One(value=[...])"


def test_a_class_of_its_own_methods_keeps_them() -> None:
    made_by_dataclasses, made_here = both(with_methods)
    for made in (made_by_dataclasses, made_here):
        assert repr(made(3)) == "<3>"
        assert made(3) == made(13)
        assert made(3).double == 6
        assert made.shared == "not a field"
        assert hash(made(3)) == hash((3,))


def _wide(decorate: Decorator, width: int, defaults_from: int) -> type[Any]:
    namespace: dict[str, Any] = {
        "__annotations__": {f"f{index}": "int" for index in range(width)},
        "__module__": __name__,
        "__qualname__": "Wide",
        "__doc__": "Fields f0, f1, ...; those from defaults_from on default to their index.",
    }
    namespace.update({f"f{index}": index for index in range(defaults_from, width)})
    return decorate(type("Wide", (), namespace))


@pytest.mark.parametrize("frozen", [True, False], ids=["frozen", "mutable"])
@pytest.mark.parametrize("width", range(13))
def test_any_number_of_fields_is_taken_alike(width: int, frozen: bool) -> None:
    """Up to 7 fields, __init__ sets each (a template per number); from 8, one dict.update: both agree."""
    for defaults_from in {0, width // 2, width}:
        made_by_dataclasses, made_here = (
            _wide(DATACLASS if frozen else MUTABLE_DATACLASS, width, defaults_from),
            _wide(frozen_record if frozen else mutable_record, width, defaults_from),
        )
        assert str(inspect.signature(made_here)) == str(inspect.signature(made_by_dataclasses))
        values = [f"v{index}" for index in range(width)]
        calls: list[tuple[list[Any], dict[str, Any]]] = [
            (values, {}),
            (values[:defaults_from], {}),
            ([], {f"f{index}": value for index, value in reversed(list(enumerate(values)))}),
            (values[:1], {"f0": "twice"}),
            ([*values, "extra"], {}),
            (values[: max(defaults_from - 1, 0)], {}),
            (values, {"unknown": 1}),
        ]
        for args, kwargs in calls:
            expected, got = outcome(made_by_dataclasses, *args, **kwargs), outcome(made_here, *args, **kwargs)
            assert got[0] == expected[0], (args, kwargs)
            if expected[0] == "returned":
                assert list(vars(got[1]).items()) == list(vars(expected[1]).items())
                assert got[1] == made_here(*args, **kwargs)
                assert outcome(hash, got[1]) == outcome(hash, expected[1])
                assert repr(got[1]) == repr(expected[1])
            else:
                assert got == expected, (args, kwargs)


def test_fields_named_like_the_templates_placeholders_are_set_right() -> None:
    """The fixed-size templates set "_0", "_1", ... renamed to the fields: a field named "_1" first is fine."""

    @frozen_record
    class Swapped:
        """Fields with the placeholders' names, crossed."""

        _1: str
        _0: str
        _set: str

    assert vars(Swapped("a", "b", "c")) == {"_1": "a", "_0": "b", "_set": "c"}


@settings(max_examples=100, deadline=None)
@given(first=st.tuples(value, value, value), second=st.tuples(value, value, value))
def test_a_mutable_record_compares_and_orders_as_a_dataclass(
    first: tuple[Any, Any, Any], second: tuple[Any, Any, Any]
) -> None:
    made_by_dataclasses, made_here = both(plain, ordered=True, frozen=False)
    ours, theirs = (made_here(*first), made_here(*second)), (made_by_dataclasses(*first), made_by_dataclasses(*second))
    for compare in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
        assert outcome(getattr(ours[0], compare), ours[1]) == outcome(getattr(theirs[0], compare), theirs[1])
    assert repr(ours[0]) == repr(theirs[0])


def test_a_mutable_record_changes_and_is_unhashable_as_a_dataclass() -> None:
    made_by_dataclasses, made_here = both(defaults, frozen=False)
    assert made_here.__hash__ is None
    for made in (made_by_dataclasses, made_here):
        instance = made("a")
        instance.count = 5
        instance.extra = "not a field"
        del instance.note
        assert vars(instance) == {"name": "a", "count": 5, "items": vars(instance)["items"], "extra": "not a field"}
        assert instance.note is None  # the class attribute again
    assert outcome(hash, made_here("a")) == outcome(hash, made_by_dataclasses("a"))
    assert outcome(hash, made_here("a"))[0] == "TypeError"
    assert not made_here.__dataclass_params__.frozen

    def own_setter() -> type[Any]:
        @mutable_record
        class OwnSetter:
            first: int

            def __setattr__(self, name: str, value: object) -> None:
                object.__setattr__(self, name, value)

        return OwnSetter

    with pytest.raises(TypeError, match="mutable_record takes no class of its own __setattr__"):
        own_setter()


@frozen_record
class Stored:
    """At module level, so that pickle finds it."""

    name: str
    values: tuple[int, ...] = ()
    extra: dict[str, int] = field(default_factory=dict)


@frozen_record(order=True)
class StoredPlace:
    """Ordered, at module level."""

    lesson: str
    index: int


def test_pickle_and_copy_give_equal_instances() -> None:
    instance = Stored("a", (1, 2), {"k": 1})
    for again in (pickle.loads(pickle.dumps(instance)), copy.copy(instance), copy.deepcopy(instance)):
        assert again == instance
        assert vars(again) == vars(instance)
    assert copy.deepcopy(instance).extra is not instance.extra
    assert sorted([StoredPlace("b", 1), StoredPlace("a", 2), StoredPlace("a", 1)]) == [
        StoredPlace("a", 1),
        StoredPlace("a", 2),
        StoredPlace("b", 1),
    ]
    assert pickle.loads(pickle.dumps(StoredPlace("a", 1))) == StoredPlace("a", 1)


def test_what_it_does_not_take_is_refused_plainly() -> None:
    def refused(body: Callable[[], type[Any]], says: str) -> None:
        with pytest.raises(TypeError, match=says):
            body()

    def initvar() -> type[Any]:
        @frozen_record
        class WithInitVar:
            start: dataclasses.InitVar[int]

        return WithInitVar

    def keyword_only() -> type[Any]:
        @frozen_record
        class KeywordOnly:
            first: int = field(kw_only=True)

        return KeywordOnly

    def based() -> type[Any]:
        @frozen_record
        class Derived(Stored):
            more: int = 0

        return Derived

    def setter() -> type[Any]:
        @frozen_record
        class OwnSetter:
            first: int

            def __setattr__(self, name: str, value: object) -> None:
                pass

        return OwnSetter

    def order_method() -> type[Any]:
        @frozen_record(order=True)
        class OwnLess:
            first: int

            def __lt__(self, other: object) -> bool:  # type: ignore[misc]
                return True

        return OwnLess

    def self_field() -> type[Any]:
        @frozen_record
        class SelfField:
            self: int

        return SelfField

    def default_first() -> type[Any]:
        @frozen_record
        class DefaultFirst:
            first: int = 0
            second: int  # type: ignore[misc]

        return DefaultFirst

    refused(initvar, "InitVar")
    refused(keyword_only, "kw_only")
    refused(based, "dataclass base")
    refused(setter, "Cannot overwrite attribute __setattr__ in class OwnSetter")
    refused(order_method, "Cannot overwrite attribute __lt__ in class OwnLess")
    refused(self_field, "named 'self'")
    refused(default_first, "non-default argument 'second' follows default argument")


def test_the_templates_are_compiled_once_and_their_copies_share_the_code() -> None:
    """No class compiles anything: every __init__ runs one of the templates' bytecode, renamed."""
    assert Stored.__init__.__code__.co_code == frozen._init_finishing_template.__code__.co_code
    assert StoredPlace.__init__.__code__.co_code == frozen._init_2.__code__.co_code
    assert StoredPlace.__init__.__code__.co_varnames == ("self", "lesson", "index")
    assert StoredPlace.__init__.__code__.co_filename == frozen.__file__
    wide = _wide(frozen_record, 9, 9)
    assert wide.__init__.__code__.co_code == frozen._init_template.__code__.co_code


# -- every dataclass of the domain is a record ------------------------------------------------------

#: Dataclasses the domain may make with ``dataclasses`` itself, and why (none so far).
MADE_BY_DATACLASSES: dict[str, str] = {}


def _domain_modules() -> list[str]:
    """Every module of the package except the TUI's and ``__main__`` (which starts the app)."""
    return sorted(
        info.name
        for info in pkgutil.walk_packages(unclench.__path__, "unclench.")
        if not info.name.startswith("unclench.tui") and info.name != "unclench.__main__"
    )


def test_every_dataclass_of_the_domain_is_a_record() -> None:
    """A ``@dataclass(frozen=True)`` compiles six methods at import, a ``@dataclass`` three: a start pays for each."""
    seen: dict[str, type[Any]] = {}
    for name in _domain_modules():
        module = importlib.import_module(name)
        for attribute in vars(module).values():
            if isinstance(attribute, type) and attribute.__module__ == name and dataclasses.is_dataclass(attribute):
                seen[f"{name}.{attribute.__qualname__}"] = attribute
    assert len(seen) > 40  # the walk found the records
    made_elsewhere = {
        name
        for name, cls in seen.items()
        if Path(cls.__init__.__code__.co_filename) != Path(frozen.__file__) and name not in MADE_BY_DATACLASSES
    }
    assert made_elsewhere == set(), (
        "make these with @frozen_record or @mutable_record (unclench.frozen), or say in MADE_BY_DATACLASSES why not"
    )
    assert set(MADE_BY_DATACLASSES) <= set(seen), "a class in MADE_BY_DATACLASSES is gone or renamed"
    mutable = {name for name, cls in seen.items() if not cls.__dataclass_params__.frozen}
    assert mutable == {
        "unclench.coursecache.Lookup",
        "unclench.export._LessonRecord",
        "unclench.loader.CheckResult",
        "unclench.records.CheckinRun",
    }, "a record became mutable or frozen: was it meant?"
