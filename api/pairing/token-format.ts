// Pairing tokens and CA pins as text. A token is `<id>.<secret>` in the format of Kubernetes bootstrap
// tokens (6 and 16 characters of a-z0-9), so kubeadm habits carry over; a pin is `sha256:<64 hex>`.

export const TOKEN_PATTERN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
export const TOKEN_ID_PATTERN = /^[a-z0-9]{6}$/;
export const CA_PIN_PATTERN = /^sha256:[0-9a-f]{64}$/;

export function isPairingToken(text: string): boolean {
  return TOKEN_PATTERN.test(text);
}

/** `{ id, secret }` of a well-formed token, else undefined. */
export function splitPairingToken(text: string): { id: string; secret: string } | undefined {
  const m = TOKEN_PATTERN.exec(text);
  return m ? { id: m[1], secret: m[2] } : undefined;
}

export function isCaPin(text: string): boolean {
  return CA_PIN_PATTERN.test(text.toLowerCase());
}
