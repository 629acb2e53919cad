"""Validating parsed course files against the authoring models, quickly.

The pydantic models in :mod:`unclench.model` are the one definition of a valid
course file. Building them (importing pydantic, creating the classes, generating
their validators) takes about 0.1 s here: longer than validating every file of
the bundled course. So their validators are *compiled* once: pydantic's own core
schema of each model, with every model turned into a typed dict (plain dicts
out, no classes needed), is kept as JSON in the data folder's ``cache/`` and
rebuilt into a :class:`pydantic_core.SchemaValidator` in well under a
millisecond. The cache is keyed on pydantic-core's version and the text of the
models (with the limits and patterns they take from :mod:`unclench.course`) and
of this module; any change, or any failure to read it, means building from the
models again. The package ships a compiled copy
(``schemas/validators.json``, written by ``python -m unclench.schema``), looked
at first: while the installed pydantic-core is the one it was compiled with
and the models are the ones it was compiled from, no start builds the models
or looks in the data folder for them.

Running them needs only pydantic-core's compiled extension
(``pydantic_core._pydantic_core``), not the ``pydantic_core`` package, whose
``core_schema`` module defines every core-schema ``TypedDict`` (with
``typing_extensions``): about 70% of what ``import pydantic`` costs.
:func:`_engine` loads the extension on its own when pydantic-core is laid out
as usual, and imports the package otherwise (or when it is already imported).

Only *accepting* goes through the compiled validators. Data they reject is
validated again by the models themselves, whose errors the loader words into
problems; ``tests/unit/test_validation.py`` checks that whatever the compiled
validators accept, the models accept with the same result.

Usage::

    data = validation.accepted("lesson", parsed)  # None: rejected, ask the models why
    if data is not None:
        lesson = course.lesson_from_data(data, path)
"""

from __future__ import annotations

import contextlib
import json
import sys
import zlib
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

from unclench.cachefiles import cache_folder, write_cache_file

if TYPE_CHECKING:
    import pydantic_core
    from pydantic import BaseModel

Kind = Literal["course", "lesson"]
KINDS: tuple[Kind, ...] = ("course", "lesson")
#: Bumped whenever the layout of the cache file or the compiling changes.
COMPILED_FORMAT = 1
#: The cache file, in :func:`unclench.cachefiles.cache_folder`.
CACHE_FILE = "validators.json"
#: The compiled copy the package ships (used when its key matches).
PACKAGED = Path(__file__).resolve().parent / "schemas" / CACHE_FILE

_validators: dict[Kind, pydantic_core.SchemaValidator] = {}
#: The name of pydantic-core's compiled extension.
EXTENSION = "pydantic_core._pydantic_core"


def model_for(kind: Kind) -> type[BaseModel]:
    """The pydantic model of a file of ``kind`` (imports pydantic)."""
    from unclench import model as m

    # When the extension was loaded on its own (:func:`_engine`), importing the package did not make
    # it an attribute of the package, as importing it through the package does.
    package, _, name = EXTENSION.rpartition(".")
    imported = sys.modules.get(package)
    if imported is not None and not hasattr(imported, name):
        setattr(imported, name, sys.modules[EXTENSION])
    return m.CourseModel if kind == "course" else m.LessonModel


def _engine() -> ModuleType:
    """pydantic-core's extension (``SchemaValidator``, ``ValidationError``), loaded without the package if it can be."""
    found = sys.modules.get(EXTENSION)
    if found is not None:
        return found
    import importlib.machinery
    import importlib.util

    with contextlib.suppress(ImportError, OSError, ValueError, AttributeError):
        package = importlib.util.find_spec("pydantic_core")  # finds the folder; runs nothing
        folders = package.submodule_search_locations if package is not None else None
        for folder in folders or []:
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                path = Path(folder) / f"_pydantic_core{suffix}"
                if not path.is_file():
                    continue
                spec = importlib.util.spec_from_file_location(EXTENSION, path)
                if spec is None or spec.loader is None:
                    continue
                module = importlib.util.module_from_spec(spec)
                sys.modules[EXTENSION] = module
                try:
                    spec.loader.exec_module(module)
                except BaseException:
                    del sys.modules[EXTENSION]
                    raise
                return module
    import pydantic_core

    return pydantic_core._pydantic_core


def accepted(kind: Kind, data: object, data_dir: Path | None = None) -> dict[str, Any] | None:
    """``data`` validated as a file of ``kind``, defaults filled in; None when it is not valid.

    Args:
        kind: What the file is: the course index or a lesson.
        data: The parsed TOML.
        data_dir: The data folder holding the compiled validators; None means
            :func:`unclench.paths.data_dir`.
    """
    engine = _engine()  # here, not above: a cached course is built from validated data without it

    validator = _validators.get(kind) or _load_validators(data_dir)[kind]
    try:
        result: dict[str, Any] = validator.validate_python(data)
    except (engine.ValidationError, RecursionError):
        return None
    return result


# -- compiling --------------------------------------------------------------------------------


def compile_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The core schema of ``model`` as plain JSON data, every model in it a typed dict.

    What is dropped only serves JSON Schema generation and serialisation
    (``metadata``, ``serialization``); model instances used as defaults are
    dumped to dicts, and references lose the memory address pydantic adds.
    """
    from pydantic import BaseModel

    def plain(schema: Any) -> Any:
        if isinstance(schema, list):
            return [plain(item) for item in schema]
        if not isinstance(schema, dict):
            return schema
        if schema.get("type") == "model":
            return typed_dict(schema)
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key in {"metadata", "serialization"}:
                continue
            if isinstance(value, BaseModel):
                value = value.model_dump()
            elif key in {"ref", "schema_ref"}:
                value = value.split(":")[0]
            out[key] = plain(value)
        return out

    def typed_dict(schema: dict[str, Any]) -> dict[str, Any]:
        fields_schema = schema["schema"]
        if fields_schema.get("type") != "model-fields" or fields_schema.get("computed_fields"):
            raise ValueError(f"cannot compile {schema.get('ref')}: only plain models are supported")
        config = schema.get("config", {})
        fields = {}
        for name, field_schema in fields_schema["fields"].items():
            inner = plain(field_schema["schema"])
            fields[name] = {"type": "typed-dict-field", "schema": inner, "required": inner.get("type") != "default"}
        out = {
            "type": "typed-dict",
            "fields": fields,
            "extra_behavior": config.get("extra_fields_behavior", "ignore"),
            "strict": config.get("strict", False),
            "config": config,  # strictness and the like reach the fields through it, as for the model
        }
        if "ref" in schema:
            out["ref"] = schema["ref"].split(":")[0]
        return out

    compiled: dict[str, Any] = plain(model.__pydantic_core_schema__)
    return compiled


def _cache_key() -> dict[str, Any]:
    """What the compiled validators depend on: pydantic-core's version and the text of the models.

    The text is fingerprinted with CRC-32 and its length (a fingerprint of a cache, not a seal: no
    :mod:`hashlib`, whose import loads OpenSSL, which no command would need otherwise).
    """
    here = Path(__file__).resolve().parent
    # The models read course.py's limits and patterns.
    text = b"\0".join((here / name).read_bytes() for name in ("model.py", "course.py", "validation.py"))
    models = f"crc32:{zlib.crc32(text):08x}:{len(text)}"
    return {"format": COMPILED_FORMAT, "pydantic_core": _engine().__version__, "models": models}


def _read_compiled(path: Path, key: dict[str, Any]) -> dict[Kind, pydantic_core.SchemaValidator] | None:
    """The validators compiled in ``path``, when it holds them for ``key``."""
    engine = _engine()
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError, engine.SchemaError):
        stored = json.loads(path.read_bytes())
        if stored["key"] == key:
            return {kind: engine.SchemaValidator(stored["schemas"][kind]) for kind in KINDS}
    return None


def compiled_document() -> dict[str, Any]:
    """What a compiled-validators file holds: the key and every kind's compiled schema (imports pydantic)."""
    return {"key": _cache_key(), "schemas": {kind: compile_schema(model_for(kind)) for kind in KINDS}}


def write_packaged_validators() -> Path:
    """Compile the validators into the package's shipped copy; returns its path."""
    PACKAGED.write_text(json.dumps(compiled_document(), sort_keys=True) + "\n", encoding="utf-8")
    return PACKAGED


def _load_validators(data_dir: Path | None) -> dict[Kind, pydantic_core.SchemaValidator]:
    """The compiled validators: from the shipped copy or the cache when current, else compiled (and cached).

    The shipped copy comes first: when it is current (an installed Unclench), the data folder is not even
    looked for.
    """
    key = _cache_key()
    found = _read_compiled(PACKAGED, key)
    if found is None:
        path = cache_folder(data_dir) / CACHE_FILE
        found = _read_compiled(path, key)
        if found is None:
            document = compiled_document()
            found = {kind: _engine().SchemaValidator(document["schemas"][kind]) for kind in KINDS}
            with contextlib.suppress(OSError, ValueError, TypeError):
                write_cache_file(path, document)
    _validators.update(found)
    return _validators
