#!/usr/bin/env python3
"""An authoritative DNS server over UDP with A, CNAME and CAA answers (stdlib only), for
`adplan verify`'s CAA reading (RFC 8659) and its --dot picture.

Usage: caa_dns.py ADDRESS PORT RECORD [RECORD ...]
  NAME=A:IP                 an A record
  NAME=CNAME:TARGET         an alias (answered for every type, with the target's records after it)
  NAME=CAA:FLAGS:TAG:VALUE  a CAA record (repeatable per name)
  NAME=CAA-BAD              a CAA record whose tag length runs past the RDATA
Known names answer NODATA for other types, unknown names NXDOMAIN. 127.0.0.0/8 only.
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
        if n & 0xC0:
            raise ValueError("compressed question")
        labels.append(msg[pos + 1:pos + 1 + n].decode("ascii", "replace"))
        pos += 1 + n


def wire_name(name):
    out = b""
    for label in name.strip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def rr(owner, rtype, rdata):
    return wire_name(owner) + struct.pack(">HHIH", rtype, 1, 60, len(rdata)) + rdata


def main():
    addr, port = sys.argv[1], int(sys.argv[2])
    if not addr.startswith("127."):
        sys.exit("loopback only")
    table = {}
    for item in sys.argv[3:]:
        name, value = item.split("=", 1)
        table.setdefault(name.lower().rstrip("."), []).append(value)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    print("ready", flush=True)
    while True:
        msg, peer = s.recvfrom(4096)
        try:
            qid, flags, qd = struct.unpack(">HHH", msg[:6])
            name, end = parse_name(msg, 12)
            qtype, qclass = struct.unpack(">HH", msg[end:end + 4])
        except (ValueError, IndexError, struct.error):
            continue
        question = msg[12:end + 4]
        answers = []
        owner = name
        for _ in range(8):  # follow CNAMEs in the zone, as a resolver would
            values = table.get(owner, [])
            alias = [v for v in values if v.startswith("CNAME:")]
            if alias and qtype != 5:
                target = alias[0][6:].lower().rstrip(".")
                answers.append(rr(owner, 5, wire_name(target)))
                owner = target
                continue
            for v in values:
                if v.startswith("A:") and qtype == 1:
                    answers.append(rr(owner, 1, socket.inet_aton(v[2:])))
                elif v.startswith("CAA:") and qtype == 257:
                    _, flags_s, tag, value = v.split(":", 3)
                    answers.append(rr(owner, 257, bytes([int(flags_s), len(tag)]) + tag.encode() + value.encode()))
                elif v == "CAA-BAD" and qtype == 257:
                    answers.append(rr(owner, 257, bytes([0, 40]) + b"issue"))
            break
        rcode = 0 if name in table else 3
        header = struct.pack(">HHHHHH", qid, 0x8400 | (flags & 0x0100) | rcode, 1, len(answers), 0, 0)
        s.sendto(header + question + b"".join(answers), peer)


if __name__ == "__main__":
    main()
