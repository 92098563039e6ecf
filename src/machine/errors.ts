import { MmulabError } from '../errors.js';

/** Bad machine options, an ELF the machine cannot load, or a host access outside RAM. */
export class MachineError extends MmulabError {
  override name = 'MachineError';
}
