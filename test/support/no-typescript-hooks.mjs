// Module hooks of no-typescript.mjs: refuse tsx and every TypeScript module the ESM loader is asked for.
const TYPESCRIPT = /\.(c|m)?tsx?$/;

export async function resolve(specifier, context, next) {
  if (/^tsx(\/|$)/.test(specifier)) throw new Error(`tsx imported at run time (from ${context.parentURL})`);
  const resolved = await next(specifier, context);
  if (TYPESCRIPT.test(new URL(resolved.url).pathname)) throw new Error(`TypeScript imported at run time: ${resolved.url}`);
  return resolved;
}
