// Locates the captured kubectl bodies under test/unit/api/codec/protobuf/fixtures. Tests run compiled from
// dist/, and only .ts files are compiled, so walk up from this file until the source tree's copy is found.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RELATIVE = join('test', 'unit', 'api', 'codec', 'protobuf', 'fixtures');

function findFixtures(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, RELATIVE);
    if (existsSync(join(candidate, 'cases.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${RELATIVE} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const fixturesDir = findFixtures();

export interface FixtureCase {
  /** The command whose request body the .pb file holds. */
  command: string;
  /** Where the .json file (the same object as a JSON client sends it) came from; absent when there is none. */
  json?: string;
  /** Set when decoding must fail with this Status reason. */
  expect?: string;
  note?: string;
}

export function fixtureCases(): Record<string, FixtureCase> {
  return JSON.parse(readFileSync(join(fixturesDir, 'cases.json'), 'utf8')) as Record<string, FixtureCase>;
}

export function fixtureBody(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(fixturesDir, `${name}.pb`)));
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(readFileSync(join(fixturesDir, `${name}.json`), 'utf8')) as unknown;
}
