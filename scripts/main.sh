#!/usr/bin/env bash
# The main job: installs what is missing, builds fedqnn, and runs the best real job there is.
# Until the federated run lands, that is `fedqnn train`: the paper's CNN on Fashion-MNIST at
# n = 8 bits, one line per epoch, epochs.csv and the model in runs/.
# Extra arguments go to `fedqnn train`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mvn -B -q -ntp -DskipTests package
exec bin/fedqnn train --dataset fashion-mnist --model paper-cnn --bits 8 --epochs 2 --seed 1 "$@"
