#!/usr/bin/env python3
"""A tiny authoritative DNS server over UDP for hostile-peer tests (stdlib only).

Usage: static_dns.py ADDRESS PORT NAME=IP [NAME=IP ...]
Answers A questions for the given names, NODATA for other types of a known name, NXDOMAIN
otherwise (so the SRV record is simply absent). Listens on a 127.0.0.0/8 address only.
"""
import socket
import struct
import sys


def parse_name(msg, pos):
    labels = []
    while True:
        n = msg[pos]
        if n == 0:
            return ".".join(labels).lower(), pos + 1
        if n & 0xC0:  # no compression in questions we send ourselves; refuse it
            raise ValueError("compressed question")
        labels.append(msg[pos + 1:pos + 1 + n].decode("ascii", "replace"))
        pos += 1 + n


def main():
    addr, port = sys.argv[1], int(sys.argv[2])
    if not addr.startswith("127."):
        sys.exit("loopback only")
    table = {}
    for item in sys.argv[3:]:
        name, ip = item.split("=")
        table[name.lower().rstrip(".")] = ip
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        msg, peer = s.recvfrom(4096)
        try:
            qid, flags, qd = struct.unpack(">HHH", msg[:6])
            name, end = parse_name(msg, 12)
            qtype, qclass = struct.unpack(">HH", msg[end:end + 4])
        except (ValueError, IndexError, struct.error):
            continue
        question = msg[12:end + 4]
        known = name in table
        rcode = 0 if known else 3
        answers = b""
        count = 0
        if known and qtype == 1:
            answers = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton(table[name])
            count = 1
        header = struct.pack(">HHHHHH", qid, 0x8400 | (flags & 0x0100) | rcode, 1, count, 0, 0)
        s.sendto(header + question + answers, peer)


if __name__ == "__main__":
    main()
