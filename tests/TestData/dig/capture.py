#!/usr/bin/env python3
"""Fixture capture helpers (see README.md). Standard library only; loopback only.

  capture.py query PORT NAME TYPE OUT.bin [nsid] [cookie]
                                               send one query (RD=0, EDNS 1232, optionally with an empty NSID option
                                               and a fixed client cookie) to 127.0.0.1:PORT, save the raw response
  capture.py listen PORT OUT.bin               save the first UDP packet received on 127.0.0.1:PORT (a client's query)
  capture.py fakeserver PORT OUT.bin           answer one query with an EDNS response carrying EDE 7 + text, NSID,
                                               padding and client subnet; save the raw response sent
"""
import socket, struct, sys

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "HINFO": 13, "MX": 15, "TXT": 16, "RP": 17, "AFSDB": 18,
         "AAAA": 28, "SRV": 33, "NAPTR": 35, "KX": 36, "DNAME": 39, "SSHFP": 44, "TLSA": 52, "SMIMEA": 53,
         "OPENPGPKEY": 61, "SVCB": 64, "HTTPS": 65, "SPF": 99, "URI": 256, "CAA": 257}


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def query(port, name, rtype, out, flags=()):
    options = b""
    if "nsid" in flags:
        options += option(3, b"")
    if "cookie" in flags:
        options += option(10, bytes([1, 2, 3, 4, 5, 6, 7, 8]))
    msg = struct.pack(">HHHHHH", 0x5EC5, 0, 1, 0, 0, 1) + encode_name(name) + struct.pack(">HH", TYPES[rtype], 1)
    msg += b"\0" + struct.pack(">HHIH", 41, 1232, 0, len(options)) + options
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    s.sendto(msg, ("127.0.0.1", port))
    data, _ = s.recvfrom(65535)
    open(out, "wb").write(data)


def bind_ready(port, out):
    """Binds the loopback socket, then creates OUT.ready so that the caller knows it may send."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port))
    open(out + ".ready", "w").close()
    return s


def listen(port, out):
    s = bind_ready(port, out)
    s.settimeout(30)
    data, _ = s.recvfrom(65535)
    open(out, "wb").write(data)


def option(code, data):
    return struct.pack(">HH", code, len(data)) + data


def fakeserver(port, out):
    s = bind_ready(port, out)
    s.settimeout(30)
    data, peer = s.recvfrom(65535)
    qid = data[:2]
    # Question: copy it from the query (it ends 4 octets after the name's terminating zero).
    pos = 12
    while data[pos] != 0:
        pos += data[pos] + 1
    question = data[12:pos + 5]
    options = option(15, struct.pack(">H", 7) + "signature expired for example./A".encode())
    options += option(3, b"ns1.fake")
    options += option(8, struct.pack(">HBB", 1, 24, 24) + bytes([192, 0, 2]))
    options += option(12, bytes(12))
    opt = b"\0" + struct.pack(">HHIH", 41, 1232, 0, len(options)) + options
    # QR, opcode 0, RD copied, RCODE 2 (SERVFAIL); one question, one additional (OPT).
    flags = 0x8000 | (struct.unpack(">H", data[2:4])[0] & 0x0100) | 2
    response = qid + struct.pack(">HHHHH", flags, 1, 0, 0, 1) + question + opt
    s.sendto(response, peer)
    open(out, "wb").write(response)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "query":
        query(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:])
    elif cmd == "listen":
        listen(int(sys.argv[2]), sys.argv[3])
    elif cmd == "fakeserver":
        fakeserver(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(__doc__)
