"""What bench/soak and bench/db-restart share: their own PostgreSQL, a loaded archive, gunicorn.

Built on bench/run's machinery (imported, not copied): the same production-like
environment (`django_env`: DJANGO_DEBUG=false, CONN_MAX_AGE=60), the same gunicorn set-up
and the same wrk wrapper.
"""

import importlib.util
import os
import shlex
import subprocess
import time
from importlib.machinery import SourceFileLoader
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def _load_runner():
    loader = SourceFileLoader("bench_run", str(BENCH / "run"))
    spec = importlib.util.spec_from_loader("bench_run", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


runner = _load_runner()
say = runner.say


class Postgres:
    """A PostgreSQL server of our own (.ci/start-postgres) that we may also stop and start."""

    def __init__(self, port):
        self.port = str(port)
        self.data = f"/tmp/dialogue-bench-pg-{self.port}"

    def _env(self):
        return {**os.environ, "BENCH_PGPORT": self.port, "PGPORT": self.port, "PGDATA": self.data}

    def start_fresh(self):
        """Start it (creating it if needed); returns its DATABASE_URL."""
        os.environ["BENCH_PGPORT"] = self.port  # read by bench/run's postgres_env()
        return runner.start_postgres()

    def pg_ctl(self, *args):
        pgbin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        command = [str(pgbin / "pg_ctl"), "-D", self.data, *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True)

    def stop(self):
        """Stop at once, as a crash or a failover would: sessions are cut."""
        return self.pg_ctl("-m", "fast", "-w", "stop")

    def start(self):
        """Start the stopped server again on its data (.ci/start-postgres would wipe it)."""
        options = f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"
        return self.pg_ctl("-l", f"{self.data}/server.log", "-w", "-o", options, "start")

    def remove(self):
        runner.subprocess.run(
            [str(ROOT / ".ci" / "start-postgres"), "stop"], env=self._env(), check=False
        )


def prepare(database_url, static_root, port, *, page_cache, archive_args):
    """Migrate, load the records (once: reused by the next run), collect static files.

    Returns the environment to serve with.
    """
    env = runner.django_env(database_url, static_root, page_cache, port)
    env["CONN_MAX_AGE"] = os.environ.get("CONN_MAX_AGE", "60")
    env["CONN_HEALTH_CHECKS"] = "true"
    runner.manage(env, "migrate", "--noinput", "-v", "0")
    archive_args = shlex.split(archive_args)
    if runner.bench_module(env, "size")["events"] == 0:
        say(f"Generating the archive ({' '.join(archive_args) or 'default size'})…")
        started = time.monotonic()
        runner.manage(env, "generate_archive", *archive_args, "-v", "0")
        say(f"  done in {time.monotonic() - started:.0f} s")
    say(f"Archive: {runner.bench_module(env, 'size')}")
    runner.manage(env, "collectstatic", "--noinput", "-v", "0")
    return env


def serve(env, port, log_path):
    server = runner.Gunicorn(env, log_path)
    server.start(f"http://127.0.0.1:{port}")
    return server
