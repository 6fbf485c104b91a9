/**
 * Password policy: at least 8 characters drawn from at least 3 of the 4 classes
 * (lower case, upper case, digits, symbols). Shared so the form can say it before the server does.
 */
export function passwordProblems(pw: string): { tooShort: boolean; classes: number } {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  return { tooShort: pw.length < 8, classes };
}

export function isStrongPassword(pw: string): boolean {
  const p = passwordProblems(pw);
  return !p.tooShort && p.classes >= 3;
}
