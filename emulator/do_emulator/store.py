"""The state: JSON documents by kind and key, held in memory and written through to SQLite.

Reads come from memory (a listing of 10,000 droplets must stay cheap); every change is also written to SQLite so
that `--state FILE` survives a restart. Each request runs in one transaction: if its handler raises, every
change it made is rolled back, in memory and on disk, so a rejected request changes nothing.

Conventions for handlers: `get()` returns a private copy that may be changed and then `put()`; `all()` returns
the stored documents themselves, which are read-only.
"""

import copy
import fcntl
import json
import sqlite3
import threading
from contextlib import contextmanager


class StateInUse(Exception):
    """Another emulator holds the state file."""


class Store:
    def __init__(self, path=None):
        self._lock_file = _lock(path) if path else None
        self._db = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL" if path else "PRAGMA journal_mode=MEMORY")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS docs (kind TEXT, key TEXT, seq INTEGER, body TEXT, PRIMARY KEY (kind, key))"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER)")
        self.lock = threading.RLock()
        self._journal = None  # list of undo steps while a transaction runs
        self._load()

    def _load(self):
        self._docs = {}
        self._seq = 0
        for kind, key, seq, body in self._db.execute("SELECT kind, key, seq, body FROM docs ORDER BY seq"):
            self._docs.setdefault(kind, {})[key] = json.loads(body)
            self._seq = max(self._seq, seq)
        self._counters = dict(self._db.execute("SELECT name, value FROM counters"))

    @contextmanager
    def transaction(self):
        with self.lock:
            if self._journal is not None:  # nested: the outer transaction decides
                yield
                return
            self._journal = []
            self._db.execute("BEGIN")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                for undo in reversed(self._journal):
                    undo()
                raise
            else:
                self._db.execute("COMMIT")
            finally:
                self._journal = None

    def _record(self, undo):
        if self._journal is not None:
            self._journal.append(undo)

    def get(self, kind, key):
        doc = self._docs.get(kind, {}).get(str(key))
        return copy.deepcopy(doc) if doc is not None else None

    def exists(self, kind, key):
        return str(key) in self._docs.get(kind, {})

    def all(self, kind):
        return list(self._docs.get(kind, {}).values())

    def count(self, kind):
        return len(self._docs.get(kind, {}))

    def put(self, kind, doc, key=None):
        key = str(doc["id"] if key is None else key)
        with self.transaction():
            bucket = self._docs.setdefault(kind, {})
            previous = bucket.get(key)
            if previous is None:
                self._seq += 1
                seq = self._seq
                self._record(lambda: bucket.pop(key, None))
            else:
                seq = None
                self._record(lambda: bucket.__setitem__(key, previous))
            bucket[key] = doc
            if seq is None:
                self._db.execute("UPDATE docs SET body=? WHERE kind=? AND key=?", (json.dumps(doc), kind, key))
            else:
                self._db.execute(
                    "INSERT INTO docs (kind, key, seq, body) VALUES (?, ?, ?, ?)", (kind, key, seq, json.dumps(doc))
                )
        return doc

    def delete(self, kind, key):
        key = str(key)
        with self.transaction():
            bucket = self._docs.get(kind, {})
            if key not in bucket:
                return None
            previous = bucket.pop(key)
            self._record(lambda: bucket.__setitem__(key, previous))
            self._db.execute("DELETE FROM docs WHERE kind=? AND key=?", (kind, key))
            return previous

    def next_id(self, name, start=1):
        """A monotonically increasing integer per name (droplet ids, action ids, ...), never reused."""
        with self.transaction():
            previous = self._counters.get(name)
            value = (start if previous is None else previous + 1)
            self._counters[name] = value
            if previous is None:
                self._record(lambda: self._counters.pop(name, None))
            else:
                self._record(lambda: self._counters.__setitem__(name, previous))
            self._db.execute("INSERT OR REPLACE INTO counters (name, value) VALUES (?, ?)", (name, value))
            return value

    def close(self):
        """Closes the database, then gives up the state file's lock (in that order: closing another descriptor of
        the file would drop SQLite's own locks)."""
        with self.lock:
            self._db.close()
            if self._lock_file is not None:
                self._lock_file.close()
                self._lock_file = None

    def reset(self):
        with self.lock:
            self._db.execute("DELETE FROM docs")
            self._db.execute("DELETE FROM counters")
            self._docs = {}
            self._counters = {}
            self._seq = 0


def _lock(path):
    """An exclusive lock on the state file for as long as this store lives (released when the process ends, however
    it ends): two emulators writing one SQLite file would diverge, so the second is refused."""
    handle = open(path, "ab")  # kept open on purpose: the lock lives as long as the handle
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise StateInUse("the state file %s is in use by another emulator: stop that one first, or give another "
                         "--state" % path) from None
    return handle
