"""Summarises a JFR recording's execution samples: where the service's CPU time went.

Usage: python3 bench/jfr-top.py service.jfr
Prints the hottest methods by self time (top frame) and by total time (anywhere on the stack), the
share of samples by library (package prefix) of the top frame, and self time by the innermost
io.partnerhub frame (whose work it is). BENCH_JFR_KEEP=path in bench/run.sh keeps the recording.
"""
import collections
import json
import subprocess
import sys

LIBRARIES = ["io.partnerhub", "io.vertx.pgclient", "io.vertx.sqlclient", "io.vertx.redis", "io.vertx.ext.web",
             "io.vertx.ext.auth", "io.vertx.core", "io.netty", "com.fasterxml.jackson", "io.micrometer", "ch.qos.logback",
             "java.", "jdk.", "sun."]


def frames(event):
    for frame in event["values"]["stackTrace"]["frames"]:
        method = frame["method"]
        yield method["type"]["name"].replace("/", ".") + "." + method["name"]


def main(path):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "96", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    self_time, total_time, library = collections.Counter(), collections.Counter(), collections.Counter()
    nearest = collections.Counter()
    for event in events:
        stack = list(frames(event))
        if not stack:
            continue
        self_time[stack[0]] += 1
        # whose work a sample is: the innermost io.partnerhub frame (lambdas named by their enclosing method)
        ours = next((m for m in stack if m.startswith("io.partnerhub") and "$$Lambda" not in m), None)
        nearest[ours or "(no io.partnerhub frame: event loop, I/O)"] += 1
        for method in set(stack):
            total_time[method] += 1
        top = stack[0]
        library[next((lib for lib in LIBRARIES if top.startswith(lib)), "other")] += 1
    n = len(events)
    print(f"{n} execution samples")
    print("\nself time by library (top frame):")
    for name, count in library.most_common():
        print(f"  {100 * count / n:5.1f}%  {name}")
    print("\nhottest methods, self time:")
    for name, count in self_time.most_common(25):
        print(f"  {100 * count / n:5.1f}%  {name}")
    print("\nhottest io.partnerhub methods, total time (anywhere on the stack):")
    ours = [(m, c) for m, c in total_time.items() if m.startswith("io.partnerhub")]
    for name, count in sorted(ours, key=lambda x: -x[1])[:25]:
        print(f"  {100 * count / n:5.1f}%  {name}")
    print("\nself time by nearest io.partnerhub caller (the innermost of our frames on the stack):")
    for name, count in nearest.most_common(25):
        print(f"  {100 * count / n:5.1f}%  {name}")
    print("\nhottest library methods, total time:")
    others = [(m, c) for m, c in total_time.items() if not m.startswith(("io.partnerhub", "java.", "jdk.", "sun."))
              and "lambda" not in m and "EventLoop" not in m and "Thread" not in m]
    for name, count in sorted(others, key=lambda x: -x[1])[:30]:
        print(f"  {100 * count / n:5.1f}%  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
