// How the protobuf messages of the Kubernetes API are described: as data, one table per message.
//
// A row is [field number, JSON name, type, flag?]:
// - type is a scalar ('string' | 'int32' | 'int64' | 'bool' | 'bytes'), a well-known type with its own
//   JSON form (see well-known.ts), a map ('map:string' | 'map:bytes' | 'map:Quantity', always string keys),
//   or the name of another message in the tables.
// - flag 'r': repeated. 'z': emit the value even when it is zero ("", 0, false) — the Go field is a pointer
//   or has no `omitempty`, so JSON clients see it; every other scalar is dropped at its zero value, because
//   Go's protobuf encoder writes non-pointer fields even when they are unset. 'i': the Go field is embedded
//   with `json:",inline"`, so the message's fields are merged into the parent (Volume.volumeSource, ...).
// Rows are in Go struct order, which is the order JSON output follows.
// The tables in messages/ were derived from the protobuf descriptors and Go struct tags compiled into
// kubectl v1.32, and are checked against bodies kubectl really sends (test/unit/api/codec/protobuf/fixtures).
// To support another kind, add its messages here with upstream's numbers and register it in kinds.ts.
export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'bytes';
export type WellKnownType = 'Time' | 'MicroTime' | 'Quantity' | 'IntOrString' | 'FieldsV1';
export type FieldFlag = 'r' | 'z' | 'i';
export type FieldRow = readonly [number: number, json: string, type: string, flag?: FieldFlag];
export type MessageTable = Readonly<Record<string, readonly FieldRow[]>>;

export const SCALAR_TYPES: ReadonlySet<string> = new Set<ScalarType>(['string', 'int32', 'int64', 'bool', 'bytes']);
export const WELL_KNOWN_TYPES: ReadonlySet<string> = new Set<WellKnownType>(['Time', 'MicroTime', 'Quantity', 'IntOrString', 'FieldsV1']);

export interface FieldSpec {
  number: number;
  json: string;
  type: string;
  repeated: boolean;
  keepZero: boolean;
  inline: boolean;
  /** For maps, the value type ('string', 'bytes' or 'Quantity'). */
  mapValue?: string;
}

export interface MessageSpec {
  name: string;
  /** In Go struct order. */
  fields: FieldSpec[];
  byNumber: Map<number, FieldSpec>;
}

/** Turns the tables into lookup structures, checking that every message a field names exists. */
export function compileTables(tables: MessageTable): Map<string, MessageSpec> {
  const out = new Map<string, MessageSpec>();
  for (const [name, rows] of Object.entries(tables)) {
    const fields = rows.map(([number, json, type, flag]): FieldSpec => {
      const spec: FieldSpec = { number, json, type, repeated: flag === 'r', keepZero: flag === 'z', inline: flag === 'i' };
      if (type.startsWith('map:')) spec.mapValue = type.slice(4);
      return spec;
    });
    out.set(name, { name, fields, byNumber: new Map(fields.map((f) => [f.number, f])) });
  }
  for (const msg of out.values()) {
    for (const f of msg.fields) {
      const t = f.mapValue ?? f.type;
      if (!SCALAR_TYPES.has(t) && !WELL_KNOWN_TYPES.has(t) && !out.has(t)) {
        throw new Error(`protobuf table ${msg.name}.${f.json || f.number} names unknown type ${t}`);
      }
    }
  }
  return out;
}
