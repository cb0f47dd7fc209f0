// The adapter between the pure outbox (mark-queue.ts), its IndexedDB copy (mark-store.ts) and
// the marks API: a mark is written to IndexedDB before anything is sent, then posted with its
// submission id; a lost answer or no network leaves it pending and it is sent again (the server
// answers a repeat with the stored mark). Sends one entry at a time, oldest first, so a
// correction follows the mark it corrects.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  applyOutcome,
  classifyResponse,
  dismiss,
  dueEntries,
  enqueue,
  newSubmissionId,
  pruneSynced,
  retryNow,
  type QueuedMark,
  type SendOutcome,
} from "./mark-queue";
import { changeOutbox, outboxKey, readOutbox } from "./mark-store";

/** How long a synced entry stays on the tablet after the server's data shows it. */
const keepSyncedMs = 12 * 60 * 60 * 1000;

export type NewMark = Omit<QueuedMark, "state" | "attempts" | "nextAttemptAt" | "enteredAt" | "submissionId">;

interface Options {
  userId: string;
  competitionId: string;
  skillId: string;
  /** Sent as Accept-Language so a refusal's message is in the judge's language. */
  locale: string;
  /** Mark ids the server's data already shows: their synced entries are dropped. */
  knownMarkIds: ReadonlySet<string>;
  /** Called after the server stored or refused entries (to reload the server's view). */
  onSynced: () => void;
}

async function send(url: string, locale: string, entry: QueuedMark): Promise<SendOutcome> {
  try {
    const res = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept-Language": locale === "en" ? "en" : "zh-CN" },
      body: JSON.stringify({
        submissionId: entry.submissionId,
        competitorCode: entry.competitorCode,
        aspectCode: entry.aspectCode,
        value: entry.value,
        ...(entry.reason ? { reason: entry.reason } : {}),
      }),
    });
    const body: unknown = await res.json().catch(() => null);
    return classifyResponse(res.status, body);
  } catch {
    return { kind: "transient", reason: "NETWORK" };
  }
}

export function useMarkSync({ userId, competitionId, skillId, locale, knownMarkIds, onSynced }: Options) {
  const key = outboxKey(userId, skillId);
  const url = `/api/v1/competitions/${competitionId}/skills/${skillId}/marks`;
  const [queue, setQueue] = useState<QueuedMark[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [online, setOnline] = useState(true);
  const flushing = useRef(false);
  const latest = useRef({ locale, onSynced });
  latest.current = { locale, onSynced };

  const flush = useCallback(async () => {
    // The browser knows it has no network (Wi-Fi off, out of range): nothing to try. With a
    // network that goes nowhere (connected to a dead access point) it says online, and the
    // failed request keeps the entry pending instead.
    if (flushing.current || !navigator.onLine) return;
    flushing.current = true;
    let settled = 0;
    try {
      for (;;) {
        const [next] = dueEntries(await readOutbox(key), Date.now());
        if (!next) break;
        const outcome = await send(url, latest.current.locale, next);
        setQueue(await changeOutbox(key, (q) => applyOutcome(q, next.submissionId, outcome, Date.now())));
        if (outcome.kind === "transient") {
          if (outcome.reason === "NETWORK") setOnline(false);
          break;
        }
        setOnline(true);
        // A refusal (a module locked meanwhile) also means the page's data is out of date.
        settled++;
      }
    } finally {
      flushing.current = false;
    }
    if (settled > 0) latest.current.onSynced();
  }, [key, url]);

  useEffect(() => {
    let live = true;
    void readOutbox(key).then((q) => {
      if (!live) return;
      setQueue(q);
      setLoaded(true);
      void flush();
    });
    const wentOnline = () => {
      setOnline(true);
      void changeOutbox(key, (q) => retryNow(q, Date.now())).then((q) => {
        setQueue(q);
        void flush();
      });
    };
    const wentOffline = () => setOnline(false);
    setOnline(navigator.onLine);
    window.addEventListener("online", wentOnline);
    window.addEventListener("offline", wentOffline);
    // Retries after a back-off, and marks entered while the browser wrongly thinks it is online.
    const timer = window.setInterval(() => void flush(), 2000);
    return () => {
      live = false;
      window.removeEventListener("online", wentOnline);
      window.removeEventListener("offline", wentOffline);
      window.clearInterval(timer);
    };
  }, [key, flush]);

  // Once the server's data shows a synced mark, the server is its record.
  useEffect(() => {
    if (!loaded || knownMarkIds.size === 0) return;
    const keepSince = new Date(Date.now() - keepSyncedMs).toISOString();
    void changeOutbox(key, (q) => pruneSynced(q, knownMarkIds, keepSince)).then(setQueue);
  }, [key, loaded, knownMarkIds]);

  /** Stores a mark on the tablet (with a new submission id made now), then tries to send it. */
  const addMark = useCallback(
    async (mark: NewMark) => {
      const entry = { ...mark, submissionId: newSubmissionId(), enteredAt: new Date().toISOString() };
      setQueue(await changeOutbox(key, (q) => enqueue(q, entry, Date.now())));
      void flush();
    },
    [key, flush],
  );

  const dismissRefused = useCallback(async (submissionId: string) => setQueue(await changeOutbox(key, (q) => dismiss(q, submissionId))), [key]);

  return { queue, loaded, online, addMark, dismissRefused };
}
