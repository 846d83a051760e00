#!/usr/bin/env python3
"""Speed report for `scaffolder plan`: whole-process time and peak memory next to a naive BM25 pass.

  .venv/bin/python tests/benchmark/run_benchmark.py [--modules-large 2000] [--modules-small 20]
      [--workdir DIR] [--repeat 3] [--repo DIR ...] [--feature TEXT]

Builds two synthetic repos (synth.py), then for each repo (and each --repo) measures, as separate
processes: the naive pass (naive_bm25.py, best of --repeat); `scaffolder plan FEATURE --repo R
--stdout` cold (cache deleted before each run), with --no-cache, warm (cache present), and, on the
synthetic repos, warm after editing one file, each best of --repeat; peak RSS from os.wait4.
Ratios are to the naive pass of the same run. The project's bytecode is compiled first and the
runs may write bytecode (PYTHONDONTWRITEBYTECODE is dropped), as after a normal install: "warm"
means a warm cache, not Python compiling the tool's modules on every run. Also times
`scaffolder --help` and checks with -X importtime that it imports no heavy library. Always exits 0
(it is a report) unless a command failed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import naive_bm25  # noqa: E402  (sibling script)
import synth  # noqa: E402

HEAVY = ("libcst", "networkx", "tree_sitter", "mistune")
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
DEFAULT_FEATURE = "Export the field sample list as a CSV file from the samples page"
# (cold ratio, warm ratio, peak MB) per size class; a tree of 1,000 files or more is "large".
TARGETS = {"starter": (3.0, 1.5, None), "large": (5.0, 0.5, 600.0)}


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    peak_mb: float
    stdout: bytes


class CommandFailed(Exception):
    pass


def run_once(argv: list[str], env: dict[str, str] | None = None, cwd: str = PROJECT) -> Run:
    """Run argv to completion: wall time, and peak RSS from GNU time if present, else os.wait4.

    os.wait4 alone over-reports small processes: a child forked from this Python process inherits
    its resident size until exec, and Linux keeps that high-water mark. GNU time forks from a
    tiny C process instead.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as mem:
        wrapped = [GNU_TIME, "-f", "%M", "-o", mem.name, *argv] if GNU_TIME else argv
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            tail = err.read().decode(errors="replace")[-2000:]
            raise CommandFailed(f"{' '.join(argv)}\nexit {proc.returncode}: {tail}")
        kb = int(mem.read().split()[-1]) if GNU_TIME else usage.ru_maxrss
        return Run(seconds, kb / 1024, out.read())


def best_of(repeat: int, argv: list[str], env: dict[str, str] | None = None,
            before: Callable[[], object] | None = None,
            cwd: str = PROJECT) -> Run:
    """Fastest of `repeat` runs; peak memory is the largest seen."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(run_once(argv, env, cwd))
    fastest = min(runs, key=lambda r: r.seconds)
    return Run(fastest.seconds, max(r.peak_mb for r in runs), fastest.stdout)


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    files: int
    naive: Run
    cold: Run
    nocache: Run
    warm: Run
    edited: Run | None = None

    @property
    def size_class(self) -> str:
        return "large" if self.files >= 1000 else "starter"

    @property
    def peak_mb(self) -> float:
        return max(self.cold.peak_mb, self.nocache.peak_mb, self.warm.peak_mb)


def child_env() -> dict[str, str]:
    """The environment of every timed process: bytecode allowed, as after a normal install."""
    return {k: v for k, v in os.environ.items() if k not in ("SCAFFOLDER_CACHE_DIR", "PYTHONDONTWRITEBYTECODE")}


def precompile(args: argparse.Namespace) -> None:
    """Compile the tool's modules once, as installing it does, so no timed run pays for it."""
    packages = [p for p in ("analyzers", "rules", "scaffolder") if os.path.isdir(os.path.join(args.project, p))]
    subprocess.run([args.python, "-m", "compileall", "-q", *packages], cwd=args.project, env=child_env(),
                   stdout=subprocess.DEVNULL, check=False)


def measure(name: str, repo: str, feature: str, args: argparse.Namespace, cache_dir: str | None,
            edit: str | None = None) -> Row:
    """cache_dir None: the repo's own .scaffolder_cache; else SCAFFOLDER_CACHE_DIR, leaving the tree untouched.
    `edit`: a file of the repo to change before each of the "after one edit" runs (restored after)."""
    env = child_env()
    if cache_dir:
        env["SCAFFOLDER_CACHE_DIR"] = cache_dir
    cache = cache_dir or os.path.join(repo, ".scaffolder_cache")
    files = len(naive_bm25.in_scope_files(repo))
    print(f"  {name}: {files} files in scope; naive ...", file=sys.stderr, flush=True)
    naive = best_of(args.repeat, [args.naive_python, os.path.join(HERE, "naive_bm25.py"), repo, feature], child_env())
    plan = [args.python, "-m", "scaffolder", "plan", feature, "--repo", repo, "--stdout"]
    print(f"  {name}: scaffolder cold ...", file=sys.stderr, flush=True)
    cold = best_of(args.repeat, plan, env, lambda: shutil.rmtree(cache, ignore_errors=True), args.project)
    nocache = best_of(args.repeat, plan + ["--no-cache"], env, cwd=args.project)
    print(f"  {name}: scaffolder warm ...", file=sys.stderr, flush=True)
    warm = best_of(args.repeat, plan, env, cwd=args.project)
    if cold.stdout != warm.stdout or cold.stdout != nocache.stdout:
        print(f"  {name}: WARNING: the plan differs between cold, --no-cache and warm runs", file=sys.stderr)
    edited = None
    if edit:
        print(f"  {name}: scaffolder warm after editing {os.path.relpath(edit, repo)} ...", file=sys.stderr, flush=True)
        with open(edit, "rb") as fh:
            original = fh.read()
        edits = iter(range(args.repeat))
        try:
            edited = best_of(args.repeat, plan, env, lambda: _write(edit, original + b"# edit %d\n" % next(edits)),
                             args.project)
        finally:
            _write(edit, original)
    return Row(name, files, naive, cold, nocache, warm, edited)


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)


def edit_target(repo: str) -> str:
    """The synthetic repo's first server module: what a developer's edit between two runs looks like."""
    core = os.path.join(repo, "app", "server", "core")
    package = sorted(n for n in os.listdir(core) if os.path.isdir(os.path.join(core, n)))[0]
    module = sorted(n for n in os.listdir(os.path.join(core, package)) if n != "__init__.py")[0]
    return os.path.join(core, package, module)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def timing(run: Run, naive: Run) -> str:
    return f"{run.seconds:7.2f} ({run.seconds / naive.seconds:5.1f}x)"


def print_table(rows: list[Row]) -> None:
    head = (f"{'repo':<18} {'files':>6} {'naive s':>8} {'cold s (ratio)':>16} {'no-cache s (ratio)':>18} "
            f"{'warm s (ratio)':>16} {'1 edit s (ratio)':>17} {'peak MB':>8}  targets")
    print(head)
    print("-" * len(head))
    for row in rows:
        cold_max, warm_max, mem_max = TARGETS[row.size_class]
        cold_ratio, warm_ratio = row.cold.seconds / row.naive.seconds, row.warm.seconds / row.naive.seconds
        checks = [f"cold<={cold_max:g}x {verdict(cold_ratio <= cold_max)}",
                  f"warm<={warm_max:g}x {verdict(warm_ratio <= warm_max)}"]
        if mem_max:
            checks.append(f"peak<{mem_max:g}MB {verdict(row.peak_mb < mem_max)}")
        edited = timing(row.edited, row.naive) if row.edited else "-"
        print(f"{row.name:<18} {row.files:>6} {row.naive.seconds:8.2f} {timing(row.cold, row.naive):>16} "
              f"{timing(row.nocache, row.naive):>18} {timing(row.warm, row.naive):>16} {edited:>17} "
              f"{row.peak_mb:8.0f}  [{row.size_class}] " + ", ".join(checks))
    print(f"(naive peak MB: {', '.join(f'{r.name} {r.naive.peak_mb:.0f}' for r in rows)})")


def check_help(args: argparse.Namespace) -> None:
    """`--help` time, and which heavy libraries `python -X importtime` sees it import."""
    run = best_of(args.repeat, [args.python, "-m", "scaffolder", "--help"], child_env(), cwd=args.project)
    proc = subprocess.run([args.python, "-X", "importtime", "-m", "scaffolder", "--help"], cwd=args.project,
                          capture_output=True, text=True, check=False, env=child_env())
    if proc.returncode != 0:
        raise CommandFailed(f"scaffolder --help exited {proc.returncode}: {proc.stderr[-2000:]}")
    names = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    heavy = sorted(n for n in names if n.split(".")[0] in HEAVY or n.split(".")[0].startswith("tree_sitter"))
    print(f"scaffolder --help: {run.seconds:.3f} s, peak {run.peak_mb:.0f} MB, {len(names)} modules imported; "
          f"heavy imports: {', '.join(heavy) or 'none'} -> {verdict(not heavy)}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules-large", type=int, default=2000, help="0 skips the large synthetic repo")
    parser.add_argument("--modules-small", type=int, default=20, help="0 skips the starter-sized synthetic repo")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workdir", help="where the synthetic repos go (default: a temporary folder, removed after)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest counts")
    parser.add_argument("--repo", action="append", default=[], help="also benchmark this existing tree (repeatable)")
    parser.add_argument("--feature", default=DEFAULT_FEATURE, help="feature text for the synthetic repos")
    parser.add_argument("--repo-feature", default="Add CSV export of query results",
                        help="feature text for --repo trees")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs scaffolder")
    parser.add_argument("--naive-python", default=shutil.which("python3") or sys.executable)
    parser.add_argument("--project", default=PROJECT, help="source tree scaffolder runs from (its working folder, "
                        "first on sys.path with -m), e.g. a `git archive HEAD` copy while others edit this one")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    load_before = os.getloadavg()[0]
    workdir = args.workdir or tempfile.mkdtemp(prefix="scaffolder-bench-")
    os.makedirs(workdir, exist_ok=True)
    precompile(args)
    targets: list[tuple[str, str, str, str | None, str | None]] = []
    for modules in (args.modules_small, args.modules_large):
        if modules > 0:
            path = os.path.join(workdir, f"synth-{modules}")
            try:
                count = synth.write_repo(path, modules, args.seed)
            except ValueError as exc:
                print(f"run_benchmark.py: {exc}", file=sys.stderr)
                return 2
            print(f"built {path}: {count} files", file=sys.stderr)
            targets.append((f"synth-{modules}", path, args.feature, None, edit_target(path)))
    for repo in args.repo:
        name = os.path.basename(os.path.normpath(repo))
        targets.append((name, os.path.abspath(repo), args.repo_feature, os.path.join(workdir, "cache", name), None))
    try:
        rows = [measure(name, path, feature, args, cache, edit) for name, path, feature, cache, edit in targets]
        print(f"\nscaffolder plan vs naive BM25 pass; whole-process wall time, best of {args.repeat}; "
              f"{os.cpu_count()} CPUs; python {sys.version.split()[0]}; scaffolder from {args.project}")
        print(f"1-min load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after (other work skews timings; "
              "ratios are to the naive pass of the same run)")
        print_table(rows)
        check_help(args)
    except CommandFailed as exc:
        print(f"benchmark aborted: a command failed:\n{exc}", file=sys.stderr)
        return 1
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
