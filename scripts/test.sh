#!/usr/bin/env bash
# The project's one test command (see README.md):
#
#   bash scripts/test.sh              install missing test dependencies, build once, run every test project
#   bash scripts/test.sh --deps-only  only install the Debian packages the tests need
#
# Ends with exactly one line "N passed, N failed" (", N skipped" when some were skipped); exits non-zero when
# the build failed, any test failed, or a test run aborted. Works on a fresh Debian 12 with the .NET 10 SDK, as root,
# with no network except the package registries. Installing packages never leaves a service running.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="${DANE_TEST_RESULTS:-$ROOT/artifacts/test-results}"
CONFIGURATION="${CONFIGURATION:-Release}"
TRX_NAME="test-results.trx"

# Debian packages the test suites drive (real servers and tools on loopback, the Go wire-format comparison).
PACKAGES=(
  unbound nsd bind9 bind9-utils bind9-dnsutils ldnsutils nginx openssl postfix prosody dnsperf
  golang-go golang-github-miekg-dns-dev python3
)
# Init scripts / units those packages bring; none may be left running or enabled.
SERVICES=(unbound nsd named bind9 nginx postfix prosody)

log() { printf '==> %s\n' "$*" >&2; }

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
      printf '%s\n' "$p"
    fi
  done
}

stop_services() {
  local s
  for s in "${SERVICES[@]}"; do
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
      systemctl disable --now "$s" >/dev/null 2>&1 || true
    fi
    if [ -x "/etc/init.d/$s" ]; then
      # Without systemd, policy-rc.d kept it from starting; stop it anyway in case a package ignored that.
      "/etc/init.d/$s" stop >/dev/null 2>&1 || true
      update-rc.d "$s" disable >/dev/null 2>&1 || true
    fi
  done
}

install_dependencies() {
  local missing
  mapfile -t missing < <(missing_packages)
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi

  if [ "$(id -u)" -ne 0 ]; then
    log "missing packages (${missing[*]}) and not root: install them with apt-get, then re-run"
    return 1
  fi

  log "installing ${missing[*]}"
  # Keep package scripts from starting daemons (they would grab port 53, 25, 80 ... on every interface).
  local policy=/usr/sbin/policy-rc.d created_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Installed by scripts/test.sh while it installs packages.\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=1
  fi

  # Postfix asks how to configure itself: "No configuration" leaves it inert.
  printf '%s\n' \
    'postfix postfix/main_mailer_type select No configuration' \
    'postfix postfix/mailname string localhost' | debconf-set-selections

  local apt_opts=(-y -q -o DPkg::Lock::Timeout=900 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  local rc=0
  export DEBIAN_FRONTEND=noninteractive
  # apt-get update only when needed: the package lists are missing or the install cannot find a package.
  if ! apt-get install "${apt_opts[@]}" --no-install-recommends "${missing[@]}" </dev/null >"$RESULTS/apt-install.log" 2>&1; then
    apt-get update -q -o DPkg::Lock::Timeout=900 </dev/null >>"$RESULTS/apt-install.log" 2>&1
    apt-get install "${apt_opts[@]}" --no-install-recommends "${missing[@]}" </dev/null >>"$RESULTS/apt-install.log" 2>&1 || rc=$?
  fi

  if [ "$created_policy" -eq 1 ]; then
    rm -f "$policy"
  fi

  stop_services
  if [ "$rc" -ne 0 ]; then
    tail -n 30 "$RESULTS/apt-install.log" >&2
    log "apt-get install failed (log: $RESULTS/apt-install.log)"
    return "$rc"
  fi

  return 0
}

# Prints failing test names, then the one summary line; exit status 0 only when nothing failed.
# Arguments: dotnet test's exit code, then the names of the test projects expected to report.
summarize() {
  python3 - "$RESULTS" "$@" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET

results_dir = sys.argv[1]
dotnet_test_rc = int(sys.argv[2])
expected_projects = sys.argv[3:]
passed = failed = skipped = 0
failures = []
files = sorted(glob.glob(os.path.join(results_dir, "*.trx")))
seen_projects = set()
for path in files:
    name = os.path.basename(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        failed += 1
        failures.append(f"{name}: unreadable TRX ({e})")
        continue
    # Strip the VSTest namespace so the element names read plainly.
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]
    seen_projects.add(os.path.splitext(name)[0])
    results = list(root.iter("UnitTestResult"))
    for r in results:
        outcome = r.get("outcome", "")
        test = r.get("testName", "?")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("NotExecuted", "Inconclusive", "Pending", "Disconnected", "Warning", "PassedButRunAborted", "NotRunnable"):
            # xunit's [Fact(Skip=...)] lands as NotExecuted.
            skipped += 1
        else:
            failed += 1
            message = ""
            msg = r.find("./Output/ErrorInfo/Message")
            if msg is not None and msg.text:
                message = msg.text.strip().splitlines()[0][:300]
            failures.append(f"{test} [{outcome}]" + (f": {message}" if message else ""))
    summary = root.find("ResultSummary")
    if summary is not None and summary.get("outcome") in ("Aborted", "Error", "Timeout"):
        # A crashed or aborted test host: count it, even if no single test result says Failed.
        texts = [t.text.strip() for t in summary.iter("Text") if t.text and t.text.strip()]
        if not any(r.get("outcome") not in ("Passed", "NotExecuted") for r in results):
            failed += 1
            failures.append(f"{name}: test run {summary.get('outcome')}" + (f": {texts[0][:300]}" if texts else ""))

for project in expected_projects:
    if project not in seen_projects:
        # The test host died before writing results, or the project was not run at all.
        failed += 1
        failures.append(f"{project}: no test results (TRX) were written")

if dotnet_test_rc != 0 and failed == 0:
    # dotnet test failed although no result says so (a test host crashed before writing its results).
    failed += 1
    failures.append(f"dotnet test exited with code {dotnet_test_rc} without a failing test result (crashed test host?)")

if failures:
    print("Failed tests:")
    for f in failures:
        print(f"  {f}")
line = f"{passed} passed, {failed} failed"
if skipped > 0:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed > 0 else 0)
PY
}

test_projects() {
  # Every project of the solution that references the test SDK (its path relative to the root).
  grep -o 'Path="[^"]*\.csproj"' "$ROOT/DaneDotNet.slnx" | sed 's/^Path="//; s/"$//' | while read -r p; do
    if grep -Eq '<IsTestProject>true</IsTestProject>|"Microsoft.NET.Test.Sdk"' "$ROOT/$p" 2>/dev/null; then
      printf '%s\n' "$p"
    fi
  done
}

main() {
  local deps_only=0
  if [ "${1:-}" = "--deps-only" ]; then
    deps_only=1
  fi

  mkdir -p "$RESULTS"
  if ! install_dependencies; then
    echo "0 passed, 1 failed"
    return 1
  fi

  if [ "$deps_only" -eq 1 ]; then
    return 0
  fi

  # Plain, reproducible output; no telemetry or first-run banners in CI logs.
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  export GOFLAGS="${GOFLAGS:-}" GO111MODULE="${GO111MODULE:-off}" GOPATH="${GOPATH:-/usr/share/gocode}"
  cd "$ROOT" || return 1
  local projects p
  mapfile -t projects < <(test_projects)
  # Each test project writes its own TRX into its own TestResults folder (no name clashes between projects);
  # old ones are removed first so only this run is counted.
  rm -f "$RESULTS"/*.trx
  for p in "${projects[@]}"; do
    rm -f "$ROOT/$(dirname "$p")/TestResults/$TRX_NAME"
  done

  log "building ($CONFIGURATION)"
  if ! dotnet build DaneDotNet.slnx -c "$CONFIGURATION" -nologo -v minimal </dev/null; then
    log "build failed"
    echo "0 passed, 1 failed"
    return 1
  fi

  log "testing"
  local rc=0
  dotnet test DaneDotNet.slnx -c "$CONFIGURATION" --no-build -nologo --logger "trx;LogFileName=$TRX_NAME" </dev/null || rc=$?

  local names=()
  for p in "${projects[@]}"; do
    names+=("$(basename "$p" .csproj)")
    if [ -f "$ROOT/$(dirname "$p")/TestResults/$TRX_NAME" ]; then
      cp "$ROOT/$(dirname "$p")/TestResults/$TRX_NAME" "$RESULTS/$(basename "$p" .csproj).trx"
    fi
  done

  summarize "$rc" "${names[@]}"
}

main "$@"
