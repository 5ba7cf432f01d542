import { randomUUID } from 'node:crypto';
import { ROLE_NAMES, RoleName } from '../../factories/identity';
import type { Check, MatrixContext, Row } from './types';

/**
 * Staff notifications: any signed-in user, on their own notifications only. Another user's notification
 * answers 404, exactly as one that does not exist. Notifications are made for each check in SQL.
 */

const notificationFor = async (ctx: MatrixContext, recipientId: string): Promise<string> => {
  const [row] = await ctx.db.query<{ id: string }>(
    `INSERT INTO notifications (recipient_id, type, title, event_id)
     VALUES ($1, 'role_changed', 'Vai trò của một người dùng trong tổ chức của bạn đã thay đổi', $2) RETURNING id`,
    [recipientId, randomUUID()],
  );
  return row!.id;
};

const readPath = (id: string): string => `/api/v1/notifications/${id}/read`;

export const NOTIFICATIONS_ROWS: Row[] = [
  {
    route: 'GET /api/v1/notifications',
    access: 'authenticated',
    checks: [
      { as: 'anonymous', relation: 'not signed in', path: '/api/v1/notifications', expect: 401 },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'own notifications',
        path: '/api/v1/notifications?unread=true',
        expect: 200,
      })),
    ],
  },
  {
    route: 'GET /api/v1/notifications/unread-count',
    access: 'authenticated',
    checks: [
      { as: 'anonymous', relation: 'not signed in', path: '/api/v1/notifications/unread-count', expect: 401 },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'own notifications',
        path: '/api/v1/notifications/unread-count',
        expect: 200,
      })),
    ],
  },
  {
    route: 'POST /api/v1/notifications/read-all',
    access: 'authenticated',
    checks: [
      {
        as: 'anonymous',
        relation: 'not signed in',
        method: 'POST',
        path: '/api/v1/notifications/read-all',
        expect: 401,
      },
      ...ROLE_NAMES.map((role): Check => ({
        as: role,
        relation: 'own notifications',
        method: 'POST',
        path: '/api/v1/notifications/read-all',
        expect: 200,
      })),
    ],
  },
  {
    route: 'POST /api/v1/notifications/:id/read',
    access: 'authenticated',
    checks: [
      {
        as: 'anonymous',
        relation: 'not signed in',
        method: 'POST',
        path: async (ctx) => readPath(await notificationFor(ctx, ctx.world.users.supervisor.A.id)),
        expect: 401,
      },
      ...ROLE_NAMES.flatMap((role: RoleName): Check[] => [
        {
          as: role,
          relation: 'own notification',
          method: 'POST',
          path: async (ctx) => readPath(await notificationFor(ctx, ctx.world.users[role].A.id)),
          expect: 200,
        },
        {
          as: role,
          relation: 'notification of another user of the same organisation',
          method: 'POST',
          path: async (ctx) =>
            readPath(
              await notificationFor(
                ctx,
                ctx.world.users[role === 'supervisor' ? 'counsellor' : 'supervisor'].A.id,
              ),
            ),
          expect: 404,
        },
      ]),
      {
        as: 'supervisor',
        relation: 'notification of a user of another organisation',
        method: 'POST',
        path: async (ctx) => readPath(await notificationFor(ctx, ctx.world.users.supervisor.B.id)),
        expect: 404,
      },
      {
        as: 'supervisor',
        relation: 'no such notification',
        method: 'POST',
        path: readPath(randomUUID()),
        expect: 404,
      },
    ],
  },
];
