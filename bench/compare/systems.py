"""How bench/compare drives newsidx and each peer, and which peers are installed.

Peers are driven through the wrappers in ../shared/peers (PEERS_DIR), as its README says:
`<wrapper> index CORPUS INDEX` and `<wrapper> search INDEX QUERY`. Warm in-process query
loops are ours (peer_query.py, LuceneQueryBench.java), doing the same work as the wrappers'
search. A peer whose programs are missing is skipped with the reason.
"""
import json
import math
import os
import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

HERE = Path(__file__).resolve().parent
SYS_PY = "/usr/bin/python3"  # Debian's python: python3-xapian is built for it


@dataclass
class System:
    key: str
    label: str
    build: Callable  # (corpus, index) -> argv
    oneshot: Optional[Callable] = None  # (index, query) -> argv
    warm: Optional[Callable] = None  # (index, qfile, repeat) -> argv printing {"ms": [...]}
    incremental: bool = False  # rerunning `build` on an existing index updates it
    build_ok: tuple = (0,)
    env: Optional[dict] = None
    version: str = ""
    notes: list = field(default_factory=list)


@dataclass
class Newsidx:
    bin: Path
    describe: str
    src: Path
    query_bench: Optional[Path] = None


def _run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def prepare_newsidx(repo, work, log):
    """The release binary, copied so a rebuild during the run cannot swap it.

    NEWSIDX_BIN=path uses that binary; NEWSIDX_REV=rev builds a clean git worktree of rev
    (under /tmp, its own target dir); otherwise `cargo build --release` of this checkout.
    With either build, NEWSIDX_STATIC=1 measures its static variant (`_static_build`)."""
    static = os.environ.get("NEWSIDX_STATIC") == "1"
    if os.environ.get("NEWSIDX_BIN"):
        binary, src = Path(os.environ["NEWSIDX_BIN"]), repo
        release_dir = binary.parent
        desc = os.environ.get("NEWSIDX_DESCRIBE", f"binary {binary}")
    else:
        rev = os.environ.get("NEWSIDX_REV")
        src, target = repo, None
        if rev:
            sha = _run(["git", "-C", repo, "rev-parse", "--short", rev], check=True).stdout.strip()
            src = Path(f"/tmp/newsidx-compare-{sha}")
            if not src.is_dir():
                subprocess.run(["git", "-C", repo, "worktree", "add", "--detach", src, sha],
                               check=True, capture_output=True)
            target = Path(os.environ.get("NEWSIDX_TARGET", "/tmp/newsidx-compare-target"))
        log(f"building newsidx (release) in {src} ...")
        env = dict(os.environ, **({"CARGO_TARGET_DIR": str(target)} if target else {}))
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=src, env=env, check=True)
        binary = (target or src / "target") / "release/newsidx"
        release_dir = binary.parent
        if static:
            binary = _static_build(src, env, target or src / "target", log)
        desc = _run(["git", "-C", src, "describe", "--always", "--dirty", "--abbrev=7"]).stdout.strip()
        subject = _run(["git", "-C", src, "log", "-1", "--format=%s"]).stdout.strip()
        src_commit = _run(["git", "-C", src, "log", "-1", "--format=%h", "--", "src", "Cargo.toml",
                           "Cargo.lock"]).stdout.strip()
        desc = f"{desc} ({subject[:72]}); src/ as of {src_commit}"
        if static:
            desc += "; static build (README, Install)"
    private = work / "newsidx"
    shutil.copy2(binary, private)
    return Newsidx(private, desc, src, _query_bench(src, release_dir, work, log))


STATIC_TRIPLE = "x86_64-unknown-linux-gnu"
STATIC_FLAGS = (f'target.{STATIC_TRIPLE}.rustflags = '
                '["-C", "target-feature=+crt-static", "-C", "relocation-model=static"]')


def _static_build(src, env, target, log):
    """NEWSIDX_STATIC=1: the fully static binary of the README's Install section (x86_64 glibc
    Linux with the static C library). The in-process query bench stays the default build's."""
    log("building newsidx (release, static) ...")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "newsidx",
                    "--target", STATIC_TRIPLE, "--config", STATIC_FLAGS],
                   cwd=src, env=env, check=True)
    return Path(target) / STATIC_TRIPLE / "release/newsidx"


def _query_bench(src, release_dir, work, log):
    """Builds examples/bench_query of the measured tree, if it has one; NEWSIDX_QUERY_BENCH=path
    gives a prebuilt one."""
    if os.environ.get("NEWSIDX_QUERY_BENCH"):
        return Path(os.environ["NEWSIDX_QUERY_BENCH"])
    if not (src / "examples/bench_query.rs").is_file() or os.environ.get("NEWSIDX_BIN"):
        log("newsidx: no examples/bench_query.rs in the measured tree: one-shot queries only")
        return None
    env = dict(os.environ, CARGO_TARGET_DIR=str(release_dir.parent))
    p = _run(["cargo", "build", "--release", "--quiet", "--example", "bench_query"], cwd=src, env=env)
    if p.returncode != 0:
        log(f"newsidx: examples/bench_query does not build, one-shot queries only: {p.stderr[-300:]}")
        return None
    private = work / "bench_query"
    shutil.copy2(release_dir / "examples/bench_query", private)
    return private


def rg_cmd(corpus, query):
    """The no-index floor: files holding any query word (whole word, any case)."""
    args = ["rg", "-i", "-w", "-l"]
    for w in re.findall(r"\w+", query):
        args += ["-e", w]
    return args + [str(corpus)]


def _peers_env():
    peers_dir = Path(os.environ.get("PEERS_DIR", HERE.parents[2] / "shared/peers"))
    home = Path(os.environ.get("PEERS_HOME", Path.home() / ".cache/newsidx-peers"))
    env = dict(os.environ, PEERS_HOME=str(home), PEERS_DIR=str(peers_dir),
               JAVA_HOME=os.environ.get("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64"),
               PYTHONPATH=str(peers_dir), PEER_OP="OR")
    return peers_dir, home, env


def _newsidx_system(nx):
    b = str(nx.bin)
    return System(
        "newsidx", "newsidx", incremental=True, build_ok=(0, 3),
        build=lambda c, i: [b, "build", str(c), "--index", str(i), "--quiet"],
        oneshot=lambda i, q: [b, "search", q, "--index", str(i), "--limit", "10"],
        warm=_newsidx_warm(nx),
        version=nx.describe)


def _newsidx_warm(nx):
    """newsidx's in-process query bench (examples/bench_query.rs), when the measured tree has
    one: `bench_query INDEX QUERIES ROUNDS` prints a `no facets  wall p50 X ms  p95 Y ms` line."""
    if not nx.query_bench:
        return None
    return lambda i, qf, n: [str(nx.query_bench), str(i), qf, str(n)]


def parse_warm(stdout):
    """(p50 ms, p95 ms) from a warm query bench: {"ms": [...]} or bench_query's summary line."""
    m = re.search(r"no facets\s+(?:wall\s+)?p50\s+([\d.]+) ms\s+p95\s+([\d.]+) ms", stdout)
    if m:
        return float(m.group(1)), float(m.group(2))
    ms = sorted(json.loads(stdout.strip().splitlines()[-1])["ms"])
    return statistics.median(ms), ms[math.ceil(0.95 * len(ms)) - 1]  # p95: nearest rank


def _lucene_warm(home, env):
    jar = home / "pyserini-dl/anserini-0.25.0-fatjar.jar"
    cls, ours = home / "lucene-classes-9", home / "compare-classes"
    src = HERE / "LuceneQueryBench.java"
    if not (ours / "LuceneQueryBench.class").is_file() or \
            src.stat().st_mtime > (ours / "LuceneQueryBench.class").stat().st_mtime:
        ours.mkdir(parents=True, exist_ok=True)
        subprocess.run([f"{env['JAVA_HOME']}/bin/javac", "-nowarn", "-cp", f"{cls}:{jar}",
                        "-d", str(ours), str(src)], check=True)
    java = f"{env['JAVA_HOME']}/bin/java"
    return lambda i, qf, n: [java, "-Xms512m", "-Xmx4g", "-cp", f"{ours}:{cls}:{jar}",
                             "LuceneQueryBench", str(i), qf, str(n)]


def _probe(cmd, env=None):
    try:
        p = _run(cmd, env=env, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, str(e)
    if p.returncode != 0:
        return None, (p.stderr or p.stdout).strip().splitlines()[-1:] or [f"exit {p.returncode}"]
    return (p.stdout or p.stderr).strip().splitlines()[0] if (p.stdout or p.stderr).strip() else "", None


def available(nx, only, work, log):
    """(systems to run, [(key, reason skipped)]) in table order."""
    peers_dir, home, env = _peers_env()
    venv_py = str(home / "venv/bin/python")
    active, skipped = [_newsidx_system(nx)], []
    if not active[0].warm:
        active[0].notes.append("no in-process query bench in the measured tree: one-shot only")
    else:
        active[0].notes.append("warm queries: examples/bench_query (no facets)")

    def add(sys_, probe, why_absent):
        if only and sys_.key not in only:
            return
        version, err = _probe(probe, env)
        if version is None:
            skipped.append((sys_.key, f"{why_absent} ({err})"))
            return
        sys_.version, sys_.env = version, env
        active.append(sys_)

    w = lambda name: str(peers_dir / name)  # noqa: E731
    add(System("tantivy-py", "tantivy-py 0.27 (no extraction)",
               build=lambda c, i: [venv_py, w("tantivy_py.py"), "index", str(c), str(i)],
               oneshot=lambda i, q: [venv_py, w("tantivy_py.py"), "search", str(i), q],
               warm=lambda i, qf, n: [venv_py, str(HERE / "peer_query.py"), "tantivy", str(i), qf, str(n)]),
        [venv_py, "-c", "import tantivy, importlib.metadata as m; print('tantivy-py', m.version('tantivy'))"],
        "no tantivy in $PEERS_HOME/venv")
    jar = home / "pyserini-dl/anserini-0.25.0-fatjar.jar"
    if jar.is_file() and (not only or "lucene9" in only):
        lenv = dict(env, LUCENE="9")
        _run(["bash", w("lucene.sh")], env=lenv)  # compiles LuceneNews once, then prints usage
        try:
            warm = _lucene_warm(home, env)
        except (subprocess.CalledProcessError, OSError) as e:
            warm = None
            log(f"lucene9: no warm query bench ({e})")
        lucene = System("lucene9", "Lucene 9.9.1 (JVM start included)",
                        build=lambda c, i: ["bash", w("lucene.sh"), "index", str(c), str(i)],
                        oneshot=lambda i, q: ["bash", w("lucene.sh"), "search", str(i), q],
                        warm=warm)
        add(lucene, ["unzip", "-p", str(jar), "META-INF/MANIFEST.MF"], "unreadable Anserini jar")
        lucene.env, lucene.version = lenv, "Lucene 9.9.1 (Anserini 0.25.0 jar)"
    elif not only or "lucene9" in only:
        skipped.append(("lucene9", f"no Anserini jar at {jar}"))
    add(System("sqlite-fts5", "SQLite FTS5 (python)",
               build=lambda c, i: [SYS_PY, w("sqlite_fts5.py"), "index", str(c), str(i)],
               oneshot=lambda i, q: [SYS_PY, w("sqlite_fts5.py"), "search", str(i), q],
               warm=lambda i, qf, n: [SYS_PY, str(HERE / "peer_query.py"), "sqlite", str(i), qf, str(n)]),
        [SYS_PY, "-c", "import sqlite3; c=sqlite3.connect(':memory:'); "
         "c.execute('create virtual table t using fts5(x)'); print('SQLite', sqlite3.sqlite_version)"],
        "no FTS5 in Debian python's sqlite3")
    add(System("xapian-py", "Xapian (python bindings)",
               build=lambda c, i: [SYS_PY, w("xapian_py.py"), "index", str(c), str(i)],
               oneshot=lambda i, q: [SYS_PY, w("xapian_py.py"), "search", str(i), q],
               warm=lambda i, qf, n: [SYS_PY, str(HERE / "peer_query.py"), "xapian", str(i), qf, str(n)]),
        [SYS_PY, "-c", "import xapian; print('Xapian', xapian.version_string())"],
        "python3-xapian not installed")
    add(System("omindex", "Xapian omindex + quest", incremental=True,
               build=lambda c, i: ["bash", w("xapian_omindex.sh"), "index", str(c), str(i)],
               oneshot=lambda i, q: ["quest", "-d", str(i), "-m", "10", q]),
        ["omindex", "--version"], "xapian-omega not installed")
    add(System("recoll", "Recoll (recollindex + recollq)", incremental=True,
               build=lambda c, i: ["bash", w("recoll.sh"), "index", str(c), str(i)],
               oneshot=lambda i, q: ["recollq", "-c", f"{i}/conf", "-o", "-n", "10", q]),
        ["bash", "-c", "command -v recollq >/dev/null && recollindex -v 2>&1 | grep -m1 'Recoll version'"],
        "recollcmd not installed")
    if shutil.which("rg") is None:
        skipped.append(("ripgrep", "rg not installed: the ripgrep floor is left out"))
    return active, skipped
