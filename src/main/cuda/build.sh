#!/usr/bin/env bash
# Regenerates the CUDA backend's committed kernel binary and its records, from src/main/cuda:
#   rnnx_kernels.fatbin  machine code for sm_75, sm_80, sm_86, sm_89, sm_90 and PTX for compute_75 (JIT elsewhere)
#   kernels.sha256       SHA-256 of every source file here (checked by KernelBinaryTest) and the nvcc command
#   kernel-abi.txt       sizes and offsets of the kernel argument structs (checked by KernelArgsLayoutTest)
# Needs nvcc 13 (NVCC=/path/to/nvcc to choose one) and a host C compiler (CC, default cc). No GPU needed.
# Run it directly or with: mvn -Pcuda generate-resources
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
out="$root/src/main/resources/org/rnnexplorer/engine/backend/cuda"
nvcc="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
cc="${CC:-cc}"

if [ ! -x "$nvcc" ]; then
    echo "build.sh: nvcc not found (set NVCC=/path/to/nvcc)" >&2
    exit 1
fi
release="$("$nvcc" --version | sed -n 's/.*release \([0-9][0-9]*\.[0-9]*\).*/\1/p')"
case "$release" in
    13.*) ;;
    *) echo "build.sh: nvcc $release found; this build needs CUDA 13 (its output is what the driver check expects)" >&2
       exit 1 ;;
esac

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

gencode=(
    -gencode arch=compute_75,code=[sm_75,compute_75]
    -gencode arch=compute_80,code=sm_80
    -gencode arch=compute_86,code=sm_86
    -gencode arch=compute_89,code=sm_89
    -gencode arch=compute_90,code=sm_90
)
# Size-mode compression shrinks the binary about 8x; CUDA 13 drivers (R580+, required anyway) decompress it.
flags=(-std=c++17 -O3 --fatbin --compress-mode=size "${gencode[@]}")

echo "build.sh: compiling rnnx_kernels.cu with $nvcc (CUDA $release) for sm_75, sm_80, sm_86, sm_89, sm_90 + compute_75 PTX..."
(cd "$here" && "$nvcc" "${flags[@]}" -o "$tmp/rnnx_kernels.fatbin" rnnx_kernels.cu)

"$cc" -std=c99 -I"$here" -o "$tmp/abi_layout" "$here/abi_layout.c"
"$tmp/abi_layout" > "$tmp/kernel-abi.txt"

{
    echo "# SHA-256 of the CUDA sources in src/main/cuda that rnnx_kernels.fatbin was built from."
    echo "# Regenerate with: bash src/main/cuda/build.sh (or mvn -Pcuda generate-resources)"
    echo "# nvcc: CUDA $release"
    echo "# command: nvcc ${flags[*]} -o rnnx_kernels.fatbin rnnx_kernels.cu"
    (cd "$here" && LC_ALL=C ls -1 *.cu *.cuh *.h *.c build.sh | LC_ALL=C sort | while read -r f; do sha256sum "$f"; done)
} > "$tmp/kernels.sha256"

mkdir -p "$out"
for f in rnnx_kernels.fatbin kernel-abi.txt kernels.sha256; do
    cp "$tmp/$f" "$out/$f.tmp"
    mv -f "$out/$f.tmp" "$out/$f"
done
echo "build.sh: wrote $(wc -c < "$out/rnnx_kernels.fatbin") bytes to $out/rnnx_kernels.fatbin"
