import type { TandemDatabase } from "./connection.server";
import { messages } from "./schema";

export type NewMessage = typeof messages.$inferInsert;

export function insertMessage(db: TandemDatabase, message: NewMessage) {
  return db.insert(messages).values(message).returning().get();
}
