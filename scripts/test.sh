#!/usr/bin/env bash
# The test command: installs what is missing, then builds every module and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec mvn -B -ntp verify "$@"
