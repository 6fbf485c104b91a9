import { SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, DatePicker, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  HAZARD_CATEGORY_LABELS,
  HAZARD_LINE_LABELS,
  HAZARD_LINES,
  HAZARD_SEVERITIES,
  HAZARD_SEVERITY_LABELS,
  type HazardCategory,
  type HazardLine,
  type HazardSeverity,
} from '../../../../shared/enums';
import { categoriesOfLine, defaultDeadline } from '../../../../shared/hazards';
import { api } from '../../api/client';
import { SKEYS, useEnterpriseById } from '../../api/safety';
import type { HazardCreateInput, HazardDetail } from '../../api/types';
import { useMe } from '../../auth';
import { EnterpriseSelect, useEnterprisePicker } from '../../components/EnterpriseSelect';
import { FormBanner } from '../../components/FormBanner';
import { PageHeader } from '../../components/ListPage';
import { useLocale } from '../../i18n';
import { formErrorBanner } from '../../lib/errors';
import { PhotoField } from './Photos';

interface FormValues {
  enterpriseId?: number;
  line: HazardLine;
  category?: HazardCategory;
  severity: HazardSeverity;
  description?: string;
  location?: string;
  responsiblePerson?: string;
  foundOn: Dayjs;
  deadline?: Dayjs | null;
  attachmentIds: number[];
}

const FIELDS = [
  'enterpriseId',
  'line',
  'category',
  'severity',
  'description',
  'location',
  'responsiblePerson',
  'foundOn',
  'deadline',
  'attachmentIds',
] as const;

/**
 * /hazards/new?enterpriseId=&enterpriseName= — record a hazard found outside an inspection (a
 * walk-through, a report, a complaint). Phone-first: one column, large controls, photos from the
 * camera. The deadline defaults by severity, as on the server.
 */
export default function HazardCreate() {
  const { t } = useTranslation();
  const { label } = useLocale();
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const preset = Number(params.get('enterpriseId')) || undefined;
  // The enterprise it was opened for (from its page or a filtered list), by the same key its page uses.
  const presetEnterprise = useEnterpriseById(preset);
  const presetName = presetEnterprise.data?.name ?? params.get('enterpriseName');
  const picker = useEnterprisePicker({
    preset: preset && presetName ? { value: preset, label: presetName, desc: '' } : undefined,
  });

  const enterpriseId = Form.useWatch('enterpriseId', form);
  const line = Form.useWatch('line', form) ?? 'safety';
  const severity = Form.useWatch('severity', form) ?? 'general';
  const foundOn = Form.useWatch('foundOn', form);
  const picked =
    picker.enterprises.data?.items.find((e) => e.id === enterpriseId) ??
    (presetEnterprise.data?.id === enterpriseId ? presetEnterprise.data : undefined);

  const defaultDue = foundOn ? defaultDeadline(foundOn.format('YYYY-MM-DD'), severity) : null;

  const create = useMutation({
    mutationFn: (v: FormValues) => {
      const body: HazardCreateInput = {
        enterpriseId: v.enterpriseId!,
        line: v.line,
        category: v.category!,
        severity: v.severity,
        description: v.description!.trim(),
        location: v.location?.trim() || undefined,
        responsiblePerson: v.responsiblePerson?.trim() || undefined,
        foundOn: v.foundOn.format('YYYY-MM-DD'),
        deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : undefined,
        attachmentIds: v.attachmentIds.length ? v.attachmentIds : undefined,
      };
      return api.post<HazardDetail>('/api/hazards', body);
    },
    onSuccess: (created) => {
      qc.setQueryData(SKEYS.hazard(created.id), created);
      void qc.invalidateQueries({ queryKey: SKEYS.hazards });
      void qc.invalidateQueries({ queryKey: SKEYS.hazardStats });
      void qc.invalidateQueries({ queryKey: SKEYS.campaigns });
      navigate(`/hazards/${created.id}`, { replace: true });
    },
    onError: (err) => setBanner(formErrorBanner(form, err, FIELDS)),
  });

  return (
    <div data-testid="hazard-create" style={{ maxWidth: 640 }}>
      <PageHeader
        title={t('hazardForm.title')}
        extra={<Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>}
      />
      <Typography.Paragraph type="secondary">{t('hazardForm.hint')}</Typography.Paragraph>
      <FormBanner text={banner} testId="hazard-create-problem" />
      <Form<FormValues>
        form={form}
        layout="vertical"
        size="large"
        initialValues={{
          enterpriseId: preset,
          line: 'safety',
          severity: 'general',
          foundOn: dayjs(me.today),
          attachmentIds: [],
        }}
        onValuesChange={(changed: Partial<FormValues>) => {
          // A category of the other line would be refused: clear it when the line changes.
          if (changed.line) {
            const c = form.getFieldValue('category') as HazardCategory | undefined;
            if (c && !categoriesOfLine(changed.line).includes(c)) form.setFieldValue('category', undefined);
          }
          // Photos belong to one enterprise: another enterprise starts without them.
          if ('enterpriseId' in changed) form.setFieldValue('attachmentIds', []);
        }}
        onFinish={(v) => {
          setBanner(null);
          create.mutate(v);
        }}
      >
        <Card variant="borderless" style={{ marginBottom: 16 }}>
          <Form.Item
            name="enterpriseId"
            label={t('hazard.fields.enterprise')}
            rules={[{ required: true, message: t('inspection.pickEnterprise') }]}
          >
            <EnterpriseSelect picker={picker} data-testid="hazard-enterprise" />
          </Form.Item>
          <Form.Item name="line" label={t('hazard.fields.line')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={HAZARD_LINES.map((l) => ({
                value: l,
                label: label(HAZARD_LINE_LABELS[l]),
                ...{ 'data-testid': `hazard-line-${l}` },
              }))}
            />
          </Form.Item>
          <Form.Item
            name="category"
            label={t('hazard.fields.category')}
            rules={[{ required: true, message: t('hazardForm.pickCategory') }]}
          >
            <Select<HazardCategory>
              placeholder={t('hazardForm.pickCategory')}
              options={categoriesOfLine(line).map((c) => ({
                value: c,
                label: label(HAZARD_CATEGORY_LABELS[c]),
              }))}
              data-testid="hazard-category"
            />
          </Form.Item>
          <Form.Item
            name="severity"
            label={t('hazard.fields.severity')}
            extra={severity === 'major' ? t('inspection.majorHint') : undefined}
          >
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={HAZARD_SEVERITIES.map((s) => ({
                value: s,
                label: label(HAZARD_SEVERITY_LABELS[s]),
                ...{ 'data-testid': `hazard-severity-${s}` },
              }))}
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('hazard.fields.description')}
            rules={[
              { required: true, whitespace: true, message: t('hazardForm.describe') },
              { min: 2, message: t('validation.length', { min: 2, max: 1000 }) },
            ]}
          >
            <Input.TextArea
              rows={4}
              maxLength={1000}
              showCount
              placeholder={t('hazardForm.describe')}
              data-testid="hazard-description-input"
            />
          </Form.Item>
          <Form.Item name="location" label={t('hazard.fields.location')}>
            <Input maxLength={200} placeholder={t('hazardForm.locationPlaceholder')} />
          </Form.Item>
          <Form.Item
            name="responsiblePerson"
            label={t('hazard.fields.responsiblePerson')}
            extra={
              picked?.contactName
                ? t('hazardForm.responsibleDefault', { name: picked.contactName })
                : undefined
            }
          >
            <Input maxLength={50} placeholder={picked?.contactName || undefined} />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item
              name="foundOn"
              label={t('hazard.fields.foundOn')}
              rules={[{ required: true, message: t('hazardForm.foundOnRequired') }]}
              style={{ flex: 1, minWidth: 200 }}
            >
              <DatePicker
                style={{ width: '100%' }}
                allowClear={false}
                disabledDate={(d) => d.isAfter(dayjs(me.today), 'day')}
                inputReadOnly
              />
            </Form.Item>
            <Form.Item
              name="deadline"
              label={t('hazard.fields.deadline')}
              extra={defaultDue ? t('inspection.deadlineDefault', { date: defaultDue }) : undefined}
              style={{ flex: 1, minWidth: 200 }}
            >
              <DatePicker
                style={{ width: '100%' }}
                placeholder={defaultDue ?? undefined}
                disabledDate={(d) => !!foundOn && d.isBefore(foundOn, 'day')}
                inputReadOnly
              />
            </Form.Item>
          </Flex>
          {enterpriseId ? (
            <Form.Item name="attachmentIds" label={t('hazard.fields.photos')} style={{ marginBottom: 0 }}>
              <PhotoField enterpriseId={enterpriseId} testId="hazard-photo" />
            </Form.Item>
          ) : (
            <Form.Item label={t('hazard.fields.photos')} style={{ marginBottom: 0 }}>
              <Typography.Text type="secondary">{t('hazardForm.photosAfterEnterprise')}</Typography.Text>
            </Form.Item>
          )}
        </Card>
        <Button
          type="primary"
          htmlType="submit"
          block
          icon={<SaveOutlined />}
          loading={create.isPending}
          data-testid="hazard-create-submit"
        >
          {t('hazardForm.submit')}
        </Button>
      </Form>
    </div>
  );
}
