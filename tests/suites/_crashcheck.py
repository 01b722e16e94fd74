"""Shared by the suites that feed hostile inputs to asyncreview: runs the binary, measuring the child's
own peak RSS (os.wait4), and tells whether it crashed (a signal, or a sanitizer report)."""
import os
import subprocess
import tempfile
import time

SANITIZER_MARKERS = (b"AddressSanitizer", b"LeakSanitizer", b"UndefinedBehaviorSanitizer",
                     b"runtime error:", b"MemorySanitizer", b"ThreadSanitizer")


class Result:
    def __init__(self, returncode, stdout, stderr, maxrss_kb, seconds):
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.maxrss_mb = maxrss_kb / 1024.0
        self.seconds = seconds

    def crash(self):
        """A description of the crash, or None."""
        if self.returncode < 0:
            return f"killed by signal {-self.returncode}"
        for marker in SANITIZER_MARKERS:
            if marker in self.stderr:
                return "sanitizer report: " + self.stderr.decode(errors="replace")[-600:]
        if b"internal check failed" in self.stderr or b"fatal:" in self.stderr:
            return "internal error: " + self.stderr.decode(errors="replace")[-300:]
        return None


def run(args, timeout=300, cwd=None, preexec_fn=None):
    """Runs args with stdout/stderr captured in files (no pipe deadlock on large output)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(args, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd,
                                preexec_fn=preexec_fn)
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                proc.kill()
                pid, status, ru = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Result(proc.returncode, out.read(), err.read(), ru.ru_maxrss, seconds)
