#!/bin/sh
# Rebuilds the C programs in programs/vm/ and programs/selftest/ into the
# ELF files committed beside them (e.g. programs/vm/NAME.elf), with Debian's
# clang 14 and ld.lld.
# The assembly programs need no build: mmulab assembles them itself.
#
# The output is deterministic: the same sources give the same bytes, so a
# rebuild that changes an .elf means a source (or the compiler) changed.
#
# usage: scripts/build-programs.sh [output-directory]
#   Without an argument the ELF files go beside their sources; with one they
#   go under it instead (output-directory/vm/NAME.elf...: the differential
#   test rebuilds into a temporary directory and compares the bytes with the
#   committed files).
set -eu

cd "$(dirname "$0")/.."
output=${1:-programs}

CC=${CC:-clang-14}
LD=${LD:-ld.lld-14}
CFLAGS="--target=riscv32 -march=rv32imac -mabi=ilp32 -mno-relax \
  -ffreestanding -nostdlib -nostdlibinc -static -O2 -fno-pic \
  -ffunction-sections -fdata-sections \
  -Wall -Wextra -Werror"
RUNTIME=programs/runtime

objects=$(mktemp -d)
trap 'rm -rf "$objects"' EXIT

for source in $RUNTIME/crt0.S $RUNTIME/syscall.c $RUNTIME/string.c \
              $RUNTIME/printf.c $RUNTIME/malloc.c; do
  name=$(basename "$source")
  $CC $CFLAGS -c "$source" -o "$objects/${name%.*}.o"
done
runtime_objects="$objects/crt0.o $objects/syscall.o $objects/string.o \
  $objects/printf.o $objects/malloc.o"

for source in programs/vm/*.c programs/selftest/*.c; do
  elf=$output/${source#programs/}
  elf=${elf%.c}.elf
  mkdir -p "$(dirname "$elf")"
  $CC $CFLAGS -c "$source" -o "$objects/program.o"
  $LD -T $RUNTIME/link.ld --build-id=none --gc-sections -static -o "$elf" \
    $runtime_objects "$objects/program.o"
  echo "built $elf"
done
