import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Modal, Radio, Rate, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEMAND_TRANSITIONS, type DemandAction, type DemandStatus } from '../../../../shared/demands';
import { api, isApiError } from '../../api/client';
import { DKEYS, useDemandTemplates } from '../../api/demands';
import type { DemandDetail, DemandView } from '../../api/types';
import { useMe } from '../../auth';
import { DepartmentSelect } from '../../components/ReferenceSelects';
import { errorMessage, formErrorBanner } from '../../lib/errors';
import { testId } from '../../lib/testId';

/**
 * The i18n key of a step for this user: resuming is "answer and resume" for the enterprise (or its
 * liaison relaying the answer), plain "resume" for the handler.
 */
export function stepKey(action: DemandAction, role: string): string {
  return action === 'resume' && (role === 'enterprise' || role === 'liaison') ? 'resumeAnswer' : action;
}

/** The lifecycle step that moves a demand from its status to `to`. */
export function actionOf(status: DemandStatus, to: DemandStatus): DemandAction {
  return DEMAND_TRANSITIONS[status][to]!;
}

const PRIMARY: Record<DemandAction, boolean> = {
  accept: true,
  start: true,
  wait: false,
  resume: true,
  resolve: true,
  confirm: true,
  reopen: false,
};

/** Steps whose note the server requires (shared/demands.ts checkDemandTransition). */
const NOTE_REQUIRED: readonly DemandAction[] = ['wait', 'resolve', 'reopen'];

/**
 * The buttons of the steps this user may take now (the server's `transitions`), plus transfer /
 * reassign when allowed. Clicking opens the step's dialog.
 */
export function DemandActionButtons({
  demand: d,
  onPick,
  block = false,
}: {
  demand: DemandView;
  onPick: (step: DemandStatus | 'transfer') => void;
  block?: boolean;
}) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Flex gap={8} wrap>
      {d.transitions.map((to) => {
        const action = actionOf(d.status, to);
        return (
          <Button
            key={to}
            size="large"
            type={PRIMARY[action] ? 'primary' : 'default'}
            danger={action === 'reopen'}
            onClick={() => onPick(to)}
            style={{ flex: block ? 1 : undefined, minWidth: 120 }}
            data-testid={`demand-${action}`}
          >
            {t(`demand.actions.${stepKey(action, me.role)}`)}
          </Button>
        );
      })}
      {d.canTransfer && (
        <Button
          size="large"
          onClick={() => onPick('transfer')}
          style={{ flex: block ? 1 : undefined, minWidth: 120 }}
          data-testid="demand-transfer"
        >
          {me.role === 'commander' ? t('demand.actions.reassign') : t('demand.actions.transfer')}
        </Button>
      )}
    </Flex>
  );
}

/** A 409 or 403 told in words the user can act on; the demand is reloaded meanwhile. */
function useProblem(id: number) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const fail = (err: unknown, fallback: () => string | null) => {
    if (isApiError(err) && err.status === 409) {
      setStale(true);
      setProblem(
        err.code === 'invalid_transition'
          ? `${t('demand.conflict.state')} ${errorMessage(err)}`
          : t('demand.conflict.version'),
      );
      void qc.invalidateQueries({ queryKey: DKEYS.demand(id) });
      void qc.invalidateQueries({ queryKey: DKEYS.list });
      return;
    }
    if (isApiError(err) && err.status === 403) {
      setProblem(`${t('demand.refused')}${errorMessage(err)}`);
      return;
    }
    setProblem(fallback());
  };
  return { problem, stale, setProblem, fail };
}

function ProblemAlert({ problem, stale, onClose }: { problem: string; stale: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={problem}
      style={{ marginBottom: 12 }}
      data-testid="transition-problem"
      action={
        stale ? (
          <Button size="small" onClick={onClose} data-testid="transition-reload">
            {t('demand.conflict.reload')}
          </Button>
        ) : undefined
      }
    />
  );
}

interface StepValues {
  note?: string;
  solved?: boolean;
  rating?: number;
  comment?: string;
}

/** The dialog of one lifecycle step: its note (or the enterprise's verdict and rating) and the version. */
export function TransitionModal({
  demand: d,
  to,
  onClose,
}: {
  demand: DemandView;
  to: DemandStatus;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const action = actionOf(d.status, to);
  const key = stepKey(action, me.role);
  const [form] = Form.useForm<StepValues>();
  const { problem, stale, setProblem, fail } = useProblem(d.id);
  const templates = useDemandTemplates(
    { category: d.category },
    action === 'resolve' && me.role === 'department',
  );

  const mutation = useMutation({
    mutationFn: (v: StepValues) =>
      api.post<DemandDetail>(`/api/demands/${d.id}/transitions`, {
        to,
        version: d.version,
        note: v.note?.trim() || undefined,
        ...(action === 'confirm'
          ? { solved: v.solved, rating: v.rating, comment: v.comment?.trim() || undefined }
          : {}),
      }),
    onSuccess: (updated) => {
      if (updated && typeof updated === 'object' && 'history' in updated)
        qc.setQueryData(DKEYS.demand(d.id), updated);
      void qc.invalidateQueries({ queryKey: DKEYS.all });
      message.success(t(`demand.done.${key}`));
      onClose();
    },
    onError: (err) => fail(err, () => formErrorBanner(form, err, ['note', 'solved', 'rating', 'comment'])),
  });

  return (
    <Modal
      open
      title={t(`demand.actions.${key}`)}
      okText={t(`demand.actions.${key}`)}
      okButtonProps={{
        danger: action === 'reopen',
        loading: mutation.isPending,
        disabled: stale,
        ...testId('transition-confirm'),
      }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {problem && <ProblemAlert problem={problem} stale={stale} onClose={onClose} />}
      <Typography.Paragraph type="secondary">{t(`demand.modalHint.${key}`)}</Typography.Paragraph>
      <Form<StepValues>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setProblem(null);
          mutation.mutate(v);
        }}
      >
        {action === 'confirm' ? (
          <>
            <Form.Item
              name="solved"
              label={t('demand.confirm.solvedQuestion')}
              rules={[{ required: true, message: t('demand.confirm.solvedRequired') }]}
            >
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                size="large"
                options={[
                  { value: true, label: t('demand.confirm.solvedYes') },
                  { value: false, label: t('demand.confirm.solvedNo') },
                ]}
                data-testid="confirm-solved"
              />
            </Form.Item>
            <Form.Item
              name="rating"
              label={t('demand.confirm.rating')}
              rules={[{ required: true, message: t('demand.confirm.ratingRequired') }]}
            >
              <Rate
                style={{ fontSize: 32 }}
                tooltips={[1, 2, 3, 4, 5].map((n) => t(`demand.confirm.stars.${n}`))}
                data-testid="confirm-rating"
              />
            </Form.Item>
            <Form.Item
              name="comment"
              label={t('demand.confirm.comment')}
              rules={[{ max: 1000, message: t('validation.max', { max: 1000 }) }]}
            >
              <Input.TextArea rows={3} maxLength={1000} showCount data-testid="confirm-comment" />
            </Form.Item>
          </>
        ) : (
          <>
            {action === 'resolve' && (templates.data?.length ?? 0) > 0 && (
              <Form.Item label={t('demand.templates.pick')}>
                <Select<number>
                  allowClear
                  placeholder={t('demand.templates.pickPlaceholder')}
                  options={(templates.data ?? []).map((tpl) => ({ value: tpl.id, label: tpl.title }))}
                  onChange={(id) => {
                    const tpl = templates.data?.find((x) => x.id === id);
                    if (tpl) form.setFieldValue('note', tpl.body);
                  }}
                  data-testid="template-pick"
                />
              </Form.Item>
            )}
            <Form.Item
              name="note"
              label={t(`demand.noteLabel.${key}`)}
              rules={[
                {
                  required: NOTE_REQUIRED.includes(action),
                  whitespace: true,
                  message: t(`demand.noteRequired.${key}`),
                },
                { max: 2000, message: t('validation.max', { max: 2000 }) },
              ]}
            >
              <Input.TextArea rows={5} maxLength={2000} showCount data-testid="transition-note" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

interface TransferValues {
  departmentCode?: string;
  reason?: string;
  coDepartments?: string[];
}

/** Transfer to another department with a reason (lead department), or reassign (commander). */
export function TransferModal({ demand: d, onClose }: { demand: DemandView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const reassign = me.role === 'commander';
  const [form] = Form.useForm<TransferValues>();
  const { problem, stale, setProblem, fail } = useProblem(d.id);

  const mutation = useMutation({
    mutationFn: (v: TransferValues) =>
      api.post<DemandDetail>(`/api/demands/${d.id}/transfer`, {
        departmentCode: v.departmentCode,
        reason: v.reason?.trim(),
        coDepartments: (v.coDepartments ?? []).filter((c) => c !== v.departmentCode),
        version: d.version,
      }),
    onSuccess: (updated) => {
      if (updated && typeof updated === 'object' && 'history' in updated)
        qc.setQueryData(DKEYS.demand(d.id), updated);
      void qc.invalidateQueries({ queryKey: DKEYS.all });
      message.success(t(reassign ? 'demand.transfer.reassigned' : 'demand.transfer.done'));
      onClose();
    },
    onError: (err) =>
      fail(err, () => formErrorBanner(form, err, ['departmentCode', 'reason', 'coDepartments'])),
  });

  const title = reassign ? t('demand.actions.reassign') : t('demand.actions.transfer');
  return (
    <Modal
      open
      title={title}
      okText={title}
      okButtonProps={{ loading: mutation.isPending, disabled: stale, ...testId('transfer-confirm') }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {problem && <ProblemAlert problem={problem} stale={stale} onClose={onClose} />}
      <Typography.Paragraph type="secondary">
        {t(reassign ? 'demand.transfer.reassignHint' : 'demand.transfer.hint', {
          department: d.leadDepartment.name,
        })}
      </Typography.Paragraph>
      <Form<TransferValues>
        form={form}
        layout="vertical"
        initialValues={{ coDepartments: d.coDepartments.map((c) => c.code) }}
        onFinish={(v) => {
          setProblem(null);
          mutation.mutate(v);
        }}
      >
        <Form.Item
          name="departmentCode"
          label={t('demand.transfer.department')}
          rules={[
            { required: true, message: t('demand.transfer.departmentRequired') },
            {
              validator: (_, v) =>
                v && v === d.leadDepartment.code
                  ? Promise.reject(new Error(t('demand.transfer.sameDepartment')))
                  : Promise.resolve(),
            },
          ]}
        >
          <DepartmentSelect placeholder={t('demand.transfer.department')} data-testid="transfer-department" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('demand.transfer.reason')}
          rules={[
            { required: true, whitespace: true, message: t('demand.transfer.reasonRequired') },
            { min: 2, message: t('demand.transfer.reasonRequired') },
            { max: 500, message: t('validation.max', { max: 500 }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="transfer-reason" />
        </Form.Item>
        <Form.Item
          name="coDepartments"
          label={t('demand.transfer.coDepartments')}
          extra={t('demand.transfer.coHint')}
          rules={[
            {
              validator: (_, v: string[] | undefined) =>
                (v ?? []).length > 10
                  ? Promise.reject(new Error(t('demand.transfer.tooMany', { max: 10 })))
                  : Promise.resolve(),
            },
          ]}
        >
          <DepartmentSelect
            mode="multiple"
            allowClear
            placeholder={t('demand.transfer.coDepartments')}
            data-testid="transfer-co"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
