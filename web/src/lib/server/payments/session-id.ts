/** A driver's session id: 128 random bits in base64url (22 characters). Anything else is not looked up at all. */
export function isSessionId(value: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(value);
}
