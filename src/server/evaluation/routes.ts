/** Evaluation-index API (DTI and provincial indices): frameworks, rounds, assessment, appraisal, results. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { appraiserRoutes } from "./appraisers.ts";
import { assessmentRoutes } from "./assessment.ts";
import { frameworkRoutes } from "./frameworks.ts";
import { resultRoutes } from "./results.ts";
import { roundRoutes } from "./rounds.ts";

/** Every evaluation route, mounted under /api. */
export const evaluationRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(frameworkRoutes);
  await app.register(roundRoutes);
  await app.register(appraiserRoutes);
  await app.register(assessmentRoutes);
  await app.register(resultRoutes);
};
