#!/bin/sh
# Regenerates the fixtures in this directory (see README.md). Needs nsd, dig (bind9-dnsutils) and python3.
set -eu
PORT=${PORT:-53535}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
# Waits until capture.py has bound its socket (it creates FILE.ready), then removes the marker.
await_ready() {
    for _ in $(seq 1 100); do
        if [ -e "$1.ready" ]; then rm -f "$1.ready"; return 0; fi
        sleep 0.1
    done
    echo "capture.py did not start" >&2; exit 1
}
cp "$HERE/example.zone" "$WORK/"
cat > "$WORK/nsd.conf" <<CONF
server:
    ip-address: 127.0.0.1@$PORT
    port: $PORT
    username: ""
    chroot: ""
    zonesdir: "$WORK"
    database: ""
    pidfile: "$WORK/nsd.pid"
    xfrdfile: "$WORK/xfrd.state"
    zonelistfile: "$WORK/zone.list"
    logfile: "$WORK/nsd.log"
    nsid: "ascii_ns1.example"
    answer-cookie: yes
remote-control:
    control-enable: no
zone:
    name: "example."
    zonefile: "example.zone"
CONF
nsd -c "$WORK/nsd.conf"
for _ in $(seq 1 50); do dig @127.0.0.1 -p "$PORT" +short +tries=1 +timeout=1 example. SOA > /dev/null 2>&1 && break; sleep 0.2; done
mkdir -p "$HERE/responses"
while read -r NAME TYPE; do
    FILE=$(echo "$NAME-$TYPE" | tr '.' '_' | sed 's/^_*//')
    dig @127.0.0.1 -p "$PORT" +norec +nocookie "$NAME" "$TYPE" > "$HERE/responses/$FILE.dig.txt"
    python3 "$HERE/capture.py" query "$PORT" "$NAME" "$TYPE" "$HERE/responses/$FILE.bin"
done < "$HERE/queries.txt"
# NSD's NSID and server cookie: dig's rendering and a raw response to a query with NSID and a client cookie.
dig @127.0.0.1 -p "$PORT" +norec +nsid +cookie example. SOA > "$HERE/nsd-nsid-cookie.dig.txt"
python3 "$HERE/capture.py" query "$PORT" example. SOA "$HERE/nsd-nsid-cookie.bin" nsid cookie
kill "$(cat "$WORK/nsd.pid")"

# A dig query with cookie, NSID and padding, and one with a client subnet, as raw wire (captured on loopback).
python3 "$HERE/capture.py" listen "$((PORT + 1))" "$HERE/dig-query-cookie-nsid-padding.bin" &
await_ready "$HERE/dig-query-cookie-nsid-padding.bin"
dig @127.0.0.1 -p "$((PORT + 1))" +cookie +nsid +padding=128 +tries=1 example. A > /dev/null || true
wait
python3 "$HERE/capture.py" listen "$((PORT + 1))" "$HERE/dig-query-subnet.bin" &
await_ready "$HERE/dig-query-subnet.bin"
dig @127.0.0.1 -p "$((PORT + 1))" +subnet=192.0.2.0/24 +tries=1 example. A > /dev/null || true
wait

# A response with Extended DNS Error 7 + EXTRA-TEXT, NSID, client subnet and padding, and dig's rendering of it.
python3 "$HERE/capture.py" fakeserver "$((PORT + 2))" "$HERE/fake-response-ede.bin" &
await_ready "$HERE/fake-response-ede.bin"
dig @127.0.0.1 -p "$((PORT + 2))" +tries=1 +nocookie example. A > "$HERE/fake-response-ede.dig.txt"
wait
rm -rf "$WORK"
