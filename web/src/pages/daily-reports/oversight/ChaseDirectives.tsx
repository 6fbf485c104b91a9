import { BellOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm } from 'antd';
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
  const { message } = App.useApp();
  const chase = useChaseDirectives();
  const run = async () => {
    try {
      onResult(await chase.mutateAsync(directiveId));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <Popconfirm
      title={directiveId ? t('directive.chaseConfirm') : t('directive.chaseAllConfirm')}
      description={<div style={{ maxWidth: 360 }}>{t('directive.chaseHint')}</div>}
      onConfirm={() => void run()}
    >
      <Button icon={<BellOutlined />} loading={chase.isPending} data-testid="chase-directives">
        {directiveId ? t('directive.chaseOverdue') : t('directive.chaseAllOverdue')}
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
    return (
      <Alert
        type="info"
        showIcon
        closable={{ onClose }}
        data-testid="chase-result"
        title={t('directive.chaseNothing')}
      />
    );
  return (
    <Alert
      type="success"
      showIcon
      closable={{ onClose }}
      data-testid="chase-result"
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
