#!/usr/bin/env bash
# setup.sh: installs what Flatline needs and this machine lacks, and nothing
# else; safe to run again. Debian packages through apt-get (as root, or with
# sudo), npm packages through `npm ci`.
#
#   bash tools/setup.sh          what `npm start` needs: a C compiler, CMake, Emscripten
#   bash tools/setup.sh --test   also Chromium for the browser tests, clang and its
#                                sanitizer and fuzzer runtimes, clang-format (the C's
#                                format is a test), and PyTorch for Debian's own
#                                Python (the exported scripts' test)
#   bash tools/setup.sh --bench  also PyTorch, and OpenBLAS unpacked into
#                                build/openblas for the benchmark's PyTorch alone
#                                (the system's default BLAS is left as it is)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v cc >/dev/null || need+=(gcc libc6-dev)
command -v make >/dev/null || need+=(make)
command -v cmake >/dev/null || need+=(cmake)
command -v emcc >/dev/null || need+=(emscripten)
if [[ "${1:-}" == --test ]]; then
  [[ -x /usr/bin/chromium ]] || need+=(chromium)
  # clang and its runtimes, for the sanitizers and libFuzzer.
  command -v clang >/dev/null || need+=(clang)
  compgen -G '/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a' >/dev/null || need+=(libclang-rt-14-dev)
  command -v clang-format >/dev/null || need+=(clang-format)
  # Debian's python3 by its path: another Python on PATH may shadow it.
  /usr/bin/python3 -c 'import torch' 2>/dev/null || need+=(python3-torch)
fi
if [[ "${1:-}" == --bench ]]; then
  /usr/bin/python3 -c 'import torch' 2>/dev/null || need+=(python3-torch)
fi

if ((${#need[@]})); then
  echo "setup: installing Debian packages: ${need[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The benchmark's OpenBLAS: Debian's package, downloaded and unpacked beside the
# build (installed, it would become every program's BLAS through the alternatives).
openblas=build/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
if [[ "${1:-}" == --bench && ! -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 && ! -e $openblas ]]; then
  echo "setup: unpacking Debian's libopenblas0-pthread into build/openblas (for the benchmark's PyTorch)"
  tmp=$(mktemp -d)
  if (cd "$tmp" && apt-get download -qq libopenblas0-pthread >/dev/null 2>&1); then
    mkdir -p build/openblas
    dpkg-deb -x "$tmp"/libopenblas0-pthread_*.deb build/openblas
  else
    echo "setup: could not download libopenblas0-pthread; the benchmark's PyTorch uses the reference BLAS and says so"
  fi
  rm -rf "$tmp"
fi

# npm packages: again only when the lock file is newer than the last install.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
