"""Run one command and report its peak memory (its children's included).

`python -m bench.measure COMMAND...` runs COMMAND, passes its exit code on,
and writes `peak-kb: N` last on standard error: the largest resident set
of the command and of every process it waited for, as the kernel counts
it. A process of its own per command, so figures never mix.
"""

import resource
import subprocess
import sys


def main() -> int:
    finished = subprocess.run(sys.argv[1:], check=False)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak-kb: {peak}", file=sys.stderr)
    return finished.returncode


if __name__ == "__main__":
    raise SystemExit(main())
