import { BellOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type DirectiveChaseResult, useChaseDirectives } from '../../../api/report-oversight';
import { errorMessage } from '../../../lib/errors';

/**
 * 催办: reminds the enterprises that have not completed an overdue directive (one, or every overdue
 * one in the caller's scope) and tells their liaisons and districts; the result goes to `onResult`.
 */
export function ChaseDirectivesButton({
  directiveId,
  onResult,
}: {
  directiveId?: number;
  onResult: (r: DirectiveChaseResult) => void;
}) {
  const { t } = useTranslation();
  return (
    <ChaseConfirmButton
      chase={useChaseDirectives()}
      arg={directiveId}
      onResult={onResult}
      title={directiveId ? t('directive.chaseConfirm') : t('directive.chaseAllConfirm')}
      hint={t('directive.chaseHint')}
      label={directiveId ? t('directive.chaseOverdue') : t('directive.chaseAllOverdue')}
      testId="chase-directives"
    />
  );
}

/** A chase (催报 / 催办) behind a confirmation: runs it, hands the result on, says a failure. */
export function ChaseConfirmButton<A, R>({
  chase,
  arg,
  onResult,
  title,
  hint,
  label,
  testId,
}: {
  chase: { mutateAsync: (arg: A) => Promise<R>; isPending: boolean };
  arg: A;
  onResult: (r: R) => void;
  title: string;
  hint: string;
  label: string;
  testId: string;
}) {
  const { message } = App.useApp();
  const run = async () => {
    try {
      onResult(await chase.mutateAsync(arg));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Popconfirm
      title={title}
      description={<div style={{ maxWidth: 360 }}>{hint}</div>}
      onConfirm={() => void run()}
    >
      <Button icon={<BellOutlined />} loading={chase.isPending} data-testid={testId}>
        {label}
      </Button>
    </Popconfirm>
  );
}

/** What a directive chase did: how many directives and enterprises, and how many were told. */
export function DirectiveChaseOutcome({
  result,
  onClose,
}: {
  result: DirectiveChaseResult;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  if (!result.overdueTargets)
    return <ChaseResultAlert type="info" onClose={onClose} title={t('directive.chaseNothing')} />;
  return (
    <ChaseResultAlert
      type="success"
      onClose={onClose}
      title={t('directive.chaseDone', {
        directives: result.directives,
        targets: result.overdueTargets,
        notifications: result.notifications,
        outbox: result.outbox,
      })}
      description={result.notifications === 0 && result.outbox === 0 ? t('directive.chaseRepeat') : undefined}
    />
  );
}

/** What a chase did, closable; `chase-result` for the tests. */
export function ChaseResultAlert({
  type,
  title,
  description,
  onClose,
}: {
  type: 'info' | 'success';
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
}) {
  return (
    <Alert
      type={type}
      showIcon
      closable={{ onClose }}
      data-testid="chase-result"
      title={title}
      description={description}
    />
  );
}
