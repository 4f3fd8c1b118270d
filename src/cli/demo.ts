import type { Command } from "commander";
import { purgeDemo } from "../db/demo/reset.ts";
import { createDemo } from "../db/demo/seed.ts";
import { withDatabase } from "./context.ts";

/** `dxm demo reset`: removes and recreates the fictional demo province. */
export function registerDemoCommands(program: Command): void {
  const demo = program.command("demo").description("Tỉnh minh họa / demo province");
  demo
    .command("reset")
    .description("Xóa và tạo lại Tỉnh Minh Họa / remove and recreate the demo province")
    .action(async () => {
      await withDatabase(async (db) => {
        const removed = await purgeDemo(db.orm);
        const s = await createDemo(db.orm);
        console.log(
          `Đã tạo lại Tỉnh Minh Họa (đã xóa ${removed} dòng cũ): ${s.communes} xã/phường, ${s.villages} thôn, ` +
            `${s.agencies} sở ngành, ${s.targets} mục tiêu, ${s.dataValues} số liệu, ${s.teams} tổ CNS, ${s.members} thành viên.`,
        );
      });
    });
  demo
    .command("remove")
    .description("Xóa Tỉnh Minh Họa / remove the demo province")
    .action(async () => {
      await withDatabase(async (db) => {
        console.log(`Đã xóa ${await purgeDemo(db.orm)} dòng của Tỉnh Minh Họa / demo rows removed.`);
      });
    });
}
