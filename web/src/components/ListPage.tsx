import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { Action } from '../../../shared/access';
import { useAuth } from '../auth';

interface ListPageProps {
  title: ReactNode;
  /** Buttons on the right of the title (create, import, export…). */
  actions?: ReactNode;
  /** The filter bar above the table. */
  filters?: ReactNode;
  children: ReactNode;
}

/** The one shape of a list page: title and actions, filters, then the table. */
export function ListPage({ title, actions, filters, children }: ListPageProps) {
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {actions && (
          <Flex gap={8} wrap>
            {actions}
          </Flex>
        )}
      </Flex>
      <Card variant="borderless" styles={{ body: { padding: 16 } }}>
        <Flex vertical gap={16}>
          {filters && (
            <Flex gap={8} wrap align="center">
              {filters}
            </Flex>
          )}
          {children}
        </Flex>
      </Card>
    </Flex>
  );
}

/** A page's heading with actions on the right, for detail and form pages. */
export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {extra && (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}

/**
 * Lets a wide table scroll sideways on narrow screens. Used instead of antd's `scroll.x`, which
 * adds a hidden measuring row as the first `tbody tr` (and trips up tests that wait for rows).
 */
export function ScrollX({ minWidth, children }: { minWidth: number; children: ReactNode }) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}

/** A list's "new …" button, shown to who may `access`: opens the page at `to`. */
export function NewButton({
  access,
  to,
  testId,
  children,
}: {
  access: Action;
  to: string;
  testId: string;
  children: ReactNode;
}) {
  const { can } = useAuth();
  const navigate = useNavigate();
  if (!can(access)) return null;
  return (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(to)} data-testid={testId}>
      {children}
    </Button>
  );
}
