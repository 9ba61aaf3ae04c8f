declare module '*.css';
/** A worker's bundle as text, built and inlined by esbuild.mjs's inline-worker plugin. */
declare module 'inline-worker:*' {
  const source: string;
  export default source;
}
