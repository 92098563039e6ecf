// Every failure mmulab reports on purpose is a MmulabError: the CLI prints its
// message as one line and exits 2; anything else is a bug and shows a stack.
export class MmulabError extends Error {
  override name = 'MmulabError';
}
