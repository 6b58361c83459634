"""Real servers for the page-cache tests, each on a free loopback port of 16000-16999."""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

PORTS = range(16000, 17000)
ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "default.vcl"


def free_port(start=None):
    """A port of the range nobody listens on (tried from a spot depending on the process)."""
    offset = (os.getpid() * 7 + (start or 0)) % len(PORTS)
    for n in range(len(PORTS)):
        port = PORTS[(offset + n) % len(PORTS)]
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 16000-16999")


def wait_for_port(port, process=None, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}")
        with socket.socket() as probe:
            probe.settimeout(0.2)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listening on port {port} after {timeout} s")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def need(program):
    path = shutil.which(program) or next(
        (p for p in (f"/usr/sbin/{program}", f"/usr/bin/{program}") if os.path.exists(p)), None
    )
    if path is None:
        pytest.fail(f"{program} is not installed (.ci/run installs it)")
    return path


class Redis:
    """A redis-server of its own, with its data on disk so a restart keeps what it held."""

    def __init__(self, folder):
        self.folder, self.port, self.process = folder, free_port(1), None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [need("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.folder), "--save", "", "--appendonly", "yes",
             "--appendfsync", "always"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(self.port, self.process)

    def stop(self):
        stop(self.process)


class Varnish:
    """varnishd with the shipped configuration, in front of `backend` (host, port)."""

    def __init__(self, folder, backend, purgers=("127.0.0.1",)):
        self.folder = folder
        site = folder / "site.vcl"
        acl = "".join(f'    "{address}";\n' for address in purgers)
        site.write_text(
            f'backend app {{ .host = "{backend[0]}"; .port = "{backend[1]}"; }}\n'
            f"acl purgers {{\n{acl}}}\n"
        )
        for attempt in range(5):  # a port found free can be taken by the time it listens
            self.port, self.admin_port = free_port(2 + 10 * attempt), free_port(3 + 10 * attempt)
            log = folder / f"varnishd-{attempt}.log"
            self.process = subprocess.Popen(
                [need("varnishd"), "-F", "-j", "none", "-n", str(folder / "work"),
                 "-a", f"127.0.0.1:{self.port}", "-T", f"127.0.0.1:{self.admin_port}",
                 "-f", str(VCL), "-p", f"vcl_path={folder}:{VCL.parent}",
                 "-p", "http_resp_hdr_len=16k", "-p", "http_resp_size=64k",
                 "-s", "malloc,32m"],
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
            )  # fmt: skip
            if self._answers():
                return
            stop(self.process)
        raise RuntimeError(f"varnishd did not start: {log.read_text()}")

    def _answers(self, timeout=20.0):
        """True once the cache process answers HTTP (the manager may listen before it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("PURGE", "/")  # answered by Varnish itself, never the app
                connection.getresponse().read()
                connection.close()
                return True
            except OSError:
                time.sleep(0.1)
        return False

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        stop(self.process)


class S3:
    """A moto S3 API server."""

    def __init__(self):
        self.port = free_port(4)
        moto = Path(sys.executable).parent / "moto_server"
        self.process = subprocess.Popen(
            [str(moto), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process, timeout=60)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        stop(self.process)
