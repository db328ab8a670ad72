// @prisma/adapter-pg 6.19.3 cannot deserialize PostgreSQL's `name` type (OID 19), which `migrate deploy` reads
// from the catalog ("Column type 'name' could not be deserialized"). For the CLI only, hand it a pool whose
// clients report `name` columns as `text` (OID 25). The runtime client never reads catalog columns.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";

const NAME_OID = 19;
const TEXT_OID = 25;

function nameAsText(res) {
  for (const field of res?.fields ?? []) if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
  return res;
}

class NameAsTextClient extends pg.Client {
  query(config, values, callback) {
    // pg.Pool calls query(config, values, cb) or query(config, cb); direct callers use the promise form.
    if (typeof values === "function") return super.query(config, (err, res) => values(err, nameAsText(res)));
    if (typeof callback === "function")
      return super.query(config, values, (err, res) => callback(err, nameAsText(res)));
    const result = super.query(config, values);
    return typeof result?.then === "function" ? result.then(nameAsText) : result;
  }
}

export function migrationAdapter(connectionString) {
  const pool = new pg.Pool({ connectionString, Client: NameAsTextClient });
  return new PrismaPg(pool);
}
