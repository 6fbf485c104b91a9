import type { HazardCategory, HazardLine, HazardSeverity, HazardStatus } from '../../shared/enums';
import { defaultDeadline } from '../../shared/hazards';
import { schema } from '../db/client';
import type { TestApp } from './setup';

/** Factories for the safety line: build rows directly, filling in what a test does not care about. */

/** A checklist template (version 1, current) with `n` items on a line. */
export async function makeChecklist(
  t: TestApp,
  o: { line?: HazardLine; items?: { category: HazardCategory; defaultSeverity?: HazardSeverity }[] } = {},
) {
  const line = o.line ?? 'safety';
  const items = o.items ?? [
    { category: line === 'safety' ? 'fire' : 'temperature' },
    { category: line === 'safety' ? 'electrical' : 'disinfection' },
    { category: line === 'safety' ? 'hazardous_chemicals' : 'supplies', defaultSeverity: 'major' as const },
  ];
  const [template] = await t.database.db
    .insert(schema.checklistTemplates)
    .values({
      family: `test-${line}-${Math.random().toString(36).slice(2, 8)}`,
      version: 1,
      line,
      name: line === 'safety' ? '测试安全检查表' : '测试防疫检查表',
      nameEn: line === 'safety' ? 'Test safety checklist' : 'Test epidemic checklist',
      createdAt: t.clock.now(),
    })
    .returning();
  const rows = await t.database.db
    .insert(schema.checklistItems)
    .values(
      items.map((it, i) => ({
        templateId: template.id,
        seq: i + 1,
        label: `检查项${i + 1}`,
        labelEn: `Item ${i + 1}`,
        category: it.category,
        defaultSeverity: it.defaultSeverity ?? 'general',
      })),
    )
    .returning();
  return { template, items: rows };
}

/** A hazard in any status, as if it had lived its life up to now. */
export async function makeHazard(
  t: TestApp,
  enterpriseId: number,
  o: Partial<{
    line: HazardLine;
    category: HazardCategory;
    severity: HazardSeverity;
    status: HazardStatus;
    foundOn: string;
    deadline: string;
    submittedBy: number | null;
    closedAt: Date | null;
    description: string;
  }> = {},
) {
  const severity = o.severity ?? 'general';
  const foundOn = o.foundOn ?? t.clock.today();
  const status = o.status ?? 'open';
  const [row] = await t.database.db
    .insert(schema.hazards)
    .values({
      enterpriseId,
      line: o.line ?? 'safety',
      category: o.category ?? 'fire',
      severity,
      description: o.description ?? '灭火器过期',
      foundOn,
      deadline: o.deadline ?? defaultDeadline(foundOn, severity),
      status,
      submittedBy: o.submittedBy ?? null,
      closedAt: status === 'closed' ? (o.closedAt ?? t.clock.now()) : null,
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    })
    .returning();
  return row;
}

/** A group with one squad; `members` join the squad, `assign` are its assignments. */
export async function makeSquad(
  t: TestApp,
  o: {
    members?: number[];
    groupMembers?: number[];
    enterprises?: number[];
    divisions?: string[];
    groupDivisions?: string[];
  } = {},
) {
  const now = t.clock.now();
  const tag = Math.random().toString(36).slice(2, 8);
  const [group] = await t.database.db
    .insert(schema.supervisionGroups)
    .values({ code: `G-${tag}`, name: `督导组${tag}`, createdAt: now, updatedAt: now })
    .returning();
  const [squad] = await t.database.db
    .insert(schema.supervisionSquads)
    .values({ groupId: group.id, code: `S-${tag}`, name: `小分队${tag}`, createdAt: now, updatedAt: now })
    .returning();
  const members = [
    ...(o.members ?? []).map((userId) => ({ userId, squadId: squad.id })),
    ...(o.groupMembers ?? []).map((userId) => ({ userId, groupId: group.id })),
  ];
  if (members.length) {
    await t.database.db.insert(schema.supervisionMembers).values(
      members.map((m) => ({
        ...m,
        line: 'emergency' as const,
        departmentCode: 'emergency',
        joinedAt: now,
      })),
    );
  }
  const assignments = [
    ...(o.enterprises ?? []).map((enterpriseId) => ({ squadId: squad.id, enterpriseId })),
    ...(o.divisions ?? []).map((divisionCode) => ({ squadId: squad.id, divisionCode })),
    ...(o.groupDivisions ?? []).map((divisionCode) => ({ groupId: group.id, divisionCode })),
  ];
  if (assignments.length) {
    await t.database.db
      .insert(schema.supervisionAssignments)
      .values(assignments.map((a) => ({ ...a, assignedAt: now })));
  }
  return { group, squad };
}

/** The 8-byte PNG signature and a little more: enough for the type check. */
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
]);
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
export const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

/** A multipart body with one file field. */
export function multipart(filename: string, content: Buffer, field = 'file') {
  const boundary = '----tongchou-safety-boundary';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads a file as a signed-in agent. */
export async function upload(
  t: TestApp,
  agent: { cookie: string; csrf: string },
  enterpriseId: number,
  filename: string,
  content: Buffer,
) {
  const { payload, headers } = multipart(filename, content);
  return t.app.inject({
    method: 'POST',
    url: `/api/attachments?enterpriseId=${enterpriseId}`,
    payload,
    headers: {
      ...headers,
      cookie: `tc_session=${agent.cookie}`,
      'x-csrf-token': agent.csrf,
      'accept-language': 'en',
    },
  });
}

/**
 * The three outsiders a scoped endpoint must answer 404 for an enterprise in another division:
 * a district user of `divisionCode`, the account of an enterprise there, and a supervisor whose
 * squad is assigned that enterprise only.
 */
export async function outsiders(t: TestApp, divisionCode = '210503') {
  const elsewhere = await t.makeEnterprise({ divisionCode });
  const supervisor = await t.as('supervisor');
  await makeSquad(t, { members: [supervisor.user.id], enterprises: [elsewhere.id] });
  return {
    district: await t.as('district', { divisionCode }),
    enterprise: await t.as('enterprise', { enterpriseId: elsewhere.id }),
    supervisor,
  };
}
