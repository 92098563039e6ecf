import type { InspectReport } from '../../inspect/index.js';
export function renderInspectSvg(r: InspectReport): string { return String(r.schema); }
