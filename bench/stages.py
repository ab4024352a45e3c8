"""Per-stage wall time and peak memory inside one build process.

Functions are wrapped so their time is charged to a named stage (exclusive of nested stages). Peak
memory per stage is the process's resident high-water mark while that stage ran: Linux lets a process
reset its own mark (``5`` into /proc/self/clear_refs), so it is read and reset at a stage change.

Reading /proc/self/status cost ~34 us in a 300 MB build process, and a 1,000-speech build changes stage
~12,000 times (a few times for every page): 0.4 s of the build was the meter's own. So the mark is read at most
every READ_EVERY seconds; a reading is charged to every stage that ran since the one before, so a stage's peak
is never under-stated (a short stage beside a bigger one may be charged the bigger one's peak).
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

# The generator's own stages, read to render: its share of a build. ``import`` is loading the generator's modules
# and what they bring that MkDocs does not (OpenCC, pypinyin, cn2an, the cleaner's patterns).
GEN_STAGES = ("import", "read", "clean", "outline", "pool", "glossary", "render", "nav")


class Meter:
    """Charges time and peak RSS to the stage on top of a stack; the bottom stage is ``other``."""

    READ_EVERY = 0.005

    def __init__(self) -> None:
        self.time: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)  # CPU seconds: less sensitive to a busy machine
        self.peak_kb: dict[str, int] = defaultdict(int)
        self.calls: dict[str, int] = defaultdict(int)
        self.stack: list[str] = ["other"]
        self._ran: set[str] = set()  # the stages that ran since the mark was last read
        self._read_at = 0.0
        self._mark = time.perf_counter()
        self._cpu_mark = time.process_time()
        try:
            self._status = os.open("/proc/self/status", os.O_RDONLY)
            self._clear = os.open("/proc/self/clear_refs", os.O_WRONLY)
        except OSError:  # not Linux: times only
            self._status = self._clear = -1

    def _switch(self, force: bool = False) -> None:
        now = time.perf_counter()
        top = self.stack[-1]
        self.time[top] += now - self._mark
        self._mark = now
        cpu = time.process_time()
        self.cpu[top] += cpu - self._cpu_mark
        self._cpu_mark = cpu
        self._ran.add(top)
        if self._status >= 0 and (force or now - self._read_at >= self.READ_EVERY):
            self._read_at = now
            m = _HWM.search(os.pread(self._status, 4096, 0))
            if m:
                kb = int(m.group(1))
                for stage in self._ran:
                    self.peak_kb[stage] = max(self.peak_kb[stage], kb)
            self._ran.clear()
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
        self._switch(force=True)

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
