import { Alert, App, Button, Form, InputNumber, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { KPIS } from '../../../../shared/kpi';
import { isApiError } from '../../api/client';
import { type KpiTargets, useKpiTargets, useSaveKpiTargets } from '../../api/kpis';
import { ErrorState } from '../../components/ErrorPages';
import { PageSpinner } from '../../components/PageSpinner';
import { useLocale } from '../../i18n';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { KPI_KEYS, type KpiKey, pct } from './figures';

type Values = Record<KpiKey, number | null | undefined>;

const toPercent = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);
const toRate = (p: number | null | undefined) =>
  p === null || p === undefined ? null : Math.round(p * 10) / 1000;

/** The commander sets each KPI's target (in %, empty = no target); a stale version is refused (409). */
export function TargetsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { label, locale } = useLocale();
  const { message } = App.useApp();
  const query = useKpiTargets(open);
  const save = useSaveKpiTargets();
  const [form] = Form.useForm<Values>();
  const view = query.data;

  useEffect(() => {
    if (!open || !view) return;
    form.setFieldsValue(Object.fromEntries(KPI_KEYS.map((k) => [k, toPercent(view.targets[k])])) as Values);
  }, [open, view, form]);

  const submit = async () => {
    if (!view) return;
    const values = await form.validateFields();
    const targets = Object.fromEntries(KPI_KEYS.map((k) => [k, toRate(values[k])])) as KpiTargets;
    try {
      await save.mutateAsync({ targets, version: view.version });
      message.success(t('kpi.targets.saved'));
      onClose();
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        message.warning(t('kpi.targets.stale'));
        void query.refetch();
        return;
      }
      message.error(errorMessage(e));
    }
  };

  return (
    <Modal
      open={open}
      title={t('kpi.targets.title')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="save"
          type="primary"
          loading={save.isPending}
          disabled={!view}
          onClick={() => void submit()}
          data-testid="targets-save"
        >
          {t('common.save')}
        </Button>,
      ]}
    >
      {query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !view ? (
        <PageSpinner />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('kpi.targets.hint')}</Typography.Paragraph>
          <Form
            form={form}
            layout="horizontal"
            size="small"
            labelCol={{ span: 12 }}
            wrapperCol={{ span: 12 }}
          >
            {KPI_KEYS.map((k) => (
              <Form.Item
                key={k}
                name={k}
                label={label(KPIS[k].label)}
                extra={t('kpi.targets.default', { value: pct(view.defaults[k], locale, 0) })}
                rules={[{ type: 'number', min: 0, max: 100, message: t('kpi.targets.range') }]}
                style={{ marginBottom: 10 }}
              >
                <InputNumber<number>
                  min={0}
                  max={100}
                  step={0.5}
                  precision={1}
                  suffix="%"
                  placeholder={t('kpi.targets.none')}
                  style={{ width: '100%' }}
                  data-testid={`target-${k}`}
                />
              </Form.Item>
            ))}
          </Form>
          {view.updatedAt && (
            <Alert
              type="info"
              showIcon
              title={t('kpi.targets.lastChange', {
                at: formatDateTime(view.updatedAt),
                by: view.updatedBy?.displayName ?? '—',
              })}
            />
          )}
        </>
      )}
    </Modal>
  );
}
