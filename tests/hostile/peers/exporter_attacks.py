"""Attacks on `adplan exporter`'s HTTP server, for tests/hostile/test_exporter_http.sh. Each mode
prints `ok: ...` or `FAIL: ...` lines (the script counts the FAILs) and a `figure: ...` line.
Every loop is bounded in count and time; only 127.0.0.1 in the test's own network namespace.
  exporter_attacks.py PORT flood N       N connections opened and held, then closed; N opened
                                          and closed at once; /metrics scraped throughout
  exporter_attacks.py PORT huge          heads of 64 KiB to 1 MiB, alone and 100 at once
  exporter_attacks.py PORT smuggle       smuggling attempts, each sent twice
  exporter_attacks.py PORT slow SECONDS  20 peers dribbling a byte a second
"""
import resource
import socket
import sys
import threading
import time
import urllib.request

HOST = "127.0.0.1"
PORT = int(sys.argv[1])
MODE = sys.argv[2]
FAILS = 0


def ok(msg):
    print("ok:", msg, flush=True)


def fail(msg):
    global FAILS
    FAILS += 1
    print("FAIL:", msg, flush=True)


def metrics(timeout=5):
    """(status, body) of GET /metrics; status is the exception's name when there is none."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{PORT}/metrics", timeout=timeout) as r:
            return str(r.status), r.read().decode()
    except Exception as e:  # noqa: BLE001 - any failure is a finding here
        return type(e).__name__ + ":" + str(getattr(e, "code", "")), ""


class Scraper(threading.Thread):
    """Scrapes /metrics every 0.25 s until stopped; keeps every status."""

    def __init__(self):
        super().__init__(daemon=True)
        self.statuses, self.stop = [], threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.statuses.append(metrics()[0])
            self.stop.wait(0.25)

    def finish(self, what):
        self.stop.set()
        self.join(15)
        good = self.statuses.count("200")
        if self.statuses and good == len(self.statuses):
            ok(f"{what}: /metrics answered 200 to all {good} scrapes")
        else:
            fail(f"{what}: /metrics answered 200 to {good} of {len(self.statuses)} scrapes: {self.statuses[:20]}")


def exchange(payload, timeout=10, shut=False):
    """Sends payload on a fresh connection and reads until the server closes: the bytes, and
    'closed' or 'reset' for how it ended ('timeout' when it did not within `timeout`)."""
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    got, how = b"", "closed"
    try:
        try:
            s.sendall(payload)
            if shut:
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            how = "reset"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                how = "reset"
                break
            except socket.timeout:
                how = "timeout"
                break
            if not chunk:
                break
            got += chunk
        else:
            how = "timeout"
    finally:
        s.close()
    return got, how


def status_of(got):
    line = got.split(b"\r\n", 1)[0].decode(errors="replace")
    return line.split(" ")[1] if line.startswith("HTTP/1.1 ") and " " in line else ""


def flood(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = n + 256
    if hard != resource.RLIM_INFINITY and hard < want:
        fail(f"flood: the descriptor limit {hard} is below the {want} this test needs (raise ulimit -Hn)")
        return
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    scraper = Scraper()
    scraper.start()
    time.sleep(0.5)
    # 1. N opened and held: connects started in batches, each socket kept until the end.
    held, started = [], time.monotonic()
    for i in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex((HOST, PORT))
        held.append(s)
        if i % 500 == 499:
            time.sleep(0.05)
    opened_in = time.monotonic() - started
    time.sleep(3)  # held while /metrics is scraped
    connected = 0
    for s in held:
        try:
            s.getpeername()
            connected += 1
        except OSError:
            pass
    for s in held:
        s.close()
    held.clear()
    print(f"figure: flood held: {n} connects started in {opened_in:.1f}s, {connected} connected, held 3s", flush=True)
    if connected >= n * 9 // 10:
        ok(f"flood held: {connected} of {n} connections were made")
    else:
        fail(f"flood held: only {connected} of {n} connections were made")
    # 2. N opened and closed at once, half of them with an RST (SO_LINGER 0).
    started, made = time.monotonic(), 0
    for i in range(n):
        s = socket.socket()
        s.settimeout(5)
        try:
            s.connect((HOST, PORT))
            made += 1
            if i % 2:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        except OSError:
            pass
        s.close()
    print(f"figure: flood churn: {made} of {n} connections opened and closed in {time.monotonic() - started:.1f}s",
          flush=True)
    if made >= n * 9 // 10:
        ok(f"flood churn: {made} of {n} connections opened and closed")
    else:
        fail(f"flood churn: only {made} of {n} connections were made")
    scraper.finish(f"{n} connections held, then {n} opened and closed")


def huge():
    mib = 1024 * 1024
    lines = b"".join(b"X-Pad-%d: %s\r\n" % (i, b"a" * 100) for i in range(mib // 110))
    cases = {
        "1 MiB of header lines": b"GET /metrics HTTP/1.1\r\nHost: x\r\n" + lines + b"\r\n",
        "a 64 KiB request line": b"GET /" + b"a" * (64 * 1024) + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        "one 1 MiB header": b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * mib + b"\r\n\r\n",
        "1 MiB without a line end": b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + b"c" * mib,
    }
    for name, payload in cases.items():
        got, how = exchange(payload)
        st = status_of(got)
        if st == "431" or (st == "" and how in ("closed", "reset")):
            ok(f"huge head, {name}: {'431' if st else how}")
        else:
            fail(f"huge head, {name}: answered {st or '-'} ({how}): {got[:200]!r}")
    results, lock = [], threading.Lock()

    def one():
        r = exchange(cases["1 MiB of header lines"], timeout=20)
        with lock:
            results.append(r)

    threads = [threading.Thread(target=one) for _ in range(100)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    bad = [(status_of(g), h) for g, h in results if not (status_of(g) == "431" or (not g and h != "timeout"))]
    n431 = sum(1 for g, _ in results if status_of(g) == "431")
    print(f"figure: huge heads: 100 peers sent 1 MiB heads at once: {n431} answered 431, "
          f"{len(results) - n431 - len(bad)} closed or reset", flush=True)
    if len(results) == 100 and not bad:
        ok("huge heads, 100 at once: each refused with 431 or closed")
    else:
        fail(f"huge heads, 100 at once: {len(results)} finished, wrong answers: {bad[:10]}")


def smuggle():
    inner = b"GET /probe?target=smuggled.example HTTP/1.1\r\nHost: x\r\n\r\n"
    chunked = b"0\r\n\r\n" + inner
    cases = [
        ("Content-Length and Transfer-Encoding", b"GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
         b"Transfer-Encoding: chunked\r\n\r\n" % len(chunked) + chunked, "400"),
        ("Transfer-Encoding then Content-Length", b"GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
         b"Content-Length: 3\r\n\r\n" + chunked, "400"),
        ("two Content-Lengths", b"GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: %d\r\n\r\n"
         % len(inner) + inner, "400"),
        ("obs-fold hiding Transfer-Encoding", b"GET /metrics HTTP/1.1\r\nHost: x\r\nX-Pad: a\r\n Transfer-Encoding: chunked"
         b"\r\n\r\n" + chunked, "400"),
        ("a space before the colon", b"GET /metrics HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n" + chunked,
         "400"),
        ("bare LF line ends", b"GET /metrics HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n\n0\n\n"
         b"GET /probe?target=smuggled.example HTTP/1.1\nHost: x\n\n", "400"),
        ("a body on GET", b"GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(inner) + inner, "400"),
        ("a pipelined second request", b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n" + inner, "200"),
        ("a POST with a body", b"POST /probe HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(inner) + inner,
         "405"),
    ]
    before = refused_total()
    for name, payload, want in cases:
        answers = []
        for _ in range(2):
            got, how = exchange(payload)
            answers.append((status_of(got), got.count(b"HTTP/1.1 "), how))
        (st, n, how), again = answers
        if st == want and n == 1 and how == "closed" and answers[1][:2] == (st, n):
            ok(f"smuggling, {name}: one answer, {st}, then closed; the same the second time")
        else:
            fail(f"smuggling, {name}: want one {want} then close, got {answers}")
    after = refused_total()
    if before is not None and after == before:
        ok(f"smuggling: no smuggled /probe reached the exporter (refused_total stayed {before})")
    else:
        fail(f"smuggling: adplan_exporter_refused_total went from {before} to {after}")


def refused_total():
    status, body = metrics()
    for line in body.splitlines():
        if line.startswith("adplan_exporter_refused_total "):
            return float(line.split()[1])
    return None


def slow(seconds):
    stop = time.monotonic() + seconds
    closed, lock = [], threading.Lock()

    def dribbler():
        while time.monotonic() < stop:
            try:
                s = socket.create_connection((HOST, PORT), timeout=2)
            except OSError:
                time.sleep(0.1)
                continue
            opened = time.monotonic()
            try:
                s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
                while time.monotonic() < stop:
                    s.sendall(b"X")
                    s.settimeout(1)
                    try:
                        if s.recv(1) == b"":
                            with lock:
                                closed.append(time.monotonic() - opened)
                            break
                    except socket.timeout:
                        pass
            except OSError:
                pass
            s.close()

    scraper = Scraper()
    scraper.start()
    threads = [threading.Thread(target=dribbler, daemon=True) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 10)
    scraper.finish(f"20 dribblers for {seconds}s")
    longest = max(closed) if closed else 0
    print(f"figure: slow: {len(closed)} dribblers closed by the server, the longest after {longest:.1f}s", flush=True)
    if closed and longest <= 7:
        ok(f"slow: dribblers closed at the head's deadline ({len(closed)}, the longest after {longest:.1f}s)")
    else:
        fail(f"slow: {len(closed)} dribblers closed, the longest after {longest:.1f}s (deadline 5 s)")


if MODE == "flood":
    flood(int(sys.argv[3]))
elif MODE == "huge":
    huge()
elif MODE == "smuggle":
    smuggle()
elif MODE == "slow":
    slow(float(sys.argv[3]))
else:
    sys.exit(f"unknown mode {MODE}")
sys.exit(1 if FAILS else 0)
