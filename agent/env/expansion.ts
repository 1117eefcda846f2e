// $(VAR) expansion as the kubelet does it (third_party/forked/golang/expansion): `$$` escapes an
// operator, a reference with no mapping stays literal, nothing else (shell syntax, backslashes) is special.
export interface EnvVarValue {
  name: string;
  value: string;
}

export type Mapping = (name: string) => string;

/** Looks a name up in each context in turn; an unknown name maps back to its literal `$(name)`. */
export function mappingFor(...contexts: ReadonlyMap<string, string>[]): Mapping {
  return (name) => {
    for (const vars of contexts) {
      const v = vars.get(name);
      if (v !== undefined) return v;
    }
    return `$(${name})`;
  };
}

export function expand(input: string, mapping: Mapping): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === '$') {
      out += '$'; // escaped operator
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close >= 0) {
        out += mapping(input.slice(cursor + 2, close));
        advance = close - cursor;
      } else {
        out += '$('; // incomplete reference: kept, and scanning resumes after the '('
      }
    } else {
      out += `$${next}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** Name → value, the last definition winning (as a container's environment resolves duplicates). */
export function envMap(env: readonly EnvVarValue[]): Map<string, string> {
  return new Map(env.map((e) => [e.name, e.value]));
}

/** `$(VAR)` in a container's command or args, against its resolved environment. */
export function expandArgs(values: readonly string[] | undefined, env: readonly EnvVarValue[]): string[] | undefined {
  if (values === undefined) return undefined;
  const mapping = mappingFor(envMap(env));
  return values.map((v) => expand(v, mapping));
}

/**
 * A volumeMount's subPathExpr: unlike command and args, a reference to an unset or empty variable is an
 * error (`missing value for A, B`), since the path would silently change meaning.
 */
export function expandSubPathExpr(expr: string, env: readonly EnvVarValue[]): { path: string } | { error: string } {
  const vars = envMap(env);
  const missing = new Set<string>();
  const path = expand(expr, (name) => {
    const v = vars.get(name);
    if (!v) missing.add(name);
    return v ?? '';
  });
  if (missing.size > 0) return { error: `missing value for ${[...missing].sort().join(', ')}` };
  return { path };
}
