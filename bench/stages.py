"""Per-stage wall time and peak memory inside one build process.

Functions are wrapped so their time is charged to a named stage (exclusive of nested stages). Peak
memory per stage is the process's resident high-water mark while that stage ran: Linux lets a process
reset its own mark (``5`` into /proc/self/clear_refs), so it is read and reset at every stage change.
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

_HWM = re.compile(rb"VmHWM:\s+(\d+) kB")


class Meter:
    """Charges time and peak RSS to the stage on top of a stack; the bottom stage is ``other``."""

    def __init__(self) -> None:
        self.time: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)  # CPU seconds: less sensitive to a busy machine
        self.peak_kb: dict[str, int] = defaultdict(int)
        self.calls: dict[str, int] = defaultdict(int)
        self.stack: list[str] = ["other"]
        self._mark = time.perf_counter()
        self._cpu_mark = time.process_time()
        try:
            self._status = os.open("/proc/self/status", os.O_RDONLY)
            self._clear = os.open("/proc/self/clear_refs", os.O_WRONLY)
        except OSError:  # not Linux: times only
            self._status = self._clear = -1

    def _switch(self) -> None:
        now = time.perf_counter()
        top = self.stack[-1]
        self.time[top] += now - self._mark
        self._mark = now
        cpu = time.process_time()
        self.cpu[top] += cpu - self._cpu_mark
        self._cpu_mark = cpu
        if self._status >= 0:
            m = _HWM.search(os.pread(self._status, 4096, 0))
            if m:
                self.peak_kb[top] = max(self.peak_kb[top], int(m.group(1)))
            try:
                os.write(self._clear, b"5")
            except OSError:
                pass

    def enter(self, stage: str) -> None:
        self._switch()
        self.stack.append(stage)
        self.calls[stage] += 1

    def leave(self) -> None:
        self._switch()
        self.stack.pop()

    def finish(self) -> None:
        self._switch()

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        """Replace owner.name by a wrapper charging its calls to ``stage``."""
        fn: Callable[..., Any] = getattr(owner, name)

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.enter(stage)
            try:
                return fn(*args, **kwargs)
            finally:
                self.leave()

        setattr(owner, name, timed)

    def wrap_generator(self, owner: Any, name: str, stage: str) -> None:
        """Like wrap, for a function returning an iterator whose consumption is the real work."""
        fn: Callable[..., Any] = getattr(owner, name)

        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.enter(stage)
            try:
                return list(fn(*args, **kwargs))
            finally:
                self.leave()

        setattr(owner, name, timed)
