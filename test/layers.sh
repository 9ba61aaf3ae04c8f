#!/usr/bin/env bash
# `npm test`: type-check, build and package, then each test layer in turn,
# stopping at the first that fails, then a table of how long each layer took. The real VS
# Code host is installed (or found in the cache) as a layer of its own, so its time shows.
set -uo pipefail
cd "$(dirname "$0")/.."

layers=(
  "build|npm run --silent test:build"
  "lint|npm run --silent lint"
  "unit|npm run --silent test:unit"
  "host install|bash test/host/ensure-host.sh >/dev/null"
  "integration|npm run --silent test:integration"
  "ui|npm run --silent test:ui"
)
summary=()
status=0
for layer in "${layers[@]}"; do
  name="${layer%%|*}"
  started=$SECONDS
  echo "== $name"
  if bash -c "${layer#*|}"; then result=passed; else result=FAILED; status=1; fi
  summary+=("$(printf '%-13s %-7s %4d s' "$name" "$result" $((SECONDS - started)))")
  [ $status -eq 0 ] || break
done
echo
echo "== test layers"
printf '%s\n' "${summary[@]}"
exit $status
