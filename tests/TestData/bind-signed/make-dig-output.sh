#!/bin/sh
# Serves the signed zones with BIND named on 127.0.0.1 (port $PORT, default 53535) and saves dig output as
# text fixtures in ./dig (see README.md). Needs bind9 (named) and bind9-dnsutils (dig).
set -eu
cd "$(dirname "$0")"
PORT=${PORT:-53535}
RUN=$(mktemp -d)
cat > "$RUN/named.conf" <<CONF
options {
  directory "$RUN";
  pid-file "$RUN/named.pid";
  listen-on port $PORT { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  allow-transfer { 127.0.0.1; };
};
zone "alg13-nsec.example" { type primary; file "$PWD/alg13-nsec.example.signed"; };
zone "alg8-nsec3.example" { type primary; file "$PWD/alg8-nsec3.example.signed"; };
zone "alg15-nsec3.example" { type primary; file "$PWD/alg15-nsec3.example.signed"; };
CONF
named -c "$RUN/named.conf" -g > "$RUN/named.log" 2>&1 &
NAMED=$!
trap 'kill $NAMED 2>/dev/null; wait $NAMED 2>/dev/null; rm -rf "$RUN"' EXIT
i=0
until dig @127.0.0.1 -p "$PORT" +short +tries=1 +time=1 SOA alg13-nsec.example > /dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 20 ] || { cat "$RUN/named.log"; exit 1; }; sleep 0.5
done
mkdir -p dig
q() { out=$1; shift; dig @127.0.0.1 -p "$PORT" +norecurse +nocookie +dnssec "$@" > "dig/$out"; }
# Plain dig style.
q alg13-www-a.txt www.alg13-nsec.example A
q alg13-dnskey.txt alg13-nsec.example DNSKEY
q alg13-sub-ds.txt sub.alg13-nsec.example DS
q alg13-wildcard-a.txt host.wild.alg13-nsec.example A
q alg13-nxdomain.txt nothere.alg13-nsec.example A
q alg8-nxdomain.txt nothere.alg8-nsec3.example A
q alg8-insecure-referral.txt www.insecure.alg8-nsec3.example A
q alg15-nodata.txt www.alg15-nsec3.example TXT
# dig +multiline style: parentheses, comments with key ids, NSEC3 split over lines.
q alg13-dnskey-multiline.txt +multiline alg13-nsec.example DNSKEY
q alg8-dnskey-multiline.txt +multiline alg8-nsec3.example DNSKEY
q alg15-dnskey-multiline.txt +multiline alg15-nsec3.example DNSKEY
q alg8-nxdomain-multiline.txt +multiline nothere.alg8-nsec3.example A
q alg13-tlsa-multiline.txt +multiline _443._tcp.www.alg13-nsec.example TLSA
q alg15-axfr-multiline.txt +multiline alg15-nsec3.example AXFR
q alg8-axfr.txt alg8-nsec3.example AXFR
# Raw wire-format responses (TCP, DO bit set), as hex, for message-decoding tests.
wire() {
  out=$1 name=$2 qtype=$3
  python3 - "$PORT" "$name" "$qtype" > "dig/$out" <<'PY'
import socket, struct, sys
port, name, qtype = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
qname = b"".join(bytes([len(l)]) + l.encode() for l in name.rstrip(".").split(".")) + b"\0"
opt = b"\0" + struct.pack(">HHIH", 41, 1232, 0x8000, 0)
msg = struct.pack(">HHHHHH", 0, 0, 1, 0, 0, 1) + qname + struct.pack(">HH", qtype, 1) + opt
s = socket.create_connection(("127.0.0.1", port))
s.sendall(struct.pack(">H", len(msg)) + msg)
def recv(n):
    b = b""
    while len(b) < n:
        b += s.recv(n - len(b))
    return b
n = struct.unpack(">H", recv(2))[0]
print(recv(n).hex())
PY
}
wire alg13-www-a.wire.hex www.alg13-nsec.example 1
wire alg13-nxdomain.wire.hex nothere.alg13-nsec.example 1
wire alg8-nxdomain.wire.hex nothere.alg8-nsec3.example 1
wire alg15-dnskey.wire.hex alg15-nsec3.example 48
# Remove the lines that change on every run (timing, server, date) so regenerating gives a clean diff.
sed -i -e '/^;; Query time:/d' -e '/^;; WHEN:/d' -e '/^;; SERVER:/d' -e '/^;; XFR size:/d' -e '/^;; MSG SIZE/d' -e 's/id: [0-9]*/id: 0/' dig/*.txt

