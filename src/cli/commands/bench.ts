// `mmulab bench`: the speed benchmarks (programs/bench/), printed as a table.
import { Command } from 'commander';
import { runBench } from '../../bench/index.js';

export function benchCommand(): Command {
  return new Command('bench')
    .description('measure instructions, TLB-hit translations and page-table walks per second')
    .action(async () => {
      await runBench();
    });
}
