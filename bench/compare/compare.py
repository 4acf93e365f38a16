#!/usr/bin/env python3
"""Side-by-side benchmark of newsidx against the peer engines in ../shared/peers.

Run it through bench/compare.sh (which documents the settings). For each corpus, every
system builds an index of the same private copy of the corpus, RUNS times; the figures are
medians over the runs, printed as one table with the ratio newsidx/peer in each cell, and
written to BENCHMARKS.md. Floors on the same corpus: reading every file (warm `cat`), a
metadata-only walk (`find -printf`) and ripgrep over the raw files.
"""
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import report  # noqa: E402  (the table and BENCHMARKS.md)
import systems  # noqa: E402  (how each engine is driven)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
GEN = {"30k": 30000, "300k": 300000}
BUILD_TIMEOUT = float(os.environ.get("BUILD_TIMEOUT", "300"))


def log(msg):
    print(f"compare: {msg}", file=sys.stderr, flush=True)


def resolve_corpus(spec):
    """`reuters`, `30k`, `300k` or a folder; generated corpora are made once and cached."""
    if spec == "reuters":
        return "reuters", Path(os.environ.get("REUTERS", REPO.parent / "shared/corpora/reuters"))
    if spec in GEN:
        path = REPO / f"target/bench-data/gen-{GEN[spec]}"
        if not path.is_dir():
            log(f"generating {GEN[spec]} articles into {path} (once) ...")
            partial = path.with_name(path.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            subprocess.run([sys.executable, REPO / "bench/gen_corpus.py", partial,
                            "--articles", str(GEN[spec])], check=True)
            partial.rename(path)
        return spec, path
    return Path(spec).name, Path(spec)


def private_copy(src, dst):
    """A copy with mtimes kept and only the .txt articles, so the 1% change never touches
    the shared corpus and every system sees the same files."""
    shutil.rmtree(dst, ignore_errors=True)
    dst.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-a", str(src), str(dst)], check=True)
    subprocess.run(["find", str(dst), "-type", "f", "!", "-name", "*.txt", "-delete"], check=True)
    files = sorted(str(p) for p in dst.rglob("*.txt"))
    if not files:
        sys.exit(f"compare: no .txt articles under {src}")
    return files, sum(os.path.getsize(f) for f in files)


class TimedOut(Exception):
    pass


def timed(cmd, logf, ok=(0,), env=None):
    """Runs cmd under GNU time; returns wall s, CPU s (user+sys), peak RSS MB. A run longer
    than BUILD_TIMEOUT seconds is killed (its whole process group) and raises TimedOut."""
    tfile = logf.with_suffix(".time")
    with open(logf, "ab") as out:
        p = subprocess.Popen(["/usr/bin/time", "-f", "%e %U %S %M", "-o", str(tfile)] + cmd,
                             stdout=out, stderr=out, env=env, start_new_session=True)
        try:
            rc = p.wait(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            raise TimedOut(f"over {BUILD_TIMEOUT} s")
    if rc not in ok:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {rc}; see {logf}")
    wall, user, sys_, rss = open(tfile).read().split("\n")[-2].split()
    return float(wall), float(user) + float(sys_), int(rss) / 1024


def wall_of(cmd, ok=(0, 1), env=None, shell=False):
    t0 = time.perf_counter()
    rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                        env=env, shell=shell).returncode
    dt = time.perf_counter() - t0
    if rc not in ok:
        raise RuntimeError(f"{cmd} exited {rc}")
    return dt


def tree_bytes(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


class Change:
    """Appends a line to every 100th article (sorted paths), then restores bytes and mtime."""

    def __init__(self, files):
        self.files = files[99::100]
        self.saved = []

    def apply(self, run):
        self.saved = []
        for f in self.files:
            st = os.stat(f)
            data = open(f, "rb").read()
            self.saved.append((f, data, st.st_atime_ns, st.st_mtime_ns))
            with open(f, "ab") as fh:
                fh.write(f"\nA late correction, run {run}.\n".encode())

    def restore(self):
        for f, data, atime, mtime in self.saved:
            open(f, "wb").write(data)
            os.utime(f, ns=(atime, mtime))
        self.saved = []


def measure_system(s, corpus, files, work, run, queries, cfg, change):
    """One run of one system: full build, size, queries, then the incremental reruns."""
    idx = work / f"index-{s.key}"
    logf = work / f"{s.key}.log"
    shutil.rmtree(idx, ignore_errors=True)
    r = {}
    r["build_s"], r["cpu_s"], r["rss_mb"] = timed(s.build(corpus, idx), logf, s.build_ok, s.env)
    r["index_bytes"] = tree_bytes(idx)
    if s.oneshot:
        r["oneshot_ms"] = 1000 * statistics.median(
            wall_of(s.oneshot(idx, q), env=s.env) for q in queries)
    if s.warm:
        out = subprocess.run(s.warm(idx, cfg["qfile"], cfg["qrepeat"]), capture_output=True,
                             text=True, env=s.env)
        if out.returncode != 0:
            raise RuntimeError(f"{s.key} warm queries failed: {out.stderr[-500:]}")
        r["p50_ms"], r["p95_ms"] = systems.parse_warm(out.stdout)
    if s.incremental:
        r["nochange_s"] = timed(s.build(corpus, idx), logf, s.build_ok, s.env)[0]
        change.apply(run)
        try:
            r["onepct_s"] = timed(s.build(corpus, idx), logf, s.build_ok, s.env)[0]
        finally:
            change.restore()
    return r


def measure_floors(corpus, queries):
    walk = ["find", str(corpus), "-type", "f", "-printf", "%s %T@\\n"]
    cat = f"find '{corpus}' -type f -name '*.txt' -print0 | xargs -0 cat > /dev/null"
    wall_of(cat, ok=(0,), shell=True)  # warm the page cache
    floors = {"cat_s": wall_of(cat, ok=(0,), shell=True), "walk_s": wall_of(walk, ok=(0,))}
    if shutil.which("rg"):
        floors["rg_ms"] = 1000 * statistics.median(
            wall_of(systems.rg_cmd(corpus, q)) for q in queries)
    return floors


def bench_corpus(name, src, active, cfg):
    work = cfg["work"] / name
    log(f"{name}: copying {src} ...")
    corpus = work / "corpus"
    files, nbytes = private_copy(src, corpus)
    queries = cfg["queries"]
    change = Change(files)
    runs = {s.key: [] for s in active}
    floors = []
    loads = []
    timed_out = {}
    for run in range(1, cfg["runs"] + 1):
        loads.append(os.getloadavg()[0])
        floors.append(measure_floors(corpus, queries))
        for s in active:
            if s.key in timed_out:
                continue
            log(f"{name}: run {run}/{cfg['runs']}: {s.label} ...")
            try:
                runs[s.key].append(measure_system(s, corpus, files, work, run, queries, cfg, change))
            except TimedOut as e:
                log(f"{s.label}: a build ran {e}; not run again on {name}")
                timed_out[s.key] = str(e)
            except RuntimeError as e:
                log(f"{s.label} failed: {e}")
                runs[s.key].append(None)
    if not cfg["keep"]:
        shutil.rmtree(work, ignore_errors=True)
    return {"name": name, "source": str(src), "articles": len(files), "bytes": nbytes,
            "changed": len(change.files), "runs": runs, "timed_out": timed_out, "floors": floors, "load": loads}


def machine():
    mem = next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), platform.processor())
    return {"nproc": os.cpu_count(), "mem_gib": round(int(mem) / 1048576), "cpu": cpu,
            "kernel": platform.release()}


def rerender(saved, cfg):
    """Table and BENCHMARKS.md again from a saved last.json (after a change to the report's
    layout): the figures are the saved ones, the system labels and versions probed anew."""
    data = json.loads(saved.read_text())
    meta, results = data["meta"], data["results"]
    nx = systems.Newsidx(Path("newsidx"), meta["newsidx"], REPO)
    only = [k for k, _, _ in meta["systems"]]
    active, _ = systems.available(nx, [k for k in only if k != "newsidx"], cfg["work"], log)
    active = [s for s in active if s.key in only]
    print(report.table(results, active))
    if cfg["write"]:
        (REPO / "BENCHMARKS.md").write_text(report.markdown(meta, results, active))
        log(f"rewrote BENCHMARKS.md from {saved}")


def main():
    cfg = {
        "corpora": os.environ.get("CORPUS", "reuters,30k").split(","),
        "runs": int(os.environ.get("RUNS", "3")),
        "qfile": str(HERE / "queries.txt"),
        "qrepeat": int(os.environ.get("QUERY_REPEAT", "20")),
        "work": Path(os.environ.get("WORK", REPO / "target/bench-compare")),
        "keep": os.environ.get("KEEP") == "1",
        "only": [p for p in os.environ.get("PEERS", "").split(",") if p],
        "write": os.environ.get("WRITE", "1") == "1",
    }
    cfg["queries"] = [l.strip() for l in open(cfg["qfile"]) if l.strip()]
    if cfg["runs"] < 3:
        log(f"RUNS={cfg['runs']}: fewer than 3 runs; BENCHMARKS.md is not rewritten")
        cfg["write"] = False
    cfg["work"].mkdir(parents=True, exist_ok=True)
    if os.environ.get("REPORT_FROM"):
        return rerender(Path(os.environ["REPORT_FROM"]), cfg)
    newsidx = systems.prepare_newsidx(REPO, cfg["work"], log)
    active, skipped = systems.available(newsidx, cfg["only"], cfg["work"], log)
    for key, why in skipped:
        log(f"skipping {key}: {why}")
    load_before = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    results = []
    for spec in cfg["corpora"]:
        results.append(bench_corpus(*resolve_corpus(spec), active, cfg))
        meta = {"machine": machine(), "started": started, "load_before": load_before,
                "load_after": os.getloadavg(), "newsidx": newsidx.describe, "runs": cfg["runs"],
                "qrepeat": cfg["qrepeat"], "queries": cfg["queries"],
                "build_timeout": BUILD_TIMEOUT, "skipped": skipped,
                "systems": [(s.key, s.label, s.version) for s in active],
                "command": os.environ.get("COMPARE_COMMAND", "bench/compare.sh")}
        # Saved after each corpus, so a long run that is stopped keeps what it measured.
        (cfg["work"] / "last.json").write_text(
            json.dumps({"meta": meta, "results": results}, indent=1))
        log(f"{results[-1]['name']} done:\n{report.table(results[-1:], active)}")
    print(report.table(results, active))
    if cfg["write"]:
        (REPO / "BENCHMARKS.md").write_text(report.markdown(meta, results, active))
        log("wrote BENCHMARKS.md")
    log(f"raw figures: {cfg['work'] / 'last.json'}")


if __name__ == "__main__":
    main()
