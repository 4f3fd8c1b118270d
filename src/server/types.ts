import type { Database } from "../db/client.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** The open database (PGlite or PostgreSQL). */
    database: Database;
  }
}
