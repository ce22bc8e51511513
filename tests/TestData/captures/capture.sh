#!/usr/bin/env bash
# Regenerates the captured DNS messages in this folder (see README.md): signs zone.template twice with
# dnssec-signzone (NSEC3 with ECDSA P-256, NSEC with RSA/SHA-256), serves both zones with NSD on 127.0.0.1 and a
# high port, and saves raw responses with capture.py. Needs: nsd, bind9-utils, python3. Run as root (nsd drops nothing
# when its username is empty). Everything stays on loopback; the NSD it starts is stopped at the end.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORT="${CAPTURE_PORT:-45353}"
WORK="$(mktemp -d)"
trap 'if [ -f "$WORK/nsd.pid" ]; then kill "$(cat "$WORK/nsd.pid")" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT

sign() { # zone-origin variant(nsec|nsec3) algorithm
  local origin="$1" variant="$2" alg="$3"
  sed "s/@ORIGIN@/$origin./" "$HERE/zone.template" >"$WORK/$origin.zone"
  (
    cd "$WORK"
    local size=()
    [ "$alg" = RSASHA256 ] && size=(-b 2048)
    dnssec-keygen -q -a "$alg" "${size[@]}" -f KSK -n ZONE "$origin" >/dev/null
    dnssec-keygen -q -a "$alg" "${size[@]}" -n ZONE "$origin" >/dev/null
    local nsec3=()
    [ "$variant" = nsec3 ] && nsec3=(-3 aabbccdd -H 1)
    # Both keys sign the DNSKEY RRset (no -x), so it carries two RRSIGs.
    dnssec-signzone -q -S -K . "${nsec3[@]}" -s 20261101000000 -e 20361101000000 \
      -o "$origin" -f "$origin.signed" "$origin.zone" >/dev/null
  )
  cp "$WORK/$origin.signed" "$HERE/$origin.signed"
}

sign nsec3.example nsec3 ECDSAP256SHA256
sign nsec.example nsec RSASHA256

cat >"$WORK/nsd.conf" <<EOF
server:
  ip-address: 127.0.0.1@$PORT
  port: $PORT
  username: ""
  chroot: ""
  zonesdir: "$WORK"
  database: ""
  zonelistfile: "$WORK/zone.list"
  xfrdfile: "$WORK/xfrd.state"
  pidfile: "$WORK/nsd.pid"
  logfile: "$WORK/nsd.log"
  server-count: 1
  verbosity: 1
remote-control:
  control-enable: no
zone:
  name: nsec3.example
  zonefile: "$WORK/nsec3.example.signed"
zone:
  name: nsec.example
  zonefile: "$WORK/nsec.example.signed"
EOF
nsd-checkconf "$WORK/nsd.conf"
nsd -c "$WORK/nsd.conf"
for _ in $(seq 50); do
  [ -s "$WORK/nsd.pid" ] && python3 "$HERE/capture.py" --probe --port "$PORT" 2>/dev/null && break
  sleep 0.1
done

python3 "$HERE/capture.py" --port "$PORT" --out "$HERE"
