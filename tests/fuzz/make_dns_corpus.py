#!/usr/bin/env python3
"""Writes the seed corpus of the DNS-reply fuzz target (tests/fuzz/fuzz_dns.cpp) into
tests/fuzz/corpus/dns/: valid A, AAAA, CNAME-chain and SRV replies, a 1,500-record SRV flood,
and the hostile shapes a parser must survive (truncation, compression-pointer loops, pointers
past the end, lying counts and lengths). Deterministic: rerun it and git shows no change."""
import os
import struct
import sys

A, AAAA, CNAME, SRV = 1, 28, 5, 33


def name(n):
    out = b""
    for label in n.split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def header(qd=1, an=0, ns=0, ar=0, flags=0x8180, ident=0x1234):
    return struct.pack(">HHHHHH", ident, flags, qd, an, ns, ar)


def question(n, qtype):
    return name(n) + struct.pack(">HH", qtype, 1)


def rr(owner, rtype, rdata, ttl=300):
    return owner + struct.pack(">HHIH", rtype, 1, ttl, len(rdata)) + rdata


def srv(priority, weight, port, target):
    return struct.pack(">HHH", priority, weight, port) + name(target)


QNAME = b"\xc0\x0c"  # pointer to the question's name at offset 12


def seeds():
    q = "_autodiscover._tcp.contoso.com"
    yield "a_two", header(an=2) + question("mail.contoso.com", A) + rr(QNAME, A, bytes([127, 0, 0, 5])) + rr(
        QNAME, A, bytes([127, 0, 0, 6]))
    yield "aaaa_one", header(an=1) + question("mail.contoso.com", AAAA) + rr(QNAME, AAAA, bytes(15) + b"\1")
    chain = header(an=3) + question("autodiscover.contoso.com", A)
    chain += rr(QNAME, CNAME, name("web.hoster.example"))
    # the CNAME's target starts at offset 12 + len(question) + 12 (owner pointer and fixed fields)
    target_at = 12 + len(question("autodiscover.contoso.com", A)) + 12
    chain += rr(struct.pack(">H", 0xC000 | target_at), CNAME, name("edge.cdn.example"))
    chain += rr(name("edge.cdn.example"), A, bytes([127, 0, 0, 9]))
    yield "a_cname_chain", chain
    yield "srv_two", header(an=2) + question(q, SRV) + rr(QNAME, SRV, srv(10, 0, 443, "mail.contoso.com")) + rr(
        QNAME, SRV, srv(0, 5, 443, "Autodiscover.Contoso.COM."))
    flood = header(an=1500, flags=0x8580) + question(q, SRV)
    for i in range(1500):
        flood += rr(QNAME, SRV, srv(i % 3, i % 7, 443, "t%d.tarpit.contoso.com" % i))
    yield "srv_flood_1500", flood
    yield "nxdomain", header(flags=0x8183) + question("missing.contoso.com", A)
    yield "truncated_tc", header(flags=0x8380) + question(q, SRV)
    whole = header(an=2) + question(q, SRV) + rr(QNAME, SRV, srv(0, 0, 443, "mail.contoso.com")) + rr(
        QNAME, SRV, srv(0, 0, 443, "mail2.contoso.com"))
    yield "truncated_mid_rdata", whole[: len(whole) - 7]
    yield "truncated_header", whole[:9]
    # A name that points at itself, and two that point at each other.
    self_loop = header(an=1) + question(q, SRV)
    at = len(self_loop) + 12 + 6  # where the SRV target name starts
    yield "pointer_loop_self", self_loop + rr(QNAME, SRV, struct.pack(">HHH", 0, 0, 443) + struct.pack(">H", 0xC000 | at))
    two = header(an=1) + question(q, SRV)
    at = len(two) + 12 + 6
    rdata = struct.pack(">HHH", 0, 0, 443) + struct.pack(">H", 0xC000 | (at + 2)) + struct.pack(">H", 0xC000 | at)
    yield "pointer_loop_pair", two + rr(QNAME, SRV, rdata)
    yield "pointer_past_end", header(an=1) + question(q, SRV) + rr(b"\xff\xff", SRV, srv(0, 0, 443, "x.contoso.com"))
    yield "pointer_in_question", header(an=1) + b"\xc0\x0c" + struct.pack(">HH", SRV, 1) + rr(
        QNAME, SRV, srv(0, 0, 443, "x"))
    yield "count_lies", header(an=65535, ns=65535, ar=65535) + question(q, SRV) + rr(
        QNAME, SRV, srv(0, 0, 443, "mail.contoso.com"))
    yield "rdlength_lies", header(an=1) + question(q, SRV) + QNAME + struct.pack(">HHIH", SRV, 1, 300, 60000) + srv(
        0, 0, 443, "a.b")
    yield "a_short_rdata", header(an=1) + question("mail.contoso.com", A) + rr(QNAME, A, b"\x7f\x00")
    yield "srv_short_rdata", header(an=1) + question(q, SRV) + rr(QNAME, SRV, b"\x00\x00\x01")
    odd = b"\x05a.b\\c" + b"\x04\x00\x1b[2" + b"\0"
    yield "srv_odd_labels", header(an=1) + question(q, SRV) + rr(QNAME, SRV, struct.pack(">HHH", 0, 0, 443) + odd)
    yield "label_too_long", header(an=1) + question(q, SRV) + rr(QNAME, SRV, struct.pack(">HHH", 0, 0, 443) + b"\x3f" + b"a" * 63 + b"\0")
    yield "empty", b""


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "dns")
    os.makedirs(out, exist_ok=True)
    for file, data in seeds():
        with open(os.path.join(out, file + ".bin"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
