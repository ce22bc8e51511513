#!/bin/sh
# Regenerates the BIND-signed fixture zones in this directory (see README.md).
# Needs bind9-utils (dnssec-keygen, dnssec-signzone, dnssec-dsfromkey). Keys go to ./keys.
set -eu
cd "$(dirname "$0")"
rm -rf keys && mkdir keys
INCEPTION=20260101000000
EXPIRATION=20360101000000

# zone alg, extra dnssec-signzone options, key-size options
sign() {
  zone=$1 alg=$2 opts=$3
  ksk=$(dnssec-keygen -q -K keys -a "$alg" -f KSK -n ZONE "$zone")
  zsk=$(dnssec-keygen -q -K keys -a "$alg" -n ZONE "$zone")
  # A child key so the delegation "sub" has a real DS record.
  child=$(dnssec-keygen -q -K keys -a "$alg" -f KSK -n ZONE "sub.$zone")
  dnssec-dsfromkey -a SHA-256 "keys/$child.key" > "keys/ds-sub.$zone"
  sed "s/@ORIGIN@/$zone/g" template.zone > "keys/$zone.zone"
  cat "keys/ds-sub.$zone" "keys/$ksk.key" "keys/$zsk.key" >> "keys/$zone.zone"
  # shellcheck disable=SC2086
  (cd keys && dnssec-signzone -o "$zone" -s "$INCEPTION" -e "$EXPIRATION" -j 0 -N keep $opts \
    -f "../$zone.signed" -k "$ksk" "$zone.zone" "$zsk")
  # (MSBuild does not copy file names ending in a dot.)
  mv "keys/dsset-$zone." "keys/dsset-$zone.txt"
  echo "$zone KSK $ksk ZSK $zsk" >> keys.txt
}

rm -f keys.txt
# ECDSA P-256 (13), NSEC.
sign alg13-nsec.example ECDSAP256SHA256 ""
# RSA/SHA-256 (8), NSEC3 with salt, 5 extra iterations, opt-out.
sign alg8-nsec3.example RSASHA256 "-3 AABBCCDD -H 5 -A"
# Ed25519 (15), NSEC3 with salt, no extra iterations, no opt-out.
sign alg15-nsec3.example ED25519 "-3 0102030405060708 -H 0"
rm -rf keys/*.private

# BIND's own reading of each signed zone, one record a line ("full" style), to compare our reader with.
for zone in alg13-nsec.example alg8-nsec3.example alg15-nsec3.example; do
  named-compilezone -q -s full -o "$zone.compiled" "$zone" "$zone.signed"
done
