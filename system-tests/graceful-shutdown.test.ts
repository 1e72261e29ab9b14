// SIGTERM as a load balancer's deploy sends it: the server stops accepting connections, finishes
// the request in flight, hands back the outbox lease it holds and exits 0. Needs PostgreSQL
// (TEST_POSTGRES_URL) so the test can look at the outbox while the server runs.
import { randomBytes } from "node:crypto";
import { request } from "node:http";
import { connect, createServer, type Server, type Socket } from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateTarget } from "@/lib/server/platform/migrations";
import { startProductionServer } from "@/lib/testing/production-server";

const ORIGIN = "http://localhost:3000";
const serverUrl = process.env.TEST_POSTGRES_URL;

/** An SMTP server that greets and then never answers: a delivery stuck mid-send. */
async function stalledSmtpServer(): Promise<{ port: number; server: Server; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.write("220 stalled.test ESMTP\r\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("no port");
  return { port: address.port, server, sockets };
}

/** Whether a new TCP connection to the port is refused. */
function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.runIf(serverUrl)("graceful shutdown (needs TEST_POSTGRES_URL)", () => {
  const name = `portal_shutdown_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  const url = new URL(serverUrl ?? "postgres://unused");
  url.pathname = `/${name}`;
  const db = new pg.Client({ connectionString: url.toString() });
  let smtp: Awaited<ReturnType<typeof stalledSmtpServer>> | undefined;

  afterAll(async () => {
    await db.end().catch(() => undefined);
    for (const socket of smtp?.sockets ?? []) socket.destroy();
    smtp?.server.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  });

  it("refuses new connections, finishes the request in flight, releases its outbox lease and exits 0", async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await migrateTarget({ databaseUrl: url.toString(), pgliteDir: "memory://" });
    await db.connect();
    const {
      rows: [message],
    } = await db.query<{ id: string }>(
      `INSERT INTO outbox_emails (id, kind, to_address, subject, text, html)
       VALUES (gen_random_uuid(), 'test', 'someone@example.com', 'Test', 'Hello', '<p>Hello</p>') RETURNING id`,
    );
    smtp = await stalledSmtpServer();
    const server = await startProductionServer({
      origin: ORIGIN,
      authSecret: "graceful-shutdown-test-secret-0123456789-abcdefghij",
      databaseUrl: url.toString(),
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
    });
    const port = Number(new URL(server.url).port);
    const leased = async (): Promise<{ attempts: number; locked_until: Date | null; sent_at: Date | null }> =>
      (await db.query(`SELECT attempts, locked_until, sent_at FROM outbox_emails WHERE id = $1`, [message.id])).rows[0];
    // The instance's outbox worker claims the message at boot and hangs in the SMTP conversation.
    await until(async () => (await leased()).locked_until !== null && smtp!.sockets.length > 0, "the message is leased");

    // A request whose body is still on its way: 100-continue proves the server has it in hand.
    const body = "{}";
    const inFlight = request(`${server.url}/api/session/sign-in/options`, {
      method: "POST",
      agent: false,
      headers: { Origin: ORIGIN, "Content-Type": "application/json", "Content-Length": String(body.length), Expect: "100-continue" },
    });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      inFlight.once("error", reject);
      inFlight.once("response", (incoming) => {
        let text = "";
        incoming.setEncoding("utf8");
        incoming.on("data", (chunk: string) => (text += chunk));
        incoming.once("end", () => resolve({ status: incoming.statusCode ?? 0, text }));
        incoming.once("error", reject);
      });
    });
    await new Promise<void>((resolve) => {
      inFlight.once("continue", resolve);
      inFlight.flushHeaders();
    });
    inFlight.write(body.slice(0, 1));

    const exited = server.stop("SIGTERM");
    await until(() => refusesConnections(port), "new connections are refused");

    inFlight.end(body.slice(1));
    const answer = await response;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ challenge: expect.any(String) });

    expect(await exited).toBe(0);
    expect(await leased()).toEqual({ attempts: 0, locked_until: null, sent_at: null });
    expect(server.output()).toContain('"released":1,"msg":"Released outbox leases for other instances"');
  });
});
