#!/usr/bin/env python3
"""Sends DNS queries to an authoritative server on 127.0.0.1 and saves each raw response as <name>.bin.

Standard library only (socket, struct): the queries are built by hand so the capture does not depend on any
DNS library. See README.md for the commands that produce the zones and start the server.
"""
import argparse
import os
import random
import socket
import struct
import sys

TYPES = {"A": 1, "NS": 2, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28, "DS": 43, "DNSKEY": 48, "TLSA": 52}

# name, query name, type, transport, DO bit: what each capture demonstrates is in README.md.
CAPTURES = [
    ("a-answer", "www.nsec3.example", "A", "udp", False),
    ("tlsa-signed", "_443._tcp.www.nsec3.example", "TLSA", "udp", True),
    ("dnskey-two-rrsigs", "nsec3.example", "DNSKEY", "udp", True),
    ("nxdomain-nsec3", "nope.nsec3.example", "A", "udp", True),
    ("nodata-nsec", "www.nsec.example", "MX", "udp", True),
    ("nxdomain-nsec", "nope.nsec.example", "A", "udp", True),
    ("referral-ds", "host.child.nsec3.example", "A", "udp", True),
    ("referral-insecure-nsec", "host.insecure.nsec.example", "A", "udp", True),
    ("wildcard-nsec3", "anything.wild.nsec3.example", "A", "udp", True),
    ("wildcard-nsec", "anything.wild.nsec.example", "TXT", "udp", True),
    ("txt-many-strings", "txt.nsec.example", "TXT", "udp", False),
    ("mx-compression", "nsec.example", "MX", "udp", False),
    ("cname-signed", "alias.nsec.example", "A", "udp", True),
    ("soa-signed-rsa", "nsec.example", "SOA", "udp", True),
    ("big-txt-tcp", "big.nsec.example", "TXT", "tcp", True),
    ("big-a-tcp", "many.nsec3.example", "A", "tcp", True),
    ("dnskey-rsa-tcp", "nsec.example", "DNSKEY", "tcp", True),
    ("big-txt-udp-truncated", "big.nsec.example", "TXT", "udp", True),
]


def encode_name(name: str) -> bytes:
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\0"


def build_query(qid: int, name: str, qtype: str, dnssec_ok: bool) -> bytes:
    header = struct.pack("!HHHHHH", qid, 0x0000, 1, 0, 0, 1)  # RD=0: an authoritative server is asked
    question = encode_name(name) + struct.pack("!HH", TYPES[qtype], 1)
    # OPT: root owner, type 41, UDP size 1232, extended RCODE 0, version 0, DO flag, no options (RFC 6891).
    opt = b"\0" + struct.pack("!HHBBHH", 41, 1232, 0, 0, 0x8000 if dnssec_ok else 0, 0)
    return header + question + opt


def ask(query: bytes, port: int, transport: str) -> bytes:
    if transport == "udp":
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(3)
            s.sendto(query, ("127.0.0.1", port))
            data, _ = s.recvfrom(65535)
            return data
    with socket.create_connection(("127.0.0.1", port), timeout=3) as s:
        s.sendall(struct.pack("!H", len(query)) + query)
        length = struct.unpack("!H", recv_exact(s, 2))[0]
        return recv_exact(s, length)


def recv_exact(s: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("connection closed")
        buf += chunk
    return buf


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", default=".")
    parser.add_argument("--probe", action="store_true", help="only check that the server answers")
    args = parser.parse_args()
    rng = random.Random(20261130)
    if args.probe:
        ask(build_query(1, "nsec3.example", "SOA", False), args.port, "udp")
        return 0
    for name, qname, qtype, transport, dnssec_ok in CAPTURES:
        qid = rng.randrange(65536)
        response = ask(build_query(qid, qname, qtype, dnssec_ok), args.port, transport)
        if struct.unpack("!H", response[:2])[0] != qid:
            raise RuntimeError(f"{name}: response ID does not match")
        with open(os.path.join(args.out, name + ".bin"), "wb") as f:
            f.write(response)
        flags, qd, an, ns, ar = struct.unpack("!HHHHH", response[2:12])
        print(f"{name}.bin: {len(response)} octets, rcode {flags & 0xF}, tc {flags >> 9 & 1}, an {an} ns {ns} ar {ar}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
