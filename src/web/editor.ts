// The source editor: a textarea with a line-number gutter that marks the
// lines the assembler reported errors on.
import { byId, el, replaceChildren } from './dom.js';
import type { AsmDiagnostic } from './protocol.js';

const LINE_HEIGHT = 16;

export class Editor {
  private readonly text = byId<HTMLTextAreaElement>('source');
  private readonly gutter = byId('gutter');
  private errorLines = new Set<number>();

  constructor() {
    this.text.addEventListener('input', () => this.drawGutter());
    this.text.addEventListener('scroll', () => { this.gutter.scrollTop = this.text.scrollTop; });
  }

  get value(): string { return this.text.value; }

  /** Show `source`; read-only for a C program's source (its ELF is what runs). */
  show(source: string, readOnly: boolean): void {
    this.text.value = source;
    this.text.readOnly = readOnly;
    this.showErrors([], '');
  }

  /** Mark the diagnostics of `file` (the edited one) in the gutter and list all of them below. */
  showErrors(diagnostics: AsmDiagnostic[], file: string): void {
    this.errorLines = new Set(diagnostics.filter((d) => d.file === file).map((d) => d.line));
    this.drawGutter();
    replaceChildren(byId('asm-errors'), ...diagnostics.map((d) => {
      const li = el('li', '', `${d.file}:${d.line}:${d.column}: ${d.message}`);
      li.dataset.line = String(d.line);
      if (d.file === file) li.addEventListener('click', () => this.goToLine(d.line, d.column));
      return li;
    }));
    const first = diagnostics.find((d) => d.file === file);
    if (first !== undefined) this.goToLine(first.line, first.column);
  }

  private goToLine(line: number, column: number): void {
    const lines = this.text.value.split('\n');
    const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, column - 1);
    this.text.focus();
    this.text.setSelectionRange(offset, offset);
    this.text.scrollTop = Math.max(0, (line - 5) * LINE_HEIGHT);
  }

  private drawGutter(): void {
    const n = this.text.value.split('\n').length;
    const rows: (HTMLElement | string)[] = [];
    for (let i = 1; i <= n; i++) {
      rows.push(this.errorLines.has(i) ? el('span', { class: 'err', 'data-line': String(i) }, String(i)) : `${i}\n`);
    }
    replaceChildren(this.gutter, ...rows);
    this.gutter.scrollTop = this.text.scrollTop;
  }
}
