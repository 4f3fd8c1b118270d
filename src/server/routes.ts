import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { attachmentRoutes } from "./attachments/routes.ts";
import { auditRoutes } from "./audit/routes.ts";
import { authRoutes } from "./auth/routes.ts";
import { dataValueRoutes } from "./data-values/routes.ts";
import { evaluationRoutes } from "./evaluation/routes.ts";
import { formRoutes } from "./forms/routes.ts";
import { geoRoutes } from "./geo/routes.ts";
import { healthRoutes } from "./health/routes.ts";
import { indicatorRoutes } from "./indicators/routes.ts";
import { notificationRoutes } from "./notifications/routes.ts";
import { planRoutes } from "./plans/routes.ts";
import { programmeRoutes } from "./programme/routes.ts";
import { progressRoutes } from "./progress/routes.ts";
import { publicRoutes } from "./public/routes.ts";
import { reportRoutes } from "./reports/routes.ts";
import { roundRoutes } from "./rounds/routes.ts";
import { sessionRoutes } from "./sessions/routes.ts";
import { submissionRoutes } from "./submissions/routes.ts";
import { taskRoutes } from "./tasks/routes.ts";
import { teamRoutes } from "./teams/routes.ts";
import { templateRoutes } from "./templates/routes.ts";
import { unitManageRoutes } from "./units/manage.ts";
import { unitRoutes } from "./units/routes.ts";
import { userRoutes } from "./users/routes.ts";

/** Every resource's routes, mounted under /api. Add a resource here and nowhere else. */
export const API_ROUTES: FastifyPluginAsyncZod[] = [
  healthRoutes,
  authRoutes,
  userRoutes,
  auditRoutes,
  unitRoutes,
  planRoutes,
  indicatorRoutes,
  formRoutes,
  templateRoutes,
  unitManageRoutes,
  dataValueRoutes,
  progressRoutes,
  reportRoutes,
  sessionRoutes,
  taskRoutes,
  geoRoutes,
  publicRoutes,
  teamRoutes,
  programmeRoutes,
  roundRoutes,
  submissionRoutes,
  attachmentRoutes,
  notificationRoutes,
  evaluationRoutes,
];
