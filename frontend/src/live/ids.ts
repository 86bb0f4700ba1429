// Client-made ids: operation ids (1–64 of A–Z a–z 0–9 - _) and item ids
// (1–40 of the same). Both are time-ordered like ULIDs: 10 characters of
// milliseconds then 16 random ones (Crockford's base32), 26 in all.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  crypto.getRandomValues(b);
  return b;
}

/** A ULID-like id: 26 characters, sortable by creation time. */
export function newId(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  for (const byte of randomBytes(16)) rand += ALPHABET[byte % 32];
  return time + rand;
}

/** An item id for a new note: "n-" and a ULID-like id (28 characters). */
export function newNoteId(): string {
  return 'n-' + newId();
}
