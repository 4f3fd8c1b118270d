/** E-mail through nodemailer when SMTP is configured (DXM_SMTP_URL, DXM_MAIL_FROM); otherwise none. */
import nodemailer, { type Transporter } from "nodemailer";

let cached: { url: string; transport: Transporter } | undefined;

/** The configured transport, or undefined when DXM_SMTP_URL is unset (in-app notifications only). */
export function mailTransport(env: NodeJS.ProcessEnv = process.env): Transporter | undefined {
  const url = env.DXM_SMTP_URL;
  if (!url) return undefined;
  if (cached?.url !== url) cached = { url, transport: nodemailer.createTransport(url) };
  return cached.transport;
}

/** Sends one mail per address; returns how many were accepted. Failures are logged, never thrown. */
export async function sendMail(options: {
  to: string[];
  subject: string;
  text: string;
  log?: { warn(obj: unknown, msg?: string): void };
  env?: NodeJS.ProcessEnv;
}): Promise<number> {
  const env = options.env ?? process.env;
  const transport = mailTransport(env);
  if (!transport) return 0;
  let sent = 0;
  for (const to of options.to) {
    try {
      await transport.sendMail({
        from: env.DXM_MAIL_FROM ?? "DX Monitor <no-reply@localhost>",
        to,
        subject: options.subject,
        text: options.text,
      });
      sent++;
    } catch (err) {
      options.log?.warn({ err, to }, "mail not sent");
    }
  }
  return sent;
}
