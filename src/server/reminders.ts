import { sql } from "drizzle-orm";
import { type Db, rows, withActor } from "../db/client.ts";
import { remindTasks } from "../db/review/tasks.ts";
import { remindDueRounds } from "./notifications/notify.ts";

type TLog = { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };

/**
 * Sends every reminder that is due today: reporting rounds from 3 days before their deadline and daily
 * once overdue, and review tasks due within 7 days or overdue. Each reminder carries a per-day dedupe key,
 * so running this more than once a day sends nothing twice.
 */
export async function runDueReminders(options: { db: Db; today: string; log?: TLog }): Promise<{
  rounds: number;
  tasks: number;
}> {
  const rounds = await withActor(options.db, { actor: "system:reminders" }, (tx) =>
    remindDueRounds({ db: tx, today: options.today, log: options.log }),
  );
  const provinces = await rows<{ id: number }>(
    options.db,
    sql`select distinct province_id as id from review_task where status in ('open', 'in_progress')`,
  );
  let tasks = 0;
  for (const p of provinces)
    tasks += await withActor(options.db, { actor: "system:reminders" }, (tx) =>
      remindTasks(tx, { provinceId: p.id, today: options.today, withinDays: 7 }),
    );
  return { rounds, tasks };
}

/** Runs {@link runDueReminders} shortly after start and then every hour; returns a stop function. */
export function scheduleReminders(options: { db: Db; log: TLog; everyMs?: number }): () => void {
  const tick = async () => {
    try {
      const r = await runDueReminders({
        db: options.db,
        today: new Date().toISOString().slice(0, 10),
        log: options.log,
      });
      if (r.rounds + r.tasks > 0) options.log.info(r, "reminders sent");
    } catch (err) {
      options.log.warn({ err }, "reminders failed");
    }
  };
  const first = setTimeout(tick, 30_000);
  const every = setInterval(tick, options.everyMs ?? 3_600_000);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
