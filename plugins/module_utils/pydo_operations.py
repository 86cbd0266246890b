# -*- coding: utf-8 -*-
# Copyright: tide.digitalocean contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""pydo's own client pieces and operations, loaded one operation at a time.

``import pydo`` always loads ``pydo.operations._operations``: every generated operation of the API (about 840,
with their request builders) in one module of 21 MB of bytecode, mostly docstrings. Unmarshalling it costs
about 45 MiB and 0.1 s of CPU, and ``pydo.Client()`` then instantiates all 76 operation groups plus the
inference, agents and gateway surfaces: another 0.08 s. A task uses a handful of operations, so in every task
that was most of the module's memory and a quarter of its time.

``PydoOperations`` runs the same pydo code without that. The package is registered under a private name
(``_tide_pydo``, its ``__path__`` pydo's directory, pydo's ``__init__`` not run), so that pydo's
``_serialization``, ``_vendor`` and ``_configuration`` import as they are. The pipeline is built from pydo's
``GeneratedClientConfiguration`` with the policies ``GeneratedClient`` uses. ``operation("droplets.get")``
compiles, from pydo's ``operations/_operations.py``, the module's preamble (its imports and ``_SERIALIZER``),
the ``DropletsOperations.get`` method and the ``build_*_request`` functions it calls, found by searching the
file a chunk at a time (never read whole). The method is pydo's, byte for byte, bound to an object with the
attributes pydo's constructor sets (``_client``, ``_config``, ``_serialize``, ``_deserialize``). The attribute
name of a group (``droplets`` -> ``DropletsOperations``) is read from pydo's ``_client.py``.

``pydo/operations/_patch.py`` replaces only the inference groups (streaming); those are not served here. If
pydo's layout is not the expected one (a different pydo, only bytecode installed, an operation not found),
``LayoutError`` is raised and the caller uses ``pydo.Client`` instead: slower, same behaviour.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import builtins
import importlib
import importlib.util
import os
import re
import sys
import types

PRIVATE = "_tide_pydo"


class LayoutError(Exception):
    """pydo is not laid out as this loader expects; use ``pydo.Client``."""


def _register_package():
    """Return pydo's directory, registering it as the private package (and its ``operations`` subpackage)."""
    package = sys.modules.get(PRIVATE)
    if package is not None:
        return package.__path__[0]
    spec = importlib.util.find_spec("pydo")  # finds, does not run pydo/__init__.py
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("No module named 'pydo'")
    root = next(iter(spec.submodule_search_locations))
    for name, path in ((PRIVATE, root), (PRIVATE + ".operations", os.path.join(root, "operations"))):
        module = types.ModuleType(name)
        module.__path__ = [path]
        module.__package__ = name
        sys.modules[name] = module
    return root


def _read(path):
    with open(path, "rb") as handle:
        return handle.read()


class _Source:
    """``operations/_operations.py``, searched a chunk at a time (never read or mapped whole: the pages a
    search touches would count in the task's memory), compiling the pieces asked for."""

    CHUNK = 1 << 20

    def __init__(self, path):
        self.path = path
        self.size = os.path.getsize(path)
        first = self._first((b"\ndef ",))
        if first < 0:
            raise LayoutError("no function in %s" % path)
        self.namespace = {
            "__name__": PRIVATE + ".operations._operations",
            "__package__": PRIVATE + ".operations",
            "__file__": path,
            "__builtins__": builtins,
        }
        self._run(self._read(0, first), "preamble")

    def _read(self, start, end):
        with open(self.path, "rb") as handle:
            handle.seek(start)
            return handle.read(end - start)

    def _first(self, needles, start=0):
        """The offset of the first occurrence of any of ``needles`` at or after ``start``, or -1."""
        overlap = max(len(needle) for needle in needles) - 1
        with open(self.path, "rb") as handle:
            while start < self.size:
                handle.seek(start)
                chunk = handle.read(self.CHUNK + overlap)
                found = [i for i in (chunk.find(needle) for needle in needles) if i >= 0]
                if found:
                    return start + min(found)
                start += self.CHUNK
        return -1

    def _run(self, text, what):
        """Run an excerpt of the file in the module's namespace. Its tracebacks name the file and the excerpt
        (their line numbers count from the excerpt's start)."""
        code = compile(text, "%s (excerpt: %s)" % (self.path, what), "exec")
        exec(code, self.namespace)  # pylint: disable=exec-used

    def _until(self, start, stops):
        """``start`` up to the first of ``stops`` after it (or the end of the file)."""
        end = self._first(stops, start + 1)
        return self._read(start, self.size if end < 0 else end)

    def function(self, name):
        """Define the module-level function ``name`` (a ``build_*_request``) in the namespace."""
        if name not in self.namespace:
            start = self._first((b"\ndef " + name.encode() + b"(",))
            if start < 0:
                raise LayoutError("pydo has no function %s" % name)
            self._run(self._until(start, (b"\ndef ", b"\nclass ", b"\n@")), name)
        return self.namespace[name]

    def method(self, class_name, name):
        """pydo's ``class_name.name`` (the implementation, not its ``@overload`` stubs) as a plain function."""
        start = self._first((b"\nclass " + class_name.encode() + b":",))
        if start < 0:
            raise LayoutError("pydo has no class %s" % class_name)
        body = self._until(start, (b"\nclass ",))
        begin = define = body.rfind(b"\n    def " + name.encode() + b"(")
        if begin < 0:
            raise LayoutError("pydo's %s has no method %s" % (class_name, name))
        while True:  # take the decorators (@distributed_trace) with the def
            previous = body.rfind(b"\n", 0, begin)
            if not body[previous + 1:begin].startswith(b"    @"):
                break
            begin = previous
        ends = [i for i in (body.find(stop, define + 1) for stop in (b"\n    def ", b"\n    @")) if i >= 0]
        text = body[begin:min(ends) if ends else len(body)]
        del body
        for builder in sorted(set(re.findall(rb"\b(build_\w+_request)\(", text))):
            self.function(builder.decode())
        before = len(self.namespace)
        self._run(b"class _Slice:\n" + text, "%s.%s" % (class_name, name))
        function = self.namespace.pop("_Slice").__dict__[name]
        if len(self.namespace) != before:
            raise LayoutError("unexpected definitions around %s.%s" % (class_name, name))
        return function


class _Group:
    """Stands for one pydo operation group (``client.droplets``): the attributes its methods use."""

    def __init__(self, client):
        self._client = client._pipeline
        self._config = client._config
        self._serialize = client._serialize
        self._deserialize = client._deserialize


class PydoOperations:
    """pydo's pipeline and operations for one endpoint, loaded on demand; see the module docstring.

    ``PydoOperations(endpoint, authentication_policy, retry_policy, connection_verify=...)`` takes the keyword
    arguments ``pydo.Client`` takes (they go to pydo's configuration and azure-core's pipeline); ``operation(
    "droplets.get")`` returns the bound method, called like ``client.droplets.get``. Raises ImportError
    without pydo, ``LayoutError`` when pydo's files are not as expected (before any request).
    """

    def __init__(self, endpoint, **kwargs):
        root = _register_package()
        try:
            version = importlib.import_module(PRIVATE + "._version").VERSION
            configuration = importlib.import_module(PRIVATE + "._configuration")
            serialization = importlib.import_module(PRIVATE + "._serialization")
            groups = dict(
                (attribute.decode(), class_name.decode())
                for attribute, class_name in re.findall(
                    rb"self\.(\w+) = (\w+Operations)\(", _read(os.path.join(root, "_client.py"))
                )
            )
            if not groups:
                raise LayoutError("no operation groups in pydo's _client.py")
            self._source = _Source(os.path.join(root, "operations", "_operations.py"))
        except (AttributeError, OSError, SyntaxError, ValueError) as exc:
            raise LayoutError("pydo's files are not as expected: %s" % exc) from exc
        # What pydo.Client passes to GeneratedClient; a credential is required but unused (our policy
        # replaces the bearer-token policy that would read it).
        kwargs.setdefault("sdk_moniker", "pydo/%s" % version)
        from azure.core import PipelineClient
        from azure.core.pipeline import policies

        self._config = configuration.GeneratedClientConfiguration(credential=object(), **kwargs)
        config = self._config
        self._pipeline = PipelineClient(
            base_url=endpoint,
            policies=[
                policies.RequestIdPolicy(**kwargs),
                config.headers_policy,
                config.user_agent_policy,
                config.proxy_policy,
                policies.ContentDecodePolicy(**kwargs),
                config.redirect_policy,
                config.retry_policy,
                config.authentication_policy,
                config.custom_hook_policy,
                config.logging_policy,
                policies.DistributedTracingPolicy(**kwargs),
                policies.SensitiveHeaderCleanupPolicy(**kwargs) if config.redirect_policy else None,
                config.http_logging_policy,
            ],
            **kwargs
        )
        self._serialize = serialization.Serializer()
        self._deserialize = serialization.Deserializer()
        self._serialize.client_side_validation = False
        self._groups_by_attribute = groups
        self._groups = {}

    def operation(self, operation):
        """The bound method for ``"group.name"``; ``LayoutError`` if pydo has no such operation."""
        attribute, _dot, name = operation.partition(".")
        class_name = self._groups_by_attribute.get(attribute)
        if class_name is None or not name or name.startswith("_"):
            raise LayoutError("pydo has no operation %s" % operation)
        if "Inference" in class_name:  # pydo's _patch.py replaces these groups: only pydo.Client has them right
            raise LayoutError("%s is served by pydo.Client" % operation)
        group = self._groups.get(attribute)
        if group is None:
            group = self._groups[attribute] = _Group(self)
        bound = group.__dict__.get(name)
        if bound is None:
            try:
                function = self._source.method(class_name, name)
            except (SyntaxError, KeyError) as exc:
                raise LayoutError("pydo's %s.%s cannot be loaded: %s" % (class_name, name, exc)) from exc
            bound = types.MethodType(function, group)
            setattr(group, name, bound)
        return bound
