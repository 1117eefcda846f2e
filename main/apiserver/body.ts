// Reading and decoding request bodies: JSON, YAML and the Kubernetes protobuf envelope, with the
// size limit the real apiserver applies (3 MiB).
import type { IncomingMessage } from 'node:http';
import { parseDocument } from 'yaml';
import { BadRequestError, RequestEntityTooLargeError, UnsupportedMediaTypeError } from '../../api/errors/status-error.js';
import { decodeKubernetesProtobuf } from '../../api/codec/protobuf/index.js';
import { duplicateJsonFields } from '../../api/codec/json-duplicates.js';
import type { WriteContext } from '../registry/context.js';
import { bodyMediaType } from './negotiate.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    throw new RequestEntityTooLargeError(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new RequestEntityTooLargeError(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const JSON_TYPES = new Set(['application/json', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+json']);
const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'application/apply-patch+yaml']);

/** How a write treats fields the schema does not know, or JSON keys given twice: the request's own. */
export type BodyValidation = Pick<WriteContext, 'fieldValidation' | 'warnings'>;

/**
 * Decodes a body by its Content-Type into a plain value (objects are validated later, per resource). With
 * `validation`, a JSON key given twice is refused (Strict) or warned about (Warn), as the apiserver does.
 */
export function decodeBody(raw: Buffer, contentType: string | undefined, validation?: BodyValidation): unknown {
  const type = bodyMediaType(contentType);
  if (raw.length === 0) throw new BadRequestError('the request body is empty: send the object as JSON or YAML');
  if (type === 'application/vnd.kubernetes.protobuf') return decodeKubernetesProtobuf(raw);
  if (JSON_TYPES.has(type)) {
    const text = raw.toString('utf8');
    const value = parseJson(text);
    if (validation && validation.fieldValidation !== 'Ignore') checkDuplicates(duplicateJsonFields(text), validation);
    return value;
  }
  if (YAML_TYPES.has(type)) return parseYaml(raw.toString('utf8'));
  throw new UnsupportedMediaTypeError(type);
}

function checkDuplicates(paths: string[], validation: BodyValidation): void {
  if (paths.length === 0) return;
  const named = paths.map((p) => `duplicate field "${p}"`);
  if (validation.fieldValidation === 'Strict') throw new BadRequestError(`strict decoding error: ${named.join(', ')}: give each field once`);
  validation.warnings.push(...named);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`the request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function parseYaml(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, version: '1.2' });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    throw new BadRequestError(`the request body is not valid YAML${where}: ${e.message.split('\n')[0]}`);
  }
  return doc.toJS({ maxAliasCount: 100 });
}
