"""Start-up and exit of the ``reportparse`` command: what a one-shot process can skip.

A ``reportparse parse`` of a short report spends most of its time loading modules and building
the pydantic model classes; none of that makes reference cycles worth collecting, yet the cyclic
garbage collector walks the growing heap again and again while it happens. So the command
(:func:`reportparse.cli.run`) disables the collector while modules load, then
:func:`modules_loaded` moves everything loaded so far into the permanent generation
(``gc.freeze``: never scanned again) and turns the collector back on for the work itself. A
short command (``parse``, ``rules``, ``schema``) ends with :func:`exit_now`: output flushed,
then ``os._exit`` — no interpreter teardown freeing every module and object one by one.

None of this runs when reportparse is used as a library or by the tests (``cli.main``).
"""

from __future__ import annotations

import gc
import os
import sys
from types import ModuleType
from typing import Any, NoReturn

_LOADER = "pydantic.plugin._loader"
_PLUGINS_OFF = ("__all__", "1", "true")  # the values of PYDANTIC_DISABLE_PLUGINS meaning "none"


def loading_modules() -> None:
    """Before the command's modules load: no cyclic collection until :func:`modules_loaded`."""
    gc.disable()


def modules_loaded() -> None:
    """After the modules a command needs are loaded (called again later: harmless): what is
    on the heap now lives as long as the process, so the collector stops scanning it."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def skip_plugin_scan() -> None:
    """While pydantic plugins are off (``PYDANTIC_DISABLE_PLUGINS=__all__``, as the CLI sets
    unless the user set it), pydantic's plugin loader still imports ``importlib.metadata``
    (~15 % of a ``parse`` of the seed: the ``email`` package, ``zipfile``, ``csv``…) only to
    return no plugins. A stand-in loader returns none without that import; should the variable
    change in the process, it hands over to pydantic's own loader, so plugins still load."""
    if _LOADER in sys.modules or os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in _PLUGINS_OFF:
        return
    stand_in = ModuleType(_LOADER, "reportparse.startup: no pydantic plugins (they are off)")

    def get_plugins() -> Any:
        if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in _PLUGINS_OFF:
            return ()
        return _real_loader().get_plugins()

    def other(name: str) -> Any:  # the import system asks for __path__ & co: not a package
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real_loader(), name)

    setattr(stand_in, "get_plugins", get_plugins)  # noqa: B010 - a module built at run time
    setattr(stand_in, "__getattr__", other)  # noqa: B010
    sys.modules[_LOADER] = stand_in


def _real_loader() -> ModuleType:
    from importlib import import_module

    if getattr(sys.modules.get(_LOADER), "__doc__", "").startswith("reportparse.startup"):
        del sys.modules[_LOADER]
    return import_module(_LOADER)


def exit_now(status: int) -> NoReturn:
    """End a short command: flush what it printed (a closed pipe is not an error then), and
    leave without tearing the interpreter down."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more to print
            pass
    os._exit(status)
