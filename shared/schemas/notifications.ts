import { z } from 'zod';
import { NotificationKind } from '../enums';
import { QueryBool } from './common';

export const NotificationListQuery = z.object({
  unread: QueryBool.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

export const NotificationView = z.object({
  id: z.number().int(),
  kind: NotificationKind,
  /** Rendered in the reader's language from `data`. */
  title: z.string(),
  body: z.string(),
  enterpriseId: z.number().int().nullable(),
  date: z.string().nullable(),
  /** What the notification is about, for a link: { type: 'report' | 'alert' | 'directive', id }. */
  subject: z.object({ type: z.string(), id: z.number().int() }).nullable(),
  data: z.record(z.string(), z.any()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationList = z.object({
  items: z.array(NotificationView),
  total: z.number().int(),
  unread: z.number().int(),
});
