"""A persistent parse cache: big data files are parsed once, then opened from disk in milliseconds.

An analyst runs many commands on the same file.  Parsing 100,000 claims (1.9 million triples)
takes seconds even with Oxigraph's parser, so the parsed graph is kept in Oxigraph's on-disk
store (RocksDB) in a *cache entry* named by the SHA-256 of the file's bytes.  The next command
finds the entry by that key and opens it read-only (about 15 ms) instead of parsing.  The key
comes from hashing the file (80 ms of CPU for 85 MB), or — when a *stamp* proves the file
unchanged since it was hashed, git-index style (see "stamps" below) — from the stamp, without
reading the file.

Invariants:

* The key is the content hash, so any change to the file — an edit, a ``git checkout`` — misses
  the cache and parses afresh.  Nothing about the cache is trusted beyond what the hash names.
  A stamp only saves re-hashing bytes whose size, mtime, ctime, inode and device are those
  seen when they were hashed, and only once that stat is older than the timestamp granularity.
* Entries are built in a temporary folder and renamed into place when complete, so a crash
  never leaves a half-written entry under a real key.  The rename may come after the command
  has answered (see "the first command" below), never before the entry is complete.  An entry that does not open, or whose
  files do not match its manifest (truncated, deleted), is removed and rebuilt: the user sees
  nothing but the time.
* Entries are opened read-only (so any number of processes share one), and the graph a command
  gets is copy-on-write: the first change to it copies the triples into memory, never into the
  cache.
* Where: ``.argmap-cache/`` beside the data file; if that folder cannot be written, the user's
  cache folder (``$XDG_CACHE_HOME/argmap`` or ``~/.cache/argmap``); if neither, no cache.
  ``ARGMAP_CACHE=0`` turns it off, ``ARGMAP_CACHE=/some/folder`` puts it there.
* Only files big enough for Oxigraph (``graph.store.LARGE_FILE_BYTES``, under the default
  engine) are cached; small files parse faster than a cache entry is built.

Results derived from a whole map that cost seconds to compute (the counts of ``argmap stats``,
every claim's status for ``argmap show``) are kept in the entry too, by :func:`derived`, keyed
by the entry (the data) and by :func:`code_version` (argmap's code).  :func:`cached_entry` and
:func:`kept_value` read them back without opening the entry's store or importing rdflib: a
listing asked again is answered that way (``commands.kept``).

``ARGMAP_DEBUG=1`` prints one line per lookup on stderr (``argmap: cache hit …``), and
:data:`STATISTICS` counts hits, misses, rebuilt entries and bypasses in this process.

Complexity: a hit costs one ``stat`` with a trusted stamp, else one read and hash of the file,
O(bytes); a miss costs a parse into the on-disk store (Oxigraph's bulk loader: 16 s for 1.9M
triples here, against 12 s in memory) and, beside it in this thread, a second parse of the
bytes that keeps in the entry the framework's reading of them (``graph.network``), which the
first command would otherwise read back out of the new store at RocksDB's pace.

The first command on a new file does not wait for the loader unless it reads the store: once
the second parse has kept the arguments reading (proof, too, that the data parses), the graph
is returned with its store *pending* (:class:`_PendingEntry`).  ``argmap status`` answers from
the kept reading alone; any read of the store (a query, a card) first waits for the loader and
completes the entry.  The end of the command (:func:`finish_pending`, called by the CLI, and
at exit for library callers) completes it in any case, after flushing the answer, so the next
command is a hit; Ctrl-C there leaves a ``tmp-`` folder, swept later.  The loader runs at a
lower CPU priority than the command (Linux), so on two cores the answer comes first.

>>> key_for(b"@prefix ex: <http://e/> .")[:12]
'1f1036bc3fe2'
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # rdflib is imported when a graph is made: cached_store never needs it
    from rdflib import Graph

__all__ = ["cached_graph", "cached_store", "cached_entry", "cache_root", "key_for", "clear_cache",
           "derived", "kept_value", "code_version", "debug", "finish_pending", "abandon_pending",
           "STATISTICS", "CACHE_FOLDER", "CACHE_VARIABLE"]

#: Folder beside the data file that holds the entries (gitignored).
CACHE_FOLDER = ".argmap-cache"
#: ``0``/``off`` disables the cache; any other value is the folder to keep it in.
CACHE_VARIABLE = "ARGMAP_CACHE"
#: Bumped when the layout of an entry changes; part of every key.
LAYOUT_VERSION = 1
#: Temporary build folders older than this are debris of a killed process.
STALE_SECONDS = 3600
#: Entries of an older version of the same file are removed once they are this old (a process
#: that opened one a moment ago may still be reading it).
SUPERSEDED_SECONDS = 60

#: Counts in this process: ``hit``, ``miss`` (built an entry), ``rebuilt`` (a corrupt entry was
#: replaced), ``bypass`` (no cache: small file, disabled, unwritable, or bad data), ``stamp``
#: (the key came from a stamp, the file was not read), ``derived`` (a result of
#: :func:`derived` read from an entry).
STATISTICS = {"hit": 0, "miss": 0, "rebuilt": 0, "bypass": 0, "stamp": 0, "derived": 0}


def debug(message: str) -> None:
    """*message* as one ``argmap: …`` line on stderr when ``ARGMAP_DEBUG`` is set."""
    if os.environ.get("ARGMAP_DEBUG") not in (None, "", "0"):
        print(f"argmap: {message}", file=sys.stderr)


def key_for(data: bytes) -> str:
    """The cache key of a file's bytes: SHA-256, hex."""
    return hashlib.sha256(data).hexdigest()


def _oxigraph_version() -> str:
    import pyoxigraph

    return getattr(pyoxigraph, "__version__", "0")


def _writable_folder(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def cache_root(data_path: str | os.PathLike) -> Path | None:
    """The folder holding cache entries for *data_path*, or None when there is no usable one."""
    setting = os.environ.get(CACHE_VARIABLE, "").strip()
    if setting.lower() in ("0", "off", "no", "false"):
        return None
    candidates = []
    if setting:
        candidates.append(Path(setting))
    else:
        candidates.append(Path(data_path).resolve().parent / CACHE_FOLDER)
        xdg = os.environ.get("XDG_CACHE_HOME")
        candidates.append((Path(xdg) if xdg else Path.home() / ".cache") / "argmap")
    for folder in candidates:
        if _writable_folder(folder):
            return folder
    return None


def _manifest(store_folder: Path) -> dict[str, int]:
    return {str(p.relative_to(store_folder)): p.stat().st_size
            for p in sorted(store_folder.rglob("*")) if p.is_file() and p.name != "LOCK"
            and not p.name.startswith("LOG")}


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def _open_entry(entry: Path, key: str):
    """The read-only ``pyoxigraph.Store`` of a complete entry and its prefixes; raise if broken."""
    import pyoxigraph as ox

    meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    if meta.get("key") != key or meta.get("layout") != LAYOUT_VERSION \
            or meta.get("oxigraph") != _oxigraph_version():
        raise ValueError("entry of another key or layout")
    store_folder = entry / "store"
    actual = _manifest(store_folder)
    for name, size in meta["files"].items():  # a truncated or missing file: rebuild
        if actual.get(name) != size:
            raise ValueError(f"{name} does not match the manifest")
    return ox.Store.read_only(str(store_folder)), meta.get("prefixes", {})


class _PendingEntry:
    """A cache entry whose store Oxigraph's bulk loader is still filling, in a worker thread.

    Made by :func:`_start_entry`; :meth:`finish` waits for the loader and completes the entry
    (its manifest, the rename into place, the stamp, the sweep).  Until then the entry is a
    ``tmp-`` folder, never under its key: a crash or Ctrl-C leaves only debris that
    :func:`_sweep` removes later.  Results derived meanwhile (the kept arguments reading,
    :func:`derived`) are written into that folder and so move with it into the entry.
    """

    def __init__(self, root: Path, key: str, data: bytes, rdf_format: str, label: str,
                 source: Path, building: Path, store, worker, failure: list):
        import threading

        from .store import declared_prefixes

        self.root, self.key, self.data, self.rdf_format = root, key, data, rdf_format
        self.label, self.source, self.building = label, source, building
        self.store, self.worker, self.failure = store, worker, failure
        self.prefixes = declared_prefixes(data) if rdf_format == "turtle" else {}
        self.kept = False  # the second parse succeeded and kept the arguments reading
        self.announce = False  # say so on the terminal while waiting for the loader
        self.stamp: tuple | None = None  # (path, stat, stat_ns) to stamp once complete
        self.entry: Path | None = None
        self.done = False
        # Only the process that started the loader may finish the entry: in a forked child the
        # loader thread does not exist, and its store would look complete when it is not.
        self.pid = os.getpid()
        self._lock = threading.Lock()  # one finisher, should library threads race

    def wait(self) -> None:
        """Wait for the loader (interruptible); on a terminal, one transient line says why."""
        if not self.worker.is_alive():
            self.worker.join()
            return
        shown = False
        if self.announce:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write(f"argmap: finishing the parse cache of {self.label} …")
                sys.stderr.flush()
                shown = True
        try:
            self.worker.join()
        finally:
            if shown:
                with contextlib.suppress(OSError, ValueError):
                    sys.stderr.write("\r\x1b[K")
                    sys.stderr.flush()

    def finish(self) -> Path | None:
        """The complete entry's folder, once the loader is done; None when the loader found the
        data invalid.  Idempotent.  Another failure of the loader is raised, as a miss raised it
        before entries were finished late.  In a forked child, None: nothing to finish."""
        if os.getpid() != self.pid:
            return None
        with self._lock:
            return self._finish()

    def _finish(self) -> Path | None:
        if self.done:
            return self.entry
        self.wait()
        self.done = True
        _PENDING.pop(self.key, None)
        store, self.store = self.store, None
        if self.failure:
            del store
            _remove(self.building)
            if isinstance(self.failure[0], (SyntaxError, ValueError)):
                return None
            raise self.failure[0]
        del store  # closes RocksDB before its files are listed and the folder renamed
        building = self.building
        meta = {
            "key": self.key, "layout": LAYOUT_VERSION, "oxigraph": _oxigraph_version(),
            "source": str(self.source), "format": self.rdf_format, "bytes": len(self.data),
            "prefixes": self.prefixes, "created": time.time(),
            "files": _manifest(building / "store"),
        }
        try:
            (building / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
            entry = self.root / self.key
            try:
                os.rename(building, entry)
            except OSError:  # another process finished the same entry first: use theirs
                _remove(building)
        except BaseException:
            _remove(building)
            raise
        self.entry = entry
        if self.stamp is not None:
            path, status, stat_ns = self.stamp
            _write_stamp(self.root, path, status, self.key, stat_ns)
        _sweep(self.root, self.key, self.source)
        debug(f"cache entry {self.key[:12]} stored")
        return entry

    def abandon(self) -> None:
        """Leave the loader to the process's end (Ctrl-C): its ``tmp-`` folder is swept later."""
        _PENDING.pop(self.key, None)
        self.done = True


def _yield_to_the_command() -> None:
    """Lower the calling thread's CPU priority (Linux: nice is per thread, and inherited by the
    threads the bulk loader starts from it).

    The command's answer comes from the main thread while the loader fills the store; on a
    machine with two cores the loader's threads would take half of the main thread's time.
    Once the answer is out, the main thread waits and the loader has the cores to itself, so
    the process ends at about the same time.  Best effort.
    """
    if not sys.platform.startswith("linux"):  # elsewhere a thread id is not a nice target
        return
    import threading

    with contextlib.suppress(OSError, AttributeError):
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread,
                       min(19, os.getpriority(os.PRIO_PROCESS, thread) + LOADER_NICENESS))


#: How much nicer than the command the bulk loader runs (see _yield_to_the_command).
LOADER_NICENESS = 10

#: Entries of this process whose loader may still run, by key: finished before the process
#: ends (:func:`finish_pending`, also at exit), so that the next command is a hit.
_PENDING: dict[str, _PendingEntry] = {}


def _start_entry(root: Path, key: str, data: bytes, rdf_format: str, label: str,
                 source: Path) -> _PendingEntry:
    """Start parsing *data* into a new entry; return it once this thread's own parse is done.

    Oxigraph's bulk loader fills the entry's store in a worker thread while this thread parses
    the bytes once more for :func:`_derive_while_loading`: on two cores the two overlap.  The
    loader is given the bytes themselves, not a Python stream: it then never needs the GIL,
    whereas reading a stream it would wait for the GIL at each of its 2 KB reads (40,000 at
    100,000 claims) while this thread runs Python — minutes.  So the progress bar follows this
    thread's parse.  When that parse fails (invalid data, or terms only the store reads
    right), the loader is waited for here, the bar still shown, as the loader's verdict on the
    data is the one that counts.
    """
    import threading
    import uuid

    import pyoxigraph as ox

    from .store import _progress_wanted, oxigraph_input, progress_input

    body, kind = oxigraph_input(data, rdf_format)
    building = root / f"tmp-{key[:16]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    pending = None
    try:
        building.mkdir(parents=True)
        store = ox.Store(str(building / "store"))
        failure: list[BaseException] = []

        def load(store) -> None:  # the store as an argument: the thread holds it no longer
            _yield_to_the_command()
            try:
                # bulk_load writes sorted files straight to disk: 16 s for 1.9M triples, where
                # the transactional load takes over a minute.
                store.bulk_load(input=body, format=kind, to_graph=ox.DefaultGraph())
                store.flush()
                store.optimize()
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                failure.append(exc)

        worker = threading.Thread(target=load, args=(store,), name="argmap-bulk-load",
                                  daemon=True)
        pending = _PendingEntry(root, key, data, rdf_format, label, source, building, store,
                                worker, failure)
        del store  # the pending entry and the loader hold it; finish() closes it
        pending.announce = _progress_wanted(len(body))
        worker.start()
        with progress_input(body, label) as stream:
            pending.kept = _derive_while_loading(building, stream, rdf_format)
            if not pending.kept:
                pending.wait()  # the bar stays while the loader finishes: the command is not done
        return pending
    except BaseException:
        # Interrupted (Ctrl-C) while the loader still writes: it cannot be stopped midway, and
        # the process ends without waiting for it; _sweep removes the tmp- folder later, as
        # that of a killed process.
        if pending is not None:
            pending.store = None
        if pending is None or not pending.worker.is_alive():
            _remove(building)
        raise


def _derive_while_loading(building: Path, data, rdf_format: str) -> bool:
    """Keep in the entry being built what the next command would otherwise read back out of
    its new on-disk store, computed from *data* itself (the bytes, or a stream of them): the arguments reading of
    :func:`graph.network.keep_arguments_of_parse` (13 s of RocksDB reads at 100,000 claims,
    against 5 s for parsing the bytes again, which overlaps the bulk load).

    graph.network (and networkx) is imported here, on a miss only: a hit never pays for it.
    Best effort: whatever goes wrong, the entry is built as before and the reading is done
    from the store when asked for.  Returns whether the reading was kept, which also proves
    that Oxigraph's parser took the whole of *data* (the loader's parser is the same).
    """
    try:
        from .network import keep_arguments_of_parse

        kept = keep_arguments_of_parse(data, rdf_format, building)
    except Exception as exc:  # noqa: BLE001 - an optimisation must never fail the command
        debug(f"no arguments reading kept while loading ({exc!r})")
        return False
    debug(f"arguments reading {'kept' if kept else 'left to the store'} while loading")
    return kept


def _sweep(root: Path, keep: str, source: Path) -> None:
    """Remove debris of killed builds and superseded entries of the same data file."""
    now = time.time()
    with contextlib.suppress(OSError):
        for child in root.iterdir():
            if child.name.startswith("stamp-") and child.name.endswith(".tmp") \
                    and now - child.stat().st_mtime > STALE_SECONDS:
                child.unlink()  # a stamp half-written by a killed process
            if child.name == keep or not child.is_dir():
                continue
            if child.name.startswith("tmp-"):
                if now - child.stat().st_mtime > STALE_SECONDS:
                    _remove(child)
                continue
            try:
                meta = json.loads((child / "meta.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                if now - child.stat().st_mtime > SUPERSEDED_SECONDS:
                    _remove(child)
                continue
            if meta.get("source") == str(source) and now - meta.get("created", 0) > SUPERSEDED_SECONDS:
                _remove(child)


def _copy_on_write_store_class():
    from .store import _oxigraph_store_class

    class CopyOnWriteOxigraphStore(_oxigraph_store_class()):
        """An Oxigraph-backed rdflib store over a read-only cache entry that copies itself on the first write.

        Commands only read, but a library caller may add a triple to the graph it was given;
        that must change its graph, never the shared cache entry.
        """

        def __init__(self, store, entry: Path | None = None,
                     pending: _PendingEntry | None = None):
            super().__init__(store=store)
            self.copied = False
            # The entry folder it reads: derived() and graph.network keep results there while
            # `copied` is False (the graph is still the entry's content).  While *pending*, the
            # entry's tmp- folder, renamed into place with what was kept in it.
            self.entry_folder = entry
            # A new entry whose loader may still run: the first read of the store waits for it
            # (_settle); a command that never reads the store (status, from the kept reading)
            # never waits.
            self._pending = pending

        @property
        def _inner(self):
            if self._pending is not None:
                self._settle()
            return self._store

        def _settle(self) -> None:
            """Read from the finished entry from now on (or, should it be unusable after all,
            from the bytes parsed in memory, as a bypassed cache would)."""
            pending = self._pending
            entry = pending.finish()  # raises a failure of the loader, as a miss did
            store = None
            if entry is not None:
                try:
                    store, _ = _open_entry(entry, pending.key)
                except (OSError, ValueError, KeyError, TypeError) as exc:
                    debug(f"new cache entry {entry} unusable ({exc}); parsed in memory")
            if store is None:
                import pyoxigraph as ox

                from .store import oxigraph_load

                store, entry = ox.Store(), None
                oxigraph_load(store, pending.data, pending.rdf_format, pending.label)
            self._store, self.entry_folder, self._pending = store, entry, None

        def _own(self) -> None:
            if not self.copied:
                import pyoxigraph as ox

                private = ox.Store()
                private.bulk_extend(self._inner.quads_for_pattern(None, None, None, None))
                self._store = private
                self.copied = True

        def add(self, triple, context, quoted=False):
            self._own()
            return super().add(triple, context, quoted)

        def addN(self, quads):  # noqa: N802 - rdflib's name
            self._own()
            return super().addN(quads)

        def remove(self, triple, context=None):
            self._own()
            return super().remove(triple, context)

        def update(self, *args, **kwargs):
            self._own()
            return super().update(*args, **kwargs)

        def add_graph(self, graph):
            self._own()
            return super().add_graph(graph)

        def remove_graph(self, graph):
            self._own()
            return super().remove_graph(graph)

    return CopyOnWriteOxigraphStore


def _graph_from(store, prefixes: dict[str, str], entry: Path | None = None,
                pending: _PendingEntry | None = None) -> Graph:
    from rdflib import Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    from .vocab import PREFIXES, bind_prefixes

    graph = Graph(store=_copy_on_write_store_class()(store, entry, pending),
                  identifier=DATASET_DEFAULT_GRAPH_ID)
    bind_prefixes(graph)
    for prefix, namespace in prefixes.items():
        if prefix and prefix not in PREFIXES:
            graph.bind(prefix, namespace, override=False)
    return graph


def _locate(path: Path, format: str | None,
            report: bool) -> tuple[Path, str, str, bool] | None:
    """``(cache folder, key, RDF format, whether a stamp gave the key)`` of the data file *path*:
    where its entry is or would be.  None when the cache does not apply — a small file, JSON-LD,
    the cache disabled or unwritable, a file that cannot be read — counted as a bypass when
    *report*.

    The key comes from the stamp when the file is provably unchanged since it was hashed, else
    by hashing the file as it streams by (no 85 MB copy in memory).
    """
    from .datafile import engine_for, guess_format

    def bypass(why: str | None = None) -> None:
        if report:
            STATISTICS["bypass"] += 1
            if why:
                debug(why)

    try:
        stat_ns = time.time_ns()  # before the stat: what a stamp may claim (see _stamped_key)
        status = path.stat()
        rdf_format = guess_format(path, format)
    except (OSError, Exception):  # noqa: BLE001 - the caller's own parse reports the problem
        return bypass()
    if rdf_format not in ("turtle", "nt") or engine_for(status.st_size) != "oxigraph":
        return bypass()
    root = cache_root(path)
    if root is None:
        return bypass(f"cache off for {path}")
    key = _stamped_key(root, path, status)
    if key is not None:
        return root, key, rdf_format, True
    try:
        return root, _hash_and_stamp(root, path, status, stat_ns), rdf_format, False
    except OSError:
        return bypass()


def _open_existing(root: Path, key: str, path: Path, repair: bool):
    """``(store, prefixes, entry folder)`` of the complete entry *key*, or None when there is none
    or it does not open — then, when *repair*, it is removed so that the caller rebuilds it."""
    entry = root / key
    if not entry.is_dir():
        return None
    try:
        store, prefixes = _open_entry(entry, key)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        if repair:
            debug(f"cache entry {entry} unusable ({exc}); rebuilding")
            _remove(entry)
            STATISTICS["rebuilt"] += 1
        return None
    STATISTICS["hit"] += 1
    debug(f"cache hit {path} ({key[:12]})")
    return store, prefixes, entry


def cached_store(path: str | os.PathLike, format: str | None = None):
    """The read-only ``pyoxigraph.Store`` of the data file *path*'s cache entry, if it exists and
    opens; else None, having built, removed and counted nothing (only the file's stamp may be
    written, as by any lookup that hashes the file).

    The same lookup as :func:`cached_graph`'s hit, without making an rdflib graph: for
    ``argmap query`` on a cached file, which then needs rdflib not at all.  When it returns
    None the caller goes the way of :func:`cached_graph`, which reports the miss or bypass.
    """
    located = _locate(Path(path), format, report=False)
    if located is None:
        return None
    root, key, _, stamped = located
    _complete_own(key)
    opened = _open_existing(root, key, Path(path), repair=False)
    if opened is None:
        return None
    STATISTICS["stamp"] += stamped
    return opened[0]


def _complete_own(key: str) -> None:
    """Complete the entry of *key* if this process is still building it (its loader may still
    run): a caller that looks it up, after :func:`cached_graph` returned early, finds it whole."""
    pending = _PENDING.get(key)
    if pending is not None:
        pending.finish()


def cached_entry(path: str | os.PathLike, format: str | None = None) -> Path | None:
    """The folder of the data file *path*'s complete cache entry, found as :func:`cached_store`
    finds it but without opening its store (RocksDB): enough to read a kept result
    (:func:`kept_value`).  None when there is no entry (yet); nothing is built, removed or
    counted (the caller may still go :func:`cached_graph`'s way, which counts its lookup).

    Complete means renamed into place with its ``meta.json`` naming this key and layout.  The
    store's files are not checked against the manifest: a kept result was computed from the
    data the key names, whatever became of the store since (the next command that opens the
    store repairs it).
    """
    located = _locate(Path(path), format, report=False)
    if located is None:
        return None
    root, key, _, _ = located
    _complete_own(key)
    entry = root / key
    try:
        meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("key") != key \
            or meta.get("layout") != LAYOUT_VERSION:
        return None
    return entry


def cached_graph(path: str | os.PathLike, format: str | None = None) -> Graph | None:
    """The graph of the data file *path* from the cache (building the entry on a miss).

    Returns None when the cache does not apply — a small file, JSON-LD, the cache disabled or
    unwritable, or data Oxigraph cannot parse — and the caller then parses the file itself
    (which reports any error in the data with its line and column).

    On a miss, the graph is returned as soon as this thread's parse has kept the arguments
    reading (which is all ``argmap status`` reads), while the bulk loader still fills the
    store: the first read of the store waits for it, and :func:`finish_pending` (the CLI's
    end, or the process's exit) completes the entry, so the next command is a hit.
    """
    path = Path(path)
    located = _locate(path, format, report=True)
    if located is None:
        return None
    root, key, rdf_format, stamped = located
    STATISTICS["stamp"] += stamped
    _complete_own(key)
    opened = _open_existing(root, key, path, repair=True)
    if opened is not None:
        return _graph_from(*opened)
    try:
        stat_ns = time.time_ns()
        status = path.stat()
        data = path.read_bytes()
    except OSError:
        STATISTICS["bypass"] += 1
        return None
    key = key_for(data)  # of the bytes parsed: the file may have changed since it was hashed
    held_still = _unchanged(path, status)
    pending = _start_entry(root, key, data, rdf_format, str(path), path.resolve())
    if held_still:
        pending.stamp = (path, status, stat_ns)
    if pending.kept:  # valid data, and what status reads is kept: answer before the loader ends
        _PENDING[key] = pending
        _finish_at_exit()
        STATISTICS["miss"] += 1
        debug(f"cache miss {path} ({key[:12]}): parsed; stored while the command runs")
        return _graph_from(None, pending.prefixes, pending.building, pending)
    built = pending.finish()
    if built is None:
        STATISTICS["bypass"] += 1
        return None
    try:
        store, prefixes = _open_entry(built, key)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        debug(f"new cache entry {built} unusable ({exc}); parsing without cache")
        STATISTICS["bypass"] += 1
        return None
    STATISTICS["miss"] += 1
    debug(f"cache miss {path} ({key[:12]}): parsed and stored")
    return _graph_from(store, prefixes, built)


def finish_pending() -> None:
    """Complete every cache entry of this process whose loader may still run: waits for it.

    Called at the end of each ``argmap`` command, and at exit for library callers, so that the
    next command on the file is a hit.  Standard output is flushed first: the answer is out
    (a pipe's reader has it) before the wait.  A loader that failed leaves no entry, and one
    line on stderr.  Ctrl-C while waiting abandons the entries (see :func:`abandon_pending`).
    """
    if not _PENDING:
        return
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    try:
        for pending in list(_PENDING.values()):
            try:
                pending.finish()
            except Exception as exc:  # noqa: BLE001 - the answer is out; the cache is extra
                with contextlib.suppress(OSError, ValueError):
                    print(f"argmap: the parse cache of {pending.label} was not kept ({exc})",
                          file=sys.stderr)
    except KeyboardInterrupt:
        abandon_pending()
        raise


def abandon_pending() -> None:
    """Stop waiting for this process's loaders (Ctrl-C): their ``tmp-`` folders are debris that
    a later command sweeps, as those of a killed process; no entry appears half-written."""
    for pending in list(_PENDING.values()):
        pending.abandon()


_EXIT_HOOK: list = []


def _finish_at_exit() -> None:
    """Have :func:`finish_pending` run when the process exits (once): a library caller that
    never reads the store still leaves a complete entry, not a tmp- folder."""
    if not _EXIT_HOOK:
        import atexit

        def finish() -> None:
            with contextlib.suppress(KeyboardInterrupt):
                finish_pending()

        atexit.register(finish)
        _EXIT_HOOK.append(finish)


# --- stamps: the key of an unchanged file without reading it ------------------------------------
#
# Hashing an 85 MB file costs 80 ms of CPU, a fifth of a repeated command.  Like git's index,
# a *stamp* records a file's (size, mtime, ctime, inode, device), taken before the file was
# read, the hash of what was read, and the time of that stat; the file had the same five values
# after the read.  While a later stat gives the same five values, the content is the one hashed.  Any write changes mtime and ctime, and nothing but the clock sets
# ctime (`touch -d`, `cp -p`, `rsync -t` restore mtime, not ctime), so a same-size edit that
# keeps the mtime is still seen; a replaced file has another inode or ctime.
#
# The "racy" case (git's term): a write within one timestamp tick of the previous write leaves
# both times unchanged.  So a stamp is trusted only when the file's mtime and ctime are older
# than the stat before hashing by more than RACY_SECONDS: a later write then has a later ctime.
# A younger stamp is re-checked by hashing, and re-written, so it is trusted once the file has
# aged.  A file system that reports no inode or ctime
# gets no trusted stamp.  ARGMAP_CACHE=0 or deleting .argmap-cache/ drops every stamp.

#: A stamp is trusted only for files last changed this long before they were hashed: more than
#: any file system's timestamp granularity (FAT: 2 s) and than ordinary clock adjustments.
RACY_SECONDS = 3.0

_STAT_FIELDS = ("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino", "st_dev")


def _stamp_path(root: Path, path: Path) -> Path:
    name = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return root / f"stamp-{name[:32]}.json"


def _stat_values(status: os.stat_result) -> list[int]:
    return [getattr(status, field) for field in _STAT_FIELDS]


def _stamped_key(root: Path, path: Path, status: os.stat_result) -> str | None:
    """The content key recorded for *path*, if its stamp proves the file unchanged since."""
    try:
        stamp = json.loads(_stamp_path(root, path).read_text(encoding="utf-8"))
        key, stat_ns, recorded = stamp["key"], stamp["stat_ns"], stamp["stat"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    values = _stat_values(status)
    if recorded != values or not status.st_ino or not status.st_ctime_ns:
        return None
    if not isinstance(stat_ns, int) or not isinstance(key, str) or len(key) != 64 \
            or stat_ns - max(status.st_mtime_ns, status.st_ctime_ns) < RACY_SECONDS * 1e9:
        return None  # racy: changed too shortly before it was hashed to trust the times
    return key


def _unchanged(path: Path, before: os.stat_result) -> bool:
    """Whether *path* still has the stat values of *before* (it was not written meanwhile)."""
    try:
        return _stat_values(path.stat()) == _stat_values(before)
    except OSError:
        return False


def _hash_and_stamp(root: Path, path: Path, status: os.stat_result, stat_ns: int) -> str:
    """The content key of *path*, hashed as it streams by; stamped when the file held still.

    *status* is the stat taken at *stat_ns*, before the file was opened.
    """
    digest = hashlib.sha256()
    buffer = bytearray(1 << 20)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as handle:
        while True:
            count = handle.readinto(buffer)
            if not count:
                break
            digest.update(view[:count])
    key = digest.hexdigest()
    if _unchanged(path, status):
        _write_stamp(root, path, status, key, stat_ns)
    return key


def _write_stamp(root: Path, path: Path, status: os.stat_result, key: str,
                 stat_ns: int) -> None:
    """Record *key* as the content of *path*, read after the stat *status* taken at *stat_ns*
    and unchanged after the read (best effort: a stamp is only ever a shortcut)."""
    target = _stamp_path(root, path)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    stamp = {"path": str(path.resolve()), "stat": _stat_values(status), "key": key,
             "stat_ns": stat_ns}
    try:
        temporary.write_text(json.dumps(stamp), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


# --- derived results: computed once per file content and argmap code ---------------------------

#: The folder of an entry holding results derived from its graph (outside ``store/``, so the
#: manifest of the store's files is unaffected).
DERIVED_FOLDER = "derived"


def _installed_version(distribution: str) -> str:
    """The version of the installed *distribution* (``rdflib``, ``pyoxigraph``), read from the
    ``METADATA`` of its ``.dist-info`` beside the package Python would import, without
    importing it: rdflib takes a sixth of a second and ``importlib.metadata`` 50 ms, a tenth
    of a repeated command answered from a kept answer.  Where that folder is not there to
    read (another kind of install), ``importlib.metadata`` answers, as rdflib asks it.
    """
    import importlib.util

    spec = importlib.util.find_spec(distribution)
    if spec is not None and spec.origin:
        site = Path(spec.origin).resolve().parent.parent
        found = list(site.glob(f"{distribution}-*.dist-info/METADATA"))
        if len(found) == 1:
            with contextlib.suppress(OSError), open(found[0], encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("Version:"):
                        return line.split(":", 1)[1].strip()
                    if not line.strip():  # the end of the headers
                        break
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "0"


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of argmap's code — the ``graph`` package (its Python, queries, shapes) and the
    ``commands`` package beside it — and of rdflib's and Oxigraph's versions.

    Derived results are keyed by it as well as by the data, so a changed line of argmap's
    code — an upgrade, or a developer's edit — never serves a result the new code would not
    give.  The commands are part of it because a command keeps the name of its answer under
    the options as typed (``commands.kept``), which its code resolves.  Oxigraph's version is
    checked by every entry too, but a kept answer is read without opening the entry's store.
    Neither library is imported for it.  About 3 ms: ~1 MB of files.
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{LAYOUT_VERSION} rdflib {_installed_version('rdflib')} "
                            f"pyoxigraph {_installed_version('pyoxigraph')}".encode())
    for folder in (package, package.parent / "commands"):
        for file in sorted(p for p in folder.rglob("*") if p.suffix in (".py", ".rq", ".ttl",
                                                                         ".jsonld")):
            digest.update(f"{folder.name}/{file.relative_to(folder)}".encode() + b"\0"
                          + file.read_bytes())
    return digest.hexdigest()


_MISSING = object()


def _derived_file(entry: Path, name: str) -> Path:
    return Path(entry) / DERIVED_FOLDER / f"{name}-{code_version()[:16]}.json"


def kept_value(entry: str | os.PathLike, name: str, default: Any = None) -> Any:
    """The result kept as *name* by :func:`derived` in the cache entry folder *entry* (by this
    argmap code), or *default* when there is none: for a command that answers from the entry
    without opening its store (:func:`cached_entry`)."""
    if not re.fullmatch(r"[a-z][a-z0-9-]*", name):
        return default
    target = _derived_file(Path(entry), name)
    try:
        value = json.loads(target.read_text(encoding="utf-8"))["value"]
    except (OSError, ValueError, KeyError, TypeError):
        return default
    STATISTICS["derived"] += 1
    debug(f"cache derived {name} from {target}")
    return value


def derived(graph: Graph, name: str, compute: Callable[[], Any],
            keep: Callable[[], bool] | None = None) -> Any:
    """``compute()``, kept in the cache entry of *graph* so a later process on the same file gets
    it without computing: for whole-map results that cost seconds (``argmap stats``, every
    claim's status for ``argmap show``) on a file that did not change.  *keep*, asked after
    ``compute()``, can decline keeping a result (one that was quick to compute, say).

    The result is kept as JSON under ``derived/NAME-VERSION.json`` of the entry, VERSION being
    :func:`code_version`; the entry itself is named by the file's content.  A graph that is not
    a cache entry's (small file, cache off, a remote store), or that was changed in memory, is
    simply computed.  Results JSON cannot hold exactly (tuples, non-string keys, objects) are
    never kept: the value returned is always ``compute()``'s own or an equal one.
    """
    store = getattr(graph, "store", None)
    entry = getattr(store, "entry_folder", None)
    if entry is None or getattr(store, "copied", True) or not re.fullmatch(r"[a-z][a-z0-9-]*",
                                                                             name):
        return compute()
    target = _derived_file(Path(entry), name)
    value = kept_value(entry, name, _MISSING)
    if value is not _MISSING:
        return value
    value = compute()
    if keep is not None and not keep():
        return value
    # compute() may have read the store of a new entry and so finished it: the entry is then
    # no longer the tmp- folder it was built in (see _PendingEntry).
    entry = getattr(store, "entry_folder", None)
    if entry is None or getattr(store, "copied", True):
        return value
    folder = Path(entry) / DERIVED_FOLDER
    target = folder / target.name
    try:
        text = json.dumps({"value": value}, ensure_ascii=False)
        if json.loads(text)["value"] != value:
            return value  # JSON would change it (tuples, int keys …): not kept
        folder.mkdir(exist_ok=True)
        temporary = folder / f".{target.name}.{os.getpid()}.tmp"
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
        for old in folder.glob(f"{name}-*.json"):  # results of an older argmap
            if old != target:
                old.unlink()
    except (OSError, TypeError, ValueError):  # unwritable, or not JSON: compute next time too
        pass
    return value


def clear_cache(data_path: str | os.PathLike) -> int:
    """Remove every cache entry of the cache folder of *data_path*; return how many."""
    root = cache_root(data_path)
    if root is None or not root.is_dir():
        return 0
    count = 0
    for child in root.iterdir():
        if child.is_dir():
            _remove(child)
            count += 1
        elif child.name.startswith("stamp-"):
            with contextlib.suppress(OSError):
                child.unlink()
    return count
