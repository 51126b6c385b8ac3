export { getDb, dbKind, type Db, type Tx, type DbOrTx } from "./client";
export * as schema from "./schema";
