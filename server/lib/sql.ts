/** Escapes LIKE metacharacters so a search for "50%" or "a_b" means what it says. */
export function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A case-folded "contains" pattern for LIKE over lower-cased text. */
export function likePattern(q: string): string {
  return `%${escapeLike(q.toLowerCase())}%`;
}
