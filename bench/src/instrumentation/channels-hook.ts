/** The resolve hook registered by `no-channels.ts` (runs on the loader thread). */
const STUB = new URL('./channels-stub.js', import.meta.url).href;
const TARGET = /\/packages\/core\/dist\/observe\/channels\.js$/;

interface Resolved {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
type Next = (specifier: string, context: unknown) => Promise<Resolved>;

export async function resolve(specifier: string, context: unknown, next: Next): Promise<Resolved> {
  const resolved = await next(specifier, context);
  return TARGET.test(resolved.url) ? { ...resolved, url: STUB } : resolved;
}
