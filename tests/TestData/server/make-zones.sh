#!/bin/sh
# Regenerates the signed test zones with BIND's dnssec-keygen / dnssec-signzone (Debian package bind9-utils).
# Signatures are valid from 2025-01-01 to 2045-01-01 so the files stay usable; keys are throw-away.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp example.zone example.net.zone example.org.zone sub.example.zone "$work/"
cd "$work"
window="-s 20250101000000 -e 20450101000000"
for z in sub.example example example.net example.org; do
  dnssec-keygen -q -a ECDSAP256SHA256 -f KSK "$z" >/dev/null
  dnssec-keygen -q -a ECDSAP256SHA256 "$z" >/dev/null
done
# The child first: its DS goes into the parent (dsset-sub.example.).
dnssec-signzone -q -S -K . $window -o sub.example -f sub.example.signed sub.example.zone
cat dsset-sub.example. >> example.zone
dnssec-signzone -q -S -K . $window -o example -f example.signed example.zone
# NSEC3 as RFC 9276 recommends: no salt, no extra iterations, no opt-out.
dnssec-signzone -q -S -K . $window -3 - -H 0 -o example.net -f example.net.signed example.net.zone
# NSEC3 with a salt, extra iterations and opt-out: the unsigned delegation has no NSEC3 of its own.
dnssec-signzone -q -S -K . $window -3 AB12CD -H 5 -A -o example.org -f example.org.signed example.org.zone
cp sub.example.signed example.signed example.net.signed example.org.signed "$OLDPWD/"
