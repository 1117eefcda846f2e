// controller.ComputeHash's encoding, shared by the Deployment's pod-template-hash and the DaemonSet's
// controller-revision-hash: FNV-32a over the template's bytes, then over the collision count when there is
// one (a uint32, little-endian, in an 8-byte buffer, as upstream writes it), printed in decimal and passed
// through rand.SafeEncodeString. Upstream hashes Go's dump of the struct; which stable text stands in for it
// is each controller's choice, so callers pass that text.

const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** apimachinery's rand.SafeEncodeString: no vowels, no 0/1/3, so hashes never spell words. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHANUMS[s.charCodeAt(i) % SAFE_ALPHANUMS.length];
  return out;
}

function fnv32a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
}

/** The hash of a template's canonical text and the owner's collisionCount (undefined or null: none). */
export function hashTemplateText(templateText: string, collisionCount: number | null | undefined): string {
  let h = fnv32a(new TextEncoder().encode(templateText));
  if (collisionCount !== undefined && collisionCount !== null) {
    const buf = new Uint8Array(8);
    new DataView(buf.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(buf, h);
  }
  return safeEncodeString(String(h));
}
