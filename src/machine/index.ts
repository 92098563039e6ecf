export * from './machine.js';
export { MachineError } from './errors.js';
export { openPmpForSupervisor } from './firmware.js';
