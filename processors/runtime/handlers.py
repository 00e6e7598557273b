"""Finding a job's code from its `handler` entry (`package.module:function`)."""

import importlib
from functools import cache

from processors.runtime.exceptions import HandlerNotFound
from processors.runtime.job import Handler


@cache
def load_handler(reference: str) -> Handler:
    module_name, _, function_name = reference.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise HandlerNotFound(
            f"handler {reference!r}: module {module_name!r} cannot be imported: {exc}"
        ) from exc
    handler = getattr(module, function_name, None)
    if not callable(handler):
        raise HandlerNotFound(
            f"handler {reference!r}: {module_name!r} has no function {function_name!r}"
        )
    return handler
