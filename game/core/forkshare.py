"""Share a list of jobs between this process and forked helper processes; results in order.

Used to read a large scenario folder on every core. It is leaner than
multiprocessing.Pool, whose cost mattered here: on two cores, a pool of two workers
left the parent as a third consumer of CPU (unpickling results in a thread, waking
for every item), all of it on top of the two workers' own work. Here:

- the parent works too, and only `cores - 1` helpers are forked; each helper sees
  the function and its data as they were at the fork, so nothing but results ever
  crosses a pipe;
- the jobs are cut into chunks whose numbers wait in a pipe; every process (the
  parent included) takes the next number when it is free, so a core slowed by other
  programs simply does fewer chunks (a read of 4 bytes from a pipe is atomic, so no
  chunk is taken twice);
- each helper sends back one pickled message per chunk through its own pipe (only
  between this process and its own child: nothing is written to disk); the parent
  reads them whenever it is between chunks of its own;
- a helper that dies (or hangs, see HELPER_QUIET_S) leaves its chunks unanswered,
  and the parent then does them itself: the results are always complete.

Where there is no fork (Windows), `map_forked` returns None and the caller works alone.
"""

from __future__ import annotations

import os
import pickle
import selectors
import signal
import struct
from collections.abc import Callable, Sequence
from typing import Any

_NUMBER = struct.Struct("<I")  # a chunk number in the job pipe
_HEADER = struct.Struct("<IQ")  # a result message: chunk number, length of the pickle that follows
_PIPE_BYTES = 1 << 20  # results pipes this large let a helper run on while the parent is busy (Linux)
_F_SETPIPE_SZ = 1031  # fcntl command on Linux; elsewhere pipes keep their size
MAX_CHUNKS = 1000  # so every chunk number fits into the job pipe before anyone reads it (4,000 bytes)
# A helper silent this long is taken to hang (say, on a lock some thread of the parent
# held at the fork): it is stopped and the parent does its work. A chunk takes milliseconds.
HELPER_QUIET_S = 30.0


def cores() -> int:
    """Cores this process may run on (fewer than the machine's when it is pinned to some)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def map_forked(fn: Callable[[Any], Any], items: Sequence[Any], helpers: int, chunk: int) -> list[Any] | None:
    """[fn(x) for x in items], computed by this process and `helpers` forked ones; None without fork."""
    if not hasattr(os, "fork") or helpers < 1:
        return None
    chunk = max(chunk, -(-len(items) // MAX_CHUNKS))
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    results: list[list[Any] | None] = [None] * len(chunks)
    jobs_r, jobs_w = os.pipe()
    try:
        os.write(jobs_w, b"".join(_NUMBER.pack(i) for i in range(len(chunks))))
    finally:
        os.close(jobs_w)  # once read to the end, the pipe tells every process there is no more work
    pids: list[int] = []
    inbox: dict[int, bytearray] = {}  # read end of each helper's results pipe -> bytes not yet decoded
    ready = selectors.DefaultSelector()  # not select(): that fails on descriptors numbered past 1023
    finished = False
    try:
        for _ in range(helpers):
            read_end, write_end = os.pipe()
            _grow(write_end)
            try:
                pid = os.fork()
            except OSError:
                os.close(read_end)
                os.close(write_end)
                break  # fewer helpers than hoped; the parent still does what is left
            if pid == 0:  # the helper: never returns
                _helper(fn, chunks, jobs_r, write_end, [read_end, *inbox])
            os.close(write_end)
            pids.append(pid)
            inbox[read_end] = bytearray()
            ready.register(read_end, selectors.EVENT_READ)

        while True:  # the parent: take in what helpers sent, else do a chunk itself
            _receive(ready, inbox, results)
            number = _take(jobs_r)
            if number is None:
                break
            results[number] = [fn(x) for x in chunks[number]]
        while inbox:
            if not _receive(ready, inbox, results, wait=HELPER_QUIET_S):
                break  # a helper has sent nothing for far too long: stopped below, its work done here
        finished = not inbox
    finally:
        ready.close()
        os.close(jobs_r)
        for fd in inbox:
            os.close(fd)
        for pid in pids:
            if not finished:  # the parent was interrupted, or a helper hangs: none may run on
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
    out: list[Any] = []
    for number, part in enumerate(results):
        out.extend(part if part is not None else [fn(x) for x in chunks[number]])  # a helper died: do its part here
    return out


def _grow(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, _F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, OSError):
        pass


def _take(jobs_r: int) -> int | None:
    data = os.read(jobs_r, _NUMBER.size)
    return _NUMBER.unpack(data)[0] if len(data) == _NUMBER.size else None


def _helper(fn: Callable[[Any], Any], chunks: list[Sequence[Any]], jobs_r: int, out: int, not_mine: list[int]) -> None:
    code = 1
    try:
        for fd in not_mine:
            os.close(fd)
        while (number := _take(jobs_r)) is not None:
            data = pickle.dumps([fn(x) for x in chunks[number]], pickle.HIGHEST_PROTOCOL)
            for part in (_HEADER.pack(number, len(data)), data):
                view = memoryview(part)
                while view:
                    view = view[os.write(out, view) :]
        code = 0
    finally:
        os._exit(code)  # never return into the parent's code, nor run its exit handlers


def _receive(ready: selectors.BaseSelector, inbox: dict[int, bytearray], results: list[list[Any] | None], wait: float = 0) -> bool:
    """Read what the helpers have sent, waiting up to `wait` seconds for something; False if nothing came."""
    if not inbox:
        return False
    events = ready.select(wait)
    for key, _ in events:
        fd = key.fd
        data = os.read(fd, _PIPE_BYTES)
        if not data:  # the helper finished (or died): whatever it did not send, the parent does
            ready.unregister(fd)
            os.close(fd)
            del inbox[fd]
            continue
        buf = inbox[fd]
        buf += data
        start = 0
        while len(buf) - start >= _HEADER.size:
            number, size = _HEADER.unpack_from(buf, start)
            end = start + _HEADER.size + size
            if len(buf) < end:
                break
            results[number] = pickle.loads(memoryview(buf)[start + _HEADER.size : end])
            start = end
        del buf[:start]
    return bool(events)
