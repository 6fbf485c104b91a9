import { Alert } from 'antd';

/** A form's error banner (what the server refused, not tied to one field); nothing when there is none. */
export function FormBanner({ text, testId }: { text: string | null; testId?: string }) {
  if (!text) return null;
  return <Alert type="error" showIcon title={text} style={{ marginBottom: 16 }} data-testid={testId} />;
}
