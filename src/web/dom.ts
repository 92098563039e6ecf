// Small DOM helpers for the page (no framework).

type Child = Node | string | null | undefined | false;

/** document.createElement with a class (or attributes) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: string | Record<string, string> = {}, ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (typeof attrs === 'string') {
    if (attrs !== '') e.className = attrs;
  } else {
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

/** The element with this id (the page's HTML defines them all). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`the page has no #${id}`);
  return e as T;
}

export function replaceChildren(parent: HTMLElement, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}
