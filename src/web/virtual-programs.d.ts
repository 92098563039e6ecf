// The module scripts/build-web.mjs generates from programs/: assembly, C and
// include files as text, ELF executables as base64, by path under programs/.
declare module 'virtual:programs' {
  export const FILES: Readonly<Record<string, string | { base64: string }>>;
}
