import { CheckCircleOutlined, EditOutlined, RollbackOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Input,
  Modal,
  Progress,
  Radio,
  Select,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  HAZARD_CATEGORIES,
  HAZARD_CATEGORY_LABELS,
  HAZARD_CATEGORY_LINE,
  HAZARD_LINE_LABELS,
  HAZARD_SEVERITIES,
  HAZARD_SEVERITY_LABELS,
  type HazardCategory,
  INSPECTION_RESULT_LABELS,
  INSPECTION_RESULTS,
  INSPECTION_STATUS_LABELS,
  type InspectionResult,
} from '../../../../shared/enums';
import { defaultDeadline } from '../../../../shared/hazards';
import { api, isApiError } from '../../api/client';
import { SKEYS, useInspection } from '../../api/safety';
import type { HazardDraft, InspectionView } from '../../api/types';
import { useMe } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { PageHeader } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { StatusTag } from '../../components/StatusTag';
import { useLocale } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { testId } from '../../lib/testId';
import { PhotoField, PhotoStrip } from './Photos';

type Item = InspectionView['items'][number];
interface ItemPatch {
  id: number;
  result?: InspectionResult | null;
  note?: string;
  attachmentIds?: number[];
  hazard?: Partial<Omit<HazardDraft, 'deadline'>> & { deadline?: string | null };
}

const RESULT_COLORS: Record<InspectionResult, string> = { pass: 'green', fail: 'red', na: 'default' };

/**
 * /inspections/:id — the inspector's page on site, phone first: each item pass / fail / n.a.
 * with note and photos (saved as they go), failed items' draft hazards, then sign-off.
 */
export default function InspectionPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const key = SKEYS.inspection(id ?? '');
  const { data: ins, error, isLoading, refetch } = useInspection(id);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(0);
  // Item changes are saved one after another, each with the version the last one returned.
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const patchItem = useCallback(
    (p: ItemPatch) => {
      setSaving((n) => n + 1);
      const run = queue.current.then(async () => {
        const cur = qc.getQueryData<InspectionView>(key);
        if (!cur) return;
        try {
          const next = await api.patch<InspectionView>(`/api/inspections/${cur.id}`, {
            version: cur.version,
            items: [p],
          });
          qc.setQueryData(key, next);
          setProblem(null);
        } catch (err) {
          setProblem(errorMessage(err));
          if (isApiError(err, 'stale_version')) await refetch();
        } finally {
          setSaving((n) => n - 1);
        }
      });
      queue.current = run;
      return run;
    },
    [qc, key, refetch],
  );

  const sign = useMutation({
    mutationFn: async () => {
      await queue.current;
      const cur = qc.getQueryData<InspectionView>(key)!;
      return api.post<InspectionView>(`/api/inspections/${cur.id}/sign`, { version: cur.version });
    },
    onSuccess: (signed) => {
      qc.setQueryData(key, signed);
      void qc.invalidateQueries({ queryKey: SKEYS.inspections });
      void qc.invalidateQueries({ queryKey: SKEYS.hazards });
      message.success(t('inspection.signed', { count: signed.hazardIds.length }));
      window.scrollTo({ top: 0 });
    },
    onError: (err) => setProblem(errorMessage(err)),
  });

  if (isLoading) return <PageSpinner />;
  if (error || !ins) return <ErrorState error={error} onRetry={() => void refetch()} />;

  const editable = ins.status === 'draft' && ins.inspectorId === me.id;
  const done = ins.counts.pass + ins.counts.fail + ins.counts.na;
  const total = done + ins.counts.pending;

  const confirmSign = () =>
    modal.confirm({
      title: t('inspection.signTitle'),
      content: t('inspection.signContent', { fail: ins.counts.fail }),
      okText: t('inspection.sign'),
      okButtonProps: testId('sign-confirm'),
      onOk: () => sign.mutateAsync().catch(() => undefined),
    });

  return (
    <div data-testid="inspection-page" style={{ maxWidth: 760 }}>
      <PageHeader
        title={
          <Flex vertical gap={2}>
            <span>{ins.enterpriseName}</span>
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
              {ins.templateName} v{ins.templateVersion} · {ins.inspectedOn} · {ins.inspectorName}
            </Typography.Text>
          </Flex>
        }
        extra={
          <Button icon={<RollbackOutlined />} onClick={() => navigate('/inspections')}>
            {t('common.backToList')}
          </Button>
        }
      />
      <Card variant="borderless" size="small" style={{ marginBottom: 12 }}>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Flex gap={4} wrap>
            <StatusTag
              value={ins.status}
              labels={INSPECTION_STATUS_LABELS}
              colors={{ draft: 'processing', signed: 'success' }}
              testId="inspection-status"
            />
            <StatusTag value={ins.line} labels={HAZARD_LINE_LABELS} />
          </Flex>
          <Typography.Text type="secondary" data-testid="inspection-counts">
            {t('inspection.countsLine', { ...ins.counts })}
          </Typography.Text>
        </Flex>
        <Progress percent={total ? Math.round((done / total) * 100) : 0} size="small" />
        {ins.status === 'signed' && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 8 }}
            data-testid="inspection-signed"
            title={t('inspection.signedAt', { time: formatDateTime(ins.signedAt) })}
            description={
              ins.hazardIds.length ? (
                <Flex wrap gap={8}>
                  {t('inspection.hazardsRaised', { count: ins.hazardIds.length })}
                  {ins.hazardIds.map((h) => (
                    <Link key={h} to={`/hazards/${h}`} data-testid="raised-hazard">
                      #{h}
                    </Link>
                  ))}
                </Flex>
              ) : (
                t('inspection.noHazards')
              )
            }
          />
        )}
      </Card>
      {problem && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setProblem(null) }}
          title={problem}
          style={{ marginBottom: 12 }}
          data-testid="inspection-problem"
        />
      )}
      <Flex vertical gap={12}>
        {ins.items.map((item, idx) => (
          <ItemCard
            key={item.id}
            item={item}
            index={idx}
            enterpriseId={ins.enterpriseId}
            inspectedOn={ins.inspectedOn}
            editable={editable}
            onPatch={patchItem}
          />
        ))}
      </Flex>
      {editable && (
        <div
          style={{
            position: 'sticky',
            bottom: 0,
            padding: '12px 0',
            background: 'var(--ant-color-bg-layout, #f5f5f5)',
            zIndex: 5,
          }}
        >
          <Button
            type="primary"
            size="large"
            block
            icon={<CheckCircleOutlined />}
            disabled={ins.counts.pending > 0 || saving > 0}
            loading={sign.isPending}
            onClick={confirmSign}
            data-testid="inspection-sign"
          >
            {ins.counts.pending > 0
              ? t('inspection.pendingLeft', { count: ins.counts.pending })
              : t('inspection.sign')}
          </Button>
        </div>
      )}
    </div>
  );
}

function ItemCard({
  item,
  index,
  enterpriseId,
  inspectedOn,
  editable,
  onPatch,
}: {
  item: Item;
  index: number;
  enterpriseId: number;
  inspectedOn: string;
  editable: boolean;
  onPatch: (p: ItemPatch) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const [note, setNote] = useState(item.note);
  const [editing, setEditing] = useState(false);
  const text = locale === 'en' ? item.labelEn : item.label;
  return (
    <Card
      size="small"
      variant="borderless"
      data-testid={`item-${index}`}
      title={
        <Typography.Text style={{ whiteSpace: 'normal' }}>
          {item.seq}. {text}
        </Typography.Text>
      }
      extra={
        item.hazardId ? (
          <Link to={`/hazards/${item.hazardId}`}>
            <Tag color="red">{t('inspection.hazardNo', { id: item.hazardId })}</Tag>
          </Link>
        ) : null
      }
      styles={{ header: { paddingTop: 8, paddingBottom: 8 } }}
    >
      <Flex vertical gap={10}>
        {editable ? (
          <Radio.Group
            value={item.result}
            onChange={(e) => void onPatch({ id: item.id, result: e.target.value as InspectionResult, note })}
            optionType="button"
            buttonStyle="solid"
            style={{ display: 'flex' }}
            data-testid={`item-${index}-result`}
          >
            {INSPECTION_RESULTS.map((r) => (
              <Radio.Button
                key={r}
                value={r}
                style={{ flex: 1, textAlign: 'center', height: 40, lineHeight: '38px' }}
              >
                <span data-testid={`item-${index}-${r}`}>{label(INSPECTION_RESULT_LABELS[r])}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        ) : item.result ? (
          <div>
            <StatusTag value={item.result} labels={INSPECTION_RESULT_LABELS} colors={RESULT_COLORS} />
          </div>
        ) : null}
        {editable ? (
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onBlur={() => {
              if (note !== item.note) void onPatch({ id: item.id, note });
            }}
            autoSize={{ minRows: 1, maxRows: 4 }}
            maxLength={1000}
            placeholder={t('inspection.notePlaceholder')}
            data-testid={`item-${index}-note`}
          />
        ) : (
          item.note && <Typography.Text>{item.note}</Typography.Text>
        )}
        {editable ? (
          <PhotoField
            enterpriseId={enterpriseId}
            value={item.attachmentIds}
            onChange={(ids) => void onPatch({ id: item.id, attachmentIds: ids })}
            testId={`item-${index}-photo`}
          />
        ) : (
          item.attachmentIds.length > 0 && <PhotoStrip ids={item.attachmentIds} />
        )}
        {item.result === 'fail' && item.hazardDraft && !item.hazardId && (
          <DraftSummary
            draft={item.hazardDraft}
            inspectedOn={inspectedOn}
            index={index}
            onEdit={editable ? () => setEditing(true) : undefined}
          />
        )}
      </Flex>
      {editing && item.hazardDraft && (
        <DraftModal
          item={item}
          index={index}
          inspectedOn={inspectedOn}
          onClose={() => setEditing(false)}
          onSave={(hazard) => onPatch({ id: item.id, hazard }).then(() => setEditing(false))}
        />
      )}
    </Card>
  );
}

function DraftSummary({
  draft,
  inspectedOn,
  index,
  onEdit,
}: {
  draft: HazardDraft;
  inspectedOn: string;
  index: number;
  onEdit?: () => void;
}) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const deadline = draft.deadline ?? defaultDeadline(inspectedOn, draft.severity);
  return (
    <div
      data-testid={`item-${index}-draft`}
      style={{ background: '#fff2f0', border: '1px solid #ffccc7', borderRadius: 6, padding: 10 }}
    >
      <Flex justify="space-between" align="start" gap={8}>
        <Flex vertical gap={4} style={{ minWidth: 0 }}>
          <Typography.Text strong>
            <WarningOutlined style={{ color: '#cf1322' }} /> {t('inspection.draftTitle')}
          </Typography.Text>
          <Flex wrap gap={4}>
            <StatusTag
              value={draft.severity}
              labels={HAZARD_SEVERITY_LABELS}
              colors={{ general: 'orange', major: 'red' }}
            />
            <Tag>{label(HAZARD_CATEGORY_LABELS[draft.category as HazardCategory], draft.category)}</Tag>
            <Tag>{t('inspection.deadlineOn', { date: deadline })}</Tag>
          </Flex>
          <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{draft.description}</Typography.Text>
        </Flex>
        {onEdit && (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={onEdit}
            data-testid={`item-${index}-draft-edit`}
          >
            {t('common.edit')}
          </Button>
        )}
      </Flex>
    </div>
  );
}

function DraftModal({
  item,
  index,
  inspectedOn,
  onClose,
  onSave,
}: {
  item: Item;
  index: number;
  inspectedOn: string;
  onClose: () => void;
  onSave: (hazard: NonNullable<ItemPatch['hazard']>) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { label } = useLocale();
  const d = item.hazardDraft!;
  const [category, setCategory] = useState(d.category as HazardCategory);
  const [severity, setSeverity] = useState(d.severity);
  const [description, setDescription] = useState(d.description);
  const [location, setLocation] = useState(d.location);
  const [responsiblePerson, setResponsiblePerson] = useState(d.responsiblePerson);
  const [deadline, setDeadline] = useState<string | null>(d.deadline);
  const [busy, setBusy] = useState(false);
  const line = HAZARD_CATEGORY_LINE[d.category as HazardCategory];
  const categories = HAZARD_CATEGORIES.filter((c) => HAZARD_CATEGORY_LINE[c] === line || c === 'other');
  const tooShort = description.trim().length < 2;
  return (
    <Modal
      open
      title={t('inspection.draftEdit')}
      onCancel={onClose}
      okText={t('common.save')}
      okButtonProps={{ disabled: tooShort, loading: busy, ...testId('draft-save') }}
      onOk={async () => {
        setBusy(true);
        await onSave({
          category,
          severity,
          description: description.trim(),
          location: location.trim(),
          responsiblePerson: responsiblePerson.trim(),
          deadline,
        });
        setBusy(false);
      }}
      destroyOnHidden
    >
      <Flex vertical gap={12} data-testid={`item-${index}-draft-form`}>
        <Flex vertical gap={4}>
          <Typography.Text>{t('hazard.fields.severity')}</Typography.Text>
          <Radio.Group
            value={severity}
            onChange={(e) => setSeverity(e.target.value)}
            optionType="button"
            buttonStyle="solid"
            options={HAZARD_SEVERITIES.map((s) => ({ value: s, label: label(HAZARD_SEVERITY_LABELS[s]) }))}
            data-testid="draft-severity"
          />
          {severity === 'major' && (
            <Typography.Text type="secondary">{t('inspection.majorHint')}</Typography.Text>
          )}
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text>{t('hazard.fields.category')}</Typography.Text>
          <Select
            value={category}
            onChange={setCategory}
            options={categories.map((c) => ({ value: c, label: label(HAZARD_CATEGORY_LABELS[c]) }))}
          />
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text>{t('hazard.fields.description')}</Typography.Text>
          <Input.TextArea
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={1000}
            status={tooShort ? 'error' : undefined}
            data-testid="draft-description"
          />
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text>{t('hazard.fields.location')}</Typography.Text>
          <Input value={location} onChange={(e) => setLocation(e.target.value)} maxLength={200} />
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text>{t('hazard.fields.responsiblePerson')}</Typography.Text>
          <Input
            value={responsiblePerson}
            onChange={(e) => setResponsiblePerson(e.target.value)}
            maxLength={50}
          />
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text>{t('hazard.fields.deadline')}</Typography.Text>
          <DatePicker
            inputReadOnly
            allowClear
            style={{ width: '100%' }}
            value={deadline ? dayjs(deadline) : null}
            onChange={(v) => setDeadline(v ? v.format('YYYY-MM-DD') : null)}
            disabledDate={(v) => v.format('YYYY-MM-DD') < inspectedOn}
            placeholder={t('inspection.deadlineDefault', { date: defaultDeadline(inspectedOn, severity) })}
            data-testid="draft-deadline"
          />
        </Flex>
      </Flex>
    </Modal>
  );
}
