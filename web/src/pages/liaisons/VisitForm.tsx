import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import {
  VISIT_PROBLEM_CATEGORIES,
  VISIT_PROBLEM_CATEGORY_LABELS,
  VISIT_PURPOSE_LABELS,
  VISIT_PURPOSES,
  type VisitProblemCategory,
  type VisitPurpose,
} from '../../../../shared/enums';
import { api } from '../../api/client';
import { RKEYS, useMyEnterprises, useVisits } from '../../api/resumption';
import type { VisitBody, VisitView } from '../../api/types';
import { useMe } from '../../auth';
import { PageHeader } from '../../components/ListPage';
import { useLocale } from '../../i18n';
import { formErrorBanner } from '../../lib/errors';
import { formatDate } from '../../lib/format';

interface FormValues {
  enterpriseId?: number;
  date: Dayjs;
  purpose: VisitPurpose;
  checked?: string;
  findings?: string;
  problems: { category?: VisitProblemCategory; description?: string }[];
}

const FIELDS = ['enterpriseId', 'date', 'purpose', 'checked', 'findings', 'problems'] as const;

/** /liaison/visits/new?enterpriseId= — a liaison logs a visit, on a phone as well as a desk. */
export default function VisitForm() {
  const { t } = useTranslation();
  const { label } = useLocale();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const mine = useMyEnterprises();
  const [form] = Form.useForm<FormValues>();
  const [banner, setBanner] = useState<string | null>(null);
  const enterpriseId =
    Form.useWatch('enterpriseId', form) ?? (Number(params.get('enterpriseId')) || undefined);
  const recent = useVisits(enterpriseId);

  const mutation = useMutation({
    mutationFn: (v: FormValues) =>
      api.post<VisitView>('/api/liaison-visits', {
        enterpriseId: v.enterpriseId!,
        date: v.date.format('YYYY-MM-DD'),
        purpose: v.purpose,
        checked: v.checked?.trim() ?? '',
        findings: v.findings?.trim() ?? '',
        problems: (v.problems ?? [])
          .filter((p) => p.category && p.description?.trim())
          .map((p) => ({ category: p.category!, description: p.description!.trim() })),
      } satisfies VisitBody),
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: RKEYS.myEnterprises });
      void qc.invalidateQueries({ queryKey: RKEYS.visits });
      void qc.invalidateQueries({ queryKey: RKEYS.coverage });
      message.success(t('visit.saved', { name: saved.enterpriseName }));
      navigate('/liaison/enterprises');
    },
    onError: (err) => setBanner(formErrorBanner(form, err, FIELDS)),
  });

  return (
    <div data-testid="visit-form" style={{ maxWidth: 760 }}>
      <PageHeader title={t('visit.title')} />
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{
          enterpriseId: Number(params.get('enterpriseId')) || undefined,
          date: dayjs(me.today),
          purpose: 'prevention',
          problems: [],
        }}
        onFinish={(v) => {
          setBanner(null);
          mutation.mutate(v);
        }}
        scrollToFirstError
      >
        <Flex vertical gap={16}>
          <Card variant="borderless">
            <Form.Item
              name="enterpriseId"
              label={t('visit.enterprise')}
              rules={[{ required: true, message: t('visit.pickEnterprise') }]}
            >
              <Select<number>
                loading={mine.isLoading}
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('visit.pickEnterprise')}
                options={(mine.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
                data-testid="visit-enterprise"
              />
            </Form.Item>
            <Form.Item
              name="date"
              label={t('visit.date')}
              rules={[{ required: true, message: t('visit.dateRequired') }]}
            >
              <DatePicker
                style={{ width: '100%' }}
                inputReadOnly
                disabledDate={(d) => d.format('YYYY-MM-DD') > me.today}
              />
            </Form.Item>
            <Form.Item name="purpose" label={t('visit.purpose')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={VISIT_PURPOSES.map((p) => ({ value: p, label: label(VISIT_PURPOSE_LABELS[p]) }))}
                data-testid="visit-purpose"
              />
            </Form.Item>
            <Form.Item
              name="checked"
              label={t('visit.checked')}
              rules={[{ max: 2000, message: t('validation.max', { max: 2000 }) }]}
            >
              <Input.TextArea
                rows={3}
                maxLength={2000}
                placeholder={t('visit.checkedPlaceholder')}
                data-testid="visit-checked"
              />
            </Form.Item>
            <Form.Item
              name="findings"
              label={t('visit.findings')}
              rules={[{ max: 2000, message: t('validation.max', { max: 2000 }) }]}
            >
              <Input.TextArea
                rows={3}
                maxLength={2000}
                placeholder={t('visit.findingsPlaceholder')}
                data-testid="visit-findings"
              />
            </Form.Item>
          </Card>
          <Card variant="borderless" title={t('visit.problems')}>
            <Typography.Paragraph type="secondary">{t('visit.problemsHint')}</Typography.Paragraph>
            <Form.List name="problems">
              {(fields, { add, remove }) => (
                <Flex vertical gap={12}>
                  {fields.map((f, i) => (
                    <Card
                      key={f.key}
                      size="small"
                      title={t('visit.problemN', { n: i + 1 })}
                      extra={
                        <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)}>
                          {t('plan.remove')}
                        </Button>
                      }
                    >
                      <Form.Item
                        name={[f.name, 'category']}
                        label={t('visit.category')}
                        rules={[{ required: true, message: t('visit.categoryRequired') }]}
                      >
                        <Select
                          options={VISIT_PROBLEM_CATEGORIES.map((c) => ({
                            value: c,
                            label: label(VISIT_PROBLEM_CATEGORY_LABELS[c]),
                          }))}
                          data-testid={`problem-${i}-category`}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'description']}
                        label={t('visit.description')}
                        rules={[
                          { required: true, whitespace: true, message: t('visit.descriptionRequired') },
                          { max: 500, message: t('validation.max', { max: 500 }) },
                        ]}
                        style={{ marginBottom: 0 }}
                      >
                        <Input.TextArea rows={2} maxLength={500} data-testid={`problem-${i}-description`} />
                      </Form.Item>
                    </Card>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({})}
                    block
                    disabled={fields.length >= 20}
                    data-testid="problem-add"
                  >
                    {t('visit.addProblem')}
                  </Button>
                </Flex>
              )}
            </Form.List>
          </Card>
          <Flex gap={8} wrap>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SaveOutlined />}
              loading={mutation.isPending}
              size="large"
              style={{ flex: 1, minWidth: 160 }}
              data-testid="visit-submit"
            >
              {t('visit.submit')}
            </Button>
            <Button size="large" onClick={() => navigate(-1)} style={{ minWidth: 100 }}>
              {t('common.cancel')}
            </Button>
          </Flex>
          {recent.data && recent.data.items.length > 0 && (
            <Card variant="borderless" size="small" title={t('visit.recent')}>
              <Flex vertical gap={8}>
                {recent.data.items.slice(0, 5).map((v) => (
                  <Flex key={v.id} vertical gap={2}>
                    <Typography.Text strong>
                      {formatDate(v.date)} · {label(VISIT_PURPOSE_LABELS[v.purpose])} ·{' '}
                      {v.liaison?.displayName}
                    </Typography.Text>
                    {v.findings && <Typography.Text type="secondary">{v.findings}</Typography.Text>}
                  </Flex>
                ))}
              </Flex>
            </Card>
          )}
        </Flex>
      </Form>
    </div>
  );
}
