#!/bin/sh
# translate-path.sh [walk|hit] [--list]: how many x86 instructions one
# translate() call (assembly/mmu/access.ts) executes in V8's optimized code,
# counted by stepping it in gdb: a full Sv32 walk with its TLB fill (walk, the
# walk-4k case of `mmulab bench --suite mmu`: a one-entry DTLB), or a modeled
# TLB hit (hit, tlb-hit-sequential: the default 64-entry 4-way TLB). Timings
# of these paths move with V8's code layout and register allocation; this
# count does not, so it is what they were tuned by (src/machine/README.md,
# "Speed"). Linux with gdb; run after `npm run build`. --list prints every
# instruction.
set -e
cd "$(dirname "$0")/.."
root=$(pwd)
work=dist/translate-path
mkdir -p "$work"
case=walk
list=
for arg in "$@"; do
  case $arg in
    walk|hit) case=$arg ;;
    --list) list=1 ;;
    *) echo "usage: $0 [walk|hit] [--list]" >&2; exit 2 ;;
  esac
done
tlb=WALK_TLB
[ $case = hit ] && tlb=DEFAULT_TLB

# The harness: the TLB filled (64 pages in order, twice over), then one more
# translation once gdb is attached.
cat > "$work/harness.ts" <<EOF
import { WALK_TLB, benchExports, microMachine } from '$root/src/bench/mmu-micro.ts';
import { DEFAULT_TLB } from '$root/src/machine/index.ts';
import { SV32 } from '$root/src/kernel/vm.ts';
const hw = benchExports(await microMachine(SV32, $tlb));
hw.benchTranslateSequential(0x4000_0000, 4096, 64, 1000, 0);
console.log('ready', process.pid);
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
hw.benchTranslateSequential(0x4000_0000, 4096, 64, 1, 0);
EOF
node_modules/.bin/esbuild "$work/harness.ts" --bundle --platform=node --format=esm \
  --outfile="$work/harness.mjs" --log-level=warning

# translate()'s function index: the function benchTranslateSequential calls.
node_modules/.bin/wasm-dis build/mmulab.wasm -o "$work/mmulab.wat"
bench=$(sed -n 's/.*(export "benchTranslateSequential" (func \$\([0-9]*\))).*/\1/p' "$work/mmulab.wat")
index=$(awk -v f="$bench" '$0 ~ "^ \\(func \\$"f" " {on=1} on && /call \$/ {print; exit}' "$work/mmulab.wat" |
  sed 's/.*call \$\([0-9]*\).*/\1/')

# gdb steps from translate()'s entry to its return, stepping over nothing.
cat > "$work/step.py" <<EOF
import gdb
gdb.execute('continue')
out = open('$root/$work/path.txt', 'w')
depth = 0
for n in range(5000):
    frame = gdb.selected_frame()
    insn = frame.architecture().disassemble(frame.pc())[0]['asm']
    out.write(insn + '\n')
    if insn.startswith('ret'):
        if depth == 0:
            break
        depth -= 1
    elif insn.startswith('call'):
        depth += 1
    gdb.execute('stepi', to_string=True)
out.close()
EOF

node --no-liftoff --perf-basic-prof "$work/harness.mjs" > "$work/harness.out" &
node_pid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ready "$work/harness.out" 2>/dev/null && break; sleep 0.3; done
address=$(grep "wasm-function\[$index\]-$index-turbofan" "/tmp/perf-$node_pid.map" | head -1 | cut -d' ' -f1)
gdb -p "$node_pid" -batch -ex "break *0x$address" -ex "source $work/step.py" > "$work/gdb.out" 2>&1
wait "$node_pid"
rm -f "/tmp/perf-$node_pid.map"
[ -n "$list" ] && cat "$work/path.txt"
what="a full Sv32 walk and its TLB fill"
[ $case = hit ] && what="a modeled TLB hit (4 ways)"
echo "translate(): $(wc -l < "$work/path.txt") instructions for $what"
