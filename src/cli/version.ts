// mmulab's version, shown by `mmulab --version` and written into benchmark results.
export const VERSION = '0.1.0';
