/** The server's password policy, checked early so the user sees it before submitting. */
export const PASSWORD_MIN_LENGTH = 8;

export function passwordClasses(pw: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length;
}

/** True when the password meets the policy: ≥ 8 characters, 3 of 4 character classes. */
export function isStrongPassword(pw: string): boolean {
  return pw.length >= PASSWORD_MIN_LENGTH && passwordClasses(pw) >= 3;
}
