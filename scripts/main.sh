#!/usr/bin/env bash
# The main job: installs what is missing, builds fedqnn, and runs a real federated run on this
# machine: a base station and two device JVMs on loopback, N = 10 devices, K = 5 per round,
# I = 20 local steps of the paper's CNN at n = 8 bits on Fashion-MNIST, 20 rounds; it ends by
# printing the run folder (summary.md, rounds.csv, ...). Extra arguments go to `fedqnn run`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mvn -B -q -ntp -DskipTests package
exec bin/fedqnn run --dataset fashion-mnist --model paper-cnn --bits 8 --seed 1 "$@"
