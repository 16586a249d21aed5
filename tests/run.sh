#!/usr/bin/env bash
# The test command: installs what the tests need, builds with warnings as errors, checks formatting, publishes the
# dashboard (the browser tests run the published binary), runs every test project and ends with "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
publish="$root/artifacts/publish"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n== %s\n' "$*"; }
finish() { # passed failed skipped
  dotnet build-server shutdown >/dev/null 2>&1 || true
  [ "${3:-0}" -gt 0 ] && echo "$3 skipped (reasons above)"
  echo "$1 passed, $2 failed"
  [ "$2" -eq 0 ]
  exit $?
}
gate() { # a step whose failure stops the run and counts as one failed check
  if ! "$@"; then echo "FAILED: $*" >&2; finish 0 1; fi
}

step "chromium (Debian) for the browser tests"
if ! command -v chromium >/dev/null 2>&1; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  gate $sudo_cmd apt-get update -qq
  gate env DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium
fi
chromium --version

step "dotnet local tools"
gate dotnet tool restore

step "build (warnings are errors)"
gate dotnet build HubWatch.sln -c Release -warnaserror -nologo -clp:ErrorsOnly

step "format"
gate dotnet format HubWatch.sln --verify-no-changes --no-restore

step "publish the dashboard"
rm -rf "$publish"
gate dotnet publish src/HubWatch.Web -c Release -o "$publish" --no-build -nologo -clp:ErrorsOnly
export HUBWATCH_PUBLISH_DIR="$publish"

step "tests"
log="$root/artifacts/test-output.log"
results="$root/artifacts/test-results"
mkdir -p "$root/artifacts"
rm -rf "$results"
dotnet test HubWatch.sln -c Release --no-build -nologo --logger trx --results-directory "$results" 2>&1 | tee "$log"
test_rc=${PIPESTATUS[0]}

# The console names a skipped test but not why; the TRX files keep the reason.
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  awk '/outcome="NotExecuted"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11) }
       name != "" && /<Message>/ { sub(/.*<Message>/, ""); sub(/<\/Message>.*/, ""); print "skipped " name ": " $0; name = "" }' "$trx"
done

# Each test project ends with "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T" (or "Failed!  - …").
# A project that printed no such line (its test host crashed) counts as one failure.
passed=0 failed=0 skipped=0 summaries=0
while read -r f p s; do
  summaries=$((summaries + 1)); failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(grep -E '^(Passed|Failed)! +- ' "$log" | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/')
projects=$(ls tests/*/*.Tests.csproj | wc -l)
[ "$summaries" -lt "$projects" ] && failed=$((failed + projects - summaries))
[ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
finish "$passed" "$failed" "$skipped"
