// The tablet's outbox kept in IndexedDB (idb-keyval), one list per judge and skill, so a reload
// or a closed tab loses nothing and one judge's queued marks are never sent under another
// judge's session on a shared tablet. Every change is a read-modify-write inside one IndexedDB
// transaction (idb-keyval's update), so two tabs cannot drop each other's entries.
import { createStore, get, update, type UseStore } from "idb-keyval";
import type { QueuedMark } from "./mark-queue";

let store: UseStore | null = null;

function outbox(): UseStore {
  store ??= createStore("gongjiang-tablet", "mark-outbox");
  return store;
}

export function outboxKey(userId: string, skillId: string): string {
  return `${userId}:${skillId}`;
}

export async function readOutbox(key: string): Promise<QueuedMark[]> {
  return (await get<QueuedMark[]>(key, outbox())) ?? [];
}

/** Applies `change` to the stored list atomically and returns the list as stored. */
export async function changeOutbox(key: string, change: (queue: QueuedMark[]) => QueuedMark[]): Promise<QueuedMark[]> {
  let result: QueuedMark[] = [];
  await update<QueuedMark[]>(
    key,
    (queue) => {
      result = change(queue ?? []);
      return result;
    },
    outbox(),
  );
  return result;
}
