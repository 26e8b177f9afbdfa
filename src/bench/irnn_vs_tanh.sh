#!/usr/bin/env bash
# Le, Jaitly & Hinton (2015) on the adding problem, T = 100, 100 units: an IRNN (ReLU, W_hh = I) against a tanh RNN
# with PyTorch's default init, both trained by plain SGD with the same learning rate, clipping, batch size, steps and
# seed, differing only in nonlinearity and init. Writes target/irnn-vs-tanh/*.csv and the plot
# assets/irnn-vs-tanh-adding-t100.png (needs /usr/bin/python3 with matplotlib: apt-get install python3-matplotlib).
#
#   mvn -q -B -DskipTests package && bash src/bench/irnn_vs_tanh.sh [STEPS]
#
# Each run takes about 8 minutes on one core of the CI machine kind (100 000 steps); the runs go two at a time.
set -euo pipefail
cd "$(dirname "$0")/../.."
steps="${1:-100000}"
java="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
out=target/irnn-vs-tanh
mkdir -p "$out"
rnnx() { "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Drnnx.simd.threads=1 \
    -jar target/rnnx.jar "$@"; }
common=(--task adding --seq-len 100 --hidden-size 100 --optimizer sgd --lr 0.01 --clip-norm 1 --batch-size 16
    --steps "$steps" --backend simd --quiet)
rnnx train "${common[@]}" --nonlinearity relu --init identity --seed 1 --log "$out/irnn-seed1.csv" &
rnnx train "${common[@]}" --nonlinearity tanh --init default --seed 1 --log "$out/tanh-seed1.csv" &
wait
rnnx train "${common[@]}" --nonlinearity relu --init identity --seed 2 --log "$out/irnn-seed2.csv" &
rnnx train "${common[@]}" --nonlinearity tanh --init default --seed 2 --log "$out/tanh-seed2.csv" &
wait
/usr/bin/python3 src/bench/plot_training.py assets/irnn-vs-tanh-adding-t100.png \
    "IRNN (ReLU, W_hh = I), seed 1=$out/irnn-seed1.csv" "IRNN, seed 2=$out/irnn-seed2.csv" \
    "tanh, PyTorch default init, seed 1=$out/tanh-seed1.csv" "tanh, seed 2=$out/tanh-seed2.csv"
