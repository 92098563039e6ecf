export * from './machine.js';
export { MachineError } from './errors.js';
