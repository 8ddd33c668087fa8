#!/usr/bin/env python3
"""A point-to-point link with a fixed one-way delay between two named network namespaces.

usage: delay_link.py NETNS_A TUN_A NETNS_B TUN_B ONE_WAY_MS

It makes a TUN device in each namespace (the kernel's netem is not available everywhere, a TUN
is) and copies every IP packet read from one to the other once ONE_WAY_MS have passed since it
was read, in order. The devices vanish with this process. It prints "up" once both exist, then
runs until SIGTERM or SIGINT. Used by bench/bench_rtt.sh.
"""
import collections
import ctypes
import fcntl
import os
import signal
import struct
import sys
import threading
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000

libc = ctypes.CDLL(None, use_errno=True)


def tun_in(netns: str, name: str) -> int:
    """A TUN device called `name`, made inside the named namespace; returns its descriptor."""
    with open(f"/run/netns/{netns}", "rb") as ns:
        if libc.setns(ns.fileno(), CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns into {netns}: {os.strerror(err)}")
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_CLOEXEC)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


class Direction:
    """Packets from `src` to `dst`, each held until its due time (one delay: FIFO order is due order)."""

    def __init__(self, src: int, dst: int, delay: float):
        self.src, self.dst, self.delay = src, dst, delay
        self.queue = collections.deque()
        self.ready = threading.Condition()

    def read_forever(self) -> None:
        while True:
            packet = os.read(self.src, 65536)
            with self.ready:
                self.queue.append((time.monotonic() + self.delay, packet))
                self.ready.notify()

    def write_forever(self) -> None:
        while True:
            with self.ready:
                self.ready.wait_for(lambda: self.queue)
                due, packet = self.queue.popleft()
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                os.write(self.dst, packet)
            except OSError:
                pass  # the far side is down (being torn down): the packet is lost, as on a wire

    def start(self) -> None:
        for job in (self.read_forever, self.write_forever):
            threading.Thread(target=job, daemon=True).start()


def main() -> int:
    if len(sys.argv) != 6:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    ns_a, tun_a, ns_b, tun_b, ms = sys.argv[1:]
    delay = float(ms) / 1000.0
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})  # threads inherit the mask
    fd_a = tun_in(ns_a, tun_a)
    fd_b = tun_in(ns_b, tun_b)
    Direction(fd_a, fd_b, delay).start()
    Direction(fd_b, fd_a, delay).start()
    print("up", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    return 0


if __name__ == "__main__":
    sys.exit(main())
