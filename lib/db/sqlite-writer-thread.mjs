// The SQLite writer thread of the fast path (./direct.ts): new pending approvals and their events are committed
// here, so that the commit's fsync (synchronous=FULL: ~0.3 ms on our disks) never stalls the server's event loop.
//
// Group commit: jobs that arrive while a commit is on its way to the disk are committed together in the next
// transaction, each inside its own savepoint, so one fsync makes several of them durable and one job's failure
// (a unique violation: another request took the pending key) leaves the others untouched. A job is answered only
// after the COMMIT that made it durable has returned.
//
// Plain JavaScript, not bundled by Next: it is started with `new Worker(<this file>)` and needs only better-sqlite3.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, synchronous } = workerData;
const db = new Database(file, { fileMustExist: true });
// Waiting for the write lock blocks only this thread; the event loop, and the Prisma transaction in it that may
// hold the lock, go on.
db.pragma("busy_timeout = 5000");
db.pragma(`synchronous = ${synchronous}`);

const statements = new Map();
function prepared(sql) {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

const failure = (error) => ({ ok: false, code: error?.code ?? null, message: String(error?.message ?? error) });

/** @type {{ id: number, statements: { sql: string, params: unknown[] }[] }[]} */
let queue = [];

function commitQueued() {
  const jobs = queue;
  queue = [];
  const outcomes = new Map();
  try {
    db.exec("BEGIN IMMEDIATE");
    for (const job of jobs) {
      db.exec("SAVEPOINT job");
      try {
        for (const { sql, params } of job.statements) prepared(sql).run(...params);
        db.exec("RELEASE job");
        outcomes.set(job.id, { ok: true });
      } catch (error) {
        db.exec("ROLLBACK TO job");
        db.exec("RELEASE job");
        outcomes.set(job.id, failure(error));
      }
    }
    db.exec("COMMIT");
  } catch (error) {
    // BEGIN or COMMIT failed (a lock held past busy_timeout, a full disk): nothing of this group was committed.
    if (db.inTransaction) db.exec("ROLLBACK");
    for (const job of jobs) outcomes.set(job.id, failure(error));
  }
  parentPort.postMessage(jobs.map((job) => ({ id: job.id, ...outcomes.get(job.id) })));
}

parentPort.on("message", (message) => {
  if (message.type === "synchronous") {
    parentPort.postMessage({ synchronous: db.pragma("synchronous", { simple: true }) });
    return;
  }
  queue.push(message);
  // Every job already delivered to this thread joins the group; the commit runs once they are all in.
  if (queue.length === 1) setImmediate(commitQueued);
});
