/** Rows keyed by their conversation, each list in the rows' own order: tags, messages, anything read for a page of conversations. */
export function groupByConversation<Row extends { conversationId: number }, Value>(
  rows: readonly Row[],
  value: (row: Row) => Value,
): Map<number, Value[]> {
  const groups = new Map<number, Value[]>();
  for (const row of rows) {
    let group = groups.get(row.conversationId);
    if (!group) groups.set(row.conversationId, (group = []));
    group.push(value(row));
  }
  return groups;
}
