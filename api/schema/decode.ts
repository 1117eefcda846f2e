// Decoding a request body against its kind's schema the way the Kubernetes API server's Go decoder does:
// unknown fields are dropped (and reported, for fieldValidation=Strict/Warn), values Go could not unmarshal
// into the field's type are errors, `null` unsets a field, quantities given as numbers become strings.
import { isObject, type StatusCause } from '../types/meta.js';
import { compileSchema, fieldsOf, type DecoderNode } from './decoder.js';
import { QUANTITY_REGEX, Quantity, QuantityParseError, canonicalQuantity } from '../quantity/index.js';
import { base64Error, timeError } from './scalars.js';
import type { JSONSchema, SchemaRegistry } from './types.js';

export interface DecodeResult {
  /** The decoded copy (unknown fields pruned); undefined when the value as a whole has the wrong type. */
  value: unknown;
  /** Paths of the dropped fields, as upstream's strict error names them: "spec.template.spec.containers[0].bogus". */
  unknownFields: string[];
  /** Values of the wrong type; each message is Go's ("json: cannot unmarshal string into Go struct field ..."). */
  errors: StatusCause[];
}

interface State {
  registry: SchemaRegistry;
  unknownFields: string[];
  errors: StatusCause[];
}

/** Where a value sits: its field path, the path Go reports (no indices or keys) and the struct holding it. */
interface Where {
  path: string;
  goPath: string;
  struct?: string;
}

/**
 * Decodes `value` as `schema`. Preserve-unknown-fields subtrees are kept as they are (and shared, not copied).
 * `path` prefixes every reported path when decoding a part of a larger object.
 */
export function decodeObject(value: unknown, schema: JSONSchema, registry: SchemaRegistry, path = ''): DecodeResult {
  const state: State = { registry, unknownFields: [], errors: [] };
  const node = compileSchema(schema, registry);
  const where: Where = { path, goPath: path.replace(/\[[^\]]*\]/g, '') };
  const decoded = value === null ? undefined : decodeValue(value, node, where, state);
  return { value: decoded === DROP ? undefined : decoded, unknownFields: state.unknownFields, errors: state.errors };
}

/** Returned for a value that failed to decode; the caller leaves the field out. */
const DROP = Symbol('drop');

function decodeValue(value: unknown, node: DecoderNode, where: Where, st: State): unknown {
  switch (node.kind) {
    case 'struct': {
      if (!isObject(value)) return typeError(value, node, where, st);
      const fields = fieldsOf(node, st.registry);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const path = where.path === '' ? key : `${where.path}.${key}`;
        const field = fields.get(key);
        if (!field) {
          st.unknownFields.push(path);
          continue;
        }
        const v = value[key];
        if (v === null || v === undefined) continue;
        const goPath = where.goPath === '' ? key : `${where.goPath}.${key}`;
        const decoded = decodeValue(v, field, { path, goPath, struct: node.struct }, st);
        if (decoded !== DROP) out[key] = decoded;
      }
      return out;
    }
    case 'map': {
      if (!isObject(value)) return typeError(value, node, where, st);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const v = value[key];
        const path = `${where.path}[${key}]`;
        // Go stores the zero value for a null map entry.
        const decoded = v === null ? zeroValue(node.values) : decodeValue(v, node.values, { ...where, path }, st);
        if (decoded !== DROP) setOwn(out, key, decoded);
      }
      return out;
    }
    case 'array': {
      if (!Array.isArray(value)) return typeError(value, node, where, st);
      const out: unknown[] = [];
      value.forEach((v: unknown, i) => {
        const path = `${where.path}[${i}]`;
        const decoded = v === null ? zeroValue(node.items) : decodeValue(v, node.items, { ...where, path }, st);
        if (decoded !== DROP) out.push(decoded);
      });
      return out;
    }
    default:
      return decodeScalar(value, node, where, st);
  }
}

function decodeScalar(value: unknown, node: DecoderNode, where: Where, st: State): unknown {
  switch (node.kind) {
    case 'any':
      return value;
    case 'string':
      return typeof value === 'string' ? value : typeError(value, node, where, st);
    case 'bool':
      return typeof value === 'boolean' ? value : typeError(value, node, where, st);
    case 'float64':
      return typeof value === 'number' ? value : typeError(value, node, where, st);
    case 'int32':
    case 'int64':
      return fitsInt(value, node.kind) ? value : typeError(value, node, where, st);
    case 'bytes':
      if (typeof value !== 'string') return typeError(value, node, where, st);
      return check(value, base64Error(value), where, st);
    case 'time':
      // metav1.Time reads the JSON as a Go string first.
      if (typeof value !== 'string') return typeError(value, { kind: 'string', goType: 'string' }, where, st);
      return check(value, timeError(value), where, st);
    case 'intOrString':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') return fitsInt(value, 'int32') ? value : typeError(value, { kind: 'int32', goType: 'int32' }, where, st);
      return typeError(value, node, where, st);
    case 'quantity':
      // Go's Quantity takes a JSON number too, and marshals it back as its canonical string.
      if (typeof value === 'string') return check(value, quantityError(value), where, st);
      if (typeof value === 'number') {
        const problem = quantityError(String(value));
        return problem === undefined ? canonicalQuantity(String(value)) : check(value, problem, where, st);
      }
      return check(value, `quantities must match the regular expression '${QUANTITY_REGEX}'`, where, st);
    default:
      return typeError(value, node, where, st);
  }
}

function quantityError(text: string): string | undefined {
  try {
    Quantity.parse(text);
    return undefined;
  } catch (err) {
    if (err instanceof QuantityParseError) return err.message;
    throw err;
  }
}

function fitsInt(value: unknown, kind: 'int32' | 'int64'): boolean {
  if (typeof value !== 'number' || !Number.isInteger(value)) return false;
  return kind === 'int32' ? value >= -2147483648 && value <= 2147483647 : value >= -(2 ** 63) && value < 2 ** 63;
}

function check(value: unknown, problem: string | undefined, where: Where, st: State): unknown {
  if (problem === undefined) return value;
  st.errors.push(cause(problem, where));
  return DROP;
}

/** Go's encoding/json UnmarshalTypeError text. */
function typeError(value: unknown, node: DecoderNode, where: Where, st: State): typeof DROP {
  const into = where.struct ? `Go struct field ${where.struct}.${where.goPath}` : 'Go value';
  st.errors.push(cause(`json: cannot unmarshal ${describe(value, node)} into ${into} of type ${node.goType}`, where));
  return DROP;
}

function describe(value: unknown, node: DecoderNode): string {
  if (typeof value === 'number') return node.kind === 'int32' || node.kind === 'int64' ? `number ${value}` : 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'string' ? 'string' : 'object';
}

function cause(message: string, where: Where): StatusCause {
  return where.path === '' ? { reason: 'FieldValueInvalid', message } : { reason: 'FieldValueInvalid', message, field: where.path };
}

function zeroValue(node: DecoderNode): unknown {
  switch (node.kind) {
    case 'struct': case 'map': return {};
    case 'array': return [];
    case 'string': case 'bytes': case 'time': return '';
    case 'int32': case 'int64': case 'float64': case 'intOrString': return 0;
    case 'quantity': return '0';
    case 'bool': return false;
    default: return null;
  }
}

/** Assigns even a "__proto__" key as data (label keys are user input). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
