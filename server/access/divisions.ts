import { asc } from 'drizzle-orm';
import type { Locale } from '../../shared/enums';
import { type Conn, schema } from '../db/client';

export interface DivisionNode {
  code: string;
  name: string;
  nameEn: string;
  parentCode: string | null;
  level: 'city' | 'district' | 'town';
}

/** The division tree, loaded once per process (divisions change only by migration or seed). */
export class DivisionTree {
  readonly byCode = new Map<string, DivisionNode>();
  readonly children = new Map<string, string[]>();

  constructor(nodes: DivisionNode[]) {
    for (const n of nodes) {
      this.byCode.set(n.code, n);
      if (n.parentCode) {
        const list = this.children.get(n.parentCode) ?? [];
        list.push(n.code);
        this.children.set(n.parentCode, list);
      }
    }
  }

  get(code: string | null | undefined): DivisionNode | undefined {
    return code ? this.byCode.get(code) : undefined;
  }

  /** The code and every code below it. */
  descendants(code: string): string[] {
    const out: string[] = [];
    const stack = [code];
    while (stack.length) {
      const c = stack.pop()!;
      out.push(c);
      stack.push(...(this.children.get(c) ?? []));
    }
    return out;
  }

  /** Whether `code` is `ancestor` or lies below it. */
  within(code: string, ancestor: string): boolean {
    let cur: string | null | undefined = code;
    while (cur) {
      if (cur === ancestor) return true;
      cur = this.byCode.get(cur)?.parentCode;
    }
    return false;
  }

  /** A division's name in the locale, or null for an unknown code. */
  name(code: string | null | undefined, locale: Locale): string | null {
    const node = this.get(code);
    if (!node) return null;
    return locale === 'en' ? node.nameEn : node.name;
  }

  districts(): DivisionNode[] {
    return [...this.byCode.values()].filter((d) => d.level === 'district');
  }
}

export async function loadDivisionTree(conn: Conn): Promise<DivisionTree> {
  const all = await conn
    .select()
    .from(schema.divisions)
    .orderBy(asc(schema.divisions.sort), asc(schema.divisions.code));
  return new DivisionTree(all);
}
