import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { Card, Descriptions, type DescriptionsProps, Flex, Grid, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ApplicationContent } from '../../api/types';
import { useLocale } from '../../i18n';
import { formatNumber } from '../../lib/format';
import { AttachmentList } from './Attachments';

/** The sections of an application, in form order. */
export const SECTIONS = ['basic', 'workforce', 'prevention', 'safety'] as const;
export type Section = (typeof SECTIONS)[number];

type Kind = 'date' | 'people' | 'days' | 'count' | 'bool' | 'text';

/** Every item of an application: its path (as the server names it), section and kind, in form order. */
export const ITEMS: { path: string; section: Section; kind: Kind }[] = [
  { path: 'plannedDate', section: 'basic', kind: 'date' },
  { path: 'workforce.normalWorkforce', section: 'workforce', kind: 'people' },
  { path: 'workforce.returningWorkers', section: 'workforce', kind: 'people' },
  { path: 'workforce.fromOutsideProvince', section: 'workforce', kind: 'people' },
  { path: 'workforce.fromKeyAreas', section: 'workforce', kind: 'people' },
  { path: 'workforce.underObservation', section: 'workforce', kind: 'people' },
  { path: 'prevention.maskStockDays', section: 'prevention', kind: 'days' },
  { path: 'prevention.disinfectantStockDays', section: 'prevention', kind: 'days' },
  { path: 'prevention.temperatureCheckpoints', section: 'prevention', kind: 'count' },
  { path: 'prevention.isolationRoom', section: 'prevention', kind: 'bool' },
  { path: 'prevention.canteenArrangement', section: 'prevention', kind: 'text' },
  { path: 'prevention.shuttleDormitoryArrangement', section: 'prevention', kind: 'text' },
  { path: 'prevention.emergencyPlan', section: 'prevention', kind: 'bool' },
  { path: 'prevention.preventionOfficer.name', section: 'prevention', kind: 'text' },
  { path: 'prevention.preventionOfficer.phone', section: 'prevention', kind: 'text' },
  { path: 'safety.equipmentChecked', section: 'safety', kind: 'bool' },
  { path: 'safety.hazardousMaterialsInspected', section: 'safety', kind: 'bool' },
  { path: 'safety.safetyTrainingDone', section: 'safety', kind: 'bool' },
  { path: 'safety.emergencyDrillDone', section: 'safety', kind: 'bool' },
];

const KNOWN = new Set(ITEMS.map((i) => i.path));

/** The value at a dotted path of an application's content. */
export function valueAt(c: ApplicationContent | undefined, path: string): unknown {
  let v: unknown = c;
  for (const k of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** The items whose value differs between two versions of an application. */
export function changedPaths(prev: ApplicationContent | undefined, next: ApplicationContent): Set<string> {
  const out = new Set<string>();
  if (!prev) return out;
  for (const { path } of ITEMS) {
    const a = valueAt(prev, path) ?? null;
    const b = valueAt(next, path) ?? null;
    if (a !== b) out.add(path);
  }
  if ((prev.attachmentIds ?? []).join() !== (next.attachmentIds ?? []).join()) out.add('attachmentIds');
  return out;
}

/** The form-field name of a server path ("workforce.fromKeyAreas" → ['workforce', 'fromKeyAreas']). */
export function fieldName(path: string): string[] | null {
  const clean = path.replace(/^body\./, '');
  return KNOWN.has(clean) ? clean.split('.') : null;
}

export function itemLabel(t: TFunction, path: string): string {
  return t(`application.fields.${path}`, { defaultValue: path });
}

export function sectionLabel(t: TFunction, section: Section): string {
  return t(`application.sections.${section}`);
}

/** One missing or wrong item of a submission (400 `incomplete_application` details). */
export interface MissingDetail {
  path: string;
  reason: string;
  params?: Record<string, unknown>;
  message?: string;
}

export function missingDetails(details: unknown): MissingDetail[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter((d): d is MissingDetail => typeof d === 'object' && d !== null && typeof d.path === 'string')
    .map((d) => ({ path: d.path, reason: String(d.reason ?? ''), params: d.params, message: d.message }));
}

/**
 * What is wrong with an item, in the UI language. The server's sentence is the fallback; the
 * known reasons are phrased here so that a compared field is named, not given as a path.
 */
export function problemText(t: TFunction, d: MissingDetail): string {
  switch (d.reason) {
    case 'required':
      return t('application.problem.required');
    case 'must_be_confirmed':
      return t('application.problem.mustBeConfirmed');
    case 'date_in_past':
      return t('application.problem.dateInPast');
    case 'exceeds':
      return t('application.problem.exceeds', { other: itemLabel(t, String(d.params?.other ?? '')) });
    default:
      return d.message ?? d.reason;
  }
}

function ValueText({ kind, value }: { kind: Kind; value: unknown }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (value === undefined || value === null || value === '')
    return <Typography.Text type="secondary">{t('application.notFilled')}</Typography.Text>;
  switch (kind) {
    case 'bool':
      return value ? (
        <Flex gap={4} align="center">
          <CheckCircleFilled style={{ color: '#389e0d' }} />
          {t('application.confirmed')}
        </Flex>
      ) : (
        <Flex gap={4} align="center">
          <CloseCircleOutlined style={{ color: '#cf1322' }} />
          {t('application.notConfirmed')}
        </Flex>
      );
    case 'people':
      return <>{t('application.unit.people', { n: formatNumber(Number(value), locale) })}</>;
    case 'days':
      return <>{t('application.unit.days', { n: formatNumber(Number(value), locale, 1) })}</>;
    case 'count':
      return <>{t('application.unit.count', { n: formatNumber(Number(value), locale) })}</>;
    default:
      return <span style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</span>;
  }
}

/** An application's content, read-only, section by section; `changed` items are marked. */
export function ContentView({
  content,
  changed,
  bordered = true,
  testId,
}: {
  content: ApplicationContent;
  changed?: Set<string>;
  bordered?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  // On a phone the label goes above its value: long labels beside values leave neither room.
  const narrow = !Grid.useBreakpoint().sm;
  return (
    <Flex vertical gap={12} data-testid={testId}>
      {SECTIONS.map((s) => {
        const items: DescriptionsProps['items'] = ITEMS.filter((i) => i.section === s).map((i) => ({
          key: i.path,
          label: (
            <Flex gap={4} align="center" wrap>
              {itemLabel(t, i.path)}
              {changed?.has(i.path) && (
                <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                  {t('application.changedTag')}
                </Tag>
              )}
            </Flex>
          ),
          children: <ValueText kind={i.kind} value={valueAt(content, i.path)} />,
        }));
        return (
          <Card
            key={s}
            size="small"
            title={sectionLabel(t, s)}
            variant={bordered ? 'outlined' : 'borderless'}
          >
            <Descriptions
              size="small"
              layout={narrow ? 'vertical' : 'horizontal'}
              column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
              items={items}
            />
          </Card>
        );
      })}
      {(content.attachmentIds?.length ?? 0) > 0 && (
        <Card
          size="small"
          variant={bordered ? 'outlined' : 'borderless'}
          title={
            <Flex gap={4} align="center">
              {t('application.sections.attachments')}
              {changed?.has('attachmentIds') && <Tag color="orange">{t('application.changedTag')}</Tag>}
            </Flex>
          }
        >
          <AttachmentList ids={content.attachmentIds ?? []} />
        </Card>
      )}
    </Flex>
  );
}
