#!/usr/bin/env bash
# The main job: installs what is missing, builds fedqnn, and runs the best real job there is.
# Until the federated run lands, that is `fedqnn prepare`: load and check Fashion-MNIST,
# partition it over N devices, and report what each device holds and what one update costs.
# Extra arguments go to `fedqnn prepare`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mvn -B -q -ntp -DskipTests package
exec bin/fedqnn prepare --dataset fashion-mnist --devices 50 --partition dirichlet --alpha 0.5 \
  --model paper-cnn --bits 8 --seed 1 "$@"
