// The mmulab command: one subcommand per job, each in its own module.
import { Command, CommanderError } from 'commander';
import { MmulabError } from '../errors.js';
import { asmCommand } from './commands/asm.js';
import { benchCommand } from './commands/bench.js';
import { disasmCommand } from './commands/disasm.js';
import { inspectCommand } from './commands/inspect.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { translateCommand } from './commands/translate.js';
import { VERSION } from './version.js';

const program = new Command('mmulab')
  .description('A RISC-V CPU and MMU emulator for studying virtual memory')
  .version(VERSION)
  .addCommand(runCommand())
  .addCommand(asmCommand())
  .addCommand(disasmCommand())
  .addCommand(benchCommand())
  .addCommand(inspectCommand())
  .addCommand(translateCommand())
  .addCommand(serveCommand());

// Usage errors (an unknown command or option, a bad value) say so in one line
// plus a pointer to the help, and exit 2 like mmulab's other errors; --help
// and --version exit 0.
for (const command of [program, ...program.commands]) {
  command.exitOverride().showHelpAfterError(`(see 'mmulab ${command === program ? '' : command.name() + ' '}--help')`);
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  if (err instanceof MmulabError) {
    process.stderr.write(`mmulab: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
