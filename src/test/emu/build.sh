#!/usr/bin/env bash
# Builds target/emu/libcuda.so.1: the CUDA driver API emulated on the CPU (driver_emu.cpp) running the real kernel
# sources (src/main/cuda) under a fiber scheduler (kernels_emu.cpp). A development tool for machines without a GPU:
#
#   bash src/test/emu/build.sh
#   mvn -o test -Dtest=CudaConformanceTest -Drnnx.cuda.library=$PWD/target/emu/libcuda.so.1
#   java -Drnnx.cuda.library=$PWD/target/emu/libcuda.so.1 -jar target/rnnx.jar selftest --backend cuda
#
# Needs g++ (C++20) and cuda.h from a CUDA toolkit (CUDA_HOME, default /usr/local/cuda) for the real prototypes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cuda_home="${CUDA_HOME:-/usr/local/cuda}"
out="$root/target/emu"
mkdir -p "$out"
flags=(-std=c++20 -U_FORTIFY_SOURCE -O2 -g -fPIC -Wall -Wno-unused-function -Wno-unused-variable -Wno-unused-but-set-variable -Wno-unknown-pragmas)
g++ "${flags[@]}" -I "$here" -I "$root/src/main/cuda" -x c++ -c "$here/kernels_emu.cpp" -o "$out/kernels_emu.o"
g++ "${flags[@]}" -I "$here" -I "$cuda_home/include" -c "$here/driver_emu.cpp" -o "$out/driver_emu.o"
g++ -shared -o "$out/libcuda.so.1" "$out/kernels_emu.o" "$out/driver_emu.o" -lpthread
echo "built $out/libcuda.so.1"
