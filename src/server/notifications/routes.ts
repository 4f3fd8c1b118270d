import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listNotifications, markRead } from "../../db/collection/notifications.ts";
import { badRequest } from "../errors.ts";

/** A notification. */
export const ZNotification = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  titleEn: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
/** A notification. */
export type TNotificationBody = z.infer<typeof ZNotification>;

/** The signed-in person's in-app notifications. */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const userOf = (auth: { userId?: number }) => {
    if (!auth.userId)
      throw badRequest({
        field: "user",
        message: "Chỉ dành cho người dùng đăng nhập",
        messageEn: "For signed-in people only",
      });
    return auth.userId;
  };
  app.get(
    "/notifications",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["collection"],
        summary: "My notifications, newest first",
        querystring: z.object({ unread: z.enum(["1", "0"]).optional() }),
        response: { 200: z.object({ items: z.array(ZNotification), unread: z.number().int() }) },
      },
    },
    async (req) => {
      const userId = userOf(req.auth);
      const items = await listNotifications(app.database.orm, {
        userId,
        unreadOnly: req.query.unread === "1",
      });
      return { items, unread: items.filter((i) => !i.readAt).length };
    },
  );
  app.post(
    "/notifications/read",
    {
      config: { permission: "data.read" },
      schema: {
        tags: ["collection"],
        summary: "Mark notifications read",
        body: z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }),
        response: { 200: z.object({ marked: z.number().int() }) },
      },
    },
    async (req) => ({
      marked: await markRead(app.database.orm, { userId: userOf(req.auth), ids: req.body.ids }),
    }),
  );
};
