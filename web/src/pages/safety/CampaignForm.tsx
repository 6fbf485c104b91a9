import { SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  ENTERPRISE_FLAG_LABELS,
  ENTERPRISE_FLAGS,
  type EnterpriseFlag,
  HAZARD_LINE_LABELS,
  HAZARD_LINES,
  type HazardLine,
} from '../../../../shared/enums';
import { api, isApiError } from '../../api/client';
import { SKEYS, useCampaign, useChecklists } from '../../api/safety';
import type { CampaignCreateInput, CampaignDetail } from '../../api/types';
import { useMe } from '../../auth';
import { ErrorState } from '../../components/ErrorPages';
import { FormBanner } from '../../components/FormBanner';
import { PageHeader } from '../../components/ListPage';
import { PageSpinner } from '../../components/PageSpinner';
import { DistrictSelect, IndustrySelect } from '../../components/ReferenceSelects';
import { useLocale } from '../../i18n';
import { formErrorBanner } from '../../lib/errors';

interface FormValues {
  name: string;
  nameEn?: string;
  description?: string;
  line: HazardLine | 'any';
  window: [Dayjs, Dayjs];
  industryPrefixes: string[];
  flags: EnterpriseFlag[];
  divisionCodes: string[];
  inspections: number;
  coveragePct: number;
  checklistId?: number | null;
}

const FIELDS = [
  'name',
  'nameEn',
  'description',
  'line',
  'window',
  'industryPrefixes',
  'flags',
  'divisionCodes',
  'inspections',
  'coveragePct',
  'checklistId',
] as const;

function toInput(v: FormValues): CampaignCreateInput {
  return {
    name: v.name.trim(),
    nameEn: v.nameEn?.trim() ?? '',
    description: v.description?.trim() ?? '',
    line: v.line === 'any' ? null : v.line,
    startsOn: v.window[0].format('YYYY-MM-DD'),
    endsOn: v.window[1].format('YYYY-MM-DD'),
    scope: { industryPrefixes: v.industryPrefixes, flags: v.flags, divisionCodes: v.divisionCodes },
    targets: { inspections: v.inspections, coveragePct: v.coveragePct },
    checklistId: v.checklistId ?? null,
  };
}

function fromCampaign(c: CampaignDetail): FormValues {
  return {
    name: c.name,
    nameEn: c.nameEn,
    description: c.description,
    line: c.line ?? 'any',
    window: [dayjs(c.startsOn), dayjs(c.endsOn)],
    industryPrefixes: c.scope.industryPrefixes,
    flags: c.scope.flags as EnterpriseFlag[],
    divisionCodes: c.scope.divisionCodes,
    inspections: c.targets.inspections,
    coveragePct: c.targets.coveragePct,
    checklistId: c.checklist?.id ?? null,
  };
}

/** /campaigns/new and /campaigns/:id/edit — the commander launches or edits a special campaign. */
export default function CampaignForm() {
  const { id } = useParams();
  const { t } = useTranslation();
  const existing = useCampaign(id);
  if (id && existing.isLoading) return <PageSpinner />;
  if (id && (existing.error || !existing.data))
    return <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />;
  return (
    <div data-testid="campaign-form" style={{ maxWidth: 880 }}>
      <PageHeader title={id ? t('campaign.editTitle') : t('campaign.create')} />
      <CampaignFormBody key={existing.data?.version ?? 'new'} campaign={existing.data} />
    </div>
  );
}

function CampaignFormBody({ campaign }: { campaign?: CampaignDetail }) {
  const { t } = useTranslation();
  const { label, name } = useLocale();
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const checklists = useChecklists();
  const line = Form.useWatch('line', form) ?? campaign?.line ?? 'safety';

  const save = useMutation({
    mutationFn: (v: FormValues) =>
      campaign
        ? api.patch<CampaignDetail>(`/api/campaigns/${campaign.id}`, {
            version: campaign.version,
            ...toInput(v),
          })
        : api.post<CampaignDetail>('/api/campaigns', toInput(v)),
    onSuccess: (saved) => {
      qc.setQueryData(SKEYS.campaign(saved.id), saved);
      void qc.invalidateQueries({ queryKey: SKEYS.campaigns });
      void qc.invalidateQueries({ queryKey: SKEYS.hazardStats });
      navigate(`/campaigns/${saved.id}`, { replace: !!campaign });
    },
    onError: (err) => {
      if (isApiError(err, 'stale_version')) {
        setBanner(t('campaign.stale'));
        if (campaign) void qc.invalidateQueries({ queryKey: SKEYS.campaign(campaign.id) });
        return;
      }
      setBanner(formErrorBanner(form, err, FIELDS));
    },
  });

  const today = dayjs(me.today);
  const templates = (checklists.data?.items ?? []).filter((c) => line === 'any' || c.line === line);

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={
        campaign
          ? fromCampaign(campaign)
          : {
              line: 'safety',
              window: [today, today.add(1, 'month')],
              industryPrefixes: [],
              flags: [],
              divisionCodes: [],
              inspections: 0,
              coveragePct: 100,
              checklistId: null,
            }
      }
      onValuesChange={(changed: Partial<FormValues>) => {
        // A checklist of the other line would be refused: drop it when the line changes.
        if (changed.line && changed.line !== 'any') {
          const chosen = checklists.data?.items.find((c) => c.id === form.getFieldValue('checklistId'));
          if (chosen && chosen.line !== changed.line) form.setFieldValue('checklistId', null);
        }
      }}
      onFinish={(v) => {
        setBanner(null);
        save.mutate(v);
      }}
    >
      <FormBanner text={banner} testId="campaign-form-problem" />
      <Flex vertical gap={16}>
        <Card variant="borderless" title={t('campaign.form.basics')}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="name"
                label={t('campaign.form.name')}
                rules={[
                  { required: true, whitespace: true, message: t('campaign.form.nameRequired') },
                  { min: 2, max: 100, message: t('validation.length', { min: 2, max: 100 }) },
                ]}
              >
                <Input maxLength={100} data-testid="campaign-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="nameEn" label={t('campaign.form.nameEn')}>
                <Input maxLength={200} data-testid="campaign-name-en" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('campaign.form.description')}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="line" label={t('hazard.fields.line')}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={[
                    ...HAZARD_LINES.map((l) => ({ value: l, label: label(HAZARD_LINE_LABELS[l]) })),
                    { value: 'any', label: t('campaign.form.bothLines') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="window"
                label={t('campaign.form.window')}
                rules={[{ required: true, message: t('campaign.form.windowRequired') }]}
              >
                <DatePicker.RangePicker
                  style={{ width: '100%' }}
                  allowClear={false}
                  data-testid="campaign-window"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card variant="borderless" title={t('campaign.form.scope')}>
          <Typography.Paragraph type="secondary">{t('campaign.form.scopeHint')}</Typography.Paragraph>
          <Form.Item name="industryPrefixes" label={t('campaign.form.industries')}>
            <IndustrySelect
              multiple
              maxDepth={2}
              sectionsSelectable={false}
              allowClear
              placeholder={t('campaign.form.anyIndustry')}
              style={{ width: '100%' }}
              data-testid="campaign-industries"
            />
          </Form.Item>
          <Form.Item name="flags" label={t('campaign.form.flags')}>
            <Checkbox.Group
              options={ENTERPRISE_FLAGS.map((f) => ({ value: f, label: label(ENTERPRISE_FLAG_LABELS[f]) }))}
            />
          </Form.Item>
          <Form.Item name="divisionCodes" label={t('campaign.form.divisions')} style={{ marginBottom: 0 }}>
            <DistrictSelect
              mode="multiple"
              allowClear
              placeholder={t('campaign.form.cityWide')}
              style={{ width: '100%' }}
              data-testid="campaign-divisions"
            />
          </Form.Item>
        </Card>
        <Card variant="borderless" title={t('campaign.form.targetsAndChecklist')}>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item
                name="inspections"
                label={t('campaign.form.targetInspections')}
                rules={[{ required: true, message: t('validation.integerRange', { min: 0, max: 1000000 }) }]}
              >
                <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="coveragePct"
                label={t('campaign.form.targetCoverage')}
                rules={[{ required: true, message: t('validation.integerRange', { min: 0, max: 100 }) }]}
              >
                <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="checklistId"
                label={t('campaign.form.checklist')}
                extra={t('campaign.form.checklistHint')}
              >
                <Select<number | null>
                  allowClear
                  loading={checklists.isLoading}
                  placeholder={t('campaign.form.noChecklist')}
                  options={templates.map((c) => ({
                    value: c.id,
                    label: `${name(c)} · v${c.version}`,
                  }))}
                  data-testid="campaign-checklist"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Flex gap={8} justify="flex-end">
          <Button onClick={() => navigate(campaign ? `/campaigns/${campaign.id}` : '/campaigns')}>
            {t('common.cancel')}
          </Button>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined />}
            loading={save.isPending}
            data-testid="campaign-save"
          >
            {campaign ? t('common.save') : t('campaign.form.launch')}
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}
