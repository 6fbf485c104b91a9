import { z } from 'zod';
import { OutboxChannel, OutboxStatus } from '../../../shared/enums';
import { ErrorBody, IdParam } from '../../../shared/schemas/common';
import {
  NotificationList,
  NotificationListQuery,
  NotificationView,
} from '../../../shared/schemas/notifications';
import type { ZApp } from '../../app';
import { listOutbox } from './outbox';
import * as svc from './service';

const tags = ['notifications'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

const OutboxQuery = z.object({
  status: OutboxStatus.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
const OutboxView = z.object({
  id: z.number().int(),
  channel: OutboxChannel,
  recipient: z.string(),
  payload: z.record(z.string(), z.any()),
  status: OutboxStatus,
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

export default async function notificationRoutes(app: ZApp) {
  app.get(
    '/api/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'My notifications (reminders, escalations, alerts, directives), newest first, with the unread count',
        querystring: NotificationListQuery,
        response: { 200: NotificationList, ...errors },
      },
    },
    async (req) => svc.listNotifications(req.ctx, req.query),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Mark one of my notifications read',
        params: IdParam,
        response: { 200: NotificationView, ...errors },
      },
    },
    async (req) => svc.markRead(req.ctx, req.params.id),
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Mark all my notifications read',
        response: { 200: z.object({ updated: z.number().int() }), ...errors },
      },
    },
    async (req) => svc.markAllRead(req.ctx),
  );

  app.get(
    '/api/outbox',
    {
      config: { access: 'outbox.read' },
      schema: {
        tags,
        summary: 'Messages queued for the SMS / webhook gateway and their delivery state',
        querystring: OutboxQuery,
        response: { 200: z.object({ items: z.array(OutboxView), total: z.number().int() }), ...errors },
      },
    },
    async (req) => listOutbox(req.ctx.db, req.query),
  );
}
