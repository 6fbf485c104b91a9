import { type Conn, schema } from '../db/client';

export interface IndustryInfo {
  code: string;
  name: string;
  nameEn: string;
  section: string;
}

/** Industries and departments, loaded once per process (they change only by migration or seed). */
export interface Reference {
  industries: Map<string, IndustryInfo>;
  departments: Map<string, { code: string; name: string; nameEn: string }>;
}

export async function loadReference(conn: Conn): Promise<Reference> {
  const [inds, deps] = await Promise.all([
    conn.select().from(schema.industries),
    conn.select().from(schema.departments),
  ]);
  return {
    industries: new Map(inds.map((i) => [i.code, i])),
    departments: new Map(deps.map((d) => [d.code, d])),
  };
}
