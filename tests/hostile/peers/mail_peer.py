#!/usr/bin/env python3
"""Hostile mail doors (issue 23): SMTP, IMAP and POP peers that misbehave on purpose.

  mail_peer.py IP:PORT=BEHAVIOUR [IP:PORT=BEHAVIOUR ...] LOG READY_FILE

Behaviours:
  endless-banner   SMTP: "220-" lines for ever, as fast as the socket takes them
  drip-banner      SMTP: one byte of a banner every 50 ms, never a whole line's end
  huge-line        SMTP: "220 " and 1 MB without a line end
  refuse-plain     SMTP: offers STARTTLS, answers it 454, then talks plaintext on and on
  junk-tls         SMTP: offers STARTTLS, answers it 220, then sends random bytes as "TLS"
  imap-junk-tls    IMAP (143): offers STARTTLS, answers OK, then random bytes
  imap-endless     IMAP: untagged "* OK" lines for ever after CAPABILITY
  tarpit           accepts and never says anything
Every command line received is logged (LOG, one JSON object a line), so the test can prove no
AUTH, LOGIN, USER or PASS ever came.
"""
import json
import os
import socket
import sys
import threading
import time


def log_line(log, lock, addr, line):
    with lock:
        with open(log, "a") as f:
            f.write(json.dumps({"door": addr, "command": line}) + "\n")


def read_line(conn, limit=8192):
    data = b""
    while not data.endswith(b"\n") and len(data) < limit:
        b = conn.recv(1)
        if not b:
            break
        data += b
    return data.decode("latin-1").rstrip("\r\n")


def serve(conn, addr, behaviour, log, lock):
    def cmd():
        line = read_line(conn)
        log_line(log, lock, addr, line)
        return line

    try:
        if behaviour == "tarpit":
            time.sleep(3600)
        elif behaviour == "endless-banner":
            while True:
                conn.sendall(b"220-welcome to a banner without end\r\n" * 64)
        elif behaviour == "drip-banner":
            while True:
                conn.sendall(b"2")
                time.sleep(0.05)
        elif behaviour == "huge-line":
            conn.sendall(b"220 " + b"x" * (1 << 20))
            time.sleep(3600)
        elif behaviour in ("refuse-plain", "junk-tls"):
            conn.sendall(b"220 mx ESMTP\r\n")
            cmd()
            conn.sendall(b"250-mx\r\n250-AUTH PLAIN LOGIN\r\n250 STARTTLS\r\n")
            while True:
                line = cmd()
                if not line:
                    return
                if line.upper() == "STARTTLS":
                    if behaviour == "refuse-plain":
                        conn.sendall(b"454 4.7.0 TLS not available\r\n250 and here is plaintext\r\n" * 4)
                    else:
                        conn.sendall(b"220 go ahead\r\n")
                        while True:
                            conn.sendall(os.urandom(4096))
                            time.sleep(0.01)
                else:
                    conn.sendall(b"250 ok\r\n")
        elif behaviour == "imap-junk-tls":
            conn.sendall(b"* OK ready\r\n")
            while True:
                line = cmd()
                if not line:
                    return
                tag = line.split(" ")[0]
                if "STARTTLS" in line.upper():
                    conn.sendall(tag.encode() + b" OK begin TLS\r\n")
                    while True:
                        conn.sendall(os.urandom(4096))
                        time.sleep(0.01)
                conn.sendall(b"* CAPABILITY IMAP4rev1 STARTTLS\r\n" + tag.encode() + b" OK\r\n")
        elif behaviour == "imap-endless":
            conn.sendall(b"* OK ready\r\n")
            cmd()
            while True:
                conn.sendall(b"* OK still here\r\n" * 64)
    except OSError:
        pass
    finally:
        conn.close()


def listen(addr, behaviour, log, lock):
    ip, port = addr.rsplit(":", 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ip, int(port)))
    s.listen(16)

    def loop():
        while True:
            conn, _ = s.accept()
            threading.Thread(target=serve, args=(conn, addr, behaviour, log, lock), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()


def main():
    log, ready = sys.argv[-2], sys.argv[-1]
    lock = threading.Lock()
    for spec in sys.argv[1:-2]:
        addr, behaviour = spec.split("=", 1)
        listen(addr, behaviour, log, lock)
    open(ready, "w").close()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
